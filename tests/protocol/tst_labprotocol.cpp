#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "jsonwriter.h"

#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

DecodedMessage decode(const Message &message)
{
    MessageDecoder decoder;
    decoder.feed(encodeMessage(message).bytes);
    const DecodeResult result = decoder.next();
    Q_ASSERT(result.status == DecodeResult::Status::MessageReady);
    return result.message;
}

Message binaryRequest(const QByteArray &content)
{
    Message message;
    message.header = { u"little"_s, u"binary/custom-client-binary-type"_s, u"binary"_s, {} };
    message.content = content;
    return message;
}

Message jsonRequest(const QByteArray &content)
{
    Message message;
    message.header = { u"little"_s, u"text/json"_s, u"utf-8"_s, {} };
    message.content = content;
    return message;
}

// What the server answers, as the text the lab client would print.
QString answerText(const Message &request)
{
    const DecodedMessage answer = decode(Lab::answerRequest(decode(request), Lab::SearchTable::builtIn()));
    const Lab::ResponseSummary summary = Lab::summarizeResponse(decode(answer.message));
    return summary.resultNumber ? QStringLiteral("number %1").arg(*summary.resultNumber)
                                : summary.resultText;
}

} // namespace

class tst_LabProtocol : public QObject
{
    Q_OBJECT

private slots:
    void parseInt32_data();
    void parseInt32();
    void buildRequestRefusesNonInt32();
    void buildRequestOtherAction();
    void answers_data();
    void answers();
    void arithmeticFields_data();
    void arithmeticFields();
    void checkRequest();
    void searchTableFromJson_data();
    void searchTableFromJson();
    void packAndUnpack();
    void summarizeResponse();
};

void tst_LabProtocol::parseInt32_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("value");
    // As Python's int() reads them, limited to what struct ">i" packs.
    QTest::newRow("42") << u"42"_s << true << 42;
    QTest::newRow("padded") << u" 42 "_s << true << 42;
    QTest::newRow("plus sign") << u"+42"_s << true << 42;
    QTest::newRow("negative") << u"-300"_s << true << -300;
    QTest::newRow("underscore") << u"4_2"_s << true << 42;
    QTest::newRow("Arabic-Indic digits") << u"\u0664\u0662"_s << true << 42;
    QTest::newRow("mathematical digit outside the BMP") << u"\U0001D7D5"_s << true << 7;
    QTest::newRow("Adlam digits outside the BMP") << u"-\U0001E951\U0001E950"_s << true << -10;
    QTest::newRow("a lone surrogate") << u"1\xD835"_s << false << 0;
    QTest::newRow("int32 max") << u"2147483647"_s << true << 2147483647;
    QTest::newRow("int32 min") << u"-2147483648"_s << true << int(-2147483648ll);
    QTest::newRow("letters") << u"abc"_s << false << 0;
    QTest::newRow("empty") << u""_s << false << 0;
    QTest::newRow("sign alone") << u"-"_s << false << 0;
    QTest::newRow("one over max") << u"2147483648"_s << false << 0;
    QTest::newRow("one under min") << u"-2147483649"_s << false << 0;
    QTest::newRow("huge") << u"99999999999999999999999"_s << false << 0;
    QTest::newRow("fraction") << u"1.5"_s << false << 0;
    QTest::newRow("leading underscore") << u"_1"_s << false << 0;
    QTest::newRow("double underscore") << u"1__2"_s << false << 0;
    QTest::newRow("trailing underscore") << u"12_"_s << false << 0;
}

void tst_LabProtocol::parseInt32()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, value);
    const std::optional<qint32> parsed = Lab::parseInt32(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value);
}

void tst_LabProtocol::buildRequestRefusesNonInt32()
{
    const Lab::RequestResult result = Lab::buildRequest(u"double"_s, u"abc"_s);
    QVERIFY(!result.ok());
    QVERIFY(result.error->reason.contains(u"'abc'"_s));
    QVERIFY(!Lab::buildRequest(u"negate"_s, u"4000000000"_s).ok());
}

void tst_LabProtocol::buildRequestOtherAction()
{
    const Lab::RequestResult result = Lab::buildRequest(u"echo"_s, u" hi"_s, ByteOrder::Big);
    QVERIFY(result.ok());
    QCOMPARE(result.message.header.contentType, u"binary/custom-client-binary-type"_s);
    QCOMPARE(result.message.header.byteorder, u"big"_s);
    QCOMPARE(result.message.content, "echo hi"_ba);
}

void tst_LabProtocol::answers_data()
{
    QTest::addColumn<Message>("request");
    QTest::addColumn<QString>("expected");
    const auto search = [](const QString &value) {
        return Lab::buildRequest(u"search"_s, value).message;
    };
    QTest::newRow("search morpheus") << search(u"morpheus"_s) << u"Follow the white rabbit. 🐰"_s;
    QTest::newRow("search ring") << search(u"ring"_s) << u"In the caves beneath the Misty Mountains. 💍"_s;
    QTest::newRow("search dog") << search(u"🐶"_s) << u"🐾 Playing ball! 🏐"_s;
    QTest::newRow("search unknown") << search(u"x"_s) << u"No match for \"x\"."_s;
    QTest::newRow("search a number") << jsonRequest("{\"action\": \"search\", \"value\": 5}")
                                     << u"No match for \"5\"."_s;
    QTest::newRow("search an int beyond int64")
            << jsonRequest("{\"action\": \"search\", \"value\": 12345678901234567890}")
            << u"No match for \"12345678901234567890\"."_s;
    QTest::newRow("search 1.0") << jsonRequest("{\"action\": \"search\", \"value\": 1.0}")
                                << u"No match for \"1.0\"."_s;
    QTest::newRow("search a nested object")
            << jsonRequest("{\"action\": \"search\", \"value\": {\"b\": 1, \"a\": \"x\"}}")
            << u"No match for \"{'b': 1, 'a': 'x'}\"."_s;
    QTest::newRow("action 5.0") << jsonRequest("{\"action\": 5.0}") << u"Error: invalid action \"5.0\"."_s;
    QTest::newRow("search without value") << jsonRequest("{\"action\": \"search\"}")
                                          << u"No match for \"None\"."_s;
    QTest::newRow("json without action") << jsonRequest("{}") << u"Error: invalid action \"None\"."_s;
    QTest::newRow("search value with a lone surrogate")
            << jsonRequest(R"({"action": "search", "value": "\ud800x"})")
            << u"Error: The value '\\ud800x' holds a lone UTF-16 surrogate (a \"\\ud800\" to \"\\udfff\" escape "
               "without its pair), which is not text UTF-8 can encode."_s;
    QTest::newRow("search value with a surrogate pair") << jsonRequest(R"({"action": "search", "value": "\ud83d\udc36"})")
                                                        << u"🐾 Playing ball! 🏐"_s;
    QTest::newRow("action with a lone surrogate") << jsonRequest(R"({"action": "\udc80"})")
                                                  << u"Error: The action '\\udc80' holds a lone UTF-16 surrogate (a "
                                                     "\"\\ud800\" to \"\\udfff\" escape without its pair), which is "
                                                     "not text UTF-8 can encode."_s;
    QTest::newRow("json action double") << jsonRequest("{\"action\": \"double\", \"value\": 2}")
                                        << u"Error: invalid action \"double\"."_s;
    QTest::newRow("double 7654321") << Lab::buildRequest(u"double"_s, u"7654321"_s).message
                                    << u"number 15308642"_s;
    QTest::newRow("negate -300") << Lab::buildRequest(u"negate"_s, u"-300"_s).message << u"number 300"_s;
    QTest::newRow("double overflow")
            << Lab::buildRequest(u"double"_s, u"2000000000"_s).message
            << u"Error: double of 2000000000 is 4000000000, which does not fit in a 32-bit signed integer."_s;
    QTest::newRow("negate int32 min")
            << Lab::buildRequest(u"negate"_s, u"-2147483648"_s).message
            << u"Error: negate of -2147483648 is 2147483648, which does not fit in a 32-bit signed integer."_s;
    QTest::newRow("double too short") << binaryRequest("double\x00\x01"_ba)
                                      << u"Error: double needs 10 bytes of content (\">6si\": a 6-byte "
                                         "name and a 4-byte integer), but 8 arrived."_s;
    QTest::newRow("echo") << Lab::buildRequest(u"binary"_s, u"😃"_s).message
                          << u"b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'"_s;
    QTest::newRow("echo cut at 10 bytes") << binaryRequest("0123456789abc")
                                          << u"b'First 10 bytes of request: 0123456789'"_s;
    QTest::newRow("empty binary") << binaryRequest("") << u"b'First 10 bytes of request: '"_s;
}

void tst_LabProtocol::answers()
{
    QFETCH(Message, request);
    QFETCH(QString, expected);
    QCOMPARE(answerText(request), expected);
}

void tst_LabProtocol::arithmeticFields_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("hasFields");
    QTest::newRow("double request") << "double\x00t\xcb\xb1"_ba << true;
    QTest::newRow("negate request") << "negate\xff\xff\xfe\xd4"_ba << true;
    QTest::newRow("result answer") << "result\x00\xe9\x97" "b"_ba << true;
    QTest::newRow("longer than 10 bytes") << "double\x00t\xcb\xb1!!"_ba << true;
    QTest::newRow("too short") << "double\x00t\xcb"_ba << false;
    QTest::newRow("another name") << "binary\xf0\x9f\x98\x83"_ba << false;
}

void tst_LabProtocol::arithmeticFields()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, hasFields);
    const DecodedMessage message = decode(binaryRequest(content));
    const QList<FieldSpan> fields = Lab::arithmeticFields(message);
    if (!hasFields) {
        QVERIFY(fields.isEmpty());
        return;
    }
    QCOMPARE(fields.size(), 2);
    QCOMPARE(fields[0].name, u"name"_s);
    QCOMPARE(fields[0].value, (Span { message.layout.content.offset, 6 }));
    QCOMPARE(fields[1].name, u"value"_s);
    QCOMPARE(fields[1].value, (Span { message.layout.content.offset + 6, 4 }));
}

void tst_LabProtocol::checkRequest()
{
    const DecodedMessage shortDouble = decode(binaryRequest("double"));
    const std::optional<Lab::CommandTooShort> error = Lab::checkRequest(shortDouble);
    QVERIFY(error);
    QCOMPARE(error->offset, shortDouble.layout.content.offset);
    QCOMPARE(error->length, 6);
    QVERIFY(error->reason.startsWith(u"double needs 10 bytes of content"_s));
    QVERIFY(!Lab::checkRequest(decode(binaryRequest("doubl"))));
    QVERIFY(!Lab::checkRequest(decode(Lab::buildRequest(u"double"_s, u"1"_s).message)));
}

void tst_LabProtocol::searchTableFromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::newRow("object of strings") << "{\"neo\": \"The One\", \"\xf0\x9f\x90\xb1\": \"meow\"}"_ba << true;
    QTest::newRow("empty object") << "{}"_ba << true;
    QTest::newRow("not JSON") << "{neo}"_ba << false;
    QTest::newRow("an array") << "[\"neo\"]"_ba << false;
    QTest::newRow("a number answer") << "{\"neo\": 1}"_ba << false;
}

void tst_LabProtocol::searchTableFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    QString reason;
    const std::optional<Lab::SearchTable> table = Lab::SearchTable::fromJson(json, &reason);
    QCOMPARE(table.has_value(), valid);
    QCOMPARE(reason.isEmpty(), valid);
    if (valid && table->size() > 0) {
        QCOMPARE(table->answer(u"neo"_s), u"The One"_s);
        QCOMPARE(table->answer(u"morpheus"_s), u"No match for \"morpheus\"."_s);
    }
}

void tst_LabProtocol::packAndUnpack()
{
    const QByteArray packed = Lab::packArithmetic("double", 7654321);
    QCOMPARE(packed, "double\x00t\xcb\xb1"_ba);
    QCOMPARE(Lab::packArithmetic("ab", -1), "ab\x00\x00\x00\x00\xff\xff\xff\xff"_ba);
    const std::optional<Lab::ArithmeticContent> unpacked = Lab::unpackArithmetic(packed);
    QVERIFY(unpacked);
    QCOMPARE(unpacked->name, "double"_ba);
    QCOMPARE(unpacked->value, 7654321);
    QVERIFY(!Lab::unpackArithmetic("double\x00t"_ba));
}

void tst_LabProtocol::summarizeResponse()
{
    Message binary = binaryRequest("result\x00\xe9\x97" "b"_ba);
    binary.header.contentType = u"binary/custom-server-binary-type"_s;
    const Lab::ResponseSummary number = Lab::summarizeResponse(decode(binary));
    QVERIFY(!number.isJson);
    QCOMPARE(number.resultNumber, std::optional<qint32>(15308642));
    QCOMPARE(number.resultText, u"b'result\\x00\\xe9\\x97b'"_s);

    const Lab::ResponseSummary json = Lab::summarizeResponse(decode(jsonRequest("{\"other\": 1}")));
    QVERIFY(json.isJson);
    QCOMPARE(json.resultText, u"None"_s);
    QVERIFY(!json.resultNumber);
}

QTEST_APPLESS_MAIN(tst_LabProtocol)
#include "tst_labprotocol.moc"
