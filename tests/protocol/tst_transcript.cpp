#include "labsamples.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "transcript.h"

#include <QtTest/QTest>

using namespace Wirelab;

namespace {

DecodedMessage decode(const QByteArray &bytes)
{
    MessageDecoder decoder;
    decoder.feed(bytes);
    return decoder.next().message;
}

const Transcript::Peer labServer { u"localhost"_s, 9000 };

} // namespace

// The lab text's own lines, word for word.
class tst_Transcript : public QObject
{
    Q_OBJECT

private slots:
    void clientLines();
    void binaryResponseLines_data();
    void binaryResponseLines();
    void jsonResponseLines();
    void serverLines();
};

void tst_Transcript::clientLines()
{
    QCOMPARE(Transcript::startingConnection(labServer), u"starting connection to ('localhost', 9000)"_s);
    QCOMPARE(Transcript::sending(labRequests()[3].bytes, labServer),
             u"sending b'\\x00\\x7f{\"byteorder\": \"little\", \"content-type\": "
             "\"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", "
             "\"content-length\": 10}double\\x00t\\xcb\\xb1' to ('localhost', 9000)"_s);
    QCOMPARE(Transcript::closingConnection(labServer), u"closing connection to ('localhost', 9000)"_s);
}

void tst_Transcript::binaryResponseLines_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QStringList>("expected");
    const QString received = u"received binary/custom-server-binary-type response from ('localhost', 9000)"_s;
    QTest::newRow("double 7654321") << labResponses()[3].bytes
                                    << QStringList { received, u"got response: b'result\\x00\\xe9\\x97b'"_s,
                                                     u"result:  15308642"_s };
    QTest::newRow("negate 7654321") << labResponses()[4].bytes
                                    << QStringList { received, u"got response: b'result\\xff\\x8b4O'"_s,
                                                     u"result:  -7654321"_s };
    QTest::newRow("negate -300") << labResponses()[5].bytes
                                 << QStringList { received, u"got response: b'result\\x00\\x00\\x01,'"_s,
                                                  u"result:  300"_s };
    QTest::newRow("binary smiley") << labResponses()[2].bytes
                                   << QStringList { received,
                                                    u"got response: b'First 10 bytes of request: "
                                                    "binary\\xf0\\x9f\\x98\\x83'"_s };
}

void tst_Transcript::binaryResponseLines()
{
    QFETCH(QByteArray, response);
    QFETCH(QStringList, expected);
    QCOMPARE(Transcript::receivedResponse(decode(response), labServer), expected);
}

void tst_Transcript::jsonResponseLines()
{
    const Transcript::Peer peer { u"10.0.1.1"_s, 65432 };
    QCOMPARE(Transcript::receivedResponse(decode(labResponses()[0].bytes), peer),
             (QStringList { u"received response {'result': 'Follow the white rabbit. 🐰'} from ('10.0.1.1', 65432)"_s,
                            u"got result: Follow the white rabbit. 🐰"_s }));
}

void tst_Transcript::serverLines()
{
    const Transcript::Peer client { u"10.0.2.2"_s, 55340 };
    QCOMPARE(Transcript::listeningOn({ QString(), 65432 }), u"listening on ('', 65432)"_s);
    QCOMPARE(Transcript::acceptedConnection(client), u"accepted connection from ('10.0.2.2', 55340)"_s);
    QCOMPARE(Transcript::receivedRequest(decode(labRequests()[6].bytes), client),
             u"received request {'action': 'search', 'value': 'morpheus'} from ('10.0.2.2', 55340)"_s);
    QCOMPARE(Transcript::receivedRequest(decode(labRequests()[7].bytes), client),
             u"received request {'action': 'search', 'value': '🐶'} from ('10.0.2.2', 55340)"_s);
    QCOMPARE(Transcript::receivedRequest(decode(labRequests()[2].bytes), client),
             u"received binary/custom-client-binary-type request from ('10.0.2.2', 55340)"_s);
    // Numbers and nested keys as Python prints what json.loads() gave it.
    MessageDecoder decoder;
    const QByteArray content = R"({"value": {"z": 1e5, "a": 12345678901234567890}, "action": "search"})";
    Message odd;
    odd.header = { u"big"_s, u"text/json"_s, u"utf-8"_s, {} };
    odd.content = content;
    decoder.feed(encodeMessage(odd).bytes);
    QCOMPARE(Transcript::receivedRequest(decoder.next().message, client),
             u"received request {'value': {'z': 100000.0, 'a': 12345678901234567890}, 'action': 'search'} "
             "from ('10.0.2.2', 55340)"_s);
    QCOMPARE(Transcript::caughtKeyboardInterrupt(), u"caught keyboard interrupt, exiting"_s);
}

QTEST_APPLESS_MAIN(tst_Transcript)
#include "tst_transcript.moc"
