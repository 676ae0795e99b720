#include "exchangecontroller.h"
#include "hexview.h"
#include "mainwindow.h"
#include "messagepane.h"
#include "requestform.h"
#include "stubserver.h"

#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTreeWidget>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

QTreeWidgetItem *findRow(MessagePane *pane, const QString &field)
{
    const QList<QTreeWidgetItem *> found =
            pane->tree()->findItems(field, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? nullptr : found.first();
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
    void garbageAnswerIsShownWithItsOffset();
    void serverClosingEarlyIsShown();
    void refusedConnectionIsShown();
    void historySaveAndLoad();
    void settingsAreRemembered();
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_MainWindow::init()
{
    QSettings().clear();
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

    QTreeWidgetItem *value = findRow(window.responsePane(), u"value (i)"_s);
    QVERIFY(value);
    QVERIFY2(value->text(1).startsWith(u"15308642 (0x00e99762"_s), qPrintable(value->text(1)));
    QTreeWidgetItem *length = findRow(window.requestPane(), u"content-length"_s);
    QVERIFY(length);
    QCOMPARE(length->text(1), u"10"_s);
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
        QTreeWidgetItem *item = findRow(window.requestPane(), QString::fromLatin1(row.field));
        QVERIFY2(item, row.field);
        window.requestPane()->tree()->setCurrentItem(item);
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
    QCOMPARE(hex->regionNameAt(136), MessagePane::partName(MessagePane::Part::Integer));
    QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, intByte);
    QCOMPARE(window.responsePane()->tree()->currentItem()->text(0), u"value (i)"_s);
    hex->verticalScrollBar()->setValue(0); // selecting the int32 scrolled it into view
    QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->byteRect(1).center());
    QCOMPARE(window.responsePane()->tree()->currentItem()->text(0), u"Length prefix"_s);
}

void tst_MainWindow::searchShowsJsonFields()
{
    MainWindow window;
    window.show();
    typeAndSend(window, u"search"_s, u"morpheus"_s);
    QTRY_COMPARE(window.resultText(), u"Follow the white rabbit. 🐰"_s);
    QTreeWidgetItem *result = findRow(window.responsePane(), u"result"_s);
    QVERIFY(result);
    QCOMPARE(result->text(1), u"'Follow the white rabbit. 🐰'"_s);
    QTreeWidgetItem *value = findRow(window.requestPane(), u"value"_s);
    QVERIFY(value);
    QCOMPARE(value->text(1), u"'morpheus'"_s);
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
    window.form()->actionBox()->setCurrentText(u"negate"_s);
    window.form()->valueEdit()->setText(u"5"_s);
    QTest::keyClick(window.form()->valueEdit(), Qt::Key_Return);
    QTRY_COMPARE(window.resultText(), u"result: -5"_s);
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
    QCOMPARE(window.responsePane()->tree()->currentItem()->text(0), u"Error"_s);
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
    QCOMPARE(window.responsePane()->tree()->topLevelItem(0)->text(0), u"Length prefix"_s);
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
    QVERIFY(!restored.loadHistory(directory.filePath(u"missing.json"_s), &error));
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

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
