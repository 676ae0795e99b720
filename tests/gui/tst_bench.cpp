#include "clientexchange.h"
#include "exchangecontroller.h"
#include "hexview.h"
#include "historyfile.h"
#include "labrequests.h"
#include "mainwindow.h"
#include "messagepane.h"
#include "outlinemodel.h"
#include "requestform.h"
#include "sendplanbox.h"
#include "timelinechecks.h"
#include "timelinemodel.h"
#include "timelinepane.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QFile>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

using namespace Qt::StringLiterals;
using namespace Wirelab;

Q_DECLARE_METATYPE(Wirelab::SendPlan::Mode)

namespace {

using Event = ExchangeTimeline::Event;
using Side = Conversation::Side;

// What the built-in server has read of the request so far, as the window's timeline has it.
qsizetype serverReceived(const MainWindow &window)
{
    qsizetype received = 0;
    const ExchangeTimeline timeline = window.controller()->liveTimeline();
    for (const Event &event : timeline.events()) {
        if (event.kind == Event::Kind::Read && event.at == Side::Server)
            received += event.bytes.size();
    }
    return received;
}

// Waits, on the controller's own signal, until the server has read `bytes` (bounded).
bool waitForServer(const MainWindow &window, qsizetype bytes)
{
    QSignalSpy progressed(window.controller(), &ExchangeController::progressed);
    const QDeadlineTimer deadline(10000);
    while (serverReceived(window) < bytes && !deadline.hasExpired())
        progressed.wait(int(qMax<qint64>(1, deadline.remainingTime())));
    return serverReceived(window) == bytes;
}

void choosePlan(MainWindow &window, SendPlan::Mode mode, int chunkBytes = 16, const QString &cuts = {})
{
    window.setSendPlanShown(true); // as a user does first: View > Send plan and slow server
    SendPlanBox *box = window.sendPlanBox();
    QVERIFY(box->isVisible());
    box->modeBox()->setCurrentIndex(box->modeBox()->findData(int(mode)));
    box->chunkBytesBox()->setValue(chunkBytes);
    box->cutPointsEdit()->setText(cuts);
    // The longest pause the box allows: the test sends each piece itself, once the server
    // has read the last (sendNextPieceNow()), so that each piece is a read of its own.
    box->intervalBox()->setValue(box->intervalBox()->maximum());
}

// Sends double 7654321 by the chosen plan, piece by piece, and waits for the answer.
QList<Span> sendPieceByPiece(MainWindow &window)
{
    window.form()->setAction(u"double"_s);
    window.form()->setValue(u"7654321"_s);
    QSignalSpy shown(&window, &MainWindow::exchangeShown);
    if (!window.send())
        return {};
    const QByteArray request = window.controller()->currentExchange().requestBytes;
    const QList<Span> pieces = window.controller()->sendPlan().pieces(request);
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i > 0)
            window.controller()->exchange().sendNextPieceNow();
        if (!waitForServer(window, pieces[i].end()))
            return {};
    }
    if (shown.isEmpty() && !shown.wait(10000))
        return {};
    return pieces;
}

} // namespace

// The window as a lab bench, over real loopback exchanges with its built-in server: the send
// plan chosen in the window, the timeline pane and its decoder states, the live response
// pane, step-through (keys too), the slow server set from the window, the timeline in
// history files.
class tst_Bench : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void planChosenInTheWindowGivesItsReads_data();
    void planChosenInTheWindowGivesItsReads();
    void badCutPointsAreRefused();
    void sendPlanRowHiddenUntilAsked();
    void planAndSlowServerRemembered();
    void cutPointsClickedInTheBytes();
    void slowServerFillsTheResponsePaneLive();
    void stepThroughWithTheKeyboard();
    void timelineSurvivesAHistoryRoundTrip();
    void serverEventsAfterTheClientFinishedReachTheHistory();
};

void tst_Bench::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Bench::init()
{
    QSettings().clear();
    QFile::remove(HistoryFile::keptHistoryPath());
}

void tst_Bench::planChosenInTheWindowGivesItsReads_data()
{
    QTest::addColumn<SendPlan::Mode>("mode");
    QTest::addColumn<int>("chunkBytes");
    QTest::addColumn<QString>("cuts");
    QTest::newRow("byte by byte") << SendPlan::Mode::ByteByByte << 16 << QString();
    QTest::newRow("at the boundaries") << SendPlan::Mode::Boundaries << 16 << QString();
    QTest::newRow("20-byte chunks") << SendPlan::Mode::Chunks << 20 << QString();
    QTest::newRow("cut inside the prefix and the header") << SendPlan::Mode::CutPoints << 16 << u"1, 40"_s;
}

void tst_Bench::planChosenInTheWindowGivesItsReads()
{
    QFETCH(SendPlan::Mode, mode);
    QFETCH(int, chunkBytes);
    QFETCH(QString, cuts);
    MainWindow window;
    window.show();
    choosePlan(window, mode, chunkBytes, cuts);
    QCOMPARE(window.controller()->sendPlan().mode, mode);
    const QList<Span> pieces = sendPieceByPiece(window);
    QVERIFY(pieces.size() > 1);
    QCOMPARE(window.resultText(), u"result: 15308642"_s);

    // The timeline pane: the server's reads, one a piece, each with the decoder's state
    // worked out from the grammar.
    const QByteArray request = window.history().last().requestBytes;
    const qint64 headerLength = qFromBigEndian<quint16>(request.constData());
    const qint64 contentLength = request.size() - 2 - headerLength;
    const ExchangeTimeline &timeline = window.timelinePane()->stepThrough().timeline();
    QVERIFY(timeline.hasBothEnds());
    const QList<const Event *> reads = eventsOf(timeline, Event::Kind::Read, Side::Server);
    QCOMPARE(reads.size(), pieces.size());
    QTableView *list = window.timelinePane()->eventList();
    for (qsizetype i = 0; i < reads.size(); ++i) {
        QCOMPARE(reads[i]->offset, pieces[i].offset);
        QCOMPARE(reads[i]->bytes.size(), pieces[i].length);
        const QString expected = expectedState(pieces[i].end(), headerLength, contentLength);
        QCOMPARE(reads[i]->state->text(), expected);
        const int row = int(reads[i] - timeline.events().constData());
        QCOMPARE(list->model()->index(row, TimelineModel::DecoderColumn).data().toString(), expected);
    }
    // The request's hex view marks where each piece began.
    QList<qsizetype> starts;
    for (qsizetype i = 1; i < pieces.size(); ++i)
        starts.append(pieces[i].offset);
    QCOMPARE(window.requestPane()->hexView()->boundaries(), starts);
    // Connection details: both ends, the bytes each way.
    const QString details = window.timelinePane()->detailsText();
    QVERIFY2(details.contains(u"%1 bytes"_s.arg(request.size())), qPrintable(details));
    // The record knows how it was sent.
    QCOMPARE(window.history().last().sendPlan, window.controller()->sendPlan().description());
}

void tst_Bench::badCutPointsAreRefused()
{
    MainWindow window;
    window.show();
    choosePlan(window, SendPlan::Mode::CutPoints, 16, u"2, forty"_s);
    QVERIFY(!window.sendPlanBox()->cutPointsValid());
    QVERIFY(!window.send());
    QVERIFY(window.resultText().contains(u"cut points"_s));
    QVERIFY(!window.controller()->isBusy());
}

void tst_Bench::sendPlanRowHiddenUntilAsked()
{
    // The bench's row takes height a small screen needs for the panes: it waits for
    // View > Send plan and slow server (Ctrl+Shift+P), and a window made later keeps the choice.
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.sendPlanBox()->isVisible());
        QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(window.sendPlanBox()->isVisible());
        window.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(again.sendPlanBox()->isVisible());
    again.setSendPlanShown(false);
    QVERIFY(!again.sendPlanBox()->isVisible());
    again.close();
}

void tst_Bench::planAndSlowServerRemembered()
{
    // A lesson stopped with a plan chosen and the server slowed down resumes with both.
    SendPlan plan;
    plan.mode = SendPlan::Mode::Chunks;
    plan.chunkBytes = 7;
    plan.interval = std::chrono::milliseconds(3);
    plan.pauseBeforeLastByte = std::chrono::milliseconds(40);
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setSendPlanShown(true);
        window.sendPlanBox()->setPlan(plan);
        window.sendPlanBox()->setSlowAnswer(5, std::chrono::milliseconds(20));
        QCOMPARE(window.controller()->answerChunkBytes(), 5);
        window.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.sendPlanBox()->plan(), plan);
    QCOMPARE(again.controller()->sendPlan(), plan);
    QCOMPARE(again.sendPlanBox()->answerChunkBytes(), 5);
    QCOMPARE(again.sendPlanBox()->answerDelay(), std::chrono::milliseconds(20));
    QCOMPARE(again.controller()->answerChunkBytes(), 5);
    again.setSendPlanShown(false);
    again.close();

    // Left hidden, they are not brought back: sends go whole, answers come at once.
    MainWindow hidden;
    hidden.show();
    QVERIFY(QTest::qWaitForWindowExposed(&hidden));
    QVERIFY(hidden.controller()->sendPlan().isWhole());
    QCOMPARE(hidden.controller()->answerChunkBytes(), 0);
    hidden.close();
}

void tst_Bench::cutPointsClickedInTheBytes()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSendPlanShown(true);
    window.form()->setAction(u"double"_s);
    window.form()->setValue(u"7654321"_s);
    QSignalSpy shown(&window, &MainWindow::exchangeShown);
    QVERIFY(window.send());
    QVERIFY(shown.wait(10000));
    // A click on a byte of the request, then the button: a cut there.
    HexView *hex = window.requestPane()->hexView();
    QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->byteRect(40).center());
    QCOMPARE(hex->cursorPosition(), 40);
    QTest::mouseClick(window.sendPlanBox()->cutAtCursorButton(), Qt::LeftButton);
    hex->setCursorPosition(2);
    QTest::mouseClick(window.sendPlanBox()->cutAtCursorButton(), Qt::LeftButton);
    QCOMPARE(window.sendPlanBox()->cutPointsEdit()->text(), u"2, 40"_s);
    const SendPlan plan = window.controller()->sendPlan();
    QCOMPARE(plan.mode, SendPlan::Mode::CutPoints);
    QCOMPARE(plan.cutPoints, (QList<qsizetype> { 2, 40 }));
    const QList<Span> pieces = plan.pieces(window.history().last().requestBytes);
    QCOMPARE(pieces.size(), 3);
    QCOMPARE(pieces[1].offset, 2);
    QCOMPARE(pieces[2].offset, 40);
}

void tst_Bench::slowServerFillsTheResponsePaneLive()
{
    MainWindow window;
    window.show();
    window.setSendPlanShown(true);
    const quint16 port = window.form()->port();
    // The slow server, set in the window: it restarts on the form's port.
    window.sendPlanBox()->answerChunkBox()->setValue(10);
    window.sendPlanBox()->answerDelayBox()->setValue(150);
    QCOMPARE(window.controller()->answerChunkBytes(), 10);
    QCOMPARE(window.controller()->answerDelay(), std::chrono::milliseconds(150));
    QVERIFY(window.controller()->isBuiltInServerRunning());
    QCOMPARE(window.form()->port(), window.controller()->builtInServerPort());
    QCOMPARE(window.controller()->builtInServerPort(), port);

    window.form()->setAction(u"double"_s);
    window.form()->setValue(u"7654321"_s);
    const QByteArray answer = LabRequests::answerTo(LabRequests::request(u"double"_s, u"7654321"_s));
    QSignalSpy shown(&window, &MainWindow::exchangeShown);
    QVERIFY(window.send());
    // Part of the answer (two chunks or more) is on screen before all of it has come:
    // coloured as far as it can be read (the prefix row is there), the chunks marked.
    HexView *hex = window.responsePane()->hexView();
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->isBusy() && hex->bytes().size() > 10
                                     && hex->bytes().size() < answer.size(),
                             10000);
    QVERIFY(shown.isEmpty());
    QCOMPARE(hex->bytes(), answer.first(hex->bytes().size()));
    QVERIFY(window.responsePane()->model()->indexOfRole(OutlineRole::LengthPrefix).isValid());
    QVERIFY(!hex->boundaries().isEmpty());
    // And it grows.
    const qsizetype seen = hex->bytes().size();
    QTRY_VERIFY_WITH_TIMEOUT(hex->bytes().size() > seen, 10000);
    QVERIFY(shown.size() == 1 || shown.wait(10000));
    QCOMPARE(hex->bytes(), answer);
    QCOMPARE(window.resultText(), u"result: 15308642"_s);
    // The server wrote it 10 bytes at a time.
    const ExchangeTimeline &timeline = window.timelinePane()->stepThrough().timeline();
    QCOMPARE(eventsOf(timeline, Event::Kind::Write, Side::Server).size(), (answer.size() + 9) / 10);
}

void tst_Bench::stepThroughWithTheKeyboard()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    choosePlan(window, SendPlan::Mode::Boundaries);
    const QList<Span> pieces = sendPieceByPiece(window);
    QCOMPARE(pieces.size(), 3);
    TimelinePane *pane = window.timelinePane();
    const StepThrough &steps = pane->stepThrough();
    QVERIFY(steps.atLast());
    const QByteArray request = window.history().last().requestBytes;
    const qint64 headerLength = qFromBigEndian<quint16>(request.constData());

    // The step keys work where the steps are seen: with the timeline tab up.
    window.bottomTabs()->setCurrentWidget(pane);
    QTest::keyClick(&window, Qt::Key_Home, Qt::AltModifier);
    QCOMPARE(steps.step(), 0);
    // The connect, at whichever end saw it first (the server's accept may come before the
    // client hears of it).
    const Event::Kind start = steps.timeline().events().first().kind;
    QVERIFY(start == Event::Kind::Connected || start == Event::Kind::Accepted);
    QVERIFY(window.requestPane()->hexView()->bytes().isEmpty());
    // Forward, event by event: at each of the server's reads, the request pane holds what the
    // server had read, its bytes highlighted, and the step says the decoder's state.
    int readsSeen = 0;
    for (int i = 1; i < steps.count(); ++i) {
        QTest::keyClick(&window, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(steps.step(), i);
        const Event &event = steps.timeline().events()[i];
        if (event.kind != Event::Kind::Read || event.at != Side::Server)
            continue;
        const Span piece = pieces[readsSeen++];
        QCOMPARE(window.requestPane()->hexView()->bytes(), request.first(piece.end()));
        QCOMPARE(window.requestPane()->hexView()->highlight().offset, piece.offset);
        QCOMPARE(window.requestPane()->hexView()->highlight().length, piece.length);
        QVERIFY2(pane->stateText().endsWith(expectedState(piece.end(), headerLength, request.size() - 2 - headerLength)),
                 qPrintable(pane->stateText()));
    }
    QCOMPARE(readsSeen, 3);
    QVERIFY(steps.atLast());
    QTest::keyClick(&window, Qt::Key_Right, Qt::AltModifier); // past the end: nothing
    QVERIFY(steps.atLast());
    QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(steps.step(), steps.count() - 2);
    // The arrow keys in the event list step too.
    pane->eventList()->setFocus();
    QTest::keyClick(pane->eventList(), Qt::Key_Up);
    QCOMPARE(steps.step(), steps.count() - 3);
    QTest::keyClick(&window, Qt::Key_End, Qt::AltModifier);
    QVERIFY(steps.atLast());
    QCOMPARE(window.responsePane()->hexView()->bytes(),
             LabRequests::answerTo(request));
}

void tst_Bench::timelineSurvivesAHistoryRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"history.json"_s);
    QStringList texts;
    QStringList states;
    QByteArray requestAtThirdRead;
    {
        MainWindow window;
        window.show();
        choosePlan(window, SendPlan::Mode::Chunks, 50);
        QVERIFY(sendPieceByPiece(window).size() > 1);
        for (const Event &event : window.timelinePane()->stepThrough().timeline().events()) {
            texts.append(event.text());
            states.append(event.state ? event.state->text() : QString());
        }
        QVERIFY(window.saveHistory(file));
    }
    MainWindow reopened;
    reopened.show();
    QVERIFY(reopened.loadHistory(file));
    const StepThrough &steps = reopened.timelinePane()->stepThrough();
    QVERIFY(steps.timeline().hasBothEnds());
    QStringList reopenedTexts;
    QStringList reopenedStates;
    for (const Event &event : steps.timeline().events()) {
        reopenedTexts.append(event.text());
        reopenedStates.append(event.state ? event.state->text() : QString());
    }
    QCOMPARE(reopenedTexts, texts);
    QCOMPARE(reopenedStates, states);
    // Stepping through the exchange from history shows its states as it was live.
    const QList<const Event *> reads = eventsOf(steps.timeline(), Event::Kind::Read, Side::Server);
    QVERIFY(reads.size() >= 3);
    const int row = int(reads[1] - steps.timeline().events().constData());
    QVERIFY(reopened.timelinePane()->setStep(row));
    QCOMPARE(reopened.requestPane()->hexView()->bytes(), reopened.history().last().requestBytes.first(100));
    QVERIFY(reopened.timelinePane()->stateText().contains(reads[1]->state->text()));
}

QTEST_MAIN(tst_Bench)
void tst_Bench::serverEventsAfterTheClientFinishedReachTheHistory()
{
    // A request, and a second one 10 ms later, to a server that waits 1 s before it
    // answers: the second is still unread when the answer is out, so the server half-closes
    // and waits for the client's FIN, which comes after the client has finished. The
    // history's record (and the kept file) gets the server's end whole.
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSendPlanShown(true);
    const QByteArray request = LabRequests::request(u"double"_s, u"21"_s);
    SendPlan plan;
    plan.mode = SendPlan::Mode::CutPoints;
    plan.cutPoints = { request.size() };
    plan.interval = std::chrono::milliseconds(10);
    window.sendPlanBox()->setPlan(plan);
    window.sendPlanBox()->setSlowAnswer(0, std::chrono::milliseconds(1000));
    QSignalSpy shown(&window, &MainWindow::exchangeShown);
    ExchangeController *controller = window.controller();
    QVERIFY(controller->sendBytes(u"127.0.0.1"_s, controller->builtInServerPort(), request + request,
                                  u"double"_s, u"21"_s));
    QVERIFY(shown.wait(10000));
    const auto serverSawClientFin = [](const ExchangeRecord &record) {
        for (const Conversation::Event &event : record.serverConversation.events) {
            if (event.kind == Conversation::Event::Kind::Fin && event.from == Side::Client)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(serverSawClientFin(window.history().last()), 10000);
    const ExchangeTimeline timeline(window.history().last().conversation, window.history().last().serverConversation);
    QCOMPARE(timeline.details().closedFirst, std::optional(Side::Server));
    QString whyNot;
    const std::optional<HistoryFile::Contents> kept = HistoryFile::read(HistoryFile::keptHistoryPath(), &whyNot);
    QVERIFY2(kept && !kept->records.isEmpty(), qPrintable(whyNot));
    QVERIFY(serverSawClientFin(kept->records.last()));
    window.close();
}

#include "tst_bench.moc"
