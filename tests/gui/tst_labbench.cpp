#include "byteediting.h"
#include "codesnippets.h"
#include "comparedialog.h"
#include "datainspector.h"
#include "exchangecontroller.h"
#include "hexeditor.h"
#include "historyfile.h"
#include "labbench.h"
#include "labmistakes.h"
#include "labprotocol.h"
#include "labrequests.h"
#include "mainwindow.h"
#include "messagedecoder.h"
#include "outcomepanel.h"
#include "requesteditor.h"
#include "requestform.h"
#include "stubserver.h"

#include <QtCore/QFile>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTimer>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSpinBox>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

void setForm(MainWindow &window, const QString &action, const QString &value)
{
    window.form()->actionBox()->setCurrentText(action);
    window.form()->valueEdit()->setText(value);
}

// The lab's double 7654321, from the sample output at the end of the lab's text.
const QByteArray DoubleRequest
        = QByteArray("\x00\x7f", 2)
          + R"({"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10})"
          + QByteArray("double\x00t\xcb\xb1", 10);

} // namespace

class tst_LabBench : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void followsTheFormUntilEditedByHand();
    void pastingTheLabsSendingLineGivesItsBytes();
    void typingHexDecodesLive();
    void hexEditorKeys();
    void textErrorSaysWhere();
    void decodeErrorIsShownWithItsBytes();
    void mistakesMenuMakesEveryMistake();
    void inspectorShowsBothOrdersAndWritesAtTheCursor();
    void codeTabShowsEveryFormat();
    void sendSendsExactlyTheBytesToAnyHost();
    void mistakeThroughTheBuiltInServerIsExplained();
    void historySendAgainLoadAndCompare();
    void historyContextMenu();
    void fitsA1024By768Screen();
};

void tst_LabBench::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LabBench::init()
{
    QSettings().clear();
    QFile::remove(HistoryFile::keptHistoryPath());
}

void tst_LabBench::followsTheFormUntilEditedByHand()
{
    MainWindow window;
    LabBench *bench = window.bench();
    setForm(window, u"double"_s, u"7654321"_s);
    QCOMPARE(bench->bytes(), DoubleRequest);
    QVERIFY(!bench->isEditedByHand());
    QVERIFY(!window.form()->isEditedByHand());

    setForm(window, u"negate"_s, u"5"_s);
    QCOMPARE(bench->bytes(), LabRequests::request(u"negate"_s, u"5"_s));

    // One byte typed over in hex: the form says so, and stops driving the bytes.
    HexEditor *hex = bench->editor()->hexEditor();
    hex->setCursorPosition(1);
    QTest::keyClicks(hex, u"80"_s);
    QByteArray expected = LabRequests::request(u"negate"_s, u"5"_s);
    expected[1] = char(0x80);
    QCOMPARE(bench->bytes(), expected);
    QVERIFY(bench->isEditedByHand());
    QVERIFY(window.form()->isEditedByHand());
    QVERIFY2(window.form()->validationMessage().contains(u"Edited by hand"_s),
             qPrintable(window.form()->validationMessage()));
    QVERIFY(bench->linkText().contains(u"Edited by hand"_s));
    // The text field follows the hex.
    QCOMPARE(ByteEditing::parseText(bench->editor()->textEdit()->toPlainText()).bytes, expected);

    setForm(window, u"double"_s, u"1"_s);
    QCOMPARE(bench->bytes(), expected); // the edits are kept
    bench->backToForm();
    QVERIFY(!bench->isEditedByHand());
    QVERIFY(!window.form()->isEditedByHand());
    QCOMPARE(bench->bytes(), LabRequests::request(u"double"_s, u"1"_s));
}

void tst_LabBench::pastingTheLabsSendingLineGivesItsBytes()
{
    LabBench bench;
    bench.setFormRequest(u"search"_s, u"morpheus"_s);
    bench.editor()->textEdit()->setPlainText(
            uR"(sending b'\x00\x7f{"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10}double\x00t\xcb\xb1' to ('127.0.0.1', 65432))"_s);
    QCOMPARE(bench.bytes(), DoubleRequest);
    QVERIFY(bench.isEditedByHand());
    // Both views and the tree show the same bytes; the decoder read one whole message.
    QCOMPARE(bench.editor()->hexEditor()->bytes(), DoubleRequest);
    QVERIFY2(bench.editor()->verdict().startsWith(u"✓ One whole message of 139 bytes"_s),
             qPrintable(bench.editor()->verdict()));
}

void tst_LabBench::typingHexDecodesLive()
{
    LabBench bench;
    bench.setFormRequest(u"double"_s, u"7654321"_s);
    HexEditor *hex = bench.editor()->hexEditor();
    // The prefix's high byte made 0x7f: the decoder now waits for a 32639-byte header.
    hex->setCursorPosition(0);
    QTest::keyClicks(hex, u"7f"_s);
    QCOMPARE(bench.bytes().left(2), QByteArray("\x7f\x7f"));
    QVERIFY2(bench.editor()->verdict().contains(u"Not a whole message"_s)
                     || bench.editor()->verdict().startsWith(u"✗"_s),
             qPrintable(bench.editor()->verdict()));
    QVERIFY2(bench.editor()->reading().contains(u"32639"_s), qPrintable(bench.editor()->reading()));
    // Back as it was: a whole message again.
    hex->setCursorPosition(0);
    QTest::keyClicks(hex, u"00"_s);
    QCOMPARE(bench.bytes(), DoubleRequest);
    QVERIFY(bench.editor()->verdict().startsWith(u"✓"_s));
    QVERIFY(!bench.isEditedByHand()); // the form's bytes again
}

void tst_LabBench::hexEditorKeys()
{
    LabBench bench;
    bench.editor()->setBytes("\x00\x7f"_ba);
    HexEditor *hex = bench.editor()->hexEditor();
    hex->setCursorPosition(1);
    QTest::keyClick(hex, Qt::Key_Insert); // a 00 before the cursor
    QCOMPARE(bench.bytes(), "\x00\x00\x7f"_ba);
    QTest::keyClicks(hex, u"AB"_s); // upper-case digits too, over the new byte
    QCOMPARE(bench.bytes(), "\x00\xab\x7f"_ba);
    hex->setCursorPosition(2);
    QTest::keyClicks(hex, u"7f"_s);
    QTest::keyClicks(hex, u"00"_s); // after the last byte: appended
    QCOMPARE(bench.bytes(), "\x00\xab\x7f\x00"_ba);
    hex->setCursorPosition(0);
    QTest::keyClick(hex, Qt::Key_Delete);
    QCOMPARE(bench.bytes(), "\xab\x7f\x00"_ba);
    hex->setCursorPosition(2);
    QTest::keyClick(hex, Qt::Key_Backspace); // the byte before the cursor
    QCOMPARE(bench.bytes(), "\xab\x00"_ba);
    // A digit after the last byte adds one.
    hex->setCursorPosition(1);
    QTest::keyClicks(hex, u"00"_s);
    QTest::keyClicks(hex, u"4"_s);
    QTest::keyClicks(hex, u"1"_s);
    QCOMPARE(bench.bytes(), "\xab\x00\x41"_ba);
    // A selection deleted whole.
    hex->setCursorPosition(0);
    hex->setCursorPosition(1, true);
    QTest::keyClick(hex, Qt::Key_Delete);
    QCOMPARE(bench.bytes(), "\x41"_ba);
    // Ctrl+V pastes hex as bytes, and anything else as text.
    hex->setCursorPosition(0);
    QGuiApplication::clipboard()->setText(u"00 7f"_s);
    QTest::keyClick(hex, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(bench.bytes(), "\x00\x7f\x41"_ba);
    QGuiApplication::clipboard()->setText(u"b'hi'"_s);
    hex->setCursorPosition(0);
    QTest::keyClick(hex, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(bench.bytes(), "hi\x00\x7f\x41"_ba); // inserted before the cursor's byte
    // The text field follows every edit.
    QCOMPARE(ByteEditing::parseText(bench.editor()->textEdit()->toPlainText()).bytes, bench.bytes());
}

void tst_LabBench::decodeErrorIsShownWithItsBytes()
{
    LabBench bench;
    bench.setFormRequest(u"double"_s, u"7654321"_s);
    // The header without content-length: the decoder refuses it, and the bench shows where.
    QVERIFY(bench.applyMistake(LabMistakes::Mistake::MissingContentLength));
    MessageDecoder decoder;
    decoder.feed(bench.bytes());
    const DecodeResult result = decoder.next();
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    const QString verdict = bench.editor()->verdict();
    QVERIFY2(verdict.startsWith(u"✗ "_s), qPrintable(verdict));
    QVERIFY2(verdict.contains(u" at byte %1: "_s.arg(result.error.offset)), qPrintable(verdict));
    QVERIFY2(verdict.contains(result.error.reason), qPrintable(verdict));
    QCOMPARE(bench.editor()->hexEditor()->highlight(), bench.editor()->outline().errorSpan());
    QVERIFY(bench.editor()->hexEditor()->highlight().length > 0);
}

void tst_LabBench::textErrorSaysWhere()
{
    LabBench bench;
    bench.setFormRequest(u"double"_s, u"7654321"_s);
    bench.editor()->textEdit()->setPlainText(u"b'\\x0'"_s);
    QVERIFY2(!bench.editor()->textError().isEmpty(), "an incomplete \\x escape must be refused");
    QVERIFY(bench.editor()->textError().startsWith(u"Character "_s));
    QCOMPARE(bench.bytes(), DoubleRequest); // the last good bytes are kept
}

void tst_LabBench::mistakesMenuMakesEveryMistake()
{
    LabBench bench;
    bench.setFormRequest(u"double"_s, u"7654321"_s);
    const QList<LabMistakes::Mistake> mistakes = LabMistakes::all();
    QList<QAction *> actions;
    for (QAction *action : bench.mistakesMenu()->actions()) {
        if (!action->isSeparator())
            actions.append(action);
    }
    QCOMPARE(actions.size(), mistakes.size());
    for (int i = 0; i < mistakes.size(); ++i) {
        const LabMistakes::Mistake mistake = mistakes[i];
        QAction *action = actions[i];
        QCOMPARE(action->objectName(), LabMistakes::id(mistake));
        QCOMPARE(action->toolTip(), LabMistakes::explanation(mistake));
        bench.backToForm();
        action->trigger();
        const LabMistakes::Result expected = LabMistakes::apply(mistake, QByteArrayView(DoubleRequest));
        QVERIFY2(expected.ok(), qPrintable(expected.whyNot));
        QCOMPARE(bench.bytes(), expected.bytes);
        QVERIFY(bench.isEditedByHand());
    }
    // The little-endian int32 made of the lab's double: 7654321 as b1 cb 74 00.
    bench.backToForm();
    QVERIFY(bench.applyMistake(LabMistakes::Mistake::Int32LittleEndian));
    QCOMPARE(bench.bytes().right(4), QByteArray("\xb1\xcb\x74\x00", 4));
}

void tst_LabBench::inspectorShowsBothOrdersAndWritesAtTheCursor()
{
    LabBench bench;
    bench.setFormRequest(u"double"_s, u"7654321"_s);
    HexEditor *hex = bench.editor()->hexEditor();
    DataInspector *inspector = bench.inspector();
    // The prefix: 00 7f is 127 in network order, 32512 little-endian.
    hex->setCursorPosition(0);
    QCOMPARE(inspector->shownValue(u"u16"_s, true), u"127"_s);
    QCOMPARE(inspector->shownValue(u"u16"_s, false), u"32512"_s);
    QVERIFY2(inspector->byteorderNote().contains(u"little"_s), qPrintable(inspector->byteorderNote()));
    // The int32 of the content, at its offset (2 + 127 + 6).
    hex->setCursorPosition(135);
    QCOMPARE(inspector->shownValue(u"i32"_s, true), u"7654321"_s);
    QCOMPARE(inspector->shownValue(u"i32"_s, false), u"-1312066560"_s);

    // Typing a value writes its bytes at the cursor in the order chosen.
    inspector->typeBox()->setCurrentIndex(inspector->typeBox()->findText(u"i32"_s));
    inspector->orderBox()->setCurrentIndex(1); // little-endian
    inspector->valueEdit()->setText(u"7654321"_s);
    QTest::mouseClick(inspector->writeButton(), Qt::LeftButton);
    QVERIFY2(inspector->writeError().isEmpty(), qPrintable(inspector->writeError()));
    QCOMPARE(bench.bytes(), LabMistakes::apply(LabMistakes::Mistake::Int32LittleEndian,
                                               QByteArrayView(DoubleRequest)).bytes);
    QVERIFY(bench.isEditedByHand());
    // A value out of the type's range is refused, and nothing is written.
    const QByteArray before = bench.bytes();
    inspector->typeBox()->setCurrentIndex(inspector->typeBox()->findText(u"u8"_s));
    inspector->valueEdit()->setText(u"256"_s);
    QTest::mouseClick(inspector->writeButton(), Qt::LeftButton);
    QVERIFY(!inspector->writeError().isEmpty());
    QCOMPARE(bench.bytes(), before);
}

void tst_LabBench::codeTabShowsEveryFormat()
{
    LabBench bench;
    bench.setFormRequest(u"double"_s, u"7654321"_s);
    for (int i = 0; i < bench.codeFormatBox()->count(); ++i) {
        bench.codeFormatBox()->setCurrentIndex(i);
        const auto format = CodeSnippets::Format(bench.codeFormatBox()->itemData(i).toInt());
        QCOMPARE(bench.codeView()->toPlainText(), CodeSnippets::text(format, DoubleRequest));
    }
    // The selection alone: the prefix's two bytes as hex.
    HexEditor *hex = bench.editor()->hexEditor();
    hex->setCursorPosition(0);
    hex->setCursorPosition(1, true);
    QCOMPARE(bench.codeText(CodeSnippets::Format::Hex, true), CodeSnippets::text(CodeSnippets::Format::Hex, QByteArray("\x00\x7f", 2)));
}

void tst_LabBench::sendSendsExactlyTheBytesToAnyHost()
{
    const QByteArray bytes = LabMistakes::apply(LabMistakes::Mistake::Int32AsText,
                                                QByteArrayView(DoubleRequest)).bytes;
    StubServer server(StubServer::Behaviour::Answer, LabRequests::answerTo(DoubleRequest), bytes.size());
    QVERIFY(server.isListening());
    MainWindow window;
    window.form()->builtInServerBox()->setChecked(false);
    window.form()->hostEdit()->setText(u"127.0.0.1"_s);
    window.form()->portBox()->setValue(server.serverPort());
    setForm(window, u"double"_s, u"7654321"_s);
    QVERIFY(window.bench()->applyMistake(LabMistakes::Mistake::Int32AsText));
    QTest::mouseClick(window.bench()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 1);
    QCOMPARE(server.request(), bytes);
    // Not the built-in server: the panel says what the lab's server would have logged.
    OutcomePanel *outcome = window.bench()->outcome();
    QVERIFY2(outcome->serverLogText().contains(u"would log:)\naccepted connection from ('127.0.0.1', "_s), qPrintable(outcome->serverLogText()));
    // What the lab's Python server answers to these bytes too (checked by hand against app-server.py).
    QVERIFY2(outcome->serverLogText().contains(u"content-length\": 10}resultnljh' to ('127.0.0.1', "_s),
             qPrintable(outcome->serverLogText()));
    QVERIFY2(outcome->whyText().contains(LabMistakes::name(LabMistakes::Mistake::Int32AsText)),
             qPrintable(outcome->whyText()));
}

void tst_LabBench::mistakeThroughTheBuiltInServerIsExplained()
{
    MainWindow window;
    QVERIFY(window.controller()->isBuiltInServerRunning());
    setForm(window, u"double"_s, u"7654321"_s);
    QVERIFY(window.bench()->applyMistake(LabMistakes::Mistake::Int32LittleEndian));
    QTest::mouseClick(window.bench()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 1);
    OutcomePanel *outcome = window.bench()->outcome();
    // The server doubled -1312066560: the answer, its log line, why, and the lab's answer
    // to the same bytes, side by side.
    QVERIFY2(!outcome->answerText().isEmpty(), "the answer is shown");
    QTRY_VERIFY2(outcome->serverLogText().contains(u"closing connection to ('127.0.0.1', "_s),
                 qPrintable(outcome->serverLogText()));
    QVERIFY(outcome->serverLogText().startsWith(u"accepted connection from ('127.0.0.1', "_s));
    QVERIFY(outcome->answerText().contains(u"double of -1312066560 is -2624133120"_s));
    QVERIFY2(outcome->whyText().contains(u"It reads the int32 b1 cb 74 00 big-endian: -1312066560."_s),
             qPrintable(outcome->whyText()));
    QVERIFY2(outcome->whyText().contains(LabMistakes::explanation(LabMistakes::Mistake::Int32LittleEndian)),
             qPrintable(outcome->whyText()));
    QVERIFY2(outcome->diffText().startsWith(u"Same bytes as the lab"_s), qPrintable(outcome->diffText()));
}

void tst_LabBench::historySendAgainLoadAndCompare()
{
    MainWindow window;
    setForm(window, u"double"_s, u"7654321"_s);
    QTest::mouseClick(window.form()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 1);
    QVERIFY(window.bench()->applyMistake(LabMistakes::Mistake::Int32LittleEndian));
    QTest::mouseClick(window.bench()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 2);
    QTRY_VERIFY(!window.controller()->isBusy());

    // Send again: the same bytes, a third exchange.
    const QByteArray mistaken = window.bench()->bytes();
    window.bench()->backToForm();
    QVERIFY(window.sendAgain(1));
    QTRY_COMPARE(window.historyList()->count(), 3);
    QTRY_VERIFY(!window.controller()->isBusy());
    QCOMPARE(window.controller()->currentExchange().requestBytes, mistaken);

    // Loaded into the bench: edited by hand, since the form does not make those bytes.
    window.loadIntoBench(1);
    QCOMPARE(window.bench()->bytes(), mistaken);
    QVERIFY(window.bench()->isEditedByHand());
    window.loadIntoForm(0);
    QVERIFY(!window.bench()->isEditedByHand());
    QCOMPARE(window.bench()->bytes(), DoubleRequest);

    // The two compared: the requests differ in the content's int32, at byte 135.
    window.compareExchanges(0, 1);
    auto *dialog = window.findChild<CompareDialog *>();
    QVERIFY(dialog);
    QVERIFY2(dialog->text().contains(u"135"_s), qPrintable(dialog->text()));
}

void tst_LabBench::historyContextMenu()
{
    // The menu itself, as a right click opens it: its entries, enabled as the selection
    // allows, and Compare chosen from it.
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    setForm(window, u"double"_s, u"7654321"_s);
    QTest::mouseClick(window.form()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 1);
    QTRY_VERIFY(!window.controller()->isBusy());
    setForm(window, u"negate"_s, u"300"_s);
    QTest::mouseClick(window.form()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 2);
    QTRY_VERIFY(!window.controller()->isBusy());

    QListWidget *list = window.historyList();
    const auto openMenuAt = [&](int row, const std::function<void(QMenu *)> &inside) {
        bool seen = false;
        QTimer::singleShot(0, &window, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            seen = true;
            inside(menu);
            if (menu->isVisible())
                menu->close();
        });
        emit list->customContextMenuRequested(list->visualItemRect(list->item(row)).center());
        QVERIFY(seen);
    };
    const auto action = [](QMenu *menu, const QString &startsWith) -> QAction * {
        for (QAction *candidate : menu->actions()) {
            if (candidate->text().remove(u'&').startsWith(startsWith))
                return candidate;
        }
        return nullptr;
    };

    list->setCurrentRow(0, QItemSelectionModel::ClearAndSelect);
    openMenuAt(0, [&](QMenu *menu) {
        QVERIFY(action(menu, u"Send again"_s) && action(menu, u"Send again"_s)->isEnabled());
        QVERIFY(action(menu, u"Load into the form"_s)->isEnabled());
        QVERIFY(action(menu, u"Load into the lab bench"_s)->isEnabled());
        QAction *compare = action(menu, u"Compare byte by byte (select two"_s);
        QVERIFY(compare);
        QVERIFY(!compare->isEnabled());
    });
    QVERIFY(!window.findChild<CompareDialog *>());

    list->setCurrentRow(1, QItemSelectionModel::Select);
    openMenuAt(1, [&](QMenu *menu) {
        QAction *compare = action(menu, u"Compare the two selected"_s);
        QVERIFY(compare && compare->isEnabled());
        menu->close();
        compare->trigger();
    });
    auto *dialog = window.findChild<CompareDialog *>();
    QVERIFY(dialog);
    QVERIFY2(!dialog->text().isEmpty(), "the two requests compared");
}

void tst_LabBench::fitsA1024By768Screen()
{
    // With a mistake sent and explained (the tallest the bench gets), at 9/10 of a 1024x768
    // screen: nothing is squeezed over anything else, every part can be reached.
    MainWindow window;
    setForm(window, u"double"_s, u"7654321"_s);
    QVERIFY(window.bench()->applyMistake(LabMistakes::Mistake::Int32LittleEndian));
    QTest::mouseClick(window.bench()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(window.historyList()->count(), 1);
    LabBench *bench = window.bench();
    bench->resize(921, 691);
    bench->show();
    QVERIFY(QTest::qWaitForWindowExposed(bench));
    const QSize minimum = bench->minimumSizeHint();
    QVERIFY2(minimum.width() <= 921 && minimum.height() <= 691,
             qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
    QVERIFY(bench->height() <= 691);
    auto *scroll = bench->findChild<QScrollArea *>(u"benchScroll"_s);
    QVERIFY(scroll);
    QWidget *content = scroll->widget();
    QVERIFY2(content->height() >= content->minimumSizeHint().height(), "scrolled, not squeezed");
}

QTEST_MAIN(tst_LabBench)
#include "tst_labbench.moc"
