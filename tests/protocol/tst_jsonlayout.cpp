#include "jsonlayout.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

Q_DECLARE_METATYPE(Span)

class tst_JsonLayout : public QObject
{
    Q_OBJECT

private slots:
    void spans_data();
    void spans();
    void keyOrderIsKept();
    void flatFastPath_data();
    void flatFastPath();
    void manyKeysLeaveTheFastPath();
};

void tst_JsonLayout::spans_data()
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

void tst_JsonLayout::spans()
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

void tst_JsonLayout::keyOrderIsKept()
{
    QStringList names;
    for (const FieldSpan &field : scanObjectFields("{\"value\": 1, \"action\": 2, \"m\": {}}"))
        names << field.name;
    QCOMPARE(names, (QStringList { u"value"_s, u"action"_s, u"m"_s }));
    QVERIFY(scanObjectFields("[1, 2]").isEmpty());
    QVERIFY(scanObjectFields("{}").isEmpty());
}

void tst_JsonLayout::flatFastPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("taken");
    QTest::newRow("lab header")
            << "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 41}"_ba
            << true;
    QTest::newRow("empty object") << "{}"_ba << true;
    QTest::newRow("negative integer") << "{\"a\": -3}"_ba << true;
    QTest::newRow("escape in a string") << "{\"a\": \"\\n\"}"_ba << false;
    QTest::newRow("fraction") << "{\"a\": 1.5}"_ba << false;
    QTest::newRow("leading zero") << "{\"a\": 01}"_ba << false;
    QTest::newRow("seventeen digits") << "{\"a\": 12345678901234567}"_ba << false;
    QTest::newRow("nested object") << "{\"a\": {}}"_ba << false;
    QTest::newRow("duplicate key") << "{\"a\": 1, \"a\": 2}"_ba << false;
    QTest::newRow("trailing garbage") << "{\"a\": 1} x"_ba << false;
    QTest::newRow("missing comma") << "{\"a\": 1 \"b\": 2}"_ba << false;
    QTest::newRow("true literal") << "{\"a\": true}"_ba << false;
}

void tst_JsonLayout::flatFastPath()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, taken);
    const std::optional<QList<JsonField>> fields = parseFlatObject(json, 2);
    QCOMPARE(fields.has_value(), taken);
    if (!taken || fields->isEmpty())
        return;
    // The fast path agrees with the general scan about every span.
    const QList<FieldSpan> scanned = scanObjectFields(json, 2);
    QCOMPARE(fields->size(), scanned.size());
    for (qsizetype i = 0; i < scanned.size(); ++i) {
        QCOMPARE(fields->at(i).span.name, scanned[i].name);
        QCOMPARE(fields->at(i).span.key, scanned[i].key);
        QCOMPARE(fields->at(i).span.value, scanned[i].value);
    }
}

void tst_JsonLayout::manyKeysLeaveTheFastPath()
{
    // The fast path checks each key against those before it: past a few dozen keys that
    // would be quadratic, so such an object goes to QJsonDocument.
    const auto object = [](qsizetype keys) {
        QByteArray text = "{";
        for (qsizetype i = 0; i < keys; ++i)
            text += (i ? ", \"k" : "\"k") + QByteArray::number(i) + "\": " + QByteArray::number(i);
        return text + "}";
    };
    const std::optional<QList<JsonField>> atLimit = parseFlatObject(object(FlatObjectMaxKeys));
    QVERIFY(atLimit);
    QCOMPARE(atLimit->size(), FlatObjectMaxKeys);
    QVERIFY(!parseFlatObject(object(FlatObjectMaxKeys + 1)));
    // And the decoder still reads every one of them.
    const QList<FieldSpan> spans = scanObjectFields(object(50000));
    QCOMPARE(spans.size(), 50000);
    QCOMPARE(spans.last().name, u"k49999"_s);
}

QTEST_APPLESS_MAIN(tst_JsonLayout)
#include "tst_jsonlayout.moc"
