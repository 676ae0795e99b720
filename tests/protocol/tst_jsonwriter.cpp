#include "jsonwriter.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// Expected bytes are what Python 3.11's json.dumps(..., ensure_ascii=False).encode() gave.
class tst_JsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void orderedObject();
    void values_data();
    void values();
    void objectWriter();
    void shortestReal_data();
    void shortestReal();
};

void tst_JsonWriter::orderedObject()
{
    QByteArray out;
    JsonWriter writer(out);
    writer.addValue(u"q", u"a\"b\\c"_s);
    writer.addValue(u"c", u"\x01\n\t\x7f"_s);
    writer.addValue(u"e", u"🐶é"_s);
    writer.addValue(u"i", 1);
    writer.addValue(u"f", 0.5);
    writer.addValue(u"g", 1e16);
    writer.addValue(u"h", 1e-05);
    writer.addValue(u"t", true);
    writer.addValue(u"n", QJsonValue::Null);
    writer.addValue(u"l", QJsonArray { 1, QJsonArray(), QJsonObject() });
    writer.addValue(u"o", QJsonObject());
    writer.close();
    QCOMPARE(out,
             "{\"q\": \"a\\\"b\\\\c\", \"c\": \"\\u0001\\n\\t\x7f\", \"e\": \"\xf0\x9f\x90\xb6\xc3\xa9\", "
             "\"i\": 1, \"f\": 0.5, \"g\": 1e+16, \"h\": 1e-05, \"t\": true, \"n\": null, "
             "\"l\": [1, [], {}], \"o\": {}}"_ba);
}

void tst_JsonWriter::values_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("integer") << QJsonValue(41) << "41"_ba;
    QTest::newRow("negative integer") << QJsonValue(-300) << "-300"_ba;
    QTest::newRow("float") << QJsonValue(0.1) << "0.1"_ba;
    QTest::newRow("string with backspace and formfeed") << QJsonValue(u"\b\f"_s) << "\"\\b\\f\""_ba;
    QTest::newRow("empty object") << QJsonValue(QJsonObject()) << "{}"_ba;
    QTest::newRow("nested object, keys sorted") << QJsonValue(QJsonObject { { "b", 1 }, { "a", "x" } })
                                                << "{\"a\": \"x\", \"b\": 1}"_ba;
}

void tst_JsonWriter::values()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(jsonValueText(value), expected);
}

void tst_JsonWriter::objectWriter()
{
    QByteArray out = "prefix:";
    JsonWriter writer(out);
    writer.addString(QLatin1String("byteorder"), u"big");
    writer.addInteger(QLatin1String("content-length"), 7);
    writer.addValue(u"k\u00e9y", QJsonValue(true));
    writer.close();
    QCOMPARE(out, "prefix:{\"byteorder\": \"big\", \"content-length\": 7, \"k\xc3\xa9y\": true}"_ba);
}

void tst_JsonWriter::shortestReal_data()
{
    // What Python 3.11 prints for repr(float(...)).
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("one") << 1.0 << "1.0"_ba;
    QTest::newRow("negative zero") << -0.0 << "-0.0"_ba;
    QTest::newRow("a tenth") << 0.1 << "0.1"_ba;
    QTest::newRow("1e-4 positional") << 0.0001 << "0.0001"_ba;
    QTest::newRow("1e-5 exponent") << 1e-05 << "1e-05"_ba;
    QTest::newRow("1e15 positional") << 1e15 << "1000000000000000.0"_ba;
    QTest::newRow("1e16 exponent") << 1e16 << "1e+16"_ba;
    QTest::newRow("shortest digits") << 1.2345678901234567e19 << "1.2345678901234567e+19"_ba;
    QTest::newRow("big exponent") << 1e300 << "1e+300"_ba;
}

void tst_JsonWriter::shortestReal()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(shortestRealText(value), expected);
}

QTEST_APPLESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
