#include "clientexchange.h"
#include "exchangetimeline.h"
#include "historyfile.h"
#include "labrequests.h"
#include "server.h"
#include "stepthrough.h"
#include "timelinechecks.h"
#include "timelinemodel.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Wirelab;

Q_DECLARE_METATYPE(Wirelab::SendPlan)

namespace {

using Event = ExchangeTimeline::Event;
using Side = Conversation::Side;

// The built-in server as the window runs it (one worker in this thread), its conversations
// kept by the client's port, and one exchange through it: a real loopback exchange whose
// two ends make one timeline.
class BothEnds
{
public:
    explicit BothEnds(ServerConfig config = {})
    {
        config.threads = 1;
        config.conversationTap = [this](const Conversation &conversation, std::chrono::steady_clock::time_point origin) {
            m_server[conversation.client.port] = { conversation, origin };
        };
        m_engine = std::make_unique<Server>(config);
        m_engine->listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_engine->serverPort(); }
    Conversation serverSide(const ClientExchange &exchange) const
    {
        const Conversation client = exchange.conversation();
        const auto found = m_server.constFind(client.client.port);
        if (found == m_server.cend())
            return {};
        return ExchangeTimeline::rebased(found->first, client, found->second, exchange.conversationOrigin());
    }
    qsizetype serverReceived(quint16 clientPort) const
    {
        return m_server.value(clientPort).first.bytesFrom(Side::Client).size();
    }
    bool serverClosed(quint16 clientPort) const
    {
        for (const Conversation::Event &event : m_server.value(clientPort).first.events) {
            if (event.kind == Conversation::Event::Kind::Fin && event.from == Side::Server)
                return true;
        }
        return false;
    }

private:
    std::unique_ptr<Server> m_engine;
    QHash<quint16, std::pair<Conversation, std::chrono::steady_clock::time_point>> m_server;
};

SendPlan planOf(SendPlan::Mode mode, QList<qsizetype> cuts = {})
{
    SendPlan plan;
    plan.mode = mode;
    plan.cutPoints = cuts;
    plan.chunkBytes = 20;
    plan.interval = 1h; // the test sends each piece once the last is read: sendNextPieceNow()
    return plan;
}

// A conversation written by hand: the client connects, writes, reads, and the server closes.
Conversation handMade(const QList<QByteArray> &writes, const QList<QByteArray> &reads, bool serverCloses)
{
    Conversation conversation;
    conversation.client = { u"127.0.0.1"_s, 40000 };
    conversation.server = { u"127.0.0.1"_s, 65432 };
    conversation.startTime = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    qint64 at = 100;
    conversation.events.append({ Conversation::Event::Kind::Connected, Side::Client, at, {}, {} });
    for (const QByteArray &write : writes)
        conversation.events.append({ Conversation::Event::Kind::Data, Side::Client, at += 100, write, {} });
    for (const QByteArray &read : reads)
        conversation.events.append({ Conversation::Event::Kind::Data, Side::Server, at += 100, read, {} });
    if (serverCloses)
        conversation.events.append({ Conversation::Event::Kind::Fin, Side::Server, at += 100, {}, {} });
    conversation.events.append({ Conversation::Event::Kind::Fin, Side::Client, at += 100, {}, {} });
    return conversation;
}

QList<QByteArray> bytewise(const QByteArray &bytes)
{
    QList<QByteArray> pieces;
    for (const char byte : bytes)
        pieces.append(QByteArray(1, byte));
    return pieces;
}

} // namespace

// The timeline of an exchange (both ends, on one clock), its decoder states, the step-
// through, and the timeline in history files: model classes, no widget.
class tst_Timeline : public QObject
{
    Q_OBJECT

private slots:
    void eachPlanGivesTheReadsAndStatesExpected_data();
    void eachPlanGivesTheReadsAndStatesExpected();
    void slowServerAnswerIsReassembledReadByRead();
    void bothEndsOnOneClock();
    void clientEndOnly();
    void cutOffAnswerFailsAtTheFin();
    void malformedAnswerFailsAtItsOffset();
    void stepThroughShowsTheStateAtEachStep();
    void stepThroughOfAnExchangeFromHistory();
    void outlineSoFarColoursWhatCanBeRead();
    void timelineModelGrowsLive();
    void historyRoundTripKeepsTheTimeline();
    void historyWithoutTheTimelineStillLoads();
    void damagedServerConversationIsSkipped();
};

void tst_Timeline::eachPlanGivesTheReadsAndStatesExpected_data()
{
    QTest::addColumn<SendPlan>("plan");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    using Mode = SendPlan::Mode;
    QTest::newRow("byte by byte, double") << planOf(Mode::ByteByByte) << u"double"_s << u"7654321"_s;
    QTest::newRow("byte by byte, search") << planOf(Mode::ByteByByte) << u"search"_s << u"morpheus"_s;
    QTest::newRow("at the boundaries, negate") << planOf(Mode::Boundaries) << u"negate"_s << u"-300"_s;
    QTest::newRow("at the boundaries, search") << planOf(Mode::Boundaries) << u"search"_s << u"🐶"_s;
    QTest::newRow("inside the prefix") << planOf(Mode::CutPoints, { 1 }) << u"double"_s << u"1"_s;
    QTest::newRow("inside the header and the content") << planOf(Mode::CutPoints, { 60, 135 }) << u"double"_s << u"1"_s;
    QTest::newRow("20-byte chunks") << planOf(Mode::Chunks) << u"search"_s << u"ring"_s;
    SendPlan pause = planOf(Mode::Whole);
    pause.pauseBeforeLastByte = 1h;
    QTest::newRow("a pause before the last byte") << pause << u"search"_s << u"ring"_s;
    QTest::newRow("whole") << planOf(Mode::Whole) << u"search"_s << u"ring"_s;
}

void tst_Timeline::eachPlanGivesTheReadsAndStatesExpected()
{
    QFETCH(SendPlan, plan);
    QFETCH(QString, action);
    QFETCH(QString, value);
    const QByteArray request = LabRequests::request(action, value);
    const QList<Span> pieces = plan.pieces(request);
    BothEnds ends;
    ClientExchange exchange;
    exchange.setSendPlan(plan);
    QSignalSpy connected(&exchange, &ClientExchange::connected);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, ends.port(), request);
    QVERIFY(connected.wait(10000));
    const quint16 clientPort = exchange.conversation().client.port;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i > 0)
            exchange.sendNextPieceNow();
        QTRY_COMPARE_WITH_TIMEOUT(ends.serverReceived(clientPort), pieces[i].end(), 10000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(ends.serverClosed(clientPort), 10000);

    const ExchangeTimeline timeline(exchange.conversation(), ends.serverSide(exchange));
    QVERIFY(timeline.hasBothEnds());
    const QList<const Event *> reads = eventsOf(timeline, Event::Kind::Read, Side::Server);
    QCOMPARE(reads.size(), pieces.size());
    const qint64 headerLength = qFromBigEndian<quint16>(request.constData());
    const qint64 contentLength = request.size() - 2 - headerLength;
    for (qsizetype i = 0; i < reads.size(); ++i) {
        const Event &read = *reads[i];
        QCOMPARE(read.stream, ExchangeTimeline::Stream::Request);
        QCOMPARE(read.offset, pieces[i].offset);
        QCOMPARE(read.bytes, request.mid(pieces[i].offset, pieces[i].length));
        QVERIFY(read.state);
        QCOMPARE(read.state->text(), expectedState(pieces[i].end(), headerLength, contentLength));
        QVERIFY(read.microseconds >= 0);
    }
    // Every write of the client comes before the server's read of it.
    const QList<const Event *> writes = eventsOf(timeline, Event::Kind::Write, Side::Client);
    QCOMPARE(writes.size(), pieces.size());
    for (qsizetype i = 0; i < writes.size(); ++i)
        QVERIFY(writes[i]->microseconds <= reads[i]->microseconds);
    QCOMPARE(timeline.boundaries(ExchangeTimeline::Stream::Request).size(), pieces.size() - 1);
    // The answer, read by the client, complete.
    const QList<const Event *> answer = eventsOf(timeline, Event::Kind::Read, Side::Client);
    QVERIFY(!answer.isEmpty());
    QVERIFY(answer.last()->state->text().startsWith(u"message complete"_s));
}

void tst_Timeline::slowServerAnswerIsReassembledReadByRead()
{
    // The slow built-in server answers 10 bytes at a time: each read of the client has the
    // decoder's state for all that has arrived, whatever the reads were.
    ServerConfig config;
    config.answerChunkBytes = 10;
    config.answerDelay = 5ms;
    BothEnds ends(config);
    const QByteArray request = LabRequests::request(u"search"_s, u"morpheus"_s);
    const QByteArray answer = LabRequests::answerTo(request);
    ClientExchange exchange;
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, ends.port(), request);
    QVERIFY(finished.wait(10000));
    const ExchangeTimeline timeline(exchange.conversation(), ends.serverSide(exchange));
    const QList<const Event *> writes = eventsOf(timeline, Event::Kind::Write, Side::Server);
    QCOMPARE(writes.size(), (answer.size() + 9) / 10);
    const QList<const Event *> reads = eventsOf(timeline, Event::Kind::Read, Side::Client);
    QVERIFY(reads.size() > 1);
    const qint64 headerLength = qFromBigEndian<quint16>(answer.constData());
    qint64 end = 0;
    for (const Event *read : reads) {
        QCOMPARE(read->offset, end);
        end += read->bytes.size();
        QCOMPARE(read->state->text(), expectedState(end, headerLength, answer.size() - 2 - headerLength));
    }
    QCOMPARE(end, answer.size());
    // Each chunk is read after it was written.
    for (const Event *read : reads) {
        const qsizetype chunk = qsizetype(read->offset / 10);
        QVERIFY(writes[chunk]->microseconds <= read->microseconds);
    }
}

void tst_Timeline::bothEndsOnOneClock()
{
    BothEnds ends;
    const QByteArray request = LabRequests::request(u"double"_s, u"21"_s);
    ClientExchange exchange;
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, ends.port(), request);
    QVERIFY(finished.wait(10000));
    const quint16 clientPort = exchange.conversation().client.port;
    QTRY_VERIFY_WITH_TIMEOUT(ends.serverClosed(clientPort), 10000);
    const ExchangeTimeline timeline(exchange.conversation(), ends.serverSide(exchange));
    const QList<Event> &events = timeline.events();
    for (qsizetype i = 1; i < events.size(); ++i)
        QVERIFY(events[i - 1].microseconds <= events[i].microseconds);
    QCOMPARE(eventsOf(timeline, Event::Kind::Accepted, Side::Server).size(), 1);
    QCOMPARE(eventsOf(timeline, Event::Kind::Connected, Side::Client).size(), 1);
    // The lab's server closes once its answer is out: it closed first.
    const ExchangeTimeline::Details details = timeline.details();
    QCOMPARE(details.closedFirst, std::optional(Side::Server));
    QCOMPARE(details.requestBytes, request.size());
    QCOMPARE(details.responseBytes, LabRequests::answerTo(request).size());
    QCOMPARE(details.client.port, clientPort);
    QCOMPARE(details.server.port, ends.port());
    QVERIFY(details.bothEnds);
    QVERIFY(details.firstByteMicroseconds >= 0);
    QVERIFY(details.lastByteMicroseconds >= details.firstByteMicroseconds);
    const QStringList lines = details.lines();
    QVERIFY2(lines.contains(u"Closed: the server closed first (FIN)"_s), qPrintable(lines.join('\n')));
    QVERIFY(lines.first().contains(u":%1"_s.arg(ends.port())));
    int closedFirst = 0;
    for (const Event &event : events)
        closedFirst += event.closedFirst ? 1 : 0;
    QCOMPARE(closedFirst, 1);
}

void tst_Timeline::clientEndOnly()
{
    const QByteArray request = LabRequests::request(u"double"_s, u"21"_s);
    const QByteArray answer = LabRequests::answerTo(request);
    const ExchangeTimeline timeline(handMade({ request.first(2), request.sliced(2) }, { answer }, true));
    QVERIFY(!timeline.hasBothEnds());
    QCOMPARE(timeline.events().size(), 6);
    QCOMPARE(timeline.events()[0].microseconds, 0); // the connect is the origin
    QCOMPARE(timeline.events()[1].text(), u"wrote 2 bytes: request bytes 0–1"_s);
    QVERIFY(!timeline.events()[1].state); // nobody read it that we know of
    QCOMPARE(timeline.events()[3].text(), u"read %1 bytes: response bytes 0–%2"_s.arg(answer.size()).arg(answer.size() - 1));
    QCOMPARE(timeline.events()[3].state->text(), u"message complete (%1 bytes)"_s.arg(answer.size()));
    QCOMPARE(timeline.events()[4].text(), u"the server closed its side (FIN): closed first"_s);
    QCOMPARE(timeline.events()[5].text(), u"closed its side (FIN)"_s);
    QCOMPARE(timeline.boundaries(ExchangeTimeline::Stream::Request), QList<qsizetype> { 2 });
    QVERIFY(timeline.details().lines().contains(u"As the client saw it"_s));
    QCOMPARE(timeline.details().connectMicroseconds, 100);
}

void tst_Timeline::cutOffAnswerFailsAtTheFin()
{
    const QByteArray answer = LabRequests::answerTo(LabRequests::request(u"double"_s, u"21"_s));
    const ExchangeTimeline timeline(handMade({ "x" }, { answer.first(30) }, true));
    const Event &fin = timeline.events()[3];
    QCOMPARE(fin.kind, Event::Kind::Fin);
    QVERIFY(fin.state);
    QVERIFY(fin.state->error);
    QCOMPARE(fin.state->error->kind, DecodeError::Kind::TruncatedAtEof);
    QVERIFY2(fin.state->text().startsWith(u"error at offset 30: TruncatedAtEof"_s), qPrintable(fin.state->text()));
}

void tst_Timeline::malformedAnswerFailsAtItsOffset()
{
    const ExchangeTimeline timeline(handMade({ "x" }, { "\x00\x05{oops"_ba }, false));
    const Event &read = timeline.events()[2];
    QVERIFY(read.state->error);
    QCOMPARE(read.state->error->kind, DecodeError::Kind::HeaderNotJson);
    QVERIFY(read.state->text().startsWith(u"error at offset %1: HeaderNotJson"_s.arg(read.state->error->offset)));
}

void tst_Timeline::stepThroughShowsTheStateAtEachStep()
{
    const QByteArray request = LabRequests::request(u"negate"_s, u"-300"_s);
    const QByteArray answer = LabRequests::answerTo(request);
    // The answer in three reads: the prefix, half the header, the rest.
    const QList<QByteArray> reads { answer.first(2), answer.sliced(2, 50), answer.sliced(52) };
    StepThrough steps;
    steps.setTimeline(ExchangeTimeline(handMade({ request }, reads, true)));
    QCOMPARE(steps.count(), 7);
    QCOMPARE(steps.step(), 6); // a new timeline shows the end
    QVERIFY(steps.atLast());
    QVERIFY(!steps.forward());
    QVERIFY(steps.first());
    QVERIFY(!steps.back());
    QCOMPARE(steps.step(), 0);

    StepThrough::State state = steps.state();
    QVERIFY(state.requestBytes.isEmpty());
    QVERIFY(state.response.rows().isEmpty());
    QVERIFY(state.eventText.contains(u"connected"_s));

    QVERIFY(steps.forward()); // the request, written whole
    state = steps.state();
    QCOMPARE(state.requestBytes, request);
    QCOMPARE(state.requestHighlight, (Span { 0, request.size() }));
    QVERIFY(state.request.message());

    QVERIFY(steps.forward()); // the prefix of the answer
    state = steps.state();
    QCOMPARE(state.responseBytes, answer.first(2));
    QCOMPARE(state.stateText, u"prefix read: the header is 127 bytes"_s);
    QCOMPARE(state.response.rows().size(), 2); // the length prefix, and the header it announces
    QCOMPARE(state.response.rows()[0].role, OutlineRole::LengthPrefix);
    QCOMPARE(state.response.rows()[1].value, u"127 bytes, only 0 arrived"_s);
    QCOMPARE(state.responseHighlight, (Span { 0, 2 }));
    QVERIFY(state.responseBoundaries.isEmpty());

    QVERIFY(steps.forward()); // half the header: coloured as far as it arrived
    state = steps.state();
    QCOMPARE(state.stateText, u"waiting for the header (50 of 127 bytes)"_s);
    QCOMPARE(state.responseBoundaries, QList<qsizetype> { 2 });
    QCOMPARE(state.responseHighlight, (Span { 2, 50 }));
    QCOMPARE(state.response.rows().size(), 2);
    QCOMPARE(state.response.rows()[1].span, (Span { 2, 50 }));
    QVERIFY(state.response.rows()[1].value.contains(u"only 50 arrived"_s));
    QVERIFY(!state.response.message());

    QVERIFY(steps.forward()); // the rest: the message is complete
    state = steps.state();
    QCOMPARE(state.responseBytes, answer);
    QVERIFY(state.response.message());
    QCOMPARE(state.responseBoundaries, (QList<qsizetype> { 2, 52 }));
    QCOMPARE(state.stateText, u"message complete (%1 bytes)"_s.arg(answer.size()));

    QVERIFY(steps.back()); // and back again
    QCOMPARE(steps.state().responseBytes, answer.first(52));
    QVERIFY(steps.last());
    QCOMPARE(steps.step(), 6);
    QVERIFY(!steps.setStep(7));
    QVERIFY(!steps.setStep(-1));
    QCOMPARE(steps.step(), 6);
}

void tst_Timeline::stepThroughOfAnExchangeFromHistory()
{
    const QByteArray request = LabRequests::request(u"double"_s, u"7"_s);
    const QByteArray answer = LabRequests::answerTo(request);
    ExchangeRecord record;
    record.time = QDateTime::currentDateTime();
    record.host = u"127.0.0.1"_s;
    record.port = 65432;
    record.action = u"double"_s;
    record.value = u"7"_s;
    record.requestBytes = request;
    record.responseBytes = answer;
    record.ending = ExchangeRecord::Ending::Answered;
    record.conversation = handMade(bytewise(request), { answer }, true);
    QString whyNot;
    const std::optional<HistoryFile::Contents> read = HistoryFile::fromJson(HistoryFile::toJson({ record }), &whyNot);
    QVERIFY2(read, qPrintable(whyNot));
    StepThrough steps;
    steps.setTimeline(ExchangeTimeline(read->records[0].conversation, read->records[0].serverConversation));
    QVERIFY(steps.setStep(3)); // the connect and three bytes
    QCOMPARE(steps.state().requestBytes, request.first(3));
    QCOMPARE(steps.state().requestBoundaries, (QList<qsizetype> { 1, 2 }));
    QCOMPARE(steps.state().requestHighlight, (Span { 2, 1 }));
}

void tst_Timeline::outlineSoFarColoursWhatCanBeRead()
{
    const QByteArray answer = LabRequests::answerTo(LabRequests::request(u"search"_s, u"morpheus"_s));
    MessageDecoder decoder(ExchangeTimeline::responseLimits());
    decoder.feed(answer.first(120)); // the header whole, and 15 bytes of the content
    QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
    const MessageOutline outline = ExchangeTimeline::outlineSoFar(answer.first(120), decoder.progress());
    QSet<OutlineRole> roles;
    for (const MessageOutline::Region &region : outline.regions()) {
        roles.insert(region.role);
        QVERIFY(region.span.end() <= 120);
    }
    QVERIFY(roles.contains(OutlineRole::LengthPrefix));
    QVERIFY(roles.contains(OutlineRole::HeaderKey));
    QVERIFY(roles.contains(OutlineRole::Content));
    QCOMPARE(outline.rows().last().label, u"Content"_s);
    QVERIFY(outline.rows().last().value.contains(u"only 15 arrived"_s));
    QCOMPARE(outline.rows()[1].children.size(), 4); // the header's keys
    // The same, from the bytes alone.
    QCOMPARE(ExchangeTimeline::outlineOf(answer.first(120), ExchangeTimeline::responseLimits(), false).regions().size(),
             outline.regions().size());
}

void tst_Timeline::timelineModelGrowsLive()
{
    const QByteArray request = LabRequests::request(u"double"_s, u"7"_s);
    Conversation conversation = handMade({ request }, {}, false);
    conversation.events.removeLast();
    TimelineModel model;
    model.setTimeline(ExchangeTimeline(conversation));
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    conversation.events.append({ Conversation::Event::Kind::Data, Side::Server, 900, LabRequests::answerTo(request), {} });
    model.setTimeline(ExchangeTimeline(conversation));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.index(2, TimelineModel::WhereColumn).data().toString(), u"client"_s);
    QVERIFY(model.index(2, TimelineModel::DecoderColumn).data().toString().startsWith(u"message complete"_s));
    QCOMPARE(model.index(2, TimelineModel::TimeColumn).data().toString(), u"+0.800 ms"_s);
    QVERIFY(model.index(1, TimelineModel::EventColumn).data(Qt::ToolTipRole).toString().contains(u"00 7f"_s));
    model.setTimeline(ExchangeTimeline(handMade({ "x" }, {}, false))); // another exchange
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.headerData(TimelineModel::DecoderColumn, Qt::Horizontal).toString(), u"The receiver's decoder"_s);
}

void tst_Timeline::historyRoundTripKeepsTheTimeline()
{
    // A real exchange through the built-in server, byte by byte: both ends go into the file
    // and come back as the same timeline.
    BothEnds ends;
    const QByteArray request = LabRequests::request(u"search"_s, u"ring"_s);
    SendPlan plan = planOf(SendPlan::Mode::Boundaries);
    plan.interval = 1ms;
    ClientExchange exchange;
    exchange.setSendPlan(plan);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, ends.port(), request);
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(ends.serverClosed(exchange.conversation().client.port), 10000);

    ExchangeRecord record;
    record.time = QDateTime::currentDateTime();
    record.host = u"127.0.0.1"_s;
    record.port = ends.port();
    record.action = u"search"_s;
    record.value = u"ring"_s;
    record.requestBytes = request;
    record.responseBytes = exchange.conversation().bytesFrom(Side::Server);
    record.ending = ExchangeRecord::Ending::Answered;
    record.conversation = exchange.conversation();
    record.serverConversation = ends.serverSide(exchange);
    record.sendPlan = plan.description();
    const ExchangeTimeline before(record.conversation, record.serverConversation);

    QTemporaryDir folder;
    const QString file = folder.filePath(u"history.json"_s);
    QString whyNot;
    QVERIFY(HistoryFile::write(file, { record }, &whyNot));
    const std::optional<HistoryFile::Contents> read = HistoryFile::read(file, &whyNot);
    QVERIFY2(read, qPrintable(whyNot));
    QVERIFY(read->skipped.isEmpty());
    const ExchangeRecord &back = read->records[0];
    QCOMPARE(back.conversation, record.conversation);
    QCOMPARE(back.serverConversation, record.serverConversation);
    QCOMPARE(back.sendPlan, u"split at the prefix, header and content every 1 ms"_s);
    const ExchangeTimeline after(back.conversation, back.serverConversation);
    QVERIFY(after.hasBothEnds());
    QCOMPARE(after.events().size(), before.events().size());
    for (qsizetype i = 0; i < after.events().size(); ++i) {
        QCOMPARE(after.events()[i].text(), before.events()[i].text());
        QCOMPARE(after.events()[i].microseconds, before.events()[i].microseconds);
        QCOMPARE(after.events()[i].state.has_value(), before.events()[i].state.has_value());
        if (after.events()[i].state)
            QCOMPARE(after.events()[i].state->text(), before.events()[i].state->text());
    }
    QCOMPARE(eventsOf(after, Event::Kind::Read, Side::Server).size(), 3);
}

void tst_Timeline::historyWithoutTheTimelineStillLoads()
{
    // A format-2 file from before the timeline: no server-conversation, no send-plan.
    const QByteArray request = LabRequests::request(u"double"_s, u"7"_s);
    ExchangeRecord record;
    record.time = QDateTime::currentDateTime();
    record.requestBytes = request;
    record.ending = ExchangeRecord::Ending::Answered;
    record.conversation = handMade({ request }, { LabRequests::answerTo(request) }, true);
    QJsonDocument document = QJsonDocument::fromJson(HistoryFile::toJson({ record }));
    QJsonObject entry = document.object().value("exchanges").toArray().at(0).toObject();
    QVERIFY(!entry.contains("server-conversation"));
    QVERIFY(!entry.contains("send-plan"));
    QString whyNot;
    const std::optional<HistoryFile::Contents> read = HistoryFile::fromJson(document.toJson(), &whyNot);
    QVERIFY2(read, qPrintable(whyNot));
    QVERIFY(read->records[0].serverConversation.events.isEmpty());
    QVERIFY(read->records[0].sendPlan.isEmpty());
    QVERIFY(!ExchangeTimeline(read->records[0].conversation).hasBothEnds());
}

void tst_Timeline::damagedServerConversationIsSkipped()
{
    ExchangeRecord record;
    record.time = QDateTime::currentDateTime();
    record.requestBytes = "x";
    record.ending = ExchangeRecord::Ending::Answered;
    record.conversation = handMade({ "x" }, {}, false);
    record.serverConversation = handMade({ "x" }, {}, false);
    QJsonObject top = QJsonDocument::fromJson(HistoryFile::toJson({ record, record })).object();
    QJsonArray exchanges = top.value("exchanges").toArray();
    QJsonObject damaged = exchanges[1].toObject();
    damaged.insert("server-conversation", QJsonObject { { "events", 5 } });
    exchanges[1] = damaged;
    top.insert("exchanges", exchanges);
    QString whyNot;
    const std::optional<HistoryFile::Contents> read = HistoryFile::fromJson(QJsonDocument(top).toJson(), &whyNot);
    QVERIFY(read);
    QCOMPARE(read->records.size(), 1);
    QCOMPARE(read->skipped, QStringList { u"exchange 2: its server's conversation is damaged"_s });
}

QTEST_GUILESS_MAIN(tst_Timeline)
#include "tst_timeline.moc"
