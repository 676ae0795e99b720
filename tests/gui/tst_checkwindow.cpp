#include "checkwindow.h"
#include "exchangecontroller.h"
#include "mainwindow.h"
#include "requestform.h"
#include "stubserver.h"

#include <QtGui/QAction>
#include <QtGui/QStandardItemModel>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QTreeView>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

QAction *checkAction(MainWindow &window)
{
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == u"&Check this server…"_s)
            return action;
    }
    return nullptr;
}

QStringList column(QStandardItemModel *model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values.append(model->item(row, column)->text());
    return values;
}

} // namespace

class tst_CheckWindow : public QObject
{
    Q_OBJECT

private slots:
    void theBuiltInServerPassesEveryCase();
    void aWrongServerFailsWithItsEvidence();
};

void tst_CheckWindow::theBuiltInServerPassesEveryCase()
{
    MainWindow window;
    window.show();
    QVERIFY(window.controller()->isBuiltInServerRunning());
    QAction *check = checkAction(window);
    QVERIFY(check);
    QCOMPARE(check->shortcut(), QKeySequence(u"Ctrl+Shift+K"_s));
    check->trigger();
    auto *checkWindow = window.findChild<CheckWindow *>();
    QVERIFY(checkWindow);
    QVERIFY(checkWindow->isVisible());
    QVERIFY(checkWindow->isRunning());
    QSignalSpy finished(checkWindow, &CheckWindow::finished);
    QVERIFY(finished.wait(240'000));

    const Check::CheckReport &report = checkWindow->report();
    QCOMPARE(report.target, u"127.0.0.1:%1"_s.arg(window.controller()->builtInServerPort()));
    QVERIFY2(report.passed(), qPrintable(checkWindow->details()));
    QVERIFY(report.cases.size() >= 40);
    QStandardItemModel *rows = checkWindow->resultsModel();
    QCOMPARE(rows->rowCount(), report.cases.size());
    QVERIFY(!column(rows, 0).contains(u"FAIL"_s));
    QCOMPARE(column(rows, 1).first(), report.cases.first().id);

    // A selected case shows its line as wirelab-check prints it.
    auto *table = checkWindow->findChild<QTreeView *>();
    table->setCurrentIndex(rows->index(0, 0));
    QVERIFY2(checkWindow->details().contains(report.cases.first().id), qPrintable(checkWindow->details()));
}

void tst_CheckWindow::aWrongServerFailsWithItsEvidence()
{
    // A server that answers every request with a header that is not JSON.
    StubServer wrong(StubServer::Behaviour::Answer, "\x00\x05hello"_ba);
    CheckWindow checkWindow;
    checkWindow.show();
    QSignalSpy finished(&checkWindow, &CheckWindow::finished);
    checkWindow.start(u"127.0.0.1"_s, wrong.serverPort());
    QVERIFY(finished.wait(240'000));
    QVERIFY(!checkWindow.report().passed());
    QVERIFY(column(checkWindow.resultsModel(), 0).contains(u"FAIL"_s));

    // The first failure is selected, and its evidence says what was sent and what came.
    const int firstFailure = int(column(checkWindow.resultsModel(), 0).indexOf(u"FAIL"_s));
    auto *table = checkWindow.findChild<QTreeView *>();
    QCOMPARE(table->currentIndex().row(), firstFailure);
    const QString details = checkWindow.details();
    QVERIFY2(details.contains(u"FAIL"_s) && details.contains(u"b'\\x00\\x05hello'"_s), qPrintable(details));
}

QTEST_MAIN(tst_CheckWindow)
#include "tst_checkwindow.moc"
