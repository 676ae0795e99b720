#include "proxyheader.h"

#include <QtCore/QtEndian>

namespace Wirelab {

bool operator==(const ProxyHeader &a, const ProxyHeader &b)
{
    return a.version == b.version && a.command == b.command && a.family == b.family
            && a.familyByte == b.familyByte && a.source == b.source
            && a.destination == b.destination && a.tlvs == b.tlvs && a.size == b.size;
}

QString kindName(ProxyError::Kind kind)
{
    using Kind = ProxyError::Kind;
    switch (kind) {
    case Kind::NotProxyHeader: return QStringLiteral("NotProxyHeader");
    case Kind::V1TooLong: return QStringLiteral("V1TooLong");
    case Kind::V1Malformed: return QStringLiteral("V1Malformed");
    case Kind::V2BadSignature: return QStringLiteral("V2BadSignature");
    case Kind::V2BadVersion: return QStringLiteral("V2BadVersion");
    case Kind::V2BadCommand: return QStringLiteral("V2BadCommand");
    case Kind::V2BadFamily: return QStringLiteral("V2BadFamily");
    case Kind::V2BadLength: return QStringLiteral("V2BadLength");
    case Kind::V2TooLarge: return QStringLiteral("V2TooLarge");
    case Kind::V2BadTlv: return QStringLiteral("V2BadTlv");
    case Kind::Truncated: return QStringLiteral("Truncated");
    }
    return QStringLiteral("Unknown");
}

QString familyName(ProxyHeader::Family family)
{
    switch (family) {
    case ProxyHeader::Family::Unspec: return QStringLiteral("UNSPEC");
    case ProxyHeader::Family::Tcp4: return QStringLiteral("TCP4");
    case ProxyHeader::Family::Tcp6: return QStringLiteral("TCP6");
    case ProxyHeader::Family::Unknown: return QStringLiteral("UNKNOWN");
    }
    return QStringLiteral("UNKNOWN");
}

namespace {

QString ipv4Text(QByteArrayView bytes)
{
    return QStringLiteral("%1.%2.%3.%4")
            .arg(quint8(bytes[0]))
            .arg(quint8(bytes[1]))
            .arg(quint8(bytes[2]))
            .arg(quint8(bytes[3]));
}

QString ipv6Text(QByteArrayView bytes)
{
    // ::ffff:0:0/96 is an IPv4 client seen through an IPv6 socket: written the way
    // inet_ntop, Qt and Python write it, so that the transcript names it the same way.
    static const char mappedPrefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\xff', '\xff' };
    if (bytes.first(12) == QByteArrayView(mappedPrefix, 12))
        return QStringLiteral("::ffff:") + ipv4Text(bytes.sliced(12));

    quint16 groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = qFromBigEndian<quint16>(bytes.data() + 2 * i);
    // RFC 5952 4.2: the longest run of two or more zero groups becomes "::", the first
    // such run if two are as long.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int end = i;
        while (end < 8 && groups[end] == 0)
            ++end;
        if (end - i > bestLength) {
            bestStart = i;
            bestLength = end - i;
        }
        i = end;
    }
    QString text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += QLatin1String("::");
            i += bestLength - 1;
            continue;
        }
        if (!text.isEmpty() && !text.endsWith(QLatin1Char(':')))
            text += QLatin1Char(':');
        text += QString::number(groups[i], 16);
    }
    return text;
}

} // namespace

QString proxyAddressText(QByteArrayView addressBytes)
{
    if (addressBytes.size() == 4)
        return ipv4Text(addressBytes);
    if (addressBytes.size() == 16)
        return ipv6Text(addressBytes);
    return {};
}

} // namespace Wirelab
