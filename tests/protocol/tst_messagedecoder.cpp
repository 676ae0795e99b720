#include "decodehelpers.h"
#include "jsonscanner.h"
#include "jsonwriter.h"

#include <QtCore/QJsonArray>
#include "labsamples.h"
#include "messagedecoder.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

using namespace Wirelab;
using namespace DecodeHelpers;

namespace {

QByteArray jsonMessage(const QByteArray &content)
{
    return frame(header("text/json", "utf-8", content.size()), content);
}

DecodeResult decodeWhole(const QByteArray &bytes, bool finish = true, DecoderLimits limits = {},
                         MessageDecoder::HeaderFieldSpans spans
                         = MessageDecoder::HeaderFieldSpans::Always)
{
    MessageDecoder decoder(limits, spans);
    decoder.feed(bytes);
    if (finish)
        decoder.finish();
    return decoder.next();
}

// The header's keys and their spans, as text.
QStringList fieldsOf(const DecodeResult &result)
{
    QStringList fields;
    for (const FieldSpan &field : result.message.layout.headerFields)
        fields << QStringLiteral("%1 %2+%3 %4+%5")
                          .arg(field.name)
                          .arg(field.key.offset)
                          .arg(field.key.length)
                          .arg(field.value.offset)
                          .arg(field.value.length);
    return fields;
}

} // namespace

class tst_MessageDecoder : public QObject
{
    Q_OBJECT

private slots:
    void goldenRequest_data();
    void goldenRequest();
    void goldenResponse_data();
    void goldenResponse();
    void chunkingGivesIdenticalResults_data();
    void chunkingGivesIdenticalResults();
    void errors_data();
    void errors();
    void errorsAreSticky();
    void failureKeepsWhatWasRead();
    void headerFieldSpansOnlyWhenRefused();
    void errorsPointAtTheirBytes_data();
    void errorsPointAtTheirBytes();
    void littleEndianPrefixUnderTheLimit();
    void oversizedPrefixNamesTheLikelyMistake_data();
    void oversizedPrefixNamesTheLikelyMistake();
    void liberalInput_data();
    void liberalInput();
    void textEncodingsAsPythonNamesThem_data();
    void textEncodingsAsPythonNamesThem();
    void headerLimitAtNAndNPlusOne();
    void contentLimitAtNAndNPlusOne();
    void contentTooLargeBeforeAnyContentByte();
    void aClaimIsNotReserved();
    void cleanEnd();
    void severalMessagesInOneChunk();
    void bigContent_data();
    void bigContent();
    void limitsAreClamped();
    void jsonContentMatchesQJsonDocument_data();
    void jsonContentMatchesQJsonDocument();
};

void tst_MessageDecoder::goldenRequest_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("byteorder");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    for (const LabSample &sample : labRequests())
        QTest::newRow(sample.name) << sample.bytes << QString::fromLatin1(sample.byteorder)
                                   << sample.action << sample.value;
}

void tst_MessageDecoder::goldenRequest()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, byteorder);
    QFETCH(QString, action);
    QFETCH(QString, value);

    const DecodeResult result = decodeWhole(bytes);
    QCOMPARE(result.status, DecodeResult::Status::MessageReady);
    const DecodedMessage &decoded = result.message;
    QCOMPARE(decoded.message.header.byteorder, byteorder);
    QCOMPARE(decoded.size(), bytes.size());
    QCOMPARE(decoded.layout.lengthPrefix, (Span { 0, 2 }));
    const qsizetype headerLength = qFromBigEndian<quint16>(bytes.constData());
    QCOMPARE(decoded.layout.header, (Span { 2, headerLength }));
    QCOMPARE(decoded.layout.content, (Span { 2 + headerLength, bytes.size() - 2 - headerLength }));
    QCOMPARE(decoded.message.content, bytes.mid(2 + headerLength));

    QStringList keys;
    for (const FieldSpan &field : decoded.layout.headerFields) {
        keys << field.name;
        // The key span is the quoted key, and the value span starts after ": ".
        QCOMPARE(bytes.mid(field.key.offset, field.key.length), "\"" + field.name.toUtf8() + "\"");
        QCOMPARE(field.value.offset, field.key.end() + 2);
    }
    QCOMPARE(keys, (QStringList { "byteorder", "content-type", "content-encoding", "content-length" }));

    if (action == u"search"_s) {
        QCOMPARE(decoded.message.header.contentType, u"text/json"_s);
        QCOMPARE(decoded.jsonContent.value("action").toString(), action);
        QCOMPARE(decoded.jsonContent.value("value").toString(), value);
        QCOMPARE(decoded.jsonText, decoded.message.content);
        QCOMPARE(decoded.contentFields().size(), 2);
        QCOMPARE(decoded.contentFields()[1].name, u"value"_s);
        const Span valueSpan = decoded.contentFields()[1].value;
        QCOMPARE(bytes.mid(valueSpan.offset, valueSpan.length), "\"" + value.toUtf8() + "\"");
    } else {
        // Binary content is the lab layer's to read (Lab::arithmeticFields): framing only here.
        QCOMPARE(decoded.message.header.contentType, u"binary/custom-client-binary-type"_s);
        QVERIFY(decoded.contentFields().isEmpty());
        QVERIFY(decoded.jsonText.isNull());
    }
}

void tst_MessageDecoder::goldenResponse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("byteorder");
    for (const LabSample &sample : labResponses())
        QTest::newRow(sample.name) << sample.bytes << QString::fromLatin1(sample.byteorder);
}

void tst_MessageDecoder::goldenResponse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, byteorder);
    const DecodeResult result = decodeWhole(bytes);
    QCOMPARE(result.status, DecodeResult::Status::MessageReady);
    QCOMPARE(result.message.message.header.byteorder, byteorder);
    QCOMPARE(result.message.size(), bytes.size());
    if (result.message.message.header.isTextJson())
        QVERIFY(result.message.jsonContent.value("result").isString());
}

void tst_MessageDecoder::chunkingGivesIdenticalResults_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const LabSample &sample : labRequests() + labResponses())
        QTest::newRow(sample.name) << sample.bytes;
    QTest::newRow("two messages in one stream")
            << labRequests()[0].bytes + labResponses()[3].bytes;
    QTest::newRow("extra header key") << frame(
            "{\"byteorder\": \"big\", \"content-type\": \"x\", \"content-encoding\": \"binary\", "
            "\"content-length\": 3, \"note\": [1, {\"a\": \"}\"}]}",
            "abc");
    QTest::newRow("error: header not JSON") << frame("{\"byteorder\": ", "zz");
    QTest::newRow("error: content too large")
            << frame(header("binary/x", "binary", 2 << 20), "zz");
    QTest::newRow("error: truncated content") << frame(header("binary/x", "binary", 10), "abc");
    QTest::newRow("error: content not JSON") << jsonMessage("{\"a\": }");
}

void tst_MessageDecoder::chunkingGivesIdenticalResults()
{
    QFETCH(QByteArray, bytes);
    const QStringList whole = decodeChunks({ bytes }, true);
    QVERIFY(!whole.isEmpty());
    QCOMPARE(decodeChunks(bytewise(bytes), true), whole);
    for (const QList<QByteArray> &split : everySplit(bytes))
        QCOMPARE(decodeChunks(split, true), whole);
}

void tst_MessageDecoder::errors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<DecodeError::Kind>("kind");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("field");
    using Kind = DecodeError::Kind;
    const QByteArray good = header("text/json", "utf-8", 2);

    QTest::newRow("header length zero") << "\x00\x00{}"_ba << Kind::HeaderLengthZero << 0ll << QString();
    QTest::newRow("header length over the limit")
            << "\x20\x01{"_ba << Kind::HeaderTooLarge << 0ll << QString();
    QTest::newRow("header length 65535") << "\xff\xff{"_ba << Kind::HeaderTooLarge << 0ll << QString();
    QTest::newRow("header not UTF-8") << frame("{\"a\xff\": 1}") << Kind::HeaderNotUtf8 << 2ll + 3 << QString();
    QTest::newRow("header not UTF-8 after a real U+FFFD")
            << frame("{\"\xef\xbf\xbd\": \"\xc3\"}") << Kind::HeaderNotUtf8 << 2ll + 9 << QString();
    // Syntax errors point where QJsonParseError stopped: just past the offending token.
    QTest::newRow("header not JSON") << frame("{\"byteorder\" \"big\"}") << Kind::HeaderNotJson
                                     << 2ll + 14 << QString();
    QTest::newRow("header is an array") << frame("[1, 2]") << Kind::HeaderNotObject << 2ll << QString();
    QTest::newRow("header is a string") << frame("\"hi\"") << Kind::HeaderNotObject << 2ll << QString();
    QTest::newRow("header is a number") << frame("42") << Kind::HeaderNotObject << 2ll << QString();
    QTest::newRow("missing byteorder")
            << frame("{\"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 2}")
            << Kind::MissingField << 2ll << u"byteorder"_s;
    QTest::newRow("missing content-length")
            << frame("{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\"}")
            << Kind::MissingField << 2ll << u"content-length"_s;
    QTest::newRow("missing content-type")
            << frame("{\"byteorder\": \"big\", \"content-encoding\": \"utf-8\", \"content-length\": 2}")
            << Kind::MissingField << 2ll << u"content-type"_s;
    QTest::newRow("missing content-encoding")
            << frame("{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-length\": 2}")
            << Kind::MissingField << 2ll << u"content-encoding"_s;
    QTest::newRow("content-type a number")
            << frame("{\"byteorder\": \"big\", \"content-type\": 5, \"content-encoding\": \"utf-8\", \"content-length\": 0}")
            << Kind::InvalidField << 2ll + 37 << u"content-type"_s;
    QTest::newRow("content-encoding null")
            << frame("{\"byteorder\": \"big\", \"content-type\": \"x\", \"content-encoding\": null, \"content-length\": 0}")
            << Kind::InvalidField << 2ll + 62 << u"content-encoding"_s;
    const auto withLength = [](const QByteArray &length) {
        return frame("{\"byteorder\": \"big\", \"content-type\": \"x\", \"content-encoding\": \"binary\", "
                     "\"content-length\": " + length + "}");
    };
    // The offset of a bad value is its first byte: just after "content-length": .
    const qint64 lengthValueOffset = withLength("0").size() - 2;
    QTest::newRow("content-length negative") << withLength("-1") << Kind::InvalidContentLength
                                             << lengthValueOffset << u"content-length"_s;
    QTest::newRow("content-length fractional") << withLength("2.5") << Kind::InvalidContentLength
                                               << lengthValueOffset << u"content-length"_s;
    QTest::newRow("content-length a string") << withLength("\"2\"") << Kind::InvalidContentLength
                                             << lengthValueOffset << u"content-length"_s;
    QTest::newRow("content-length null") << withLength("null") << Kind::InvalidContentLength
                                         << lengthValueOffset << u"content-length"_s;
    QTest::newRow("content-length 2^40") << withLength("1099511627776") << Kind::ContentTooLarge
                                         << lengthValueOffset << u"content-length"_s;
    QTest::newRow("content-length 1e400, out of JSON's range for Qt")
            << withLength("1e400") << Kind::HeaderNotJson << lengthValueOffset + 5 << QString();
    const QByteArray binaryForJson = frame(header("text/json", "binary", 2), "{}");
    QTest::newRow("text/json encoding binary") << binaryForJson << Kind::UnsupportedEncoding
                                               << qint64(binaryForJson.indexOf("\"binary\""))
                                               << u"content-encoding"_s;
    const QByteArray locale = frame(header("text/json", "locale", 2), "{}");
    QTest::newRow("text/json encoding locale, whose meaning depends on the host")
            << locale << Kind::UnsupportedEncoding << qint64(locale.indexOf("\"locale\"")) << u"content-encoding"_s;
    const QByteArray gzip = frame(header("binary/x", "gzip", 2), "ab");
    QTest::newRow("binary encoding gzip") << gzip << Kind::UnsupportedEncoding
                                          << qint64(gzip.indexOf("\"gzip\"")) << u"content-encoding"_s;
    QTest::newRow("text/json content not UTF-8") << frame(good, "\xff}") << Kind::ContentNotText
                                                 << qint64(2 + good.size()) << QString();
    QTest::newRow("text/json content not UTF-8 after real U+FFFDs")
            << frame(header("text/json", "utf-8", 17), "{\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xff\": 1}")
            << Kind::ContentNotText << qint64(2 + header("text/json", "utf-8", 17).size() + 11) << QString();
    QTest::newRow("text/json content not UTF-8 midway")
            << frame(header("text/json", "utf-8", 9), "{\"\xc3\xa9\": \xe9}") << Kind::ContentNotText
            << qint64(2 + header("text/json", "utf-8", 9).size() + 7) << QString();
    QTest::newRow("text/json content not JSON") << jsonMessage("{\"a\" 1}") << Kind::ContentNotJson
                                                << qint64(2 + good.size() + 6) << QString();
    QTest::newRow("text/json content a string") << jsonMessage("\"x\"") << Kind::ContentNotObject
                                                << qint64(2 + header("text/json", "utf-8", 3).size())
                                                << QString();
    QTest::newRow("text/json content empty") << jsonMessage("") << Kind::ContentNotJson
                                             << qint64(2 + header("text/json", "utf-8", 0).size())
                                             << QString();
    QTest::newRow("text/json content an array") << jsonMessage("[1]") << Kind::ContentNotObject
                                                << qint64(2 + header("text/json", "utf-8", 3).size())
                                                << QString();
    QTest::newRow("truncated in the prefix") << "\x00"_ba << Kind::TruncatedAtEof << 1ll << QString();
    QTest::newRow("truncated in the header") << "\x00\x10{\"byte"_ba << Kind::TruncatedAtEof << 8ll << QString();
    QTest::newRow("truncated in the content") << frame(header("binary/x", "binary", 5), "ab")
                                              << Kind::TruncatedAtEof
                                              << qint64(2 + header("binary/x", "binary", 5).size() + 2)
                                              << QString();
}

void tst_MessageDecoder::errors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(DecodeError::Kind, kind);
    QFETCH(qint64, offset);
    QFETCH(QString, field);

    const DecodeResult result = decodeWhole(bytes);
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    QCOMPARE(kindName(result.error.kind), kindName(kind));
    QCOMPARE(result.error.offset, offset);
    QCOMPARE(result.error.field, field);
    QVERIFY(!result.error.reason.isEmpty());

    // The same for a decoder that finds the header's keys only for a refused header (a
    // server's): the same error, at the same place, and the same keys to show.
    const DecodeResult server
            = decodeWhole(bytes, true, {}, MessageDecoder::HeaderFieldSpans::WhenRefused);
    QCOMPARE(describe(server), describe(result));
    QCOMPARE(server.error.offset, result.error.offset);
    QCOMPARE(server.error.length, result.error.length);
    QCOMPARE(server.error.field, result.error.field);
    QCOMPARE(fieldsOf(server), fieldsOf(result));

    // The same, however the bytes arrive.
    const QStringList whole = decodeChunks({ bytes }, true);
    QCOMPARE(decodeChunks(bytewise(bytes), true), whole);
    for (const QList<QByteArray> &split : everySplit(bytes))
        QCOMPARE(decodeChunks(split, true), whole);
}

void tst_MessageDecoder::errorsAreSticky()
{
    MessageDecoder decoder;
    decoder.feed("\x00\x00"_ba);
    const DecodeResult first = decoder.next();
    QCOMPARE(first.status, DecodeResult::Status::Failed);
    decoder.feed(labRequests()[0].bytes);
    const DecodeResult second = decoder.next();
    QCOMPARE(second.status, DecodeResult::Status::Failed);
    QCOMPARE(describe(second), describe(first));
    QVERIFY(decoder.hasFailed());
    QCOMPARE(decoder.bufferedBytes(), 0); // nothing more is held after an error
}

void tst_MessageDecoder::failureKeepsWhatWasRead()
{
    // The spans read before an error, as declared, so that a viewer can show them.
    const DecodeResult tooLarge = decodeWhole("\xff\xff{"_ba);
    QCOMPARE(tooLarge.message.layout.lengthPrefix, (Span { 0, 2 }));
    QCOMPARE(tooLarge.message.layout.header, (Span { 2, 65535 }));

    const QByteArray wrongType = frame(header("text/json", "utf-8", 2).replace("\"text/json\"", "5"), "{}");
    const DecodeResult refused = decodeWhole(wrongType);
    QCOMPARE(refused.error.kind, DecodeError::Kind::InvalidField);
    QCOMPARE(refused.message.layout.headerFields.size(), 4);
    QCOMPARE(refused.message.layout.headerFields.first().name, u"byteorder"_s);

    const QByteArray truncated = frame(header("binary/x", "binary", 10), "dou");
    const DecodeResult cut = decodeWhole(truncated);
    QCOMPARE(cut.error.kind, DecodeError::Kind::TruncatedAtEof);
    QCOMPARE(cut.error.reason,
             u"The connection ended in the middle of the message's content: 3 of its 10 bytes arrived."_s);
    QCOMPARE(cut.message.layout.headerFields.size(), 4);
    QCOMPARE(cut.message.layout.content, (Span { qsizetype(truncated.size() - 3), 10 }));

    const DecodeResult cutInHeader = decodeWhole("\x00\x10{\"byte"_ba);
    QCOMPARE(cutInHeader.error.reason,
             u"The connection ended in the middle of the message's header: 6 of its 16 bytes arrived."_s);
    QCOMPARE(cutInHeader.message.layout.header, (Span { 2, 16 }));

    // A header cut off midway lists the keys that arrived whole.
    const QByteArray labHeader = header("text/json", "utf-8", 41);
    const QByteArray cutOff = frame(labHeader).left(2 + labHeader.indexOf("utf-8") + 2);
    const DecodeResult cutInKeys = decodeWhole(cutOff);
    QCOMPARE(cutInKeys.error.kind, DecodeError::Kind::TruncatedAtEof);
    QStringList keys;
    for (const FieldSpan &field : cutInKeys.message.layout.headerFields)
        keys << field.name;
    QCOMPARE(keys, (QStringList { u"byteorder"_s, u"content-type"_s }));
}

void tst_MessageDecoder::headerFieldSpansOnlyWhenRefused()
{
    // An accepted header's keys are not looked for when nobody reads them; the rest of the
    // message is what a decoder that finds them gives.
    const QByteArray bytes = frame(header("binary/custom-client-binary-type", "binary", 10),
                                   "double\x00\x00\x00\x07"_ba);
    const DecodeResult always = decodeWhole(bytes);
    const DecodeResult server
            = decodeWhole(bytes, true, {}, MessageDecoder::HeaderFieldSpans::WhenRefused);
    QCOMPARE(always.status, DecodeResult::Status::MessageReady);
    QCOMPARE(always.message.layout.headerFields.size(), 4);
    QCOMPARE(server.status, DecodeResult::Status::MessageReady);
    QVERIFY(server.message.layout.headerFields.isEmpty());
    DecodeResult alwaysWithoutSpans = always;
    alwaysWithoutSpans.message.layout.headerFields.clear();
    QCOMPARE(describe(server), describe(alwaysWithoutSpans));

    // A byteorder that is not a string is kept as written, which needs its key's place.
    const QByteArray numberOrder
            = frame(header("binary/custom-client-binary-type", "binary", 10).replace("\"little\"", "1"),
                    "double\x00\x00\x00\x07"_ba);
    const DecodeResult spelled
            = decodeWhole(numberOrder, true, {}, MessageDecoder::HeaderFieldSpans::WhenRefused);
    QCOMPARE(spelled.status, DecodeResult::Status::MessageReady);
    QCOMPARE(spelled.message.message.header.byteorder, u"1"_s);
}

void tst_MessageDecoder::errorsPointAtTheirBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QByteArray>("pointedAt");
    const QByteArray withLength = frame(header("binary/x", "binary", 0).replace("\"content-length\": 0", "\"content-length\": 2000000"));
    QTest::newRow("content-length over the limit: its value")
            << withLength << qint64(withLength.indexOf("2000000")) << "2000000"_ba;
    const QByteArray missing = frame(R"({"byteorder": "big"})"_ba);
    QTest::newRow("missing key: the whole header") << missing << 2ll << missing.mid(2);
    QTest::newRow("zero prefix: the prefix") << "\x00\x00"_ba << 0ll << "\x00\x00"_ba;
    const QByteArray wrongType = frame(header("text/json", "utf-8", 2).replace("\"text/json\"", "[5]"), "{}");
    QTest::newRow("content-type not a string: its value") << wrongType << qint64(wrongType.indexOf("[5]")) << "[5]"_ba;
}

void tst_MessageDecoder::errorsPointAtTheirBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, offset);
    QFETCH(QByteArray, pointedAt);
    const DecodeResult result = decodeWhole(bytes);
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    QCOMPARE(result.error.offset, offset);
    QCOMPARE(bytes.mid(result.error.offset, result.error.length), pointedAt);
}

void tst_MessageDecoder::littleEndianPrefixUnderTheLimit()
{
    // With the widest limits (a viewer's), 0x6700 is a header length the decoder waits for;
    // when the connection ends before, what arrived says the prefix was packed "<H".
    const QByteArray labHeader = header("binary/custom-server-binary-type", "binary", 10);
    QByteArray bytes = frame(labHeader, "result\x00\xe9\x97" "b"_ba);
    std::swap(bytes[0], bytes[1]);
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(bytes);
    QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
    decoder.finish();
    const DecodeResult result = decoder.next();
    QCOMPARE(result.error.kind, DecodeError::Kind::TruncatedAtEof);
    QVERIFY2(result.error.reason.endsWith(
                     u" Read little-endian it would be %1: the prefix must be big-endian (struct.pack(\">H\", ...))."_s
                             .arg(labHeader.size())),
             qPrintable(result.error.reason));
    QCOMPARE(result.error.offset, 0);
    QCOMPARE(result.error.length, 2);
}

void tst_MessageDecoder::oversizedPrefixNamesTheLikelyMistake_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("hint"); // empty: none
    const QByteArray labHeader = header("binary/custom-client-binary-type", "binary", 10);
    QByteArray littleEndian = frame(labHeader, "double\x00t\xcb\xb1"_ba);
    std::swap(littleEndian[0], littleEndian[1]);
    QTest::newRow("prefix packed little-endian")
            << littleEndian
            << u" Read little-endian it would be %1: the prefix must be big-endian (struct.pack(\">H\", ...))."_s
                       .arg(labHeader.size());
    QTest::newRow("no prefix at all") << labHeader
                                      << u" The message starts with '{': is the 2-byte length prefix missing?"_s;
    QTest::newRow("65535 either way round") << "\xff\xff{"_ba << QString();
    QTest::newRow("an HTTP answer") << "HTTP/1.1 400 Bad Request\r\n\r\n"_ba
                                    << u" The bytes start with \"HTTP/\": that is HTTP, not the lab's protocol."_s;
    QByteArray bigEndian = frame(QByteArray(8193, ' ') + "{}");
    QTest::newRow("a big-endian header one byte over the limit") << bigEndian.left(2 + 8193 + 2) << QString();
    QTest::newRow("its prefix alone") << bigEndian.left(2) << QString();
    QTest::newRow("a little-endian prefix alone") << "\x7f\x00"_ba
            << u" Read little-endian it would be 127: the prefix must be big-endian (struct.pack(\">H\", ...))."_s;
}

void tst_MessageDecoder::oversizedPrefixNamesTheLikelyMistake()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, hint);
    const DecodeResult result = decodeWhole(bytes);
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    QCOMPARE(result.error.kind, DecodeError::Kind::HeaderTooLarge);
    QVERIFY2(result.error.reason.startsWith(u"The 2-byte length prefix announces a "_s),
             qPrintable(result.error.reason));
    if (hint.isEmpty())
        QVERIFY2(result.error.reason.endsWith(u"the limit is 8192 bytes."_s), qPrintable(result.error.reason));
    else
        QVERIFY2(result.error.reason.endsWith(hint), qPrintable(result.error.reason));
}

void tst_MessageDecoder::liberalInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("byteorder");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("extraJson");
    QTest::newRow("keys in another order")
            << frame("{\"content-length\": 2, \"content-encoding\": \"binary\", \"byteorder\": \"big\", "
                     "\"content-type\": \"a/b\"}", "hi")
            << u"big"_s << "hi"_ba << u"{}"_s;
    QTest::newRow("whitespace everywhere")
            << frame(" \n{ \"byteorder\" :\"little\",\t\"content-type\":\"a\" , \"content-encoding\""
                     ":\"binary\",\r\n\"content-length\":\n2 } \n", "hi")
            << u"little"_s << "hi"_ba << u"{}"_s;
    QTest::newRow("extra keys kept")
            << frame("{\"byteorder\": \"big\", \"content-type\": \"a\", \"content-encoding\": \"binary\", "
                     "\"content-length\": 2, \"z\": [1, 2.5], \"k\": \"v\"}", "hi")
            << u"big"_s << "hi"_ba << u"{\"k\": \"v\", \"z\": [1, 2.5]}"_s;
    QTest::newRow("content-length 2.0")
            << frame("{\"byteorder\": \"big\", \"content-type\": \"a\", \"content-encoding\": \"binary\", "
                     "\"content-length\": 2.0}", "hi")
            << u"big"_s << "hi"_ba << u"{}"_s;
    QTest::newRow("escaped header values")
            << frame("{\"byteorder\": \"b\\u0069g\", \"content-type\": \"a\\/b\", \"content-encoding\": "
                     "\"binary\", \"content-length\": 2}", "hi")
            << u"big"_s << "hi"_ba << u"{}"_s;
    QTest::newRow("header after a UTF-8 byte order mark")
            << frame("\xEF\xBB\xBF" + header("a/b", "binary", 2), "hi") << u"little"_s << "hi"_ba
            << u"{}"_s;
    // The lab never reads byteorder (both ends are big-endian where it counts): any value.
    QTest::newRow("byteorder of another spelling") << frame(header("a/b", "binary", 2, "BIG"), "hi")
                                                   << u"BIG"_s << "hi"_ba << u"{}"_s;
    QTest::newRow("byteorder not a string") << frame(header("a/b", "binary", 2, "x").replace("\"x\"", "null"), "hi")
                                            << u"null"_s << "hi"_ba << u"{}"_s;
    QTest::newRow("empty binary content") << frame(header("a/b", "binary", 0)) << u"little"_s
                                          << QByteArray() << u"{}"_s;
    QTest::newRow("text/json in UTF-16LE")
            << frame(header("text/json", "utf-16le", 4), "{\x00}\x00"_ba) << u"little"_s
            << "{\x00}\x00"_ba << u"{}"_s;
}

void tst_MessageDecoder::liberalInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, byteorder);
    QFETCH(QByteArray, content);
    QFETCH(QString, extraJson);
    const DecodeResult result = decodeWhole(bytes);
    QVERIFY2(result.status == DecodeResult::Status::MessageReady, qPrintable(describe(result)));
    QCOMPARE(result.message.message.header.byteorder, byteorder);
    QCOMPARE(result.message.message.content, content);
    QCOMPARE(QString::fromUtf8(jsonValueText(result.message.message.header.extraFields)), extraJson);
}

void tst_MessageDecoder::textEncodingsAsPythonNamesThem_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("value"); // empty: refused as not valid text
    QTest::newRow("utf-8") << "utf-8"_ba << "{\"value\": \"caf\xc3\xa9\"}"_ba << u"café"_s;
    QTest::newRow("UTF8") << "UTF8"_ba << "{\"value\": \"caf\xc3\xa9\"}"_ba << u"café"_s;
    QTest::newRow("u8, a Python alias") << "u8"_ba << "{\"value\": \"caf\xc3\xa9\"}"_ba << u"café"_s;
    QTest::newRow("utf-8-sig with its mark") << "utf-8-sig"_ba << "\xef\xbb\xbf{\"value\": \"caf\xc3\xa9\"}"_ba
                                             << u"café"_s;
    QTest::newRow("latin-1") << "latin-1"_ba << "{\"value\": \"caf\xe9\"}"_ba << u"café"_s;
    QTest::newRow("L1") << "L1"_ba << "{\"value\": \"caf\xe9\"}"_ba << u"café"_s;
    QTest::newRow("cp1252, through ICU") << "cp1252"_ba << "{\"value\": \"\x80\"}"_ba << u"€"_s;
    QTest::newRow("koi8-r, through ICU") << "koi8-r"_ba << "{\"value\": \"\xd2\"}"_ba << u"р"_s;
    QTest::newRow("ascii") << "ascii"_ba << "{\"value\": \"cafe\"}"_ba << u"cafe"_s;
    QTest::newRow("ascii with a high byte") << "ascii"_ba << "{\"value\": \"caf\xe9\"}"_ba << QString();
}

void tst_MessageDecoder::textEncodingsAsPythonNamesThem()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, content);
    QFETCH(QString, value);
    const DecodeResult result = decodeWhole(frame(header("text/json", encoding, content.size()), content));
    if (value.isEmpty()) {
        QCOMPARE(result.status, DecodeResult::Status::Failed);
        QCOMPARE(result.error.kind, DecodeError::Kind::ContentNotText);
        return;
    }
    QVERIFY2(result.status == DecodeResult::Status::MessageReady, qPrintable(describe(result)));
    QCOMPARE(result.message.jsonContent.value(u"value"_s).toString(), value);
    // Every encoding shows its fields: the spans are of the bytes as they came.
    const QList<FieldSpan> fields = result.message.contentFields();
    QCOMPARE(fields.size(), 1);
    const qsizetype contentStart = result.message.layout.content.offset;
    const QByteArray valueBytes = content.mid(fields[0].value.offset - contentStart, fields[0].value.length);
    QVERIFY2(valueBytes.startsWith('"') && valueBytes.endsWith('"'), valueBytes.constData());
    QCOMPARE(content.mid(fields[0].key.offset - contentStart, fields[0].key.length), "\"value\""_ba);
    QCOMPARE(valueBytes, content.mid(content.indexOf(':') + 2, content.lastIndexOf('"') - content.indexOf(':') - 1));
}

void tst_MessageDecoder::headerLimitAtNAndNPlusOne()
{
    // A header of exactly N bytes passes; N + 1 is refused from the prefix alone.
    QByteArray text = header("a/b", "binary", 0);
    const qsizetype limit = text.size() + 10;
    text.insert(text.size() - 1, QByteArray(10, ' '));
    QCOMPARE(text.size(), limit);
    DecoderLimits limits;
    limits.maxHeaderBytes = limit;
    QCOMPARE(decodeWhole(frame(text), true, limits).status, DecodeResult::Status::MessageReady);
    text.insert(text.size() - 1, ' ');
    const DecodeResult refused = decodeWhole(frame(text).left(2), false, limits);
    QCOMPARE(refused.status, DecodeResult::Status::Failed);
    QCOMPARE(refused.error.kind, DecodeError::Kind::HeaderTooLarge);
}

void tst_MessageDecoder::contentLimitAtNAndNPlusOne()
{
    DecoderLimits limits;
    limits.maxContentBytes = 100;
    const QByteArray atLimit = frame(header("a/b", "binary", 100), QByteArray(100, 'x'));
    QCOMPARE(decodeWhole(atLimit, true, limits).status, DecodeResult::Status::MessageReady);
    const QByteArray overLimit = frame(header("a/b", "binary", 101), QByteArray(101, 'x'));
    const DecodeResult refused = decodeWhole(overLimit, true, limits);
    QCOMPARE(refused.status, DecodeResult::Status::Failed);
    QCOMPARE(refused.error.kind, DecodeError::Kind::ContentTooLarge);
}

void tst_MessageDecoder::contentTooLargeBeforeAnyContentByte()
{
    // A claimed 1 TiB: refused as soon as the header is in, nothing buffered for it.
    MessageDecoder decoder;
    decoder.feed(frame(header("a/b", "binary", qint64(1) << 40)));
    const DecodeResult result = decoder.next();
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    QCOMPARE(result.error.kind, DecodeError::Kind::ContentTooLarge);
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void tst_MessageDecoder::aClaimIsNotReserved()
{
    // A header claiming 1 GiB, then a trickle: the buffer follows what arrives, not the claim.
    MessageDecoder decoder({ 8192, DecoderLimits::ContentBytesCeiling });
    decoder.feed(frame(header("a/b", "binary", DecoderLimits::ContentBytesCeiling)));
    QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
    qsizetype fed = 0;
    for (int i = 0; i < 64; ++i) {
        decoder.feed(QByteArray(4096, 'x'));
        fed += 4096;
        QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
        QVERIFY2(decoder.reservedBytes() <= 2 * (fed + 4096) + 4096, qPrintable(QString::number(decoder.reservedBytes())));
    }
}

void tst_MessageDecoder::cleanEnd()
{
    MessageDecoder empty;
    empty.finish();
    QCOMPARE(empty.next().status, DecodeResult::Status::Finished);

    MessageDecoder afterMessage;
    afterMessage.feed(labRequests()[3].bytes);
    QCOMPARE(afterMessage.next().status, DecodeResult::Status::MessageReady);
    QCOMPARE(afterMessage.next().status, DecodeResult::Status::NeedMoreData);
    QVERIFY(!afterMessage.isInsideMessage());
    afterMessage.finish();
    QCOMPARE(afterMessage.next().status, DecodeResult::Status::Finished);
}

void tst_MessageDecoder::severalMessagesInOneChunk()
{
    QByteArray stream;
    for (const LabSample &sample : labRequests())
        stream += sample.bytes;
    MessageDecoder decoder;
    decoder.feed(stream);
    qint64 offset = 0;
    for (const LabSample &sample : labRequests()) {
        const DecodeResult result = decoder.next();
        QCOMPARE(result.status, DecodeResult::Status::MessageReady);
        QCOMPARE(result.message.streamOffset, offset);
        QCOMPARE(result.message.size(), sample.bytes.size());
        offset += sample.bytes.size();
    }
    QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
    QCOMPARE(decoder.streamOffset(), offset);
}

void tst_MessageDecoder::bigContent_data()
{
    QTest::addColumn<int>("chunkSize");
    QTest::newRow("1-byte chunks") << 1;
    QTest::newRow("4 KiB chunks") << 4096;
}

void tst_MessageDecoder::bigContent()
{
    QFETCH(int, chunkSize);
    const qsizetype size = 16 * 1024 * 1024;
    QByteArray content(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        content[i] = char(i * 7 + (i >> 12));
    const QByteArray bytes = frame(header("a/b", "binary", size), content);
    DecoderLimits limits;
    limits.maxContentBytes = size;
    MessageDecoder decoder(limits);
    DecodeResult result;
    for (qsizetype at = 0; at < bytes.size(); at += chunkSize) {
        decoder.feed(QByteArrayView(bytes).sliced(at, qMin<qsizetype>(chunkSize, bytes.size() - at)));
        result = decoder.next();
        if (result.status != DecodeResult::Status::NeedMoreData)
            break;
    }
    QCOMPARE(result.status, DecodeResult::Status::MessageReady);
    QCOMPARE(result.message.message.content.size(), size);
    QVERIFY(result.message.message.content == content);
}

void tst_MessageDecoder::limitsAreClamped()
{
    const DecoderLimits clamped = DecoderLimits { 100000, qint64(1) << 40 }.clamped();
    QCOMPARE(clamped.maxHeaderBytes, 65535);
    QCOMPARE(clamped.maxContentBytes, qint64(1) << 30);
    const DecoderLimits raised = DecoderLimits { 0, 0 }.clamped();
    QCOMPARE(raised.maxHeaderBytes, 1);
    QCOMPARE(raised.maxContentBytes, 1);
}

void tst_MessageDecoder::jsonContentMatchesQJsonDocument_data()
{
    // Values come from QJsonDocument, spans and the text of each value from the scanner:
    // they must agree.
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("lab search") << R"({"action": "search", "value": "morpheus"})"_ba;
    QTest::newRow("emoji value") << "{\"action\": \"search\", \"value\": \"\xf0\x9f\x90\xb6\"}"_ba;
    QTest::newRow("empty object") << "{}"_ba;
    QTest::newRow("whitespace") << " {\n\t\"a\" :\"b\" ,\r\n \"c\":-12 } "_ba;
    QTest::newRow("integers") << R"({"zero": 0, "neg": -7, "big": 123456789012345})"_ba;
    QTest::newRow("16 digits") << R"({"n": 1234567890123456})"_ba;
    QTest::newRow("fraction") << R"({"n": 1.5})"_ba;
    QTest::newRow("exponent") << R"({"n": 1e3})"_ba;
    QTest::newRow("escapes") << R"({"a\"b": "c\nd\u00e9"})"_ba;
    QTest::newRow("nested") << R"({"a": {"b": [1, true, null]}})"_ba;
    QTest::newRow("literals") << R"({"t": true, "f": false, "n": null})"_ba;
    QTest::newRow("duplicate keys") << R"({"a": "first", "a": "second"})"_ba;
    QTest::newRow("non-ASCII key") << "{\"cl\xc3\xa9\": \"v\"}"_ba;
}

void tst_MessageDecoder::jsonContentMatchesQJsonDocument()
{
    QFETCH(QByteArray, content);
    const QByteArray bytes = jsonMessage(content);
    const DecodeResult result = decodeWhole(bytes);
    QCOMPARE(result.status, DecodeResult::Status::MessageReady);
    const QJsonObject expectedObject = QJsonDocument::fromJson(content).object();
    QCOMPARE(result.message.jsonContent, expectedObject);
    for (auto it = expectedObject.begin(); it != expectedObject.end(); ++it) {
        // Each key's last value, read back from its own text, is what QJsonDocument holds.
        const QByteArray text = '[' + result.message.jsonValueText(it.key()).toByteArray() + ']';
        QCOMPARE(QJsonDocument::fromJson(text).array().first(), it.value());
    }
    QVERIFY(result.message.jsonValueText(u"absent"_s).isEmpty());
    const qsizetype contentStart = result.message.layout.content.offset;
    const QList<FieldSpan> expected = scanObjectFields(content, contentStart);
    const QList<FieldSpan> actual = result.message.contentFields();
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual[i].name, expected[i].name);
        QCOMPARE(actual[i].key, expected[i].key);
        QCOMPARE(actual[i].value, expected[i].value);
    }
}

QTEST_APPLESS_MAIN(tst_MessageDecoder)
#include "tst_messagedecoder.moc"
