#include "proxyheaderparser.h"

#include <QtCore/QtEndian>

#include <utility>

namespace Wirelab {

namespace {

using Kind = ProxyError::Kind;
using Status = ProxyParseResult::Status;

constexpr char V2Signature[12] = { '\x0D', '\x0A', '\x0D', '\x0A', '\x00', '\x0D',
                                   '\x0A', '\x51', '\x55', '\x49', '\x54', '\x0A' };
constexpr char V1Prefix[] = "PROXY";
constexpr qsizetype V1PrefixBytes = 5;
// Bytes of the address block of TCP over IPv4 and IPv6: two addresses and two ports.
constexpr qsizetype Inet4AddressBytes = 4 + 4 + 2 + 2;
constexpr qsizetype Inet6AddressBytes = 16 + 16 + 2 + 2;
constexpr qsizetype TlvHeaderBytes = 3;

ProxyParseResult failure(Kind kind, const QString &reason, qint64 offset)
{
    ProxyParseResult result;
    result.status = Status::Failed;
    result.error = { kind, reason, offset };
    return result;
}

// Not enough bytes yet: more may come, unless the peer has closed.
ProxyParseResult needMore(QByteArrayView stream, bool atEnd, const char *version)
{
    if (!atEnd)
        return {};
    return failure(Kind::Truncated,
                   stream.isEmpty()
                           ? QStringLiteral("the connection closed before a PROXY protocol header")
                           : QStringLiteral("the connection closed after %1 bytes of a %2 PROXY "
                                            "protocol header")
                                     .arg(stream.size())
                                     .arg(QLatin1String(version)),
                   stream.size());
}

// A byte as a person reads it in a log line.
QString byteText(char byte)
{
    const auto value = uchar(byte);
    if (value > 0x20 && value < 0x7f)
        return QStringLiteral("'%1'").arg(QLatin1Char(byte));
    return QStringLiteral("0x%1").arg(value, 2, 16, QLatin1Char('0'));
}

// A field of the v1 line as a person reads it: its printable ASCII, the rest as \xNN.
QString fieldText(QByteArrayView field)
{
    QString text;
    for (const char byte : field) {
        const auto value = uchar(byte);
        if (value >= 0x20 && value < 0x7f)
            text += QLatin1Char(byte);
        else
            text += QStringLiteral("\\x%1").arg(value, 2, 16, QLatin1Char('0'));
    }
    return text;
}

bool parsePort(QByteArrayView text, quint16 *port)
{
    quint32 value = 0;
    if (!parseDecimal(text, 5, 65535, &value))
        return false;
    *port = quint16(value);
    return true;
}

ProxyParseResult v1Malformed(const QString &reason, qint64 offset)
{
    return failure(Kind::V1Malformed, reason, offset);
}

// The complete line, without its CRLF; size counts the CRLF.
ProxyParseResult parseV1Line(QByteArrayView line, qsizetype size)
{
    ProxyParseResult result;
    result.status = Status::HeaderReady;
    ProxyHeader &header = result.header;
    header.version = 1;
    header.command = ProxyHeader::Command::Proxy;
    header.size = size;

    // The fields after "PROXY ", split at single spaces; an empty one is two spaces in a row
    // or a space before the CRLF.
    qsizetype at = V1PrefixBytes + 1;
    const auto nextField = [&](qsizetype *start) {
        *start = at;
        qsizetype end = line.indexOf(' ', at);
        if (end < 0)
            end = line.size();
        at = end + 1;
        return line.sliced(*start, end - *start);
    };

    qsizetype start = 0;
    const QByteArrayView protocol = nextField(&start);
    if (protocol == "UNKNOWN") {
        // The spec: the receiver ignores whatever comes between UNKNOWN and the CRLF.
        header.family = ProxyHeader::Family::Unknown;
        return result;
    }
    const bool tcp4 = protocol == "TCP4";
    if (!tcp4 && protocol != "TCP6") {
        return v1Malformed(protocol.isEmpty()
                                   ? QStringLiteral("v1 PROXY header: no protocol (TCP4, TCP6 "
                                                    "or UNKNOWN) after \"PROXY \"")
                                   : QStringLiteral("v1 PROXY header: protocol \"%1\" is none of "
                                                    "TCP4, TCP6 and UNKNOWN")
                                             .arg(fieldText(protocol)),
                           start);
    }
    header.family = tcp4 ? ProxyHeader::Family::Tcp4 : ProxyHeader::Family::Tcp6;

    static const char *const fieldNames[]
            = { "source address", "destination address", "source port", "destination port" };
    ProxyEndpoint *const endpoints[] = { &header.source, &header.destination };
    for (int i = 0; i < 4; ++i) {
        if (at > line.size()) {
            return v1Malformed(QStringLiteral("v1 PROXY header: the line ends before the %1")
                                       .arg(QLatin1String(fieldNames[i])),
                               line.size());
        }
        const QByteArrayView field = nextField(&start);
        const QString name = QLatin1String(fieldNames[i]);
        if (field.isEmpty()) {
            return v1Malformed(QStringLiteral("v1 PROXY header: the %1 is empty (two spaces, or "
                                              "a space before the CRLF)")
                                       .arg(name),
                               start);
        }
        if (i < 2) {
            uchar bytes[16];
            if (tcp4 ? !parseIpv4(field, bytes) : !parseIpv6(field, bytes)) {
                return v1Malformed(
                        QStringLiteral("v1 PROXY header: the %1 \"%2\" is not an %3 address%4")
                                .arg(name, fieldText(field),
                                     tcp4 ? QStringLiteral("IPv4") : QStringLiteral("IPv6"),
                                     tcp4 ? QStringLiteral(" (four numbers 0-255, no leading "
                                                           "zeros)")
                                          : QString()),
                        start);
            }
            endpoints[i]->addressBytes
                    = QByteArray(reinterpret_cast<const char *>(bytes), tcp4 ? 4 : 16);
            endpoints[i]->address = proxyAddressText(endpoints[i]->addressBytes);
        } else if (!parsePort(field, &endpoints[i - 2]->port)) {
            return v1Malformed(QStringLiteral("v1 PROXY header: the %1 \"%2\" is not a port "
                                              "(0-65535, no leading zeros)")
                                       .arg(name, fieldText(field)),
                               start);
        }
    }
    if (at <= line.size()) {
        return v1Malformed(QStringLiteral("v1 PROXY header: something after the destination "
                                          "port (a fifth field, or a space before the CRLF)"),
                           at - 1);
    }
    return result;
}

ProxyParseResult parseV1(QByteArrayView stream, bool atEnd)
{
    for (qsizetype i = 0; i < qMin(stream.size(), V1PrefixBytes); ++i) {
        if (stream[i] != V1Prefix[i]) {
            return failure(Kind::NotProxyHeader,
                           QStringLiteral("not a PROXY protocol header: byte %1 is %2, where "
                                          "\"PROXY\" has '%3'")
                                   .arg(i)
                                   .arg(byteText(stream[i]))
                                   .arg(QLatin1Char(V1Prefix[i])),
                           i);
        }
    }
    if (stream.size() <= V1PrefixBytes)
        return needMore(stream, atEnd, "v1");
    if (stream[V1PrefixBytes] != ' ') {
        return v1Malformed(QStringLiteral("v1 PROXY header: %1 after PROXY, not one space")
                                   .arg(byteText(stream[V1PrefixBytes])),
                           V1PrefixBytes);
    }
    // The line ends at the first CRLF, which must come within the first 107 bytes; a lone CR
    // or LF is an error (the spec: "must not tolerate a single CR or LF").
    const qsizetype limit = qMin(stream.size(), ProxyLimits::V1MaxBytes);
    for (qsizetype i = V1PrefixBytes + 1; i < limit; ++i) {
        if (stream[i] == '\n')
            return v1Malformed(QStringLiteral("v1 PROXY header: a line feed without a carriage "
                                              "return before it"),
                               i);
        if (stream[i] != '\r')
            continue;
        if (i + 1 >= ProxyLimits::V1MaxBytes)
            break;
        if (i + 1 == stream.size())
            return needMore(stream, atEnd, "v1");
        if (stream[i + 1] != '\n')
            return v1Malformed(QStringLiteral("v1 PROXY header: a carriage return followed by "
                                              "%1, not a line feed")
                                       .arg(byteText(stream[i + 1])),
                               i + 1);
        return parseV1Line(stream.first(i), i + 2);
    }
    if (stream.size() < ProxyLimits::V1MaxBytes)
        return needMore(stream, atEnd, "v1");
    return failure(Kind::V1TooLong,
                   QStringLiteral("v1 PROXY header: no CRLF in the first %1 bytes (the most a "
                                  "v1 line may take)")
                           .arg(ProxyLimits::V1MaxBytes),
                   ProxyLimits::V1MaxBytes - 1);
}

ProxyParseResult parseV2(QByteArrayView stream, const ProxyLimits &limits, bool atEnd)
{
    for (qsizetype i = 0; i < qMin<qsizetype>(stream.size(), sizeof(V2Signature)); ++i) {
        if (stream[i] != V2Signature[i]) {
            return failure(Kind::V2BadSignature,
                           QStringLiteral("v2 PROXY header: byte %1 of the signature is %2, not "
                                          "%3")
                                   .arg(i)
                                   .arg(byteText(stream[i]), byteText(V2Signature[i])),
                           i);
        }
    }
    constexpr qsizetype versionAt = 12;
    constexpr qsizetype familyAt = 13;
    constexpr qsizetype lengthAt = 14;
    if (stream.size() <= versionAt)
        return needMore(stream, atEnd, "v2");
    const auto versionCommand = uchar(stream[versionAt]);
    if (versionCommand >> 4 != 2) {
        return failure(Kind::V2BadVersion,
                       QStringLiteral("v2 PROXY header: version %1, where only 2 exists")
                               .arg(versionCommand >> 4),
                       versionAt);
    }
    const int command = versionCommand & 0x0f;
    if (command > 1) {
        return failure(Kind::V2BadCommand,
                       QStringLiteral("v2 PROXY header: command %1 is neither LOCAL (0) nor "
                                      "PROXY (1)")
                               .arg(command),
                       versionAt);
    }
    if (stream.size() <= familyAt)
        return needMore(stream, atEnd, "v2");
    const auto familyByte = uchar(stream[familyAt]);
    const int family = familyByte >> 4;
    const int transport = familyByte & 0x0f;
    if (family > 3 || transport > 2) {
        return failure(Kind::V2BadFamily,
                       QStringLiteral("v2 PROXY header: family and transport 0x%1 are not in "
                                      "the spec (family 0-3, transport 0-2)")
                               .arg(familyByte, 2, 16, QLatin1Char('0')),
                       familyAt);
    }
    if (stream.size() < ProxyLimits::V2FixedBytes)
        return needMore(stream, atEnd, "v2");

    const qsizetype length = qFromBigEndian<quint16>(stream.data() + lengthAt);
    const qsizetype size = ProxyLimits::V2FixedBytes + length;
    if (size > limits.maxV2Bytes) {
        return failure(Kind::V2TooLarge,
                       QStringLiteral("v2 PROXY header: %1 bytes, over the limit of %2")
                               .arg(size)
                               .arg(limits.maxV2Bytes),
                       lengthAt);
    }
    const bool proxy = command == 1;
    const bool tcp4 = proxy && familyByte == 0x11;
    const bool tcp6 = proxy && familyByte == 0x21;
    const qsizetype addressBytes = tcp4 ? Inet4AddressBytes : tcp6 ? Inet6AddressBytes : 0;
    if (length < addressBytes) {
        return failure(Kind::V2BadLength,
                       QStringLiteral("v2 PROXY header: length %1 is too short for the %2 "
                                      "addresses of TCP over %3")
                               .arg(length)
                               .arg(addressBytes)
                               .arg(tcp4 ? QStringLiteral("IPv4") : QStringLiteral("IPv6")),
                       lengthAt);
    }
    if (stream.size() < size)
        return needMore(stream, atEnd, "v2");

    ProxyParseResult result;
    result.status = Status::HeaderReady;
    ProxyHeader &header = result.header;
    header.version = 2;
    header.command = proxy ? ProxyHeader::Command::Proxy : ProxyHeader::Command::Local;
    header.family = tcp4   ? ProxyHeader::Family::Tcp4
                    : tcp6 ? ProxyHeader::Family::Tcp6
                           : ProxyHeader::Family::Unspec;
    header.familyByte = familyByte;
    header.size = size;

    qsizetype at = ProxyLimits::V2FixedBytes;
    if (tcp4 || tcp6) {
        const qsizetype ipBytes = tcp4 ? 4 : 16;
        for (ProxyEndpoint *endpoint : { &header.source, &header.destination }) {
            endpoint->addressBytes = stream.sliced(at, ipBytes).toByteArray();
            endpoint->address = proxyAddressText(endpoint->addressBytes);
            at += ipBytes;
        }
        header.source.port = qFromBigEndian<quint16>(stream.data() + at);
        header.destination.port = qFromBigEndian<quint16>(stream.data() + at + 2);
        at += 4;
    } else if (family != 0) {
        // LOCAL with addresses, UDP or UNIX: the addresses are ignored (the spec's fallback
        // to UNSPEC), and what follows them, skipped unread.
        return result;
    }
    // TLVs: each must end within the declared length; their values are kept, not read.
    while (at < size) {
        if (size - at < TlvHeaderBytes) {
            return failure(Kind::V2BadTlv,
                           QStringLiteral("v2 PROXY header: %1 bytes left after the last TLV, "
                                          "too few for another")
                                   .arg(size - at),
                           at);
        }
        const qsizetype valueLength = qFromBigEndian<quint16>(stream.data() + at + 1);
        if (valueLength > size - at - TlvHeaderBytes) {
            return failure(Kind::V2BadTlv,
                           QStringLiteral("v2 PROXY header: TLV type 0x%1 of %2 bytes runs "
                                          "past the header's end")
                                   .arg(uchar(stream[at]), 2, 16, QLatin1Char('0'))
                                   .arg(valueLength),
                           at);
        }
        header.tlvs.append({ uchar(stream[at]),
                             stream.sliced(at + TlvHeaderBytes, valueLength).toByteArray() });
        at += TlvHeaderBytes + valueLength;
    }
    return result;
}

} // namespace

ProxyParseResult ProxyHeaderParser::parse(QByteArrayView stream, const ProxyLimits &limits,
                                          bool atEnd)
{
    if (stream.isEmpty())
        return needMore(stream, atEnd, "");
    if (stream[0] == V1Prefix[0])
        return parseV1(stream, atEnd);
    if (stream[0] == V2Signature[0])
        return parseV2(stream, limits, atEnd);
    return failure(Kind::NotProxyHeader,
                   QStringLiteral("not a PROXY protocol header: it starts with %1, not with "
                                  "\"PROXY\" (v1) or the v2 signature")
                           .arg(byteText(stream[0])),
                   0);
}

ProxyHeaderParser::ProxyHeaderParser(ProxyLimits limits) : m_limits(limits)
{
    m_limits.maxV2Bytes
            = qBound(ProxyLimits::V2FixedBytes, m_limits.maxV2Bytes, ProxyLimits::V2BytesCeiling);
}

void ProxyHeaderParser::feed(QByteArrayView bytes)
{
    // After an error nothing more is read: what follows is not kept.
    if (m_done && m_result.status == Status::Failed)
        return;
    m_buffer.append(bytes.data(), bytes.size());
}

void ProxyHeaderParser::finish()
{
    m_finished = true;
}

ProxyParseResult ProxyHeaderParser::next()
{
    if (m_done)
        return m_result;
    const ProxyParseResult result = parse(m_buffer, m_limits, m_finished);
    if (result.status == Status::NeedMoreData)
        return result;
    m_done = true;
    m_result = result;
    if (result.status == Status::HeaderReady)
        m_buffer.remove(0, result.header.size);
    return m_result;
}

QByteArray ProxyHeaderParser::takeRemainder()
{
    if (!m_done || m_result.status != Status::HeaderReady)
        return {};
    return std::exchange(m_buffer, QByteArray());
}

} // namespace Wirelab
