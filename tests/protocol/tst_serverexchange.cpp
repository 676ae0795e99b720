#include "decodehelpers.h"
#include "labsamples.h"
#include "serverexchange.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;
using namespace DecodeHelpers;

Q_DECLARE_METATYPE(ServerExchange::Problem)

// One connection's logic without a socket: events in, what to send, close and log out.
class tst_ServerExchange : public QObject
{
    Q_OBJECT

private slots:
    void answersTheLabsRequests_data();
    void answersTheLabsRequests();
    void events_data();
    void events();
    void oneRequestPerConnection();
    void transcriptOnlyWhenAsked();
    void peerIsNamedOnlyWhenALineNeedsIt();
};

namespace {

const Transcript::Peer peer { u"127.0.0.1"_s, 50000 };

ServerExchange::Settings settings(bool logTraffic = true)
{
    ServerExchange::Settings settings;
    settings.logTraffic = logTraffic;
    return settings;
}

// The answer's result, as the lab client would print it.
QString resultOf(const ServerExchange::Actions &actions)
{
    return DecodeHelpers::resultOf(actions.replyBytes());
}

} // namespace

void tst_ServerExchange::answersTheLabsRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("result");
    QTest::addColumn<QString>("receivedLine");
    QTest::newRow("search morpheus") << labRequests()[0].bytes << u"Follow the white rabbit. 🐰"_s
                                     << u"received request {'action': 'search', 'value': 'morpheus'} from ('127.0.0.1', 50000)"_s;
    QTest::newRow("double 7654321") << labRequests()[3].bytes << u"726573756c7400e99762"_s
                                    << u"received binary/custom-client-binary-type request from ('127.0.0.1', 50000)"_s;
    QTest::newRow("negate -300") << labRequests()[5].bytes << u"726573756c740000012c"_s
                                 << u"received binary/custom-client-binary-type request from ('127.0.0.1', 50000)"_s;
    QTest::newRow("binary smiley echoed") << labRequests()[2].bytes
                                          << QString::fromLatin1(("First 10 bytes of request: binary\xf0\x9f\x98\x83"_ba).toHex())
                                          << u"received binary/custom-client-binary-type request from ('127.0.0.1', 50000)"_s;
}

void tst_ServerExchange::answersTheLabsRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, result);
    QFETCH(QString, receivedLine);
    // Whole, and one byte at a time: the same answer and the same lines.
    for (const qsizetype chunk : { request.size(), qsizetype(1) }) {
        ServerExchange exchange(settings(), peer);
        QCOMPARE(exchange.accepted().traffic, QStringList { u"accepted connection from ('127.0.0.1', 50000)"_s });
        ServerExchange::Actions actions;
        for (qsizetype at = 0; at < request.size() && !actions.hasReply(); at += chunk) {
            QVERIFY(exchange.isReading());
            actions = exchange.bytesReceived(QByteArrayView(request).sliced(at, qMin(chunk, request.size() - at)));
        }
        QVERIFY(actions.hasReply());
        QVERIFY(actions.close);
        QVERIFY(actions.problem.isEmpty());
        QCOMPARE(resultOf(actions), result);
        QCOMPARE(actions.traffic.size(), 2);
        QCOMPARE(actions.traffic[0], receivedLine);
        QVERIFY(actions.traffic[1].startsWith(u"sending b'"_s));
        QVERIFY(!exchange.isReading());
        QCOMPARE(exchange.closingLine(), u"closing connection to ('127.0.0.1', 50000)"_s);
    }
}

void tst_ServerExchange::events_data()
{
    // What the client sends, then what happens to the connection; what must come out.
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QString>("event"); // "close", "timeout", "refuse" or "" (none)
    QTest::addColumn<bool>("answered");
    QTest::addColumn<QString>("resultStart");
    QTest::addColumn<QString>("problemPart");
    QTest::addColumn<ServerExchange::Problem>("problemKind"); // which lines come in floods
    using Problem = ServerExchange::Problem;
    const QByteArray search = labRequests()[0].bytes;
    QTest::newRow("closed before a byte: nothing to answer, nothing wrong")
            << QByteArray() << u"close"_s << false << QString() << QString() << Problem::None;
    QTest::newRow("half-closed mid-header: answered")
            << search.left(20) << u"close"_s << true
            << u"Error: The connection ended in the middle of the message's header"_s << u"TruncatedAtEof"_s << Problem::BadRequest;
    QTest::newRow("half-closed mid-content: answered")
            << search.left(search.size() - 1) << u"close"_s << true
            << u"Error: The connection ended in the middle of the message's content: 40 of its 41 bytes"_s
            << u"TruncatedAtEof"_s << Problem::BadRequest;
    QTest::newRow("little-endian prefix: answered at once")
            << "g\x00{\"byteorder\""_ba << QString() << true
            << u"Error: The 2-byte length prefix announces a 26368-byte header"_s << u"HeaderTooLarge at byte 0"_s << Problem::BadRequest;
    QTest::newRow("double with 6 bytes: answered")
            << frame(header("binary/custom-client-binary-type", "binary", 6), "double")
            << QString() << true << u"Error: double needs 10 bytes of content"_s << u"CommandTooShort"_s << Problem::BadRequest;
    QTest::newRow("timed out mid-request: answered")
            << search.left(5) << u"timeout"_s << true << u"Error: idle for too long"_s << u"idle for too long"_s << Problem::Timeout;
    QTest::newRow("timed out before a byte: answered")
            << QByteArray() << u"timeout"_s << true << u"Error: idle for too long"_s << u"idle for too long"_s << Problem::Timeout;
    QTest::newRow("refused mid-request: server busy")
            << search.left(5) << u"refuse"_s << true << u"Error: server busy: full"_s << u"server busy: full"_s << Problem::Busy;
}

void tst_ServerExchange::events()
{
    QFETCH(QByteArray, sent);
    QFETCH(QString, event);
    QFETCH(bool, answered);
    QFETCH(QString, resultStart);
    QFETCH(QString, problemPart);
    QFETCH(ServerExchange::Problem, problemKind);
    ServerExchange exchange(settings(false), peer);
    exchange.accepted();
    ServerExchange::Actions actions = exchange.bytesReceived(sent);
    if (event == u"close"_s)
        actions = exchange.peerClosed();
    else if (event == u"timeout"_s)
        actions = exchange.timedOut(u"idle for too long"_s);
    else if (event == u"refuse"_s)
        actions = exchange.refuse(u"full"_s);
    QVERIFY(actions.close);
    QCOMPARE(actions.hasReply(), answered);
    QVERIFY(!exchange.isReading());
    QCOMPARE(actions.problemKind, problemKind);
    if (!answered) {
        QVERIFY(actions.problem.isEmpty());
        return;
    }
    QVERIFY2(resultOf(actions).startsWith(resultStart), qPrintable(resultOf(actions)));
    QVERIFY2(actions.problem.contains(problemPart), qPrintable(actions.problem));
    QVERIFY(actions.problem.contains(u"('127.0.0.1', 50000)"_s));
}

void tst_ServerExchange::oneRequestPerConnection()
{
    // As in the lab: what follows the request is not read, and nothing else is answered.
    ServerExchange exchange(settings(), peer);
    const QByteArray twice = labRequests()[3].bytes + labRequests()[0].bytes;
    const ServerExchange::Actions first = exchange.bytesReceived(twice);
    QCOMPARE(resultOf(first), u"726573756c7400e99762"_s);
    for (const ServerExchange::Actions &later : { exchange.bytesReceived(labRequests()[0].bytes), exchange.peerClosed(),
                                                  exchange.timedOut(u"x"_s), exchange.refuse(u"x"_s) }) {
        QVERIFY(!later.hasReply());
        QVERIFY(!later.close);
        QVERIFY(later.traffic.isEmpty());
        QVERIFY(later.problem.isEmpty());
    }
}

void tst_ServerExchange::transcriptOnlyWhenAsked()
{
    ServerExchange quiet(settings(false), peer);
    QVERIFY(quiet.accepted().traffic.isEmpty());
    const ServerExchange::Actions actions = quiet.bytesReceived(labRequests()[0].bytes);
    QVERIFY(actions.hasReply());
    QVERIFY(actions.traffic.isEmpty());
}

void tst_ServerExchange::peerIsNamedOnlyWhenALineNeedsIt()
{
    int lookups = 0;
    ServerExchange exchange(settings(false), [&lookups] {
        ++lookups;
        return peer;
    });
    exchange.accepted();
    exchange.bytesReceived(labRequests()[0].bytes);
    QCOMPARE(lookups, 0); // a quiet server never formats a good client's address
    QVERIFY(exchange.closingLine().isEmpty());
    QCOMPARE(lookups, 0);
    ServerExchange bad(settings(false), [&lookups] {
        ++lookups;
        return peer;
    });
    QVERIFY(bad.bytesReceived("\x00\x00"_ba).problem.contains(u"('127.0.0.1', 50000)"_s));
    QCOMPARE(lookups, 1);
}

QTEST_APPLESS_MAIN(tst_ServerExchange)
#include "tst_serverexchange.moc"
