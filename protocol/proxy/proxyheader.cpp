#include "proxyheader.h"

namespace Wirelab {

bool operator==(const ProxyHeader &a, const ProxyHeader &b)
{
    return a.version == b.version && a.command == b.command && a.family == b.family
           && a.familyByte == b.familyByte && a.source == b.source && a.destination == b.destination
           && a.tlvs == b.tlvs && a.size == b.size;
}

QString kindName(ProxyError::Kind kind)
{
    using Kind = ProxyError::Kind;
    switch (kind) {
    case Kind::NotProxyHeader:
        return QStringLiteral("NotProxyHeader");
    case Kind::V1TooLong:
        return QStringLiteral("V1TooLong");
    case Kind::V1Malformed:
        return QStringLiteral("V1Malformed");
    case Kind::V2BadSignature:
        return QStringLiteral("V2BadSignature");
    case Kind::V2BadVersion:
        return QStringLiteral("V2BadVersion");
    case Kind::V2BadCommand:
        return QStringLiteral("V2BadCommand");
    case Kind::V2BadFamily:
        return QStringLiteral("V2BadFamily");
    case Kind::V2BadLength:
        return QStringLiteral("V2BadLength");
    case Kind::V2TooLarge:
        return QStringLiteral("V2TooLarge");
    case Kind::V2BadTlv:
        return QStringLiteral("V2BadTlv");
    case Kind::Truncated:
        return QStringLiteral("Truncated");
    }
    return QStringLiteral("Unknown");
}

QString familyName(ProxyHeader::Family family)
{
    switch (family) {
    case ProxyHeader::Family::Unspec:
        return QStringLiteral("UNSPEC");
    case ProxyHeader::Family::Tcp4:
        return QStringLiteral("TCP4");
    case ProxyHeader::Family::Tcp6:
        return QStringLiteral("TCP6");
    case ProxyHeader::Family::Unknown:
        return QStringLiteral("UNKNOWN");
    }
    return QStringLiteral("UNKNOWN");
}

} // namespace Wirelab
