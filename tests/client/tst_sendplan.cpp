#include "clientexchange.h"
#include "labrequests.h"
#include "sendplan.h"

#include <QtCore/QJsonDocument>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Wirelab;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

// A server on 127.0.0.1 that keeps each read apart, as it came: what a plan's pieces
// became on the wire. It answers once it has the whole request.
class ReadRecordingServer : public QTcpServer
{
public:
    ReadRecordingServer(QByteArray answer, qsizetype requestSize)
        : m_answer(std::move(answer)), m_requestSize(requestSize)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_reads.append(socket->readAll());
                    m_received += m_reads.last().size();
                    if (m_received >= m_requestSize) {
                        socket->write(m_answer);
                        socket->disconnectFromHost();
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    const QList<QByteArray> &reads() const { return m_reads; }
    qsizetype received() const { return m_received; }

private:
    QByteArray m_answer;
    qsizetype m_requestSize;
    QList<QByteArray> m_reads;
    qsizetype m_received = 0;
};

QList<QByteArray> cut(const QByteArray &bytes, const QList<Span> &pieces)
{
    QList<QByteArray> parts;
    for (const Span &piece : pieces)
        parts.append(bytes.mid(piece.offset, piece.length));
    return parts;
}

SendPlan planOf(SendPlan::Mode mode, qsizetype chunk = 16, QList<qsizetype> cuts = {},
                std::chrono::milliseconds pause = 0ms)
{
    SendPlan plan;
    plan.mode = mode;
    plan.chunkBytes = chunk;
    plan.cutPoints = cuts;
    plan.pauseBeforeLastByte = pause;
    return plan;
}

} // namespace

Q_DECLARE_METATYPE(Wirelab::SendPlan)

class tst_SendPlan : public QObject
{
    Q_OBJECT

private slots:
    void pieces_data();
    void pieces();
    void delays();
    void jsonRoundTrip();
    void damagedJsonIsRefused();
    void eachPieceIsAReadOfItsOwn_data();
    void eachPieceIsAReadOfItsOwn();
    void timedPiecesAllGoOut();
    void timeoutDoesNotCountThePlansPauses();
    void wholeIsOneWrite();
};

void tst_SendPlan::pieces_data()
{
    QTest::addColumn<SendPlan>("plan");
    QTest::addColumn<QList<Span>>("expected");
    using Mode = SendPlan::Mode;
    // double 7654321: a 2-byte prefix, a 127-byte header (this host is little-endian, or 124
    // on a big-endian one), a 10-byte content.
    const qsizetype header = LabRequests::request(u"double"_s, u"7654321"_s).size() - 12;
    const qsizetype size = header + 12;
    QTest::newRow("whole") << planOf(Mode::Whole) << QList<Span> { { 0, size } };
    QTest::newRow("whole, then the last byte") << planOf(Mode::Whole, 16, {}, 500ms)
                                               << QList<Span> { { 0, size - 1 }, { size - 1, 1 } };
    QTest::newRow("at the boundaries")
            << planOf(Mode::Boundaries)
            << QList<Span> { { 0, 2 }, { 2, header }, { 2 + header, 10 } };
    QTest::newRow("at the boundaries, then the last byte")
            << planOf(Mode::Boundaries, 16, {}, 1ms)
            << QList<Span> { { 0, 2 }, { 2, header }, { 2 + header, 9 }, { size - 1, 1 } };
    QTest::newRow("cut points, unsorted, repeated and out of range")
            << planOf(Mode::CutPoints, 16, { 50, 0, 7, 50, size, 9999 })
            << QList<Span> { { 0, 7 }, { 7, 43 }, { 50, size - 50 } };
    QTest::newRow("no cut points") << planOf(Mode::CutPoints) << QList<Span> { { 0, size } };
    QList<Span> chunks;
    for (qsizetype at = 0; at < size; at += 64)
        chunks.append({ at, qMin<qsizetype>(64, size - at) });
    QTest::newRow("64-byte chunks") << planOf(Mode::Chunks, 64) << chunks;
    QTest::newRow("a chunk larger than the request")
            << planOf(Mode::Chunks, 1000) << QList<Span> { { 0, size } };
    QList<Span> bytes;
    for (qsizetype at = 0; at < size; ++at)
        bytes.append({ at, 1 });
    QTest::newRow("one byte at a time") << planOf(Mode::ByteByByte) << bytes;
    QTest::newRow("one byte at a time, with the pause")
            << planOf(Mode::ByteByByte, 16, {}, 5ms) << bytes;
}

void tst_SendPlan::pieces()
{
    QFETCH(SendPlan, plan);
    QFETCH(QList<Span>, expected);
    const QByteArray request = LabRequests::request(u"double"_s, u"7654321"_s);
    QCOMPARE(plan.pieces(request), expected);
}

void tst_SendPlan::delays()
{
    SendPlan plan = planOf(SendPlan::Mode::ByteByByte, 16, {}, 700ms);
    plan.interval = 20ms;
    QCOMPARE(plan.delayBefore(0, 5), 0ms);
    QCOMPARE(plan.delayBefore(1, 5), 20ms);
    QCOMPARE(plan.delayBefore(3, 5), 20ms);
    QCOMPARE(plan.delayBefore(4, 5), 700ms);
    QCOMPARE(plan.description(), u"one byte at a time every 20 ms, the last byte after 700 ms"_s);
    QVERIFY(!plan.isWhole());
    QVERIFY(SendPlan().isWhole());
    QVERIFY(!planOf(SendPlan::Mode::Whole, 16, {}, 1ms).isWhole());
}

void tst_SendPlan::jsonRoundTrip()
{
    SendPlan plan = planOf(SendPlan::Mode::CutPoints, 3, { 2, 40, 100 }, 250ms);
    plan.interval = 15ms;
    const QJsonObject json = plan.toJson();
    QCOMPARE(json.value("mode").toString(), u"cut-points"_s);
    const std::optional<SendPlan> read
            = SendPlan::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
    QVERIFY(read);
    QCOMPARE(*read, plan);
    for (const auto mode :
         { SendPlan::Mode::Whole, SendPlan::Mode::Chunks, SendPlan::Mode::Boundaries,
           SendPlan::Mode::ByteByByte, SendPlan::Mode::CutPoints })
        QCOMPARE(SendPlan::modeNamed(SendPlan::modeName(mode)), std::optional(mode));
}

void tst_SendPlan::damagedJsonIsRefused()
{
    const QJsonObject good = SendPlan().toJson();
    for (const auto &[key, value] : { std::pair { "mode", QJsonValue(u"sideways"_s) },
                                      std::pair { "chunk-bytes", QJsonValue(-1) },
                                      std::pair { "interval-ms", QJsonValue(1.5) },
                                      std::pair { "cut-points", QJsonValue(u"1,2"_s) },
                                      std::pair { "pause-before-last-byte-ms", QJsonValue() } }) {
        QJsonObject damaged = good;
        damaged.insert(QLatin1String(key), value);
        QVERIFY2(!SendPlan::fromJson(damaged), key);
    }
}

void tst_SendPlan::eachPieceIsAReadOfItsOwn_data()
{
    QTest::addColumn<SendPlan>("plan");
    using Mode = SendPlan::Mode;
    QTest::newRow("at the boundaries") << planOf(Mode::Boundaries);
    QTest::newRow("one byte at a time") << planOf(Mode::ByteByByte);
    QTest::newRow("20-byte chunks") << planOf(Mode::Chunks, 20);
    QTest::newRow("cut points") << planOf(Mode::CutPoints, 16, { 1, 3, 100 });
    QTest::newRow("whole, then the last byte") << planOf(Mode::Whole, 16, {}, 1ms);
}

void tst_SendPlan::eachPieceIsAReadOfItsOwn()
{
    // The pauses are the test's: an hour each, cut short by sendNextPieceNow() once the server
    // has read the piece before, so the reads are the pieces whatever the machine's speed.
    QFETCH(SendPlan, plan);
    plan.interval = 1h;
    if (plan.pauseBeforeLastByte.count() > 0)
        plan.pauseBeforeLastByte = 1h;
    const QByteArray request = LabRequests::request(u"negate"_s, u"-300"_s);
    const QList<QByteArray> expected = cut(request, plan.pieces(request));
    ReadRecordingServer server(LabRequests::answerTo(request), request.size());
    ClientExchange exchange;
    exchange.setSendPlan(plan);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    QSignalSpy received(&exchange, &ClientExchange::responseReceived);
    QSignalSpy sent(&exchange, &ClientExchange::requestSent);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    qsizetype arrived = 0;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        if (i > 0) {
            QCOMPARE(sent.size(), 0);
            exchange.sendNextPieceNow();
        }
        arrived += expected[i].size();
        QTRY_COMPARE_WITH_TIMEOUT(server.received(), arrived, 10000);
        QCOMPARE(exchange.piecesSent(), i + 1);
    }
    QCOMPARE(server.reads(), expected);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(received.size(), 1);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(exchange.pieceCount(), expected.size());
    // The conversation has one write per piece, with its bytes.
    QList<QByteArray> writes;
    for (const Conversation::Event &event : exchange.conversation().events) {
        if (event.kind == Conversation::Event::Kind::Data
            && event.from == Conversation::Side::Client)
            writes.append(event.bytes);
    }
    QCOMPARE(writes, expected);
}

void tst_SendPlan::timedPiecesAllGoOut()
{
    SendPlan plan = planOf(SendPlan::Mode::Chunks, 25, {}, 2ms);
    plan.interval = 1ms;
    const QByteArray request = LabRequests::request(u"search"_s, u"morpheus"_s);
    ReadRecordingServer server(LabRequests::answerTo(request), request.size());
    ClientExchange exchange;
    exchange.setSendPlan(plan);
    QSignalSpy received(&exchange, &ClientExchange::responseReceived);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    QVERIFY(finished.wait(10000));
    QCOMPARE(received.size(), 1);
    QCOMPARE(received[0][1].toByteArray(), LabRequests::answerTo(request));
    QCOMPARE(server.reads().join(), request);
    QCOMPARE(exchange.piecesSent(), plan.pieces(request).size());
    QCOMPARE(exchange.conversation().bytesFrom(Conversation::Side::Client), request);
}

void tst_SendPlan::timeoutDoesNotCountThePlansPauses()
{
    // Pauses of 150 ms under a timeout of 40 ms: the exchange still ends answered.
    SendPlan plan = planOf(SendPlan::Mode::Boundaries);
    plan.interval = 150ms;
    const QByteArray request = LabRequests::request(u"double"_s, u"21"_s);
    ReadRecordingServer server(LabRequests::answerTo(request), request.size());
    ClientExchange exchange;
    exchange.setTimeout(40ms);
    exchange.setSendPlan(plan);
    QSignalSpy received(&exchange, &ClientExchange::responseReceived);
    QSignalSpy failed(&exchange, &ClientExchange::failed);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(received.size(), 1);
    QCOMPARE(server.reads().size(), 3);
}

void tst_SendPlan::wholeIsOneWrite()
{
    const QByteArray request = LabRequests::request(u"double"_s, u"21"_s);
    ReadRecordingServer server(LabRequests::answerTo(request), request.size());
    ClientExchange exchange;
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    QVERIFY(finished.wait(10000));
    QCOMPARE(exchange.piecesSent(), 1);
    QCOMPARE(exchange.pieceCount(), 1);
    QCOMPARE(exchange.conversation().bytesFrom(Conversation::Side::Client), request);
}

QTEST_GUILESS_MAIN(tst_SendPlan)
#include "tst_sendplan.moc"
