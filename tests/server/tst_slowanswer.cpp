#include "labrequests.h"
#include "server.h"

#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Wirelab;

namespace {

// What the server's tap said of each connection, by the client's port.
struct TapLog
{
    QHash<quint16, Conversation> conversations;

    std::function<void(const Conversation &, std::chrono::steady_clock::time_point)> tap()
    {
        return [this](const Conversation &conversation, std::chrono::steady_clock::time_point) {
            conversations.insert(conversation.client.port, conversation);
        };
    }
    QList<QByteArray> dataFrom(quint16 port, Conversation::Side side) const
    {
        QList<QByteArray> pieces;
        for (const Conversation::Event &event : conversations.value(port).events) {
            if (event.kind == Conversation::Event::Kind::Data && event.from == side)
                pieces.append(event.bytes);
        }
        return pieces;
    }
    bool has(quint16 port, Conversation::Event::Kind kind, Conversation::Side side) const
    {
        for (const Conversation::Event &event : conversations.value(port).events) {
            if (event.kind == kind && event.from == side)
                return true;
        }
        return false;
    }
};

// A client on 127.0.0.1 that keeps each read apart.
struct ReadingClient
{
    QTcpSocket socket;
    QList<QByteArray> reads;

    explicit ReadingClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { reads.append(socket.readAll()); });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    QByteArray received() const { return reads.join(); }
};

} // namespace

// ServerConfig::answerChunkBytes and answerDelay (a slow server, for watching a client
// reassemble), and the conversation tap, in-process over real loopback sockets.
class tst_SlowAnswer : public QObject
{
    Q_OBJECT

private slots:
    void answerGoesOutInChunks_data();
    void answerGoesOutInChunks();
    void readsEndOnChunkBoundaries();
    void pausesDoNotHoldUpTheOthers();
    void tapRecordsBothDirectionsAndTheClose();
    void noTapNoPacingIsTheUsualServer();
};

void tst_SlowAnswer::answerGoesOutInChunks_data()
{
    QTest::addColumn<qint64>("chunk");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::newRow("1 byte") << 1ll << u"double"_s << u"21"_s;
    QTest::newRow("7 bytes, across the header's end") << 7ll << u"search"_s << u"morpheus"_s;
    QTest::newRow("10 bytes") << 10ll << u"negate"_s << u"-300"_s;
    QTest::newRow("larger than the answer") << 100000ll << u"double"_s << u"21"_s;
    QTest::newRow("0: the usual chunks, after the delay") << 0ll << u"search"_s << u"nothing"_s;
}

void tst_SlowAnswer::answerGoesOutInChunks()
{
    QFETCH(qint64, chunk);
    QFETCH(QString, action);
    QFETCH(QString, value);
    TapLog log;
    ServerConfig config;
    config.answerChunkBytes = chunk;
    config.answerDelay = 1ms;
    config.conversationTap = log.tap();
    Server server(config);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QByteArray request = LabRequests::request(action, value);
    const QByteArray answer = LabRequests::answerTo(request);
    ReadingClient client(server.serverPort());
    QVERIFY(client.socket.waitForConnected(10000));
    const quint16 port = client.socket.localPort();
    client.socket.write(request);
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), answer, 10000);
    const QList<QByteArray> writes = log.dataFrom(port, Conversation::Side::Server);
    QCOMPARE(writes.join(), answer);
    const qint64 size = chunk > 0 ? chunk : answer.size();
    QCOMPARE(writes.size(), (answer.size() + size - 1) / size);
    for (qsizetype i = 0; i + 1 < writes.size(); ++i)
        QCOMPARE(writes[i].size(), size);
    QTRY_VERIFY_WITH_TIMEOUT(
            log.has(port, Conversation::Event::Kind::Fin, Conversation::Side::Server), 10000);
}

void tst_SlowAnswer::readsEndOnChunkBoundaries()
{
    // A read may take in several chunks when the client is late, never part of one: each is
    // a segment of its own. With 30 ms between them the client sees more than one read.
    TapLog log;
    ServerConfig config;
    config.answerChunkBytes = 40;
    config.answerDelay = 30ms;
    config.conversationTap = log.tap();
    Server server(config);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QByteArray request = LabRequests::request(u"search"_s, u"morpheus"_s);
    const QByteArray answer = LabRequests::answerTo(request);
    ReadingClient client(server.serverPort());
    QVERIFY(client.socket.waitForConnected(10000));
    client.socket.write(request);
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), answer, 10000);
    QVERIFY2(client.reads.size() > 1, QByteArray::number(client.reads.size()));
    qsizetype offset = 0;
    for (const QByteArray &read : std::as_const(client.reads)) {
        offset += read.size();
        QVERIFY2(offset % 40 == 0 || offset == answer.size(), QByteArray::number(offset));
    }
}

void tst_SlowAnswer::pausesDoNotHoldUpTheOthers()
{
    // An hour before each chunk: while both wait, the worker reads both requests whole, and
    // stopping the server closes them.
    TapLog log;
    ServerConfig config;
    config.answerChunkBytes = 5;
    config.answerDelay = 1h;
    config.conversationTap = log.tap();
    auto server = std::make_unique<Server>(config);
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    const QByteArray request = LabRequests::request(u"double"_s, u"2"_s);
    ReadingClient first(server->serverPort());
    ReadingClient second(server->serverPort());
    QVERIFY(first.socket.waitForConnected(10000));
    QVERIFY(second.socket.waitForConnected(10000));
    first.socket.write(request);
    QTRY_COMPARE_WITH_TIMEOUT(
            log.dataFrom(first.socket.localPort(), Conversation::Side::Client).join(), request,
            10000);
    second.socket.write(request);
    QTRY_COMPARE_WITH_TIMEOUT(
            log.dataFrom(second.socket.localPort(), Conversation::Side::Client).join(), request,
            10000);
    QVERIFY(first.socket.state() == QAbstractSocket::ConnectedState);
    QVERIFY(first.reads.isEmpty());
    QVERIFY(second.reads.isEmpty());
    server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(first.socket.state(), QAbstractSocket::UnconnectedState, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(second.socket.state(), QAbstractSocket::UnconnectedState, 10000);
}

void tst_SlowAnswer::tapRecordsBothDirectionsAndTheClose()
{
    TapLog log;
    ServerConfig config;
    config.conversationTap = log.tap();
    Server server(config);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QByteArray request = LabRequests::request(u"negate"_s, u"5"_s);
    ReadingClient client(server.serverPort());
    QVERIFY(client.socket.waitForConnected(10000));
    const quint16 port = client.socket.localPort();
    client.socket.write(request.first(3));
    QTRY_COMPARE_WITH_TIMEOUT(log.dataFrom(port, Conversation::Side::Client).join(),
                              request.first(3), 10000);
    client.socket.write(request.sliced(3));
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), LabRequests::answerTo(request), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
            log.has(port, Conversation::Event::Kind::Fin, Conversation::Side::Server), 10000);
    const Conversation conversation = log.conversations.value(port);
    QCOMPARE(conversation.events.first().kind, Conversation::Event::Kind::Connected);
    QCOMPARE(conversation.client.address, u"127.0.0.1"_s);
    QCOMPARE(conversation.server.port, server.serverPort());
    QCOMPARE(log.dataFrom(port, Conversation::Side::Client),
             (QList<QByteArray> { request.first(3), request.sliced(3) }));
    QCOMPARE(log.dataFrom(port, Conversation::Side::Server).join(), LabRequests::answerTo(request));
    for (qsizetype i = 1; i < conversation.events.size(); ++i)
        QVERIFY(conversation.events[i].microseconds >= conversation.events[i - 1].microseconds);
}

void tst_SlowAnswer::noTapNoPacingIsTheUsualServer()
{
    Server server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QByteArray request = LabRequests::request(u"double"_s, u"21"_s);
    ReadingClient client(server.serverPort());
    QVERIFY(client.socket.waitForConnected(10000));
    client.socket.write(request);
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), LabRequests::answerTo(request), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(client.socket.state(), QAbstractSocket::UnconnectedState, 10000);
}

QTEST_GUILESS_MAIN(tst_SlowAnswer)
#include "tst_slowanswer.moc"
