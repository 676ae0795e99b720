#include "pythonrepr.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// Expected texts are what Python 3.11 printed for the same values (repr(), str()).
class tst_PythonRepr : public QObject
{
    Q_OBJECT

private slots:
    void bytes_data();
    void bytes();
    void string_data();
    void string();
    void floatNumber_data();
    void floatNumber();
    void json_data();
    void json();
    void jsonText_data();
    void jsonText();
    void writeJsonTextInPieces();
    void printable();
    void writeBytesInPieces();
    void strOfJsonText();
    void str();
    void address();
};

void tst_PythonRepr::bytes_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << ""_ba << u"b''"_s;
    QTest::newRow("plain") << "plain"_ba << u"b'plain'"_s;
    QTest::newRow("single quote picks double quotes") << "it's"_ba << u"b\"it's\""_s;
    QTest::newRow("double quotes only") << "say \"hi\""_ba << u"b'say \"hi\"'"_s;
    QTest::newRow("both quotes") << "both ' and \""_ba << u"b'both \\' and \"'"_s;
    QTest::newRow("backslash") << "back\\slash"_ba << u"b'back\\\\slash'"_s;
    QTest::newRow("tab newline return") << "\x09\x0a\x0d"_ba << u"b'\\t\\n\\r'"_s;
    QTest::newRow("NUL, controls, DEL, high bytes") << "\x00\x01\x7f\x80\xff"_ba
                                                    << u"b'\\x00\\x01\\x7f\\x80\\xff'"_s;
    QTest::newRow("emoji") << "\xf0\x9f\x90\xb6"_ba << u"b'\\xf0\\x9f\\x90\\xb6'"_s;
    QTest::newRow("prefix of a lab header") << "\x00" "d{"_ba << u"b'\\x00d{'"_s;
    QTest::newRow("lab double result") << "result\x00\xe9\x97" "b"_ba << u"b'result\\x00\\xe9\\x97b'"_s;
}

void tst_PythonRepr::bytes()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    QCOMPARE(PythonRepr::bytes(data), expected);
}

void tst_PythonRepr::string_data()
{
    QTest::addColumn<QByteArray>("utf8");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << ""_ba << u"''"_s;
    QTest::newRow("plain") << "plain"_ba << u"'plain'"_s;
    QTest::newRow("single quote picks double quotes") << "it's"_ba << u"\"it's\""_s;
    QTest::newRow("double quotes only") << "say \"hi\""_ba << u"'say \"hi\"'"_s;
    QTest::newRow("both quotes") << "both ' and \""_ba << u"'both \\' and \"'"_s;
    QTest::newRow("backslash") << "back\\slash"_ba << u"'back\\\\slash'"_s;
    QTest::newRow("tab newline return") << "\x09\x0a\x0d"_ba << u"'\\t\\n\\r'"_s;
    QTest::newRow("NUL, control, DEL") << "\x00\x1f\x7f"_ba << u"'\\x00\\x1f\\x7f'"_s;
    QTest::newRow("non-printable: NBSP, ZWSP, line separator")
            << "\xc2\xa0\xe2\x80\x8b\xe2\x80\xa8"_ba << u"'\\xa0\\u200b\\u2028'"_s;
    QTest::newRow("printable: accent and emoji") << "\xc3\xa9\xf0\x9f\x90\xb6\xf0\x9f\x90\xb0"_ba
                                                 << u"'é🐶🐰'"_s;
    QTest::newRow("private use") << "\xee\x80\x80"_ba << u"'\\ue000'"_s;
    QTest::newRow("format char beyond the BMP") << "\xf3\xa0\x80\x81"_ba << u"'\\U000e0001'"_s;
}

void tst_PythonRepr::string()
{
    QFETCH(QByteArray, utf8);
    QFETCH(QString, expected);
    QCOMPARE(PythonRepr::string(QString::fromUtf8(utf8)), expected);
}

void tst_PythonRepr::floatNumber_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1.0") << 1.0 << u"1.0"_s;
    QTest::newRow("0.1") << 0.1 << u"0.1"_s;
    QTest::newRow("-0.0") << -0.0 << u"-0.0"_s;
    QTest::newRow("2.5") << 2.5 << u"2.5"_s;
    QTest::newRow("1e15") << 1e15 << u"1000000000000000.0"_s;
    QTest::newRow("1e16") << 1e16 << u"1e+16"_s;
    QTest::newRow("0.0001") << 0.0001 << u"0.0001"_s;
    QTest::newRow("1e-05") << 1e-05 << u"1e-05"_s;
    QTest::newRow("123.456") << 123.456 << u"123.456"_s;
    QTest::newRow("1.5e300") << 1.5e300 << u"1.5e+300"_s;
    QTest::newRow("inf") << qInf() << u"inf"_s;
}

void tst_PythonRepr::floatNumber()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(PythonRepr::floatNumber(value), expected);
}

void tst_PythonRepr::json_data()
{
    QTest::addColumn<QByteArray>("jsonText");
    QTest::addColumn<QString>("expected");
    QTest::newRow("lab request") << "{\"action\": \"search\", \"value\": \"morpheus\"}"_ba
                                 << u"{'action': 'search', 'value': 'morpheus'}"_s;
    QTest::newRow("lab answer") << "{\"result\": \"Follow the white rabbit. \xf0\x9f\x90\xb0\"}"_ba
                                << u"{'result': 'Follow the white rabbit. 🐰'}"_s;
    QTest::newRow("scalars") << "{\"a\": true, \"b\": false, \"c\": null, \"d\": 1, \"e\": 0.5, \"f\": -2.5}"_ba
                             << u"{'a': True, 'b': False, 'c': None, 'd': 1, 'e': 0.5, 'f': -2.5}"_s;
    // A known difference: QJsonValue keeps 1.0 as the integer 1, so Python's 1.0 reads 1.
    QTest::newRow("integral float") << "{\"e\": 1.0}"_ba << u"{'e': 1}"_s;
    QTest::newRow("nested") << "{\"list\": [1, \"two\", [], {}], \"obj\": {\"k\": \"it's\"}}"_ba
                            << u"{'list': [1, 'two', [], {}], 'obj': {'k': \"it's\"}}"_s;
}

void tst_PythonRepr::json()
{
    QFETCH(QByteArray, jsonText);
    QFETCH(QString, expected);
    const QJsonObject object = QJsonDocument::fromJson(jsonText).object();
    QCOMPARE(PythonRepr::json(object), expected);
}

void tst_PythonRepr::jsonText_data()
{
    QTest::addColumn<QByteArray>("jsonText");
    QTest::addColumn<QString>("expected"); // empty: not JSON in UTF-8
    QTest::newRow("lab request") << "{\"action\": \"search\", \"value\": \"morpheus\"}"_ba
                                 << u"{'action': 'search', 'value': 'morpheus'}"_s;
    QTest::newRow("an int beyond int64") << "{\"action\": \"search\", \"value\": 12345678901234567890}"_ba
                                         << u"{'action': 'search', 'value': 12345678901234567890}"_s;
    QTest::newRow("1.0 stays a float") << "{\"value\": 1.0}"_ba << u"{'value': 1.0}"_s;
    QTest::newRow("1e16") << "{\"value\": 1e16}"_ba << u"{'value': 1e+16}"_s;
    QTest::newRow("1e5") << "{\"value\": 1e5}"_ba << u"{'value': 100000.0}"_s;
    QTest::newRow("-0 is 0") << "{\"value\": -0}"_ba << u"{'value': 0}"_s;
    QTest::newRow("-0.0 keeps its sign") << "{\"value\": -0.0}"_ba << u"{'value': -0.0}"_s;
    QTest::newRow("small and large floats") << "{\"x\": 0.1, \"y\": 2.5e-5, \"z\": 1.5e300, \"e\": 1E-7}"_ba
                                            << u"{'x': 0.1, 'y': 2.5e-05, 'z': 1.5e+300, 'e': 1e-07}"_s;
    QTest::newRow("nested keys in written order")
            << "{\"a\": {\"b\": 1, \"a\": \"x\"}, \"c\": [1, 2.5, true, null, \"\\ud83d\\udc36\"]}"_ba
            << u"{'a': {'b': 1, 'a': 'x'}, 'c': [1, 2.5, True, None, '🐶']}"_s;
    QTest::newRow("a repeated key: last value, first place") << "{\"k\": 1, \"j\": 2, \"k\": 3}"_ba
                                                            << u"{'k': 3, 'j': 2}"_s;
    QTest::newRow("a key repeated with an escape") << R"({"k": 1, "\u006b": 2})"_ba << u"{'k': 2}"_s;
    QTest::newRow("repeats inside repeats")
            << R"({"a": {"x": 1, "x": {"y": 1, "z": 2, "y": [3, {"q": 0, "q": 9}]}}, "b": 2, "a": {"x": {"w": 1, "w": 2}, "v": 5, "x": {"y": 1, "y": 2}}})"_ba
            << u"{'a': {'x': {'y': 2}, 'v': 5}, 'b': 2}"_s;
    QTest::newRow("repeats in objects of an array") << R"([{"a": 1, "a": 2}, {"a": 3}])"_ba
                                                    << u"[{'a': 2}, {'a': 3}]"_s;
    QTest::newRow("a key three times, its last value an object with repeats")
            << R"({"a": 1, "a": 2, "b": 3, "a": {"a": 5, "a": 6}})"_ba << u"{'a': {'a': 6}, 'b': 3}"_s;
    QTest::newRow("a lone surrogate key is not '?'") << R"({"\ud800": 1, "?": 2, "\ud800": 3})"_ba
                                                     << u"{'\\ud800': 3, '?': 2}"_s;
    QTest::newRow("a skipped value with repeats of its own") << R"({"x": [1, {"y": 2, "y": 3}], "x": [4]})"_ba
                                                            << u"{'x': [4]}"_s;
    QTest::newRow("escapes") << R"({"s": "it's \"q\" \n\u00e9\t\/"})"_ba << u"{'s': 'it\\'s \"q\" \\né\\t/'}"_s;
    QTest::newRow("a lone surrogate escape") << R"({"s": "\ud800x"})"_ba << u"{'s': '\\ud800x'}"_s;
    QTest::newRow("whitespace and a byte order mark") << "\xef\xbb\xbf {\n\"a\" :\t[ ] }\r\n"_ba << u"{'a': []}"_s;
    QTest::newRow("empty object") << "{}"_ba << u"{}"_s;
    QTest::newRow("Latin-1 bytes") << "{\"s\": \"caf\xe9\"}"_ba << QString();
    QTest::newRow("UTF-16") << "{\x00}\x00"_ba << QString();
    QTest::newRow("cut short") << "{\"a\": [1, 2"_ba << QString();
    QTest::newRow("empty") << ""_ba << QString();
}

void tst_PythonRepr::jsonText()
{
    QFETCH(QByteArray, jsonText);
    QFETCH(QString, expected);
    const std::optional<QString> repr = PythonRepr::jsonText(jsonText);
    QCOMPARE(repr.has_value(), !expected.isEmpty());
    if (repr)
        QCOMPARE(*repr, expected);
}

void tst_PythonRepr::writeJsonTextInPieces()
{
    // Many keys: handed over in pieces that together are jsonText(), none of them whole.
    QByteArray json = "{";
    QString expected = u"{"_s;
    for (int i = 0; i < 100'000; ++i) {
        if (i > 0) {
            json += ", ";
            expected += u", "_s;
        }
        json += "\"k" + QByteArray::number(i) + "\": " + QByteArray::number(i);
        expected += u"'k"_s + QString::number(i) + u"': "_s + QString::number(i);
    }
    json += ", \"k7\": \"again\"}";
    expected.replace(u"'k7': 7,"_s, u"'k7': 'again',"_s);
    expected += u"}"_s;
    QString joined;
    int pieces = 0;
    qsizetype largest = 0;
    QVERIFY(PythonRepr::writeJsonText(json, [&](QStringView piece) {
        joined += piece;
        ++pieces;
        largest = std::max(largest, piece.size());
        return true;
    }));
    QCOMPARE(joined, expected);
    QVERIFY(pieces > 10);
    QVERIFY(largest < expected.size() / 10);

    // One key a hundred thousand times: one entry, holding the last value.
    QByteArray same = "{";
    for (int i = 0; i < 100'000; ++i)
        same += (i > 0 ? ", " : "") + "\"k\": "_ba + QByteArray::number(i);
    same += "}";
    QCOMPARE(PythonRepr::jsonText(same), u"{'k': 99999}"_s);

    // A sink that says stop is not called again, and the writing reports it.
    int calls = 0;
    QVERIFY(!PythonRepr::writeJsonText(json, [&](QStringView) { return ++calls < 2; }));
    QCOMPARE(calls, 2);
    QVERIFY(!PythonRepr::writeJsonText("{\"a\": [1, 2", [](QStringView) { return true; }));
}

void tst_PythonRepr::printable()
{
    // What a terminal would act on, as repr() writes it; the rest, backslashes and quotes
    // included, as it is.
    QCOMPARE(PythonRepr::printable(u"red \x1b[31m\nnext\tline\r \u200b 'q' \\ é 🐶"_s),
             u"red \\x1b[31m\\nnext\\tline\\r \\u200b 'q' \\ é 🐶"_s);
    QCOMPARE(PythonRepr::printable(QString(QChar(0xd800))), u"\\ud800"_s);
}

void tst_PythonRepr::writeBytesInPieces()
{
    QByteArray data;
    for (int i = 0; i < 100'000; ++i)
        data += char(i % 256);
    QString joined;
    int pieces = 0;
    QVERIFY(PythonRepr::writeBytes(data, [&](QStringView piece) {
        joined += piece;
        ++pieces;
        return true;
    }));
    QCOMPARE(joined, PythonRepr::bytes(data));
    QVERIFY(pieces > 2);
}

void tst_PythonRepr::strOfJsonText()
{
    // str(): a string as it is, anything else as repr() prints it.
    QCOMPARE(PythonRepr::strOfJsonText(R"("it's \u00e9")"), u"it's é"_s);
    QCOMPARE(PythonRepr::strOfJsonText("5.0"), u"5.0"_s);
    QCOMPARE(PythonRepr::strOfJsonText("{\"b\": 1, \"a\": \"x\"}"), u"{'b': 1, 'a': 'x'}"_s);
    QCOMPARE(PythonRepr::strOfJsonText("null"), u"None"_s);
}

void tst_PythonRepr::str()
{
    QCOMPARE(PythonRepr::str(QJsonValue(u"it's 🐶"_s)), u"it's 🐶"_s);
    QCOMPARE(PythonRepr::str(QJsonValue(5)), u"5"_s);
    QCOMPARE(PythonRepr::str(QJsonValue(QJsonValue::Null)), u"None"_s);
    QCOMPARE(PythonRepr::str(QJsonValue(QJsonValue::Undefined)), u"None"_s);
    QCOMPARE(PythonRepr::str(QJsonArray { 1, u"a"_s }), u"[1, 'a']"_s);
}

void tst_PythonRepr::address()
{
    QCOMPARE(PythonRepr::address(u"127.0.0.1"_s, 65432), u"('127.0.0.1', 65432)"_s);
    QCOMPARE(PythonRepr::address(QString(), 65432), u"('', 65432)"_s);
}

QTEST_APPLESS_MAIN(tst_PythonRepr)
#include "tst_pythonrepr.moc"
