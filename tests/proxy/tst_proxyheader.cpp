#include "labsamples.h"
#include "proxyheaderencoder.h"
#include "proxyheaderparser.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtNetwork/QHostAddress>
#include <QtTest/QTest>

using namespace Wirelab;

namespace {

// Everything a parse produced, as text: two runs are the same run when these are equal.
QString describe(const ProxyParseResult &result)
{
    switch (result.status) {
    case ProxyParseResult::Status::NeedMoreData:
        return QStringLiteral("need-more");
    case ProxyParseResult::Status::Failed:
        return QStringLiteral("error %1 @%2").arg(kindName(result.error.kind)).arg(result.error.offset);
    case ProxyParseResult::Status::HeaderReady:
        break;
    }
    const ProxyHeader &header = result.header;
    QString text = QStringLiteral("v%1 %2 %3")
                           .arg(header.version)
                           .arg(header.command == ProxyHeader::Command::Local ? u"LOCAL"_s : u"PROXY"_s,
                                familyName(header.family));
    if (header.version == 2)
        text += QStringLiteral(" 0x%1").arg(header.familyByte, 2, 16, QLatin1Char('0'));
    if (header.hasAddresses()) {
        text += QStringLiteral(" %1 %2 %3 %4")
                        .arg(header.source.address)
                        .arg(header.source.port)
                        .arg(header.destination.address)
                        .arg(header.destination.port);
    }
    for (const ProxyTlv &tlv : header.tlvs)
        text += QStringLiteral(" tlv %1:%2").arg(tlv.type, 2, 16, QLatin1Char('0')).arg(QString::fromLatin1(tlv.value.toHex()));
    return text + QStringLiteral(" size=%1").arg(header.size);
}

// The reason must be there for every error, and a header's bytes must be the stream's.
ProxyParseResult checked(const ProxyParseResult &result, qsizetype streamSize)
{
    if (result.status == ProxyParseResult::Status::Failed) {
        if (result.error.reason.isEmpty() || result.error.offset < 0 || result.error.offset > streamSize)
            qFatal("an error without a reason or with an offset outside the stream");
    }
    return result;
}

struct Outcome
{
    QString description;
    QByteArray remainder;
    bool operator==(const Outcome &other) const
    {
        return description == other.description && remainder == other.remainder;
    }
};

// Feeds the chunks one by one, asking after each, as an adapter does on readyRead.
Outcome parseChunks(const QList<QByteArrayView> &chunks, bool atEnd, ProxyLimits limits)
{
    ProxyHeaderParser parser(limits);
    qsizetype fed = 0;
    ProxyParseResult result;
    for (const QByteArrayView chunk : chunks) {
        parser.feed(chunk);
        fed += chunk.size();
        result = checked(parser.next(), fed);
        if (result.status != ProxyParseResult::Status::NeedMoreData)
            break;
    }
    if (result.status == ProxyParseResult::Status::NeedMoreData && atEnd) {
        parser.finish();
        result = checked(parser.next(), fed);
    }
    // What was fed after a header is the lab's, every byte of it, and so are the chunks
    // not fed yet; after an error there is nothing more to read.
    QByteArray remainder = parser.takeRemainder();
    for (qsizetype at = 0, i = 0; i < chunks.size(); at += chunks[i].size(), ++i) {
        if (at >= fed && result.status == ProxyParseResult::Status::HeaderReady)
            remainder += chunks[i].toByteArray();
    }
    return { describe(result), remainder };
}

QByteArray v2(quint8 versionCommand, quint8 family, const QByteArray &body, int length = -1)
{
    QByteArray bytes = "\r\n\r\n\x00\r\nQUIT\n"_ba;
    bytes += char(versionCommand);
    bytes += char(family);
    const quint16 declared = quint16(length < 0 ? body.size() : length);
    bytes += char(declared >> 8);
    bytes += char(declared & 0xff);
    return bytes + body;
}

// 192.168.0.1:56324 -> 192.168.0.11:443, the spec's v1 example, as v2 address bytes.
const QByteArray specIpv4Addresses = QByteArray::fromHex("c0a80001" "c0a8000b" "dc04" "01bb");
// 2001:db8::1:56324 -> 2001:db8::11:443.
const QByteArray ipv6Addresses = QByteArray::fromHex("20010db8000000000000000000000001"
                                                     "20010db8000000000000000000000011"
                                                     "dc04" "01bb");

QByteArray labDouble()
{
    for (const LabSample &sample : labRequests()) {
        if (sample.action == u"double"_s && sample.value == u"7654321"_s)
            return sample.bytes;
    }
    return {};
}

struct Vector
{
    const char *name;
    QByteArray input;
    QString expected;
    bool atEnd = false;
    qsizetype maxV2Bytes = ProxyLimits().maxV2Bytes;
    bool canonical = true; // a header as an encoder writes it: it round-trips byte for byte
};

const QList<Vector> &vectors()
{
    const QByteArray ffff6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"_ba;
    const QByteArray tooLongUnknown = "PROXY UNKNOWN " + QByteArray(92, 'x') + "\r\n"; // 108 bytes
    static const QList<Vector> list = {
        // The spec's examples (doc/proxy-protocol.txt 2.1): its HTTP example, the longest
        // line of each family, and the worst case, 107 bytes exactly.
        { "spec: TCP4 line before an HTTP request",
          "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n"_ba,
          u"v1 PROXY TCP4 192.168.0.1 56324 192.168.0.11 443 size=47"_s },
        { "spec: longest TCP4 line (56 bytes)",
          "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n"_ba,
          u"v1 PROXY TCP4 255.255.255.255 65535 255.255.255.255 65535 size=56"_s },
        { "spec: longest TCP6 line (104 bytes)",
          "PROXY TCP6 " + ffff6 + " " + ffff6 + " 65535 65535\r\n",
          u"v1 PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 size=104"_s },
        { "spec: UNKNOWN short form (15 bytes)", "PROXY UNKNOWN\r\n"_ba, u"v1 PROXY UNKNOWN size=15"_s },
        { "spec: UNKNOWN worst case (107 bytes)",
          "PROXY UNKNOWN " + ffff6 + " " + ffff6 + " 65535 65535\r\n",
          u"v1 PROXY UNKNOWN size=107"_s, false, ProxyLimits().maxV2Bytes, false },
        { "spec: v2 TCP4 of the same example",
          v2(0x21, 0x11, specIpv4Addresses) + labDouble(),
          u"v2 PROXY TCP4 0x11 192.168.0.1 56324 192.168.0.11 443 size=28"_s },
        { "spec: v2 LOCAL, no addresses (a health check)", v2(0x20, 0x00, {}) + labDouble(),
          u"v2 LOCAL UNSPEC 0x00 size=16"_s },

        // What HAProxy 2.6 (Debian bookworm) sent to a backend, captured: a health check and
        // a relayed client with send-proxy-v2, and the same with send-proxy (v1), whose
        // health check names the check's own connection.
        { "HAProxy send-proxy-v2 health check",
          QByteArray::fromHex("0d0a0d0a000d0a515549540a20000000") + labDouble(), u"v2 LOCAL UNSPEC 0x00 size=16"_s },
        { "HAProxy send-proxy-v2 TCP4 client",
          QByteArray::fromHex("0d0a0d0a000d0a515549540a2111000c7f0000017f000001e52ab7a4") + labDouble(),
          u"v2 PROXY TCP4 0x11 127.0.0.1 58666 127.0.0.1 47012 size=28"_s },
        { "HAProxy send-proxy-v2 TCP6 client",
          QByteArray::fromHex("0d0a0d0a000d0a515549540a21210024" "00000000000000000000000000000001"
                              "00000000000000000000000000000001" "897ab7a5") + labDouble(),
          u"v2 PROXY TCP6 0x21 ::1 35194 ::1 47013 size=52"_s },
        { "HAProxy send-proxy health check", "PROXY TCP4 127.0.0.1 127.0.0.1 45308 47011\r\n"_ba + labDouble(),
          u"v1 PROXY TCP4 127.0.0.1 45308 127.0.0.1 47011 size=44"_s },
        { "HAProxy send-proxy TCP6 client", "PROXY TCP6 ::1 ::1 60962 47013\r\n"_ba + labDouble(),
          u"v1 PROXY TCP6 ::1 60962 ::1 47013 size=32"_s },

        // v1 beyond the examples.
        { "v1 TCP4 before a lab request", "PROXY TCP4 10.0.1.1 10.0.0.2 54321 65432\r\n" + labDouble(),
          u"v1 PROXY TCP4 10.0.1.1 54321 10.0.0.2 65432 size=42"_s },
        { "v1 TCP6 short forms written in RFC 5952",
          "PROXY TCP6 2001:DB8:0:0:0:0:0:1 ::1 0 65432\r\n"_ba,
          u"v1 PROXY TCP6 2001:db8::1 0 ::1 65432 size=45"_s, false, ProxyLimits().maxV2Bytes, false },
        { "v1 TCP6 IPv4-mapped with a dotted tail", "PROXY TCP6 ::ffff:10.0.0.1 :: 1 2\r\n"_ba,
          u"v1 PROXY TCP6 ::ffff:10.0.0.1 1 :: 2 size=35"_s },
        { "v1 TCP4 zeros", "PROXY TCP4 0.0.0.0 0.0.0.0 0 0\r\n"_ba, u"v1 PROXY TCP4 0.0.0.0 0 0.0.0.0 0 size=32"_s },
        { "v1 UNKNOWN with anything before the CRLF", "PROXY UNKNOWN \x01 whatever\xff\r\n"_ba,
          u"v1 PROXY UNKNOWN size=27"_s, false, ProxyLimits().maxV2Bytes, false },

        // v2 beyond the examples.
        { "v2 TCP6", v2(0x21, 0x21, ipv6Addresses),
          u"v2 PROXY TCP6 0x21 2001:db8::1 56324 2001:db8::11 443 size=52"_s },
        { "v2 TCP4 with NOOP, ALPN and unique id TLVs",
          v2(0x21, 0x11, specIpv4Addresses + "\x04\x00\x00"_ba + "\x01\x00\x02h2"_ba + "\x05\x00\x03\xaa\xbb\xcc"_ba),
          u"v2 PROXY TCP4 0x11 192.168.0.1 56324 192.168.0.11 443 tlv 04: tlv 01:6832 tlv 05:aabbcc size=42"_s },
        { "v2 LOCAL with TLVs", v2(0x20, 0x00, "\x04\x00\x01\x00"_ba),
          u"v2 LOCAL UNSPEC 0x00 tlv 04:00 size=20"_s },
        { "v2 LOCAL with TCP4 addresses ignored", v2(0x20, 0x11, specIpv4Addresses),
          u"v2 LOCAL UNSPEC 0x11 size=28"_s },
        { "v2 PROXY UNSPEC", v2(0x21, 0x00, {}), u"v2 PROXY UNSPEC 0x00 size=16"_s },
        { "v2 UDP over IPv4 falls back to UNSPEC", v2(0x21, 0x12, specIpv4Addresses),
          u"v2 PROXY UNSPEC 0x12 size=28"_s },
        { "v2 UNIX stream falls back to UNSPEC", v2(0x21, 0x31, QByteArray(216, 'u')),
          u"v2 PROXY UNSPEC 0x31 size=232"_s },
        { "v2 TCP6 with an IPv4-mapped source",
          v2(0x21, 0x21, QByteArray::fromHex("00000000000000000000ffff7f000001" "00000000000000000000000000000001" "0001" "ffff")),
          u"v2 PROXY TCP6 0x21 ::ffff:127.0.0.1 1 ::1 65535 size=52"_s },
        { "v2 at the limit", v2(0x21, 0x11, specIpv4Addresses), u"v2 PROXY TCP4 0x11 192.168.0.1 56324 192.168.0.11 443 size=28"_s,
          false, 28 },

        // Not enough yet.
        { "nothing yet", {}, u"need-more"_s },
        { "v1 without its CRLF yet", "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443"_ba, u"need-more"_s },
        { "v1 up to its CR", "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r"_ba, u"need-more"_s },
        { "v2 fixed part only", v2(0x21, 0x11, {}, 12), u"need-more"_s },

        // Errors, at least one row for every kind.
        { "lab request without a header", labDouble(), u"error NotProxyHeader @0"_s },
        { "HTTP request without a header", "GET / HTTP/1.1\r\n"_ba, u"error NotProxyHeader @0"_s },
        { "lower-case proxy", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n"_ba, u"error NotProxyHeader @0"_s },
        { "PROXZ", "PROXZ TCP4"_ba, u"error NotProxyHeader @4"_s },
        { "v1 108 bytes with its CRLF", tooLongUnknown, u"error V1TooLong @106"_s },
        { "v1 107 bytes and no CRLF", "PROXY UNKNOWN " + QByteArray(93, 'x'), u"error V1TooLong @106"_s },
        { "v1 CRLF only as bytes 107 and 108", "PROXY UNKNOWN " + QByteArray(92, 'x') + "\r"_ba, u"error V1TooLong @106"_s },
        { "v1 PROXY then CRLF", "PROXY\r\n"_ba, u"error V1Malformed @5"_s },
        { "v1 no protocol", "PROXY \r\n"_ba, u"error V1Malformed @6"_s },
        { "v1 two spaces after PROXY", "PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n"_ba, u"error V1Malformed @6"_s },
        { "v1 protocol TCP5", "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n"_ba, u"error V1Malformed @6"_s },
        { "v1 UNKNOWN glued to more", "PROXY UNKNOWNX\r\n"_ba, u"error V1Malformed @6"_s },
        { "v1 lone LF", "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n"_ba, u"error V1Malformed @45"_s },
        { "v1 CR without LF", "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\rX"_ba, u"error V1Malformed @46"_s },
        { "v1 TCP4 leading zero in an address", "PROXY TCP4 192.168.000.1 192.168.0.11 56324 443\r\n"_ba,
          u"error V1Malformed @11"_s },
        { "v1 TCP4 octet over 255", "PROXY TCP4 192.168.0.1 192.168.0.256 56324 443\r\n"_ba, u"error V1Malformed @23"_s },
        { "v1 TCP4 three octets", "PROXY TCP4 192.168.0 192.168.0.11 56324 443\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP4 with IPv6 addresses", "PROXY TCP4 ::1 ::1 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP6 with IPv4 addresses", "PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP6 two double colons", "PROXY TCP6 1::2::3 ::1 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP6 nine groups", "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP6 eight groups and a double colon", "PROXY TCP6 1:2:3:4::5:6:7:8 ::1 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP6 five hex digits", "PROXY TCP6 12345::1 ::1 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 TCP6 scope id", "PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n"_ba, u"error V1Malformed @11"_s },
        { "v1 port over 65535", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n"_ba, u"error V1Malformed @27"_s },
        { "v1 port with a leading zero", "PROXY TCP4 1.2.3.4 5.6.7.8 1 0443\r\n"_ba, u"error V1Malformed @29"_s },
        { "v1 port with a sign", "PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n"_ba, u"error V1Malformed @27"_s },
        { "v1 no destination port", "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n"_ba, u"error V1Malformed @28"_s },
        { "v1 nothing after TCP4", "PROXY TCP4\r\n"_ba, u"error V1Malformed @10"_s },
        { "v1 two spaces between the addresses", "PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n"_ba, u"error V1Malformed @19"_s },
        { "v1 a fifth field", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n"_ba, u"error V1Malformed @30"_s },
        { "v1 a space before the CRLF", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n"_ba, u"error V1Malformed @30"_s },
        { "v2 signature's last byte wrong", "\r\n\r\n\x00\r\nQUIT\r\x21\x11\x00\x0c"_ba, u"error V2BadSignature @11"_s },
        { "v2 signature cut by an HTTP line", "\r\nGET / HTTP/1.1\r\n"_ba, u"error V2BadSignature @2"_s },
        { "v2 version 1", v2(0x11, 0x11, specIpv4Addresses), u"error V2BadVersion @12"_s },
        { "v2 version 3", v2(0x31, 0x11, specIpv4Addresses), u"error V2BadVersion @12"_s },
        { "v2 command 2", v2(0x22, 0x11, specIpv4Addresses), u"error V2BadCommand @12"_s },
        { "v2 command 15", v2(0x2f, 0x11, specIpv4Addresses), u"error V2BadCommand @12"_s },
        { "v2 family 4", v2(0x21, 0x41, specIpv4Addresses), u"error V2BadFamily @13"_s },
        { "v2 transport 3", v2(0x21, 0x13, specIpv4Addresses), u"error V2BadFamily @13"_s },
        { "v2 LOCAL with family 0xff", v2(0x20, 0xff, {}), u"error V2BadFamily @13"_s },
        { "v2 TCP4 length 11", v2(0x21, 0x11, specIpv4Addresses.first(11)), u"error V2BadLength @14"_s },
        { "v2 TCP6 length 12", v2(0x21, 0x21, specIpv4Addresses), u"error V2BadLength @14"_s },
        { "v2 length 65535 over the default limit", v2(0x21, 0x11, specIpv4Addresses, 65535),
          u"error V2TooLarge @14"_s },
        { "v2 one byte over the limit", v2(0x21, 0x11, specIpv4Addresses), u"error V2TooLarge @14"_s, false, 27 },
        { "v2 TLV header cut by the length", v2(0x21, 0x11, specIpv4Addresses + "\x04\x00"_ba),
          u"error V2BadTlv @28"_s },
        { "v2 TLV value past the length", v2(0x21, 0x11, specIpv4Addresses + "\x01\x00\x05h2"_ba),
          u"error V2BadTlv @28"_s },
        { "v2 UNSPEC with a bad TLV", v2(0x21, 0x00, "\x05\x01\x00"_ba), u"error V2BadTlv @16"_s },
        { "closed before any byte", {}, u"error Truncated @0"_s, true },
        { "closed inside a v1 line", "PROXY TCP4 1.2"_ba, u"error Truncated @14"_s, true },
        { "closed after PROXY", "PROXY"_ba, u"error Truncated @5"_s, true },
        { "closed inside the v2 signature", "\r\n\r\n"_ba, u"error Truncated @4"_s, true },
        { "closed inside v2 addresses", v2(0x21, 0x11, specIpv4Addresses.first(6), 12), u"error Truncated @22"_s, true },
    };
    return list;
}

} // namespace

class tst_ProxyHeader : public QObject
{
    Q_OBJECT

private slots:
    void vectors_data();
    void vectors();
    void everyErrorKindHasARow();
    void remainderIsTheLabMessage();
    void errorsStay();
    void limitsAreClamped();
    void reasonsSayWhat_data();
    void reasonsSayWhat();
    void encodeRoundTrips_data();
    void encodeRoundTrips();
    void encodeRefusesWhatCannotBeSaid();
    void addressTextIsWhatQtWrites();
};

void tst_ProxyHeader::vectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("atEnd");
    QTest::addColumn<qsizetype>("maxV2Bytes");
    for (const Vector &vector : ::vectors())
        QTest::newRow(vector.name) << vector.input << vector.expected << vector.atEnd << vector.maxV2Bytes;
}

// Each vector parsed as a pure function, then fed whole, byte by byte and split in two at
// every offset: the same result and the same bytes handed on every time.
void tst_ProxyHeader::vectors()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QFETCH(bool, atEnd);
    QFETCH(qsizetype, maxV2Bytes);
    ProxyLimits limits;
    limits.maxV2Bytes = maxV2Bytes;

    const ProxyParseResult pure = checked(ProxyHeaderParser::parse(input, limits, atEnd), input.size());
    QCOMPARE(describe(pure), expected);
    const bool ready = pure.status == ProxyParseResult::Status::HeaderReady;
    if (ready) {
        QVERIFY(pure.header.size <= input.size());
        if (pure.header.hasAddresses()) {
            const qsizetype ipBytes = pure.header.family == ProxyHeader::Family::Tcp4 ? 4 : 16;
            QCOMPARE(pure.header.source.addressBytes.size(), ipBytes);
            QCOMPARE(pure.header.destination.addressBytes.size(), ipBytes);
        }
    }

    const QByteArrayView view(input);
    const Outcome whole = parseChunks({ view }, atEnd, limits);
    QCOMPARE(whole.description, expected);
    QCOMPARE(whole.remainder, ready ? input.sliced(pure.header.size) : QByteArray());

    QList<QByteArrayView> bytes;
    for (qsizetype i = 0; i < view.size(); ++i)
        bytes.append(view.sliced(i, 1));
    QCOMPARE(parseChunks(bytes, atEnd, limits), whole);
    for (qsizetype at = 0; at <= view.size(); ++at) {
        const Outcome split = parseChunks({ view.first(at), view.sliced(at) }, atEnd, limits);
        if (!(split == whole))
            QFAIL(qPrintable(QStringLiteral("split at %1: %2").arg(at).arg(split.description)));
    }
}

void tst_ProxyHeader::everyErrorKindHasARow()
{
    QSet<QString> seen;
    for (const Vector &vector : ::vectors())
        seen.insert(vector.expected.section(QLatin1Char(' '), 0, 1));
    for (int kind = int(ProxyError::Kind::NotProxyHeader); kind <= int(ProxyError::Kind::Truncated); ++kind) {
        const QString name = kindName(ProxyError::Kind(kind));
        QVERIFY2(seen.contains(u"error "_s + name), qPrintable(name));
    }
}

void tst_ProxyHeader::remainderIsTheLabMessage()
{
    // A header and a whole lab request in one read, then more bytes after.
    ProxyHeaderParser parser;
    parser.feed(v2(0x21, 0x11, specIpv4Addresses) + labDouble().first(10));
    const ProxyParseResult result = parser.next();
    QCOMPARE(result.status, ProxyParseResult::Status::HeaderReady);
    QCOMPARE(result.header.size, 28);
    QCOMPARE(parser.takeRemainder(), labDouble().first(10));
    QCOMPARE(parser.takeRemainder(), QByteArray());
    parser.feed(labDouble().sliced(10));
    QCOMPARE(parser.takeRemainder(), labDouble().sliced(10));
    QCOMPARE(describe(parser.next()), describe(result));
}

void tst_ProxyHeader::errorsStay()
{
    ProxyHeaderParser parser;
    parser.feed("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n");
    const ProxyParseResult first = parser.next();
    QCOMPARE(first.status, ProxyParseResult::Status::Failed);
    parser.feed("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
    QCOMPARE(parser.bufferedBytes(), 31); // what followed the error was not kept
    parser.finish();
    QCOMPARE(describe(parser.next()), describe(first));
    QCOMPARE(parser.next().error, first.error);
    QCOMPARE(parser.takeRemainder(), QByteArray());
}

void tst_ProxyHeader::limitsAreClamped()
{
    ProxyLimits tiny;
    tiny.maxV2Bytes = 0;
    QCOMPARE(ProxyHeaderParser(tiny).limits().maxV2Bytes, ProxyLimits::V2FixedBytes);
    ProxyLimits huge;
    huge.maxV2Bytes = 1 << 30;
    QCOMPARE(ProxyHeaderParser(huge).limits().maxV2Bytes, ProxyLimits::V2BytesCeiling);

    // At the ceiling, the longest header the 16-bit length can declare is read.
    ProxyHeaderParser parser(huge);
    parser.feed(v2(0x21, 0x00, "\x04\xff\xfc"_ba + QByteArray(0xfffc, '\0')));
    const ProxyParseResult result = parser.next();
    QCOMPARE(result.status, ProxyParseResult::Status::HeaderReady);
    QCOMPARE(result.header.size, ProxyLimits::V2BytesCeiling);
}

void tst_ProxyHeader::reasonsSayWhat_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("reason");
    QTest::newRow("a lab request") << labDouble()
                                   << u"not a PROXY protocol header: it starts with 0x00, not with \"PROXY\" (v1) or the v2 signature"_s;
    QTest::newRow("a bad address")
            << "PROXY TCP4 192.168.0.256 1.2.3.4 1 2\r\n"_ba
            << u"v1 PROXY header: the source address \"192.168.0.256\" is not an IPv4 address (four numbers 0-255, no leading zeros)"_s;
    QTest::newRow("a control byte in an address")
            << "PROXY TCP6 ::1\x01 ::1 1 2\r\n"_ba
            << u"v1 PROXY header: the source address \"::1\\x01\" is not an IPv6 address"_s;
    QTest::newRow("v2 too large") << v2(0x21, 0x11, {}, 4000)
                                  << u"v2 PROXY header: 4016 bytes, over the limit of 1024"_s;
    QTest::newRow("v2 short for TCP6") << v2(0x21, 0x21, specIpv4Addresses)
                                       << u"v2 PROXY header: length 12 is too short for the 36 addresses of TCP over IPv6"_s;
}

void tst_ProxyHeader::reasonsSayWhat()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, reason);
    QCOMPARE(ProxyHeaderParser::parse(input).error.reason, reason);
}

void tst_ProxyHeader::encodeRoundTrips_data()
{
    QTest::addColumn<QByteArray>("input");
    for (const Vector &vector : ::vectors()) {
        const ProxyParseResult result = ProxyHeaderParser::parse(vector.input, {}, vector.atEnd);
        if (result.status != ProxyParseResult::Status::HeaderReady)
            continue;
        if (vector.canonical)
            QTest::newRow(vector.name) << vector.input.first(result.header.size);
    }
}

void tst_ProxyHeader::encodeRoundTrips()
{
    QFETCH(QByteArray, input);
    const ProxyHeader header = ProxyHeaderParser::parse(input).header;
    const QByteArray encoded = header.version == 1 ? encodeProxyHeaderV1(header) : encodeProxyHeaderV2(header);
    if (header.version == 2 && header.familyByte >> 4 != 0 && !header.hasAddresses()) {
        // Addresses the parser skipped are not written back: the header is shorter.
        QCOMPARE(encoded.size(), 16);
        return;
    }
    QCOMPARE(encoded, input);
    // And what a v1 header says, v2 says the same way.
    if (header.version == 1 && header.hasAddresses()) {
        ProxyHeader again = ProxyHeaderParser::parse(encodeProxyHeaderV2(header)).header;
        again.version = 1;
        again.familyByte = 0;
        again.size = header.size;
        QCOMPARE(again, header);
    }
}

void tst_ProxyHeader::encodeRefusesWhatCannotBeSaid()
{
    ProxyHeader local;
    local.command = ProxyHeader::Command::Local;
    local.family = ProxyHeader::Family::Unspec;
    QVERIFY(encodeProxyHeaderV1(local).isEmpty());
    QCOMPARE(encodeProxyHeaderV2(local), v2(0x20, 0x00, {}));

    ProxyHeader wrongSize;
    wrongSize.family = ProxyHeader::Family::Tcp4;
    wrongSize.source.addressBytes = QByteArray(16, '\0');
    wrongSize.destination.addressBytes = QByteArray(4, '\0');
    QVERIFY(encodeProxyHeaderV1(wrongSize).isEmpty());
    QVERIFY(encodeProxyHeaderV2(wrongSize).isEmpty());

    ProxyHeader tooLong;
    tooLong.family = ProxyHeader::Family::Unspec;
    tooLong.tlvs = { { 0x04, QByteArray(0xfffc, '\0') }, { 0x04, {} } };
    QVERIFY(encodeProxyHeaderV2(tooLong).isEmpty());
}

void tst_ProxyHeader::addressTextIsWhatQtWrites()
{
    // RFC 5952's own examples, then random addresses checked against QHostAddress (another
    // implementation of the same rules) and parsed back from v1 text.
    const QList<QPair<QByteArray, QString>> rfc = {
        { QByteArray::fromHex("20010db8000000000001000000000001"), u"2001:db8::1:0:0:1"_s },
        { QByteArray::fromHex("20010db8000000000000000000020001"), u"2001:db8::2:1"_s },
        { QByteArray::fromHex("20010db8000000010001000100010001"), u"2001:db8:0:1:1:1:1:1"_s },
        { QByteArray::fromHex("00000000000000000000000000000000"), u"::"_s },
        { QByteArray::fromHex("00010000000000000000000000000000"), u"1::"_s },
        { QByteArray::fromHex("00000000000000000000ffffc0000201"), u"::ffff:192.0.2.1"_s },
        { QByteArray::fromHex("7f000001"), u"127.0.0.1"_s },
    };
    for (const auto &[bytes, text] : rfc)
        QCOMPARE(proxyAddressText(bytes), text);
    QCOMPARE(proxyAddressText(QByteArray(5, '\0')), QString());

    QRandomGenerator random(20261201);
    for (int i = 0; i < 2000; ++i) {
        quint16 words[8];
        for (quint16 &word : words) // mostly zeros, so that runs of them are common
            word = random.bounded(3) == 0 ? quint16(random.generate()) : 0;
        QByteArray bytes(16, Qt::Uninitialized);
        for (int w = 0; w < 8; ++w) {
            bytes[2 * w] = char(words[w] >> 8);
            bytes[2 * w + 1] = char(words[w] & 0xff);
        }
        Q_IPV6ADDR address;
        memcpy(address.c, bytes.constData(), 16);
        const QString text = proxyAddressText(bytes);
        // Below ::ffff:0:0/96 only the mapped addresses are written dotted (RFC 5952 5);
        // Qt also writes the deprecated IPv4-compatible ::a.b.c.d so.
        const bool compatible = bytes.first(12).count('\0') == 12 && bytes.sliced(12, 3).count('\0') != 3;
        if (!compatible)
            QCOMPARE(text, QHostAddress(address).toString());
        const ProxyParseResult parsed = ProxyHeaderParser::parse("PROXY TCP6 " + text.toLatin1() + " ::1 1 2\r\n");
        QCOMPARE(parsed.header.source.addressBytes, bytes);
    }
}

QTEST_APPLESS_MAIN(tst_ProxyHeader)
#include "tst_proxyheader.moc"
