#include "labprotocol.h"
#include "labsamples.h"
#include "messagedecoder.h"
#include "messageencoder.h"

#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Wirelab;

namespace {

ByteOrder orderNamed(const char *name)
{
    return qstrcmp(name, "little") == 0 ? ByteOrder::Little : ByteOrder::Big;
}

} // namespace

class tst_MessageEncoder : public QObject
{
    Q_OBJECT

private slots:
    void labRequestsByteForByte_data();
    void labRequestsByteForByte();
    void labResponsesByteForByte_data();
    void labResponsesByteForByte();
    void roundTrip_data();
    void roundTrip();
    void extraFieldsFollowTheFour();
    void headerTooLarge();
};

void tst_MessageEncoder::labRequestsByteForByte_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("byteorder");
    QTest::addColumn<QByteArray>("expected");
    for (const LabSample &sample : labRequests())
        QTest::newRow(sample.name) << sample.action << sample.value
                                   << QString::fromLatin1(sample.byteorder) << sample.bytes;
}

void tst_MessageEncoder::labRequestsByteForByte()
{
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QString, byteorder);
    QFETCH(QByteArray, expected);
    const Lab::RequestResult request = Lab::buildRequest(
            action, value, byteorder == u"little"_s ? ByteOrder::Little : ByteOrder::Big);
    QVERIFY(request.ok());
    const EncodeResult encoded = encodeMessage(request.message);
    QVERIFY(encoded.ok());
    QCOMPARE(encoded.bytes, expected);
}

void tst_MessageEncoder::labResponsesByteForByte_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("byteorder");
    QTest::addColumn<QByteArray>("expected");
    // The lab server answers each lab request with the bytes the lab text prints.
    for (qsizetype i = 0; i < labRequests().size(); ++i)
        QTest::newRow(labResponses()[i].name)
                << labRequests()[i].bytes << QString::fromLatin1(labResponses()[i].byteorder)
                << labResponses()[i].bytes;
}

void tst_MessageEncoder::labResponsesByteForByte()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, byteorder);
    QFETCH(QByteArray, expected);
    MessageDecoder decoder;
    decoder.feed(request);
    const DecodeResult decoded = decoder.next();
    QCOMPARE(decoded.status, DecodeResult::Status::MessageReady);
    const Message answer = Lab::answerRequest(decoded.message, Lab::SearchTable::builtIn(),
                                              orderNamed(byteorder.toLatin1().constData()));
    QCOMPARE(encodeMessage(answer).bytes, expected);
}

void tst_MessageEncoder::roundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const LabSample &sample : labRequests() + labResponses())
        QTest::newRow(sample.name) << sample.bytes;
}

void tst_MessageEncoder::roundTrip()
{
    QFETCH(QByteArray, bytes);
    MessageDecoder decoder;
    decoder.feed(bytes);
    const DecodeResult decoded = decoder.next();
    QCOMPARE(decoded.status, DecodeResult::Status::MessageReady);
    QCOMPARE(encodeMessage(decoded.message.message).bytes, bytes);
}

void tst_MessageEncoder::extraFieldsFollowTheFour()
{
    Message message;
    message.header = { u"big"_s, u"a/b"_s, u"binary"_s, QJsonObject { { "note", "hi" } } };
    message.content = "xy";
    const QByteArray bytes = encodeMessage(message).bytes;
    QCOMPARE(bytes.mid(2), "{\"byteorder\": \"big\", \"content-type\": \"a/b\", \"content-encoding\": "
                           "\"binary\", \"content-length\": 2, \"note\": \"hi\"}xy"_ba);
    MessageDecoder decoder;
    decoder.feed(bytes);
    QCOMPARE(decoder.next().message.message, message);
}

void tst_MessageEncoder::headerTooLarge()
{
    Message message;
    message.header = { u"big"_s, QString(65535, u'x'), u"binary"_s, {} };
    const EncodeResult encoded = encodeMessage(message);
    QVERIFY(!encoded.ok());
    QVERIFY(encoded.error->reason.contains(u"65535"_s));
    QVERIFY(encoded.bytes.isEmpty());
}

QTEST_APPLESS_MAIN(tst_MessageEncoder)
#include "tst_messageencoder.moc"
