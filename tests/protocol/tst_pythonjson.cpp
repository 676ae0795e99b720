#include "pythonjson.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// Expected bytes are what Python 3.11's json.dumps(..., ensure_ascii=False).encode() gave.
class tst_PythonJson : public QObject
{
    Q_OBJECT

private slots:
    void orderedObject();
    void values_data();
    void values();
    void objectWriter();
};

void tst_PythonJson::orderedObject()
{
    const PythonJson::OrderedObject object = {
        { u"q"_s, u"a\"b\\c"_s },
        { u"c"_s, u"\x01\n\t\x7f"_s },
        { u"e"_s, u"🐶é"_s },
        { u"i"_s, 1 },
        { u"f"_s, 0.5 },
        { u"g"_s, 1e16 },
        { u"h"_s, 1e-05 },
        { u"t"_s, true },
        { u"n"_s, QJsonValue::Null },
        { u"l"_s, QJsonArray { 1, QJsonArray(), QJsonObject() } },
        { u"o"_s, QJsonObject() },
    };
    QCOMPARE(PythonJson::dumps(object),
             "{\"q\": \"a\\\"b\\\\c\", \"c\": \"\\u0001\\n\\t\x7f\", \"e\": \"\xf0\x9f\x90\xb6\xc3\xa9\", "
             "\"i\": 1, \"f\": 0.5, \"g\": 1e+16, \"h\": 1e-05, \"t\": true, \"n\": null, "
             "\"l\": [1, [], {}], \"o\": {}}"_ba);
}

void tst_PythonJson::values_data()
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

void tst_PythonJson::values()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(PythonJson::dumps(value), expected);
}

void tst_PythonJson::objectWriter()
{
    QByteArray out = "prefix:";
    PythonJson::ObjectWriter writer(out);
    writer.addString(QLatin1String("byteorder"), u"big");
    writer.addInteger(QLatin1String("content-length"), 7);
    writer.addValue(u"k\u00e9y", QJsonValue(true));
    writer.close();
    QCOMPARE(out, "prefix:{\"byteorder\": \"big\", \"content-length\": 7, \"k\xc3\xa9y\": true}"_ba);
}

QTEST_APPLESS_MAIN(tst_PythonJson)
#include "tst_pythonjson.moc"
