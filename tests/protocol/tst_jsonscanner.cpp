#include "jsonscanner.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

Q_DECLARE_METATYPE(Span)

class tst_JsonScanner : public QObject
{
    Q_OBJECT

private slots:
    void spans_data();
    void spans();
    void keyOrderIsKept();
    void tokens();
    void stringValues_data();
    void stringValues();
    void repeatedKeysAreListed();
    void cutOffTextGivesTheWholeFields_data();
    void cutOffTextGivesTheWholeFields();
    void skipValueSpansNesting();
    void manyKeysInOnePass();
};

void tst_JsonScanner::spans_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("keyText");
    QTest::addColumn<QByteArray>("valueText");
    QTest::newRow("string") << "{\"a\": \"x\"}"_ba << u"a"_s << "\"a\""_ba << "\"x\""_ba;
    QTest::newRow("number after whitespace") << "{ \"n\"\t:\n 41 }"_ba << u"n"_s << "\"n\""_ba << "41"_ba;
    QTest::newRow("quote and backslash inside") << "{\"k\": \"a\\\"b\\\\\"}"_ba << u"k"_s << "\"k\""_ba
                                                << "\"a\\\"b\\\\\""_ba;
    QTest::newRow("nested value with braces in strings")
            << "{\"o\": {\"x\": [1, \"}\"]}, \"z\": 1}"_ba << u"o"_s << "\"o\""_ba << "{\"x\": [1, \"}\"]}"_ba;
    QTest::newRow("escaped key") << "{\"b\\u0079te\": true}"_ba << u"byte"_s << "\"b\\u0079te\""_ba << "true"_ba;
}

void tst_JsonScanner::spans()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, name);
    QFETCH(QByteArray, keyText);
    QFETCH(QByteArray, valueText);
    const QList<FieldSpan> fields = scanObjectFields(json, 10);
    QVERIFY(!fields.isEmpty());
    const FieldSpan &field = fields.first();
    QCOMPARE(field.name, name);
    QCOMPARE(json.mid(field.key.offset - 10, field.key.length), keyText);
    QCOMPARE(json.mid(field.value.offset - 10, field.value.length), valueText);
    QCOMPARE(field.whole().offset, field.key.offset);
    QCOMPARE(field.whole().end(), field.value.end());
}

void tst_JsonScanner::keyOrderIsKept()
{
    QStringList names;
    for (const FieldSpan &field : scanObjectFields("{\"value\": 1, \"action\": 2, \"m\": {}}"))
        names << field.name;
    QCOMPARE(names, (QStringList { u"value"_s, u"action"_s, u"m"_s }));
    QVERIFY(scanObjectFields("[1, 2]").isEmpty());
    QVERIFY(scanObjectFields("{}").isEmpty());
}

void tst_JsonScanner::tokens()
{
    using Token = JsonScanner::Token;
    const QByteArray json = "\xEF\xBB\xBF{\"k\" : [1.5e3, true, false, null, \"s\"], \"o\": {}}"_ba;
    JsonScanner scanner(json);
    QList<Token> tokens;
    QList<QByteArray> texts;
    for (Token token = scanner.next(); token != Token::End && token != Token::Invalid; token = scanner.next()) {
        tokens << token;
        texts << scanner.tokenText().toByteArray();
    }
    QCOMPARE(tokens, (QList<Token> { Token::BeginObject, Token::Key, Token::BeginArray, Token::Number,
                                     Token::True, Token::False, Token::Null, Token::String,
                                     Token::EndArray, Token::Key, Token::BeginObject, Token::EndObject,
                                     Token::EndObject }));
    QCOMPARE(texts[1], "\"k\""_ba);
    QCOMPARE(texts[3], "1.5e3"_ba);
    QCOMPARE(scanner.token(), Token::End);
}

void tst_JsonScanner::stringValues_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << "\"abc\""_ba << u"abc"_s;
    QTest::newRow("escapes") << "\"a\\\"b\\\\c\\/\\n\\t\""_ba << u"a\"b\\c/\n\t"_s;
    QTest::newRow("surrogate pair") << "\"\\ud83d\\udc36\""_ba << u"🐶"_s;
    QTest::newRow("lone surrogate stays") << "\"\\ud800\""_ba << QString(QChar(char16_t(0xd800)));
    QTest::newRow("raw UTF-8") << "\"\xc3\xa9\""_ba << u"é"_s;
    QTest::newRow("cut-off escape stays inside the token") << "\"a\\u00\""_ba << u"a00"_s;
}

void tst_JsonScanner::stringValues()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, text);
    QCOMPARE(jsonStringText(token), text);
}

void tst_JsonScanner::repeatedKeysAreListed()
{
    // QJsonObject keeps one of them; the scan keeps both, where they were written.
    const QList<FieldSpan> fields = scanObjectFields("{\"a\": 1, \"b\": 2, \"a\": 3}");
    QCOMPARE(fields.size(), 3);
    QCOMPARE(fields[0].name, u"a"_s);
    QCOMPARE(fields[2].name, u"a"_s);
    QCOMPARE(fields[2].value, (Span { 22, 1 }));
}

void tst_JsonScanner::cutOffTextGivesTheWholeFields_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("names");
    const QByteArray header = "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-length\": 41}"_ba;
    QTest::newRow("whole") << header << QStringList { u"byteorder"_s, u"content-type"_s, u"content-length"_s };
    QTest::newRow("cut in the last number")
            << header.left(header.size() - 2) << QStringList { u"byteorder"_s, u"content-type"_s };
    QTest::newRow("cut in a string") << header.left(30) << QStringList { u"byteorder"_s };
    QTest::newRow("cut in a key") << header.left(5) << QStringList {};
    QTest::newRow("broken after one key") << "{\"a\": 1, \"b\": tru}"_ba << QStringList { u"a"_s };
    QTest::newRow("not an object") << "[1, 2]"_ba << QStringList {};
    QTest::newRow("empty") << QByteArray() << QStringList {};
}

void tst_JsonScanner::cutOffTextGivesTheWholeFields()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, names);
    QStringList scanned;
    for (const FieldSpan &field : scanObjectFields(json))
        scanned << field.name;
    QCOMPARE(scanned, names);
}

void tst_JsonScanner::skipValueSpansNesting()
{
    const QByteArray json = "{\"o\": {\"a\": [1, {\"b\": \"]}\"}]}, \"z\": 0}"_ba;
    JsonScanner scanner(json);
    QCOMPARE(scanner.next(), JsonScanner::Token::BeginObject);
    QCOMPARE(scanner.next(), JsonScanner::Token::Key);
    const Span value = scanner.skipValue();
    QCOMPARE(json.mid(value.offset, value.length), "{\"a\": [1, {\"b\": \"]}\"}]}"_ba);
    QCOMPARE(scanner.next(), JsonScanner::Token::Key);
    QCOMPARE(scanner.stringValue(), u"z"_s);
}

void tst_JsonScanner::manyKeysInOnePass()
{
    QByteArray text = "{";
    for (qsizetype i = 0; i < 50000; ++i)
        text += (i ? ", \"k" : "\"k") + QByteArray::number(i) + "\": " + QByteArray::number(i);
    text += "}";
    const QList<FieldSpan> spans = scanObjectFields(text);
    QCOMPARE(spans.size(), 50000);
    QCOMPARE(spans.last().name, u"k49999"_s);
}

QTEST_APPLESS_MAIN(tst_JsonScanner)
#include "tst_jsonscanner.moc"
