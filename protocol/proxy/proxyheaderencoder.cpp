#include "proxyheaderencoder.h"
#include "proxyheaderparser.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

bool hasAddressBytes(const ProxyHeader &header, qsizetype size)
{
    return header.source.addressBytes.size() == size
           && header.destination.addressBytes.size() == size;
}

void appendBigEndian16(QByteArray *bytes, quint16 value)
{
    char buffer[2];
    qToBigEndian<quint16>(value, buffer);
    bytes->append(buffer, 2);
}

} // namespace

QByteArray encodeProxyHeaderV1(const ProxyHeader &header)
{
    if (header.command != ProxyHeader::Command::Proxy)
        return {};
    if (header.family == ProxyHeader::Family::Unknown)
        return QByteArrayLiteral("PROXY UNKNOWN\r\n");
    const bool tcp4 = header.family == ProxyHeader::Family::Tcp4;
    if (!header.hasAddresses() || !hasAddressBytes(header, tcp4 ? 4 : 16))
        return {};
    return QStringLiteral("PROXY %1 %2 %3 %4 %5\r\n")
            .arg(familyName(header.family), proxyAddressText(header.source.addressBytes),
                 proxyAddressText(header.destination.addressBytes))
            .arg(header.source.port)
            .arg(header.destination.port)
            .toLatin1();
}

QByteArray encodeProxyHeaderV2(const ProxyHeader &header)
{
    QByteArray body;
    quint8 familyByte = header.familyByte;
    if (header.command == ProxyHeader::Command::Proxy && header.hasAddresses()) {
        const bool tcp4 = header.family == ProxyHeader::Family::Tcp4;
        if (!hasAddressBytes(header, tcp4 ? 4 : 16))
            return {};
        familyByte = tcp4 ? 0x11 : 0x21;
        body += header.source.addressBytes + header.destination.addressBytes;
        appendBigEndian16(&body, header.source.port);
        appendBigEndian16(&body, header.destination.port);
    }
    for (const ProxyTlv &tlv : header.tlvs) {
        if (tlv.value.size() > 0xffff)
            return {};
        body += char(tlv.type);
        appendBigEndian16(&body, quint16(tlv.value.size()));
        body += tlv.value;
    }
    if (ProxyLimits::V2FixedBytes + body.size() > ProxyLimits::V2BytesCeiling)
        return {};
    QByteArray bytes = QByteArrayLiteral("\x0D\x0A\x0D\x0A\x00\x0D\x0A\x51\x55\x49\x54\x0A");
    bytes += char(header.command == ProxyHeader::Command::Proxy ? 0x21 : 0x20);
    bytes += char(familyByte);
    appendBigEndian16(&bytes, quint16(body.size()));
    return bytes + body;
}

} // namespace Wirelab
