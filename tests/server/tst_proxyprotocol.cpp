#include "labrequests.h"
#include "proxyheaders.h"
#include "rawclient.h"
#include "serverprocess.h"

#include <QtCore/QElapsedTimer>
#include <QtTest/QTest>

#include <memory>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// wirelab-server --proxy-protocol, over real sockets: this test stands in for HAProxy, its
// headers written by the encoder of protocol/proxy.
class tst_ProxyProtocol : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void relayedClients_data();
    void relayedClients();
    void headerAndRequestInSeparateWrites();
    void malformedHeaderIsRefused_data();
    void malformedHeaderIsRefused();
    void headerCutOffIsRefused();
    void headerTimesOut();
    void defaultHeaderTimeoutIsThreeSeconds();
    void untrustedSourceIsRefused();
    void aFloodOfRefusalsIsSummedUp();

private:
    std::unique_ptr<ServerProcess> m_server; // trusts 127.0.0.1
};

namespace {

const QByteArray labDouble = LabRequests::request(u"double"_s, u"7654321"_s);

// A connection that sends these bytes in one write (a header and the request after it), and
// its own port, as the server sees it.
struct Relay
{
    std::unique_ptr<RawClient> client;
    quint16 port = 0;
};

Relay sendThrough(quint16 serverPort, const QByteArray &bytes)
{
    Relay relay { std::make_unique<RawClient>(serverPort) };
    if (relay.client->waitConnected()) {
        relay.port = relay.client->socket().localPort();
        relay.client->send(bytes);
    }
    return relay;
}

ServerProcess *startProxied(std::unique_ptr<ServerProcess> *server, const QString &trusted,
                            QStringList moreArguments = {})
{
    *server = std::make_unique<ServerProcess>(
            QStringList { u"--proxy-protocol"_s, u"--trusted-proxy"_s, trusted } + moreArguments);
    return (*server)->start() ? server->get() : nullptr;
}

} // namespace

void tst_ProxyProtocol::initTestCase()
{
    QVERIFY2(startProxied(&m_server, u"127.0.0.1"_s, { u"--threads"_s, u"2"_s }),
             qPrintable(m_server->error()));
}

void tst_ProxyProtocol::relayedClients_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>(
            "client"); // as the transcript names it; empty: this test's own address
    QTest::newRow("v1 TCP4") << ProxyHeaders::v1(u"203.0.113.7"_s, 51234, u"192.0.2.1"_s, 65432)
                             << u"('203.0.113.7', 51234)"_s;
    QTest::newRow("v1 TCP6") << ProxyHeaders::v1(u"2001:db8::7"_s, 40001, u"2001:db8::1"_s, 65432)
                             << u"('2001:db8::7', 40001)"_s;
    QTest::newRow("v2 TCP4") << ProxyHeaders::v2(u"198.51.100.20"_s, 61000, u"10.0.0.10"_s, 65432)
                             << u"('198.51.100.20', 61000)"_s;
    QTest::newRow("v2 TCP6") << ProxyHeaders::v2(u"2001:db8:0:1::20"_s, 40002, u"2001:db8::10"_s,
                                                 65432)
                             << u"('2001:db8:0:1::20', 40002)"_s;
    QTest::newRow("v2 LOCAL: the proxy's own health check")
            << encodeProxyHeaderV2(ProxyHeaders::local()) << QString();
    QTest::newRow("v1 UNKNOWN: the connection's own peer") << "PROXY UNKNOWN\r\n"_ba << QString();
}

void tst_ProxyProtocol::relayedClients()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, client);
    const Relay relay = sendThrough(m_server->port(), header + labDouble);
    QVERIFY(relay.client->waitClosed());
    QCOMPARE(relay.client->received(), LabRequests::answerTo(labDouble));
    if (client.isEmpty())
        client = u"('127.0.0.1', %1)"_s.arg(relay.port);
    // The whole exchange names the client, from the first line to the last.
    for (const QString &line : { u"accepted connection from "_s,
                                 u"received binary/custom-client-binary-type request from "_s,
                                 u"closing connection to "_s }) {
        const QByteArray expected = (line + client + u'\n').toUtf8();
        QTRY_VERIFY2_WITH_TIMEOUT(m_server->standardOutput().contains(expected),
                                  expected.constData(), 5000);
    }
}

void tst_ProxyProtocol::headerAndRequestInSeparateWrites()
{
    RawClient relay(m_server->port());
    QVERIFY(relay.waitConnected());
    const QByteArray header = ProxyHeaders::v2(u"192.0.2.44"_s, 44444, u"192.0.2.1"_s, 65432);
    relay.send(header.left(7));
    QVERIFY(relay.socket().waitForBytesWritten(5000) || relay.socket().bytesToWrite() == 0);
    relay.send(header.mid(7) + labDouble.left(3));
    relay.send(labDouble.mid(3));
    QVERIFY(relay.waitClosed());
    QCOMPARE(relay.received(), LabRequests::answerTo(labDouble));
    QTRY_VERIFY_WITH_TIMEOUT(
            m_server->standardOutput().contains("closing connection to ('192.0.2.44', 44444)\n"),
            5000);
}

void tst_ProxyProtocol::malformedHeaderIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason"); // in the answer and in the problem line
    QTest::newRow("the lab's request without a header")
            << labDouble
            << u"bad PROXY protocol header: not a PROXY protocol header: it starts with 0x00"_s;
    QTest::newRow("v1 with a port over 65535")
            << "PROXY TCP4 203.0.113.7 192.0.2.1 65536 65432\r\n"_ba + labDouble
            << u"the source port \"65536\" is not a port (0-65535, no leading zeros) (V1Malformed at byte 33)"_s;
    QTest::newRow("v1 with a lone LF")
            << "PROXY UNKNOWN\n"_ba + labDouble << u"(V1Malformed at byte 13)"_s;
    QByteArray badCommand = encodeProxyHeaderV2(ProxyHeaders::local());
    badCommand[12] = '\x2f';
    QTest::newRow("v2 with command 0xf")
            << badCommand + labDouble << u"(V2BadCommand at byte 12)"_s;
}

void tst_ProxyProtocol::malformedHeaderIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    // A server of its own: a second refusal within a second would only be counted.
    std::unique_ptr<ServerProcess> server;
    QVERIFY(startProxied(&server, u"127.0.0.1"_s));
    const Relay relay = sendThrough(server->port(), bytes);
    QVERIFY(relay.client->waitClosed());
    const QString result = relay.client->answerResult();
    QVERIFY2(result.startsWith(u"Error: bad PROXY protocol header: "_s) && result.contains(reason),
             qPrintable(result));
    const QByteArray problem = u"error: refusing ('127.0.0.1', %1): %2\n"_s.arg(relay.port)
                                       .arg(result.mid(7))
                                       .toUtf8();
    QByteArray errors;
    QTRY_VERIFY2_WITH_TIMEOUT(
            (errors += server->process().readAllStandardError()).contains(problem),
            errors.constData(), 5000);
    // Refused before the header named anyone: in no transcript line but the answer's.
    const QByteArray named = u"connection from ('127.0.0.1', %1)"_s.arg(relay.port).toUtf8();
    QVERIFY(!server->standardOutput().contains(named));
    // And the server goes on.
    const Relay next = sendThrough(server->port(), "PROXY UNKNOWN\r\n"_ba + labDouble);
    QVERIFY(next.client->waitClosed());
    QCOMPARE(next.client->received(), LabRequests::answerTo(labDouble));
    QCOMPARE(server->terminate(), 0);
    QVERIFY(!server->standardOutput().contains(
            u"closing connection to ('127.0.0.1', %1)"_s.arg(relay.port).toUtf8()));
}

void tst_ProxyProtocol::headerCutOffIsRefused()
{
    // The proxy half-closes inside the header: the answer still goes back to it.
    const QByteArray header = ProxyHeaders::v2(u"203.0.113.9"_s, 1000, u"192.0.2.1"_s, 65432);
    RawClient relay(m_server->port());
    QVERIFY(relay.waitConnected());
    relay.send(header.left(20));
    ::shutdown(int(relay.socket().socketDescriptor()), SHUT_WR);
    QVERIFY(relay.waitClosed());
    QCOMPARE(
            relay.answerResult(),
            u"Error: bad PROXY protocol header: the connection closed after 20 bytes of a v2 PROXY "
            "protocol header (Truncated at byte 20)"_s);
}

void tst_ProxyProtocol::headerTimesOut()
{
    std::unique_ptr<ServerProcess> server;
    QVERIFY(startProxied(&server, u"127.0.0.0/8"_s,
                         { u"--quiet"_s, u"--proxy-header-timeout"_s, u"0.3"_s }));
    const Relay stalled = sendThrough(server->port(), "PROXY TCP4 203.0.113.7 "_ba);
    QVERIFY(stalled.client->waitClosed(5000));
    QCOMPARE(stalled.client->answerResult(),
             u"Error: no complete PROXY protocol header within the header timeout of 300 ms"_s);
    const QByteArray problem
            = u"error: closing connection to ('127.0.0.1', %1): no complete PROXY protocol "
              "header within the header timeout of 300 ms\n"_s.arg(stalled.port)
                      .toUtf8();
    QByteArray errors;
    QTRY_VERIFY2_WITH_TIMEOUT(
            (errors += server->process().readAllStandardError()).contains(problem),
            errors.constData(), 5000);
}

void tst_ProxyProtocol::defaultHeaderTimeoutIsThreeSeconds()
{
    // The spec asks a receiver to wait at least 3 s; the server waits that long and not for
    // the idle timeout (10 s) by default.
    RawClient silent(m_server->port());
    QVERIFY(silent.waitConnected());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(silent.waitClosed(9000));
    QVERIFY2(clock.elapsed() >= 2900, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(silent.answerResult().contains(u"within the header timeout of 3000 ms"_s));
}

void tst_ProxyProtocol::untrustedSourceIsRefused()
{
    // A server behind a proxy at 192.0.2.1: this test, at 127.0.0.1, is a client that went
    // around it, however good its header.
    std::unique_ptr<ServerProcess> server;
    QVERIFY(startProxied(&server, u"192.0.2.1"_s));
    const Relay client = sendThrough(
            server->port(),
            ProxyHeaders::v2(u"203.0.113.7"_s, 51234, u"192.0.2.1"_s, 65432) + labDouble);
    QVERIFY(client.client->waitClosed());
    const QString reason
            = u"not a trusted proxy: this server takes connections only through its proxies, which "
              "name the client in a PROXY protocol header"_s;
    QCOMPARE(client.client->answerResult(), u"Error: "_s + reason);
    const QByteArray problem
            = u"error: refusing ('127.0.0.1', %1): %2\n"_s.arg(client.port).arg(reason).toUtf8();
    QByteArray errors;
    QTRY_VERIFY2_WITH_TIMEOUT(
            (errors += server->process().readAllStandardError()).contains(problem),
            errors.constData(), 5000);
    QCOMPARE(server->terminate(), 0);
    QVERIFY(!server->standardOutput().contains("connection from"));
    QVERIFY(!server->standardOutput().contains("203.0.113.7"));
}

void tst_ProxyProtocol::aFloodOfRefusalsIsSummedUp()
{
    std::unique_ptr<ServerProcess> server;
    QVERIFY(startProxied(&server, u"192.0.2.1"_s, { u"--quiet"_s, u"--threads"_s, u"1"_s }));
    constexpr int clients = 50;
    for (int i = 0; i < clients; ++i) {
        const Relay client = sendThrough(server->port(), labDouble);
        QVERIFY(client.client->waitClosed());
        QVERIFY(client.client->answerResult().startsWith(u"Error: not a trusted proxy"_s));
    }
    // The first in a second is said, the rest are counted and summed up once it is over.
    QByteArray errors;
    QTRY_VERIFY_WITH_TIMEOUT(
            (errors += server->process().readAllStandardError())
                    .contains("more connections refused (PROXY protocol) in the last"),
            5000);
    const QList<QByteArray> lines = errors.trimmed().split('\n');
    QVERIFY2(lines.size() < clients / 2, errors.constData());
    qsizetype counted = 0;
    for (const QByteArray &line : lines) {
        if (line.startsWith("error: refusing"))
            ++counted;
        else if (line.contains(" more connections refused (PROXY protocol)"))
            counted += line.mid(7, line.indexOf(' ', 7) - 7).toInt();
    }
    QCOMPARE(counted, qsizetype(clients));
}

QTEST_GUILESS_MAIN(tst_ProxyProtocol)
#include "tst_proxyprotocol.moc"
