#include "exchangecontroller.h"
#include "appearance.h"
#include "hexview.h"
#include "historyfile.h"
#include "outlinemodel.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "mainwindow.h"
#include "timelinepane.h"
#include "messagepane.h"
#include "requestform.h"
#include "rolecolors.h"
#include "stubserver.h"

#include <QtCore/QFile>
#include <QtCore/QSettings>
#include <QtCore/QtEndian>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QClipboard>
#include <QtGui/QScreen>
#include <QtWidgets/QApplication>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTreeView>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

// The first row of the pane's outline with that label, and its value.
QModelIndex findRow(MessagePane *pane, const QString &field)
{
    return pane->model()->indexOfLabel(field);
}

QString valueOf(const QModelIndex &row)
{
    return row.siblingAtColumn(1).data().toString();
}

// Types a request into the window as a person would, and presses Send.
void typeAndSend(MainWindow &window, const QString &action, const QString &value)
{
    RequestForm *form = window.form();
    form->actionBox()->lineEdit()->selectAll();
    QTest::keyClicks(form->actionBox()->lineEdit(), action);
    form->valueEdit()->clear();
    QTest::keyClicks(form->valueEdit(), value);
    QTest::mouseClick(form->sendButton(), Qt::LeftButton);
}

// The lab server's answer to a request, as the built-in server gives it.
QByteArray labAnswer(const QString &action, const QString &value)
{
    MessageDecoder decoder;
    decoder.feed(encodeMessage(Lab::buildRequest(action, value).message).bytes);
    return encodeMessage(Lab::answerRequest(decoder.next().message, Lab::SearchTable::builtIn())).bytes;
}

void useServerAt(MainWindow &window, quint16 port)
{
    window.form()->builtInServerBox()->setChecked(false);
    window.form()->hostEdit()->setText(u"127.0.0.1"_s);
    window.form()->portBox()->setValue(port);
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void doubleThroughTheBuiltInServer();
    void selectingARowHighlightsItsBytes();
    void clickingAByteSelectsItsRow();
    void searchShowsJsonFields();
    void validationAsYouType();
    void enterSends();
    void enterSendsFromEveryField_data();
    void enterSendsFromEveryField();
    void newExchangeClearsTheLastOne();
    void bigAnswerKeepsTheWindowInBounds();
    void answerOfManyKeysShowsTheFirstThousand();
    void cutOffAnswerShowsWhatItDeclared();
    void refusedAnswerKeepsItsHeaderFields();
    void garbageAnswerIsShownWithItsOffset();
    void serverClosingEarlyIsShown();
    void refusedConnectionIsShown();
    void historySaveAndLoad();
    void damagedHistoryIsRefused();
    void settingsAreRemembered();
    void fitsA1024By768Screen();
    void fitsAScaleTwoScreen();
    void firstStartIsSizedToTheScreen();
    void coloursAreLegibleLightAndDark_data();
    void coloursAreLegibleLightAndDark();
    void byteCursorSelectsTheField();
    void escapeCancelsAndCancelIsNoError();
    void zoomScalesThePanesAndIsRemembered();
    void bottomTabsCanBeHidden();
    void partlyDamagedHistoryOpensAndSaysWhatWasSkipped();
    void unreadableHistoryIsRefusedAndKeepsTheSession_data();
    void unreadableHistoryIsRefusedAndKeepsTheSession();
    void savingConfirmsAndRowsNameTheServer();
    void historyIsKeptBetweenRuns();
    void bytesAfterTheAnswerAreShown();
    void littleEndianPrefixIsNamedAndHighlighted();
    void ctrlCCopiesARowAndBytes();
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_MainWindow::init()
{
    QSettings().clear();
    QFile::remove(HistoryFile::keptHistoryPath()); // every test starts with no history
}

void tst_MainWindow::doubleThroughTheBuiltInServer()
{
    MainWindow window;
    window.show();
    QVERIFY(window.form()->useBuiltInServer());
    QVERIFY(window.controller()->isBuiltInServerRunning());
    QCOMPARE(window.form()->port(), window.controller()->builtInServerPort());

    typeAndSend(window, u"double"_s, u"7654321"_s);
    QTRY_COMPARE(window.resultText(), u"result: 15308642"_s);

    const QModelIndex value = findRow(window.responsePane(), u"value (i)"_s);
    QVERIFY(value.isValid());
    QVERIFY2(valueOf(value).startsWith(u"15308642 (0x00e99762"_s), qPrintable(valueOf(value)));
    const QModelIndex length = findRow(window.requestPane(), u"content-length"_s);
    QVERIFY(length.isValid());
    QCOMPARE(valueOf(length), u"10"_s);
    QCOMPARE(window.requestPane()->pythonLiteral(),
             u"b'\\x00\\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", "
             "\"content-encoding\": \"binary\", \"content-length\": 10}double\\x00t\\xcb\\xb1'"_s);
    QVERIFY(window.transcriptText().contains(u"result:  15308642"_s));
    QCOMPARE(window.historyList()->count(), 1);
}

void tst_MainWindow::selectingARowHighlightsItsBytes()
{
    MainWindow window;
    window.show();
    typeAndSend(window, u"double"_s, u"7654321"_s);
    QTRY_COMPARE(window.resultText(), u"result: 15308642"_s);

    const struct { const char *field; Span bytes; } rows[] = {
        { "Length prefix", { 0, 2 } },
        { "JSON header", { 2, 127 } },
        { "content-length", { 108, 20 } }, // "content-length": 10
        { "name (6s)", { 129, 6 } },
        { "value (i)", { 135, 4 } },
    };
    for (const auto &row : rows) {
        const QModelIndex item = findRow(window.requestPane(), QString::fromLatin1(row.field));
        QVERIFY2(item.isValid(), row.field);
        window.requestPane()->tree()->setCurrentIndex(item);
        QCOMPARE(window.requestPane()->hexView()->highlight(), row.bytes);
    }
}

void tst_MainWindow::clickingAByteSelectsItsRow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    typeAndSend(window, u"negate"_s, u"-300"_s);
    QTRY_COMPARE(window.resultText(), u"result: 300"_s);
    HexView *hex = window.responsePane()->hexView();
    const QPoint intByte = hex->byteRect(136).center();
    QCOMPARE(hex->offsetAt(intByte), 136);
    QCOMPARE(hex->regionNameAt(136), u"int32, big-endian: 300"_s);
    QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, intByte);
    QCOMPARE(window.responsePane()->currentLabel(), u"value (i)"_s);
    hex->verticalScrollBar()->setValue(0); // selecting the int32 scrolled it into view
    QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->byteRect(1).center());
    QCOMPARE(window.responsePane()->currentLabel(), u"Length prefix"_s);
}

void tst_MainWindow::searchShowsJsonFields()
{
    MainWindow window;
    window.show();
    typeAndSend(window, u"search"_s, u"morpheus"_s);
    QTRY_COMPARE(window.resultText(), u"Follow the white rabbit. 🐰"_s);
    QCOMPARE(valueOf(findRow(window.responsePane(), u"result"_s)), u"'Follow the white rabbit. 🐰'"_s);
    QCOMPARE(valueOf(findRow(window.requestPane(), u"value"_s)), u"'morpheus'"_s);
}

void tst_MainWindow::validationAsYouType()
{
    MainWindow window;
    window.show();
    RequestForm *form = window.form();
    form->actionBox()->setCurrentText(u"double"_s);
    form->valueEdit()->clear();
    QTest::keyClicks(form->valueEdit(), u"abc"_s);
    QVERIFY2(form->validationMessage().contains(u"double needs a whole number"_s), qPrintable(form->validationMessage()));
    QVERIFY(!form->sendButton()->isEnabled());
    form->valueEdit()->clear();
    QTest::keyClicks(form->valueEdit(), u"42"_s);
    QVERIFY(form->validationMessage().isEmpty());
    QVERIFY(form->sendButton()->isEnabled());
    form->actionBox()->setCurrentText(u"search"_s);
    form->valueEdit()->setText(u"abc"_s);
    QVERIFY(form->sendButton()->isEnabled());
}

void tst_MainWindow::enterSends()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts go to the active window
    window.form()->actionBox()->setCurrentText(u"negate"_s);
    window.form()->valueEdit()->setText(u"5"_s);
    QTest::keyClick(window.form()->valueEdit(), Qt::Key_Return);
    QTRY_COMPARE(window.resultText(), u"result: -5"_s);
}

void tst_MainWindow::enterSendsFromEveryField_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("host") << u"host"_s;
    QTest::newRow("port") << u"port"_s;
    QTest::newRow("action") << u"action"_s;
    QTest::newRow("value") << u"value"_s;
}

void tst_MainWindow::enterSendsFromEveryField()
{
    QFETCH(QString, field);
    StubServer stub(StubServer::Behaviour::Answer, labAnswer(u"negate"_s, u"6"_s));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts go to the active window
    useServerAt(window, stub.serverPort());
    window.form()->actionBox()->setCurrentText(u"negate"_s);
    window.form()->valueEdit()->setText(u"6"_s);
    RequestForm *form = window.form();
    QWidget *target = field == u"host"_s ? static_cast<QWidget *>(form->hostEdit())
            : field == u"port"_s         ? static_cast<QWidget *>(form->portBox())
            : field == u"action"_s       ? static_cast<QWidget *>(form->actionBox())
                                         : static_cast<QWidget *>(form->valueEdit());
    target->setFocus();
    QTRY_VERIFY(target->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(window.resultText(), u"result: -6"_s);
}

void tst_MainWindow::newExchangeClearsTheLastOne()
{
    StubServer silent(StubServer::Behaviour::Silent);
    MainWindow window;
    window.show();
    typeAndSend(window, u"double"_s, u"abc"_s); // refused by the form: nothing sent
    typeAndSend(window, u"search"_s, u"morpheus"_s);
    QTRY_COMPARE(window.resultText(), u"Follow the white rabbit. 🐰"_s);
    useServerAt(window, silent.serverPort());
    typeAndSend(window, u"double"_s, u"3"_s);
    // While the answer is awaited, nothing of the last exchange is shown as if it were this one's.
    QCOMPARE(window.resultText(), u"Waiting for the answer…"_s);
    QCOMPARE(window.responsePane()->model()->rowCount(), 0);
    QVERIFY(findRow(window.requestPane(), u"value (i)"_s).isValid());
    QVERIFY(!window.transcriptText().contains(u"morpheus"_s));
    QVERIFY(window.transcriptText().startsWith(u"starting connection to ('127.0.0.1', "_s));
    QTest::mouseClick(window.form()->cancelButton(), Qt::LeftButton);
    QTRY_VERIFY(window.form()->sendButton()->isEnabled());
}

void tst_MainWindow::bigAnswerKeepsTheWindowInBounds()
{
    // 16 MiB of binary content: the headline and the transcript show its start, the panes all
    // of it, and the window does not grow to fit a 64-million-character line.
    Message big;
    big.header.byteorder = u"little"_s;
    big.header.contentType = u"binary/custom-server-binary-type"_s;
    big.header.contentEncoding = u"binary"_s;
    big.content = QByteArray(16 << 20, 'A');
    StubServer stub(StubServer::Behaviour::Answer, encodeMessage(big).bytes);
    MainWindow window;
    window.show();
    const int width = window.width();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"binary"_s, u"x"_s);
    QTRY_COMPARE_WITH_TIMEOUT(window.historyList()->count(), 1, 30000);
    QVERIFY2(window.resultText().startsWith(u"b'AAAA"_s), qPrintable(window.resultText().left(200)));
    QCOMPARE(window.width(), width);
    QVERIFY(window.minimumSizeHint().width() <= width);
    // Nor when the timeline stands at each step, as it does while the answer arrives ("waiting
    // for the content (k of 16777216 bytes)"), with the Timeline tab showing.
    TimelinePane *timeline = window.timelinePane();
    window.showTimelineTab();
    for (int step = 0; timeline->setStep(step); ++step) {
        QCoreApplication::processEvents();
        QVERIFY2(window.minimumSizeHint().width() <= width,
                 qPrintable(QStringLiteral("step %1: %2").arg(step).arg(window.minimumSizeHint().width())));
    }
    QCOMPARE(window.width(), width);
    for (const QString &line : window.transcriptText().split(u'\n'))
        QVERIFY2(line.size() < 4200, qPrintable(QString::number(line.size())));
    QVERIFY(window.transcriptText().contains(u"more characters)"_s));
    QCOMPARE(window.responsePane()->hexView()->bytes().size(), encodeMessage(big).bytes.size());
}

void tst_MainWindow::answerOfManyKeysShowsTheFirstThousand()
{
    QByteArray content = "{\"result\": \"many\"";
    for (int i = 0; i < 5000; ++i)
        content += ", \"k" + QByteArray::number(i) + "\": " + QByteArray::number(i) + ".0";
    content += "}";
    Message answer;
    answer.header = { u"little"_s, u"text/json"_s, u"utf-8"_s, {} };
    answer.content = content;
    StubServer stub(StubServer::Behaviour::Answer, encodeMessage(answer).bytes);
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"search"_s, u"x"_s);
    QTRY_COMPARE(window.resultText(), u"many"_s);
    const QModelIndex contentRow = findRow(window.responsePane(), u"Content"_s);
    QVERIFY(contentRow.isValid());
    const OutlineModel *model = window.responsePane()->model();
    QCOMPARE(model->rowCount(contentRow), 1001);
    QCOMPARE(valueOf(model->index(1, 0, contentRow)), u"0.0"_s); // as Python prints the float
    QCOMPARE(valueOf(model->index(1000, 0, contentRow)), u"and 4001 more keys (the bytes show them all)"_s);
}

void tst_MainWindow::cutOffAnswerShowsWhatItDeclared()
{
    StubServer stub(StubServer::Behaviour::AnswerThenClose, labAnswer(u"search"_s, u"morpheus"_s).left(40));
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"search"_s, u"morpheus"_s);
    QTRY_VERIFY(window.resultText().contains(u"closed the connection before a whole response"_s));
    // The prefix says 103 (0x0067) whatever arrived; the header says how much of it did.
    QCOMPARE(valueOf(findRow(window.responsePane(), u"Length prefix"_s)), u"103 bytes of header (0x0067, big-endian)"_s);
    QCOMPARE(valueOf(findRow(window.responsePane(), u"JSON header"_s)), u"103 bytes, only 38 arrived"_s);
}

void tst_MainWindow::refusedAnswerKeepsItsHeaderFields()
{
    // A header that was read, with a content shorter than it says: the header's keys stay on
    // screen, content-length among them, since it explains the error.
    const QByteArray header = R"({"byteorder": "big", "content-type": "binary/x", "content-encoding": "binary", "content-length": 100})";
    QByteArray answer(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), answer.data());
    answer += header + "result";
    StubServer stub(StubServer::Behaviour::AnswerThenClose, answer);
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"double"_s, u"1"_s);
    QTRY_VERIFY(window.resultText().startsWith(u"Error: "_s));
    QCOMPARE(valueOf(findRow(window.responsePane(), u"content-length"_s)), u"100"_s);
    QCOMPARE(valueOf(findRow(window.responsePane(), u"Content"_s)), u"100 bytes, only 6 arrived"_s);
}

void tst_MainWindow::garbageAnswerIsShownWithItsOffset()
{
    StubServer stub(StubServer::Behaviour::Answer, "\x00\x06{\"a\" }"_ba);
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"double"_s, u"1"_s);
    QTRY_VERIFY(window.resultText().startsWith(u"Error: The response is malformed"_s));
    QVERIFY(window.resultText().contains(u"not valid JSON"_s));
    // The error row is selected and its byte highlighted where the decoder stopped.
    QCOMPARE(window.responsePane()->currentLabel(), u"Error"_s);
    const Span highlighted = window.responsePane()->hexView()->highlight();
    QCOMPARE(highlighted.length, 1);
    QVERIFY(highlighted.offset >= 2 && highlighted.offset < 8);
    QCOMPARE(window.responsePane()->hexView()->bytes(), "\x00\x06{\"a\" }"_ba);
}

void tst_MainWindow::serverClosingEarlyIsShown()
{
    StubServer stub(StubServer::Behaviour::AnswerThenClose, "\x00\x7f{\"byteorder\""_ba);
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"double"_s, u"1"_s);
    QTRY_VERIFY(window.resultText().contains(u"closed the connection before a whole response"_s));
    QCOMPARE(window.responsePane()->model()->index(0, 0).data().toString(), u"Length prefix"_s);
}

void tst_MainWindow::refusedConnectionIsShown()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    MainWindow window;
    window.show();
    useServerAt(window, port);
    typeAndSend(window, u"search"_s, u"x"_s);
    QTRY_VERIFY(window.resultText().contains(u"refused"_s));
    QVERIFY(window.form()->sendButton()->isEnabled());
    QVERIFY(!window.form()->cancelButton()->isEnabled());
}

void tst_MainWindow::historySaveAndLoad()
{
    QTemporaryDir directory;
    const QString file = directory.filePath(u"history.json"_s);
    QStringList summaries;
    {
        MainWindow window;
        window.show();
        typeAndSend(window, u"double"_s, u"2"_s);
        QTRY_COMPARE(window.resultText(), u"result: 4"_s);
        typeAndSend(window, u"search"_s, u"ring"_s);
        QTRY_COMPARE(window.historyList()->count(), 2);
        for (int i = 0; i < 2; ++i)
            summaries << window.historyList()->item(i)->text();
        QString error;
        QVERIFY2(window.saveHistory(file, &error), qPrintable(error));
    }
    MainWindow restored;
    QString error;
    QVERIFY2(restored.loadHistory(file, &error), qPrintable(error));
    QCOMPARE(restored.historyList()->count(), 2);
    QCOMPARE(restored.historyList()->item(0)->text(), summaries[0]);
    QCOMPARE(restored.historyList()->item(1)->text(), summaries[1]);
    QVERIFY(summaries[1].contains(u"In the caves beneath the Misty Mountains"_s));
    // Choosing an old exchange shows it again.
    restored.historyList()->setCurrentRow(0);
    QCOMPARE(restored.resultText(), u"result: 4"_s);
    QVERIFY(restored.transcriptText().contains(u"result:  4"_s));
    QVERIFY(!restored.transcriptText().contains(u"Misty Mountains"_s));
    QVERIFY(!restored.loadHistory(directory.filePath(u"missing.json"_s), &error));
}

void tst_MainWindow::damagedHistoryIsRefused()
{
    QTemporaryDir directory;
    const QString file = directory.filePath(u"history.json"_s);
    QFile damaged(file);
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write(R"({"wirelab-history": 1, "exchanges": [{"time": "2026-01-02T03:04:05.000", "request": "not base64!", "response": ""}]})");
    damaged.close();
    MainWindow window;
    QString error;
    QVERIFY(!window.loadHistory(file, &error));
    QVERIFY2(error.contains(u"damaged"_s), qPrintable(error));
    QCOMPARE(window.historyList()->count(), 0);
}

void tst_MainWindow::settingsAreRemembered()
{
    {
        MainWindow window;
        useServerAt(window, 4242);
        window.form()->hostEdit()->setText(u"lab.example"_s);
        window.form()->actionBox()->setCurrentText(u"negate"_s);
        window.close();
    }
    MainWindow again;
    QVERIFY(!again.form()->useBuiltInServer());
    QCOMPARE(again.form()->host(), u"lab.example"_s);
    QCOMPARE(again.form()->port(), 4242);
    QCOMPARE(again.form()->action(), u"negate"_s);
}

void tst_MainWindow::fitsA1024By768Screen()
{
    // Every control reachable on a 1024x768 screen: the window is allowed to be 1000 wide
    // or less, the panes go one above the other, and the form wraps.
    MainWindow window;
    window.resize(1000, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.minimumSizeHint().width() <= 1000, qPrintable(QString::number(window.minimumSizeHint().width())));
    QVERIFY(window.width() <= 1000);
    QCOMPARE(window.panes()->orientation(), Qt::Vertical);
    for (QWidget *control : std::initializer_list<QWidget *> { window.form()->sendButton(), window.form()->cancelButton(),
                                                               window.form()->valueEdit(), window.form()->hostEdit() }) {
        const QRect inWindow(control->mapTo(&window, QPoint(0, 0)), control->size());
        QVERIFY2(window.rect().contains(inWindow), qPrintable(control->objectName()));
    }
    window.resize(1400, 900);
    QTRY_COMPARE(window.panes()->orientation(), Qt::Horizontal);
}

void tst_MainWindow::fitsAScaleTwoScreen()
{
    // 1920x1080 at scale 2 is 960x540 to the window: with the bottom tabs hidden, as a first
    // start on so short a screen does, all of it fits.
    MainWindow window;
    window.bottomTabs()->hide();
    const QSize minimum = window.minimumSizeHint();
    QVERIFY2(minimum.width() <= 960 && minimum.height() <= 500,
             qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
}

void tst_MainWindow::firstStartIsSizedToTheScreen()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect available = window.screen()->availableGeometry();
    QVERIFY(window.width() <= available.width());
    QVERIFY(window.height() <= available.height());
}

void tst_MainWindow::coloursAreLegibleLightAndDark_data()
{
    QTest::addColumn<int>("colours");
    QTest::newRow("light") << int(Appearance::Colours::Light);
    QTest::newRow("dark") << int(Appearance::Colours::Dark);
}

void tst_MainWindow::coloursAreLegibleLightAndDark()
{
    QFETCH(int, colours);
    MainWindow window;
    window.setColours(Appearance::Colours(colours));
    const QPalette palette = QApplication::palette();
    for (OutlineRole role : { OutlineRole::LengthPrefix, OutlineRole::Header, OutlineRole::HeaderKey,
                              OutlineRole::Content, OutlineRole::Name, OutlineRole::Integer,
                              OutlineRole::Trailing, OutlineRole::Error })
        QVERIFY2(RoleColors::contrast(RoleColors::background(role, palette), palette.color(QPalette::Text)) >= 4.5,
                 qPrintable(RoleColors::name(role)));
    // An error row reads on the base, and selected, on the highlight.
    QVERIFY(RoleColors::contrast(RoleColors::errorText(palette), palette.color(QPalette::Base)) >= 4.5);
    const QColor selected = RoleColors::errorSelection(palette);
    QVERIFY(RoleColors::contrast(palette.color(QPalette::HighlightedText), selected) >= 4.5);
    QVERIFY(selected.hslHue() <= 10 || selected.hslHue() >= 350); // still a red
    window.setColours(Appearance::Colours::System);
}

void tst_MainWindow::byteCursorSelectsTheField()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    typeAndSend(window, u"double"_s, u"7654321"_s);
    QTRY_COMPARE(window.resultText(), u"result: 15308642"_s);
    HexView *hex = window.responsePane()->hexView();
    hex->setFocus();
    QTRY_VERIFY(hex->hasFocus());
    QCOMPARE(hex->cursorPosition(), 0);
    QTest::keyClick(hex, Qt::Key_Right);
    QCOMPARE(window.responsePane()->currentLabel(), u"Length prefix"_s);
    QTest::keyClick(hex, Qt::Key_Right); // byte 2, the header's '{'
    QCOMPARE(window.responsePane()->currentLabel(), u"JSON header"_s);
    QTest::keyClick(hex, Qt::Key_End, Qt::ControlModifier); // the last byte: the int32
    QCOMPARE(window.responsePane()->currentLabel(), u"value (i)"_s);
    QTest::keyClick(hex, Qt::Key_Left, Qt::ShiftModifier);
    QTest::keyClick(hex, Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(hex->selection(), (Span { 136, 3 }));
}

void tst_MainWindow::escapeCancelsAndCancelIsNoError()
{
    StubServer silent(StubServer::Behaviour::Silent);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    useServerAt(window, silent.serverPort());
    typeAndSend(window, u"double"_s, u"3"_s);
    QTRY_VERIFY(window.form()->cancelButton()->isEnabled());
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_COMPARE(window.resultText(), u"Cancelled: no answer was waited for."_s);
    QCOMPARE(window.history().last().ending, ExchangeRecord::Ending::Cancelled);
    QVERIFY(!window.transcriptText().contains(u"error"_s));
    QVERIFY(window.form()->sendButton()->isEnabled());
}

void tst_MainWindow::zoomScalesThePanesAndIsRemembered()
{
    qreal before = 0;
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        before = window.responsePane()->hexView()->font().pointSizeF();
        QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
        QCOMPARE(window.zoom(), 2);
        QVERIFY(window.responsePane()->hexView()->font().pointSizeF() > before);
        window.close();
    }
    MainWindow again;
    QCOMPARE(again.zoom(), 2);
    QVERIFY(again.requestPane()->hexView()->font().pointSizeF() > before);
    again.setZoom(0);
    QCOMPARE(again.requestPane()->hexView()->font().pointSizeF(), before);
}

void tst_MainWindow::bottomTabsCanBeHidden()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const bool shown = window.bottomTabs()->isVisible();
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.bottomTabs()->isVisible(), !shown);
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.bottomTabs()->isVisible(), shown);
}

namespace {

ExchangeRecord recordFor(const QString &action, const QString &value)
{
    ExchangeRecord record;
    record.time = QDateTime::currentDateTime();
    record.host = u"127.0.0.1"_s;
    record.port = 65432;
    record.action = action;
    record.value = value;
    record.requestBytes = encodeMessage(Lab::buildRequest(action, value).message).bytes;
    record.responseBytes = labAnswer(action, value);
    record.ending = ExchangeRecord::Ending::Answered;
    return record;
}

} // namespace

void tst_MainWindow::partlyDamagedHistoryOpensAndSaysWhatWasSkipped()
{
    QList<ExchangeRecord> records;
    for (int i = 0; i < 6; ++i)
        records.append(recordFor(u"double"_s, QString::number(i)));
    QByteArray json = HistoryFile::toJson(records);
    // Two entries damaged: a request that is not base64, a time that is not a time.
    const qsizetype firstRequest = json.indexOf("\"request\": \"") + 12;
    json.insert(firstRequest, "!!");
    const qsizetype thirdTime = json.indexOf("\"time\": \"", json.indexOf("\"time\": \"", json.indexOf("\"time\": \"") + 1) + 1) + 9;
    json.insert(thirdTime, "never");
    QTemporaryDir directory;
    QFile file(directory.filePath(u"history.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    MainWindow window;
    QString error;
    QStringList skipped;
    QVERIFY2(window.loadHistory(file.fileName(), &error, &skipped), qPrintable(error));
    QCOMPARE(window.historyList()->count(), 4);
    QCOMPARE(skipped, (QStringList { u"exchange 1: its request is missing or not base64"_s,
                                     u"exchange 3: its time is missing or not a time"_s }));
}

void tst_MainWindow::unreadableHistoryIsRefusedAndKeepsTheSession_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    const QByteArray good = HistoryFile::toJson({ recordFor(u"double"_s, u"1"_s) });
    QTest::newRow("empty") << QByteArray() << u"it is empty"_s;
    QTest::newRow("cut off") << good.left(good.size() - 20) << u"it ends early"_s;
    QTest::newRow("no exchanges") << "{\"wirelab-history\": 1}"_ba << u"it holds no list of exchanges"_s;
}

void tst_MainWindow::unreadableHistoryIsRefusedAndKeepsTheSession()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    QTemporaryDir directory;
    QFile file(directory.filePath(u"history.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    MainWindow window;
    window.show();
    typeAndSend(window, u"double"_s, u"2"_s);
    QTRY_COMPARE(window.resultText(), u"result: 4"_s);
    QString error;
    QVERIFY(!window.loadHistory(file.fileName(), &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QCOMPARE(window.historyList()->count(), 1); // the session is as it was
    QCOMPARE(window.resultText(), u"result: 4"_s);
}

void tst_MainWindow::savingConfirmsAndRowsNameTheServer()
{
    MainWindow window;
    window.show();
    typeAndSend(window, u"double"_s, u"2"_s);
    QTRY_COMPARE(window.historyList()->count(), 1);
    QVERIFY(window.historyList()->item(0)->text().contains(
            u"127.0.0.1:%1  double 2  →  result: 4"_s.arg(window.controller()->builtInServerPort())));
    QTemporaryDir directory;
    QString error;
    QVERIFY(window.saveHistory(directory.filePath(u"h.json"_s), &error));
    QVERIFY2(window.statusBar()->currentMessage().startsWith(u"Saved 1 exchange(s) to "_s),
             qPrintable(window.statusBar()->currentMessage()));
}

void tst_MainWindow::historyIsKeptBetweenRuns()
{
    {
        MainWindow window;
        window.show();
        typeAndSend(window, u"negate"_s, u"8"_s);
        QTRY_COMPARE(window.historyList()->count(), 1);
        window.close();
    }
    {
        MainWindow again;
        QCOMPARE(again.historyList()->count(), 1);
        QCOMPARE(again.history().first().headline().text, u"result: -8"_s);
        // Opting out: nothing is read at the next start.
        QAction *keep = nullptr;
        for (QAction *action : again.findChildren<QAction *>()) {
            if (action->text() == u"&Keep history between runs"_s)
                keep = action;
        }
        QVERIFY(keep && keep->isChecked());
        keep->setChecked(false);
        again.close();
    }
    MainWindow third;
    QCOMPARE(third.historyList()->count(), 0);
}

void tst_MainWindow::bytesAfterTheAnswerAreShown()
{
    StubServer stub(StubServer::Behaviour::Answer, labAnswer(u"negate"_s, u"4"_s) + "xyz");
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"negate"_s, u"4"_s);
    QTRY_COMPARE(window.resultText(), u"result: -4"_s);
    const QModelIndex after = findRow(window.responsePane(), u"After the message"_s);
    QVERIFY(after.isValid());
    QVERIFY2(valueOf(after).startsWith(u"3 bytes after the message"_s), qPrintable(valueOf(after)));
}

void tst_MainWindow::littleEndianPrefixIsNamedAndHighlighted()
{
    QByteArray answer = labAnswer(u"double"_s, u"1"_s);
    std::swap(answer[0], answer[1]);
    StubServer stub(StubServer::Behaviour::AnswerThenClose, answer);
    MainWindow window;
    window.show();
    useServerAt(window, stub.serverPort());
    typeAndSend(window, u"double"_s, u"1"_s);
    QTRY_VERIFY(window.resultText().contains(u"Read little-endian it would be 127"_s));
    QCOMPARE(window.responsePane()->currentLabel(), u"Error"_s);
    QCOMPARE(window.responsePane()->hexView()->highlight(), (Span { 0, 2 }));
}

void tst_MainWindow::ctrlCCopiesARowAndBytes()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    typeAndSend(window, u"double"_s, u"7654321"_s);
    QTRY_COMPARE(window.resultText(), u"result: 15308642"_s);
    MessagePane *pane = window.responsePane();
    QVERIFY(pane->selectField(u"value (i)"_s));
    pane->tree()->setFocus();
    QTRY_VERIFY(pane->tree()->hasFocus());
    QTest::keyClick(pane->tree(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"value (i): 15308642 (0x00e99762, big-endian int32)"_s);
    HexView *hex = pane->hexView();
    hex->setFocus();
    QTRY_VERIFY(hex->hasFocus());
    hex->setCursorPosition(0);
    hex->setCursorPosition(1, true);
    QTest::keyClick(hex, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"00 7f"_s);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
