#include "checkrun.h"

#include <QtCore/QTemporaryDir>

#include <cerrno>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace Wirelab::Check;

namespace {

QString faultyClient(const QString &fault)
{
    return u"%1 --fault %2 {host} {port} {action} {value}"_s.arg(QStringLiteral(FAULTY_CLIENT_PATH),
                                                                 fault);
}

// Gone, or dead and waiting to be reaped (whoever adopted it may take its time).
bool isGone(pid_t pid)
{
    if (::kill(pid, 0) == -1 && errno == ESRCH)
        return true;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype state = line.lastIndexOf(')') + 2;
    return state < line.size() && line[state] == 'Z';
}

} // namespace

class tst_CheckClient : public QObject
{
    Q_OBJECT

private slots:
    void wirelabClientPassesEverything();
    void faultIsCaught_data();
    void faultIsCaught();
    void hangingClientIsKilledWithItsGroup();
    void clientThatNeverConnects();
    void destroyedMidCaseKillsTheClient();
};

void tst_CheckClient::wirelabClientPassesEverything()
{
    // Its own timeout below the case's, so that it gives up on a silent server in time (7.4).
    const QString command = u"%1 --timeout 1 {host} {port} {action} {value}"_s.arg(
            QStringLiteral(WIRELAB_CLIENT_PATH));
    const CheckReport report = runCheck(CheckTarget::client(command), {}, 5000, true);
    QCOMPARE(report.cases.size(), CaseCatalog::cases(Mode::Client, 1).size());
    QVERIFY2(report.counts().pass == report.cases.size(), qPrintable(notPassed(report)));
    QVERIFY(report.passed());
    // What the client sent is recorded with what the scripted server answered.
    const CaseResult *result = resultOf(report, u"5.1.1"_s);
    QVERIFY(result);
    QCOMPARE(result->evidence.connections.size(), 1);
    QVERIFY(!result->evidence.connections[0].checkerIsClient);
    QCOMPARE(result->evidence.receivedBytes(1).right(10), "double\x00t\xcb\xb1"_ba);
    QVERIFY(result->evidence.sentBytes(1).endsWith("result\x00\xe9\x97"
                                                   "b"_ba));
}

void tst_CheckClient::faultIsCaught_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QStringList>("only");
    QTest::addColumn<QString>("caseId");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("passingId");
    QTest::newRow("packs the int32 little-endian")
            << u"little-endian-int"_s << QStringList { u"5.1.1"_s, u"4.1.1"_s } << u"5.1.1"_s
            << u"Read little-endian it is 7654321"_s << u"4.1.1"_s;
    QTest::newRow("declares a wrong content-length")
            << u"wrong-content-length"_s << QStringList { u"5.1.1"_s } << u"5.1.1"_s
            << u"10 of its 11 bytes arrived"_s << QString();
    QTest::newRow("gives up on an answer in pieces")
            << u"no-reassembly"_s << QStringList { u"5.1.1"_s } << u"5.1.1/bytes"_s
            << u"The client did not print the result 15308642."_s << u"5.1.1"_s;
    QTest::newRow("gives up on a search answer that comes a byte at a time")
            << u"no-reassembly"_s << QStringList { u"4.1.1"_s } << u"4.1.1/bytes"_s
            << u"The client did not print the result 'Follow the white rabbit. \U0001f430'."_s
            << u"4.1.1"_s;
}

void tst_CheckClient::faultIsCaught()
{
    QFETCH(QString, fault);
    QFETCH(QStringList, only);
    QFETCH(QString, caseId);
    QFETCH(QString, problem);
    QFETCH(QString, passingId);
    const CheckReport report = runCheck(CheckTarget::client(faultyClient(fault)), only, 1500);
    const CaseResult *result = resultOf(report, caseId);
    QVERIFY2(result, qPrintable(notPassed(report)));
    QVERIFY2(result->verdict == Verdict::Fail, qPrintable(notPassed(report)));
    QVERIFY2(result->summary().contains(problem), qPrintable(result->summary()));
    QCOMPARE(report.exitCode(), 1);
    if (!passingId.isEmpty()) {
        const CaseResult *passing = resultOf(report, passingId);
        QVERIFY(passing);
        QVERIFY2(passing->verdict == Verdict::Pass, qPrintable(passing->summary()));
    }
}

void tst_CheckClient::hangingClientIsKilledWithItsGroup()
{
    // A client that starts a child and then hangs: at the timeout both must be gone.
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString pidFile = directory.filePath(u"child.pid"_s);
    const QString command
            = u"sleep 30 & echo $! > %1; sleep 30 # {host} {port} {action} {value}"_s.arg(pidFile);
    QElapsedTimer clock;
    clock.start();
    const CheckReport report = runCheck(CheckTarget::client(command), { u"5.1.1/split"_s }, 700);
    QVERIFY(clock.elapsed() < 5000);
    QCOMPARE(report.cases.size(), 1);
    QCOMPARE(report.cases[0].verdict, Verdict::Fail);
    const QList<Finding> &findings = report.cases[0].findings;
    QVERIFY(std::any_of(findings.cbegin(), findings.cend(), [](const Finding &finding) {
        return finding.level == Level::Must && finding.clause == u"7.3"_s
               && finding.problem.contains(u"killed with its process group"_s);
    }));
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const pid_t child = pid_t(file.readAll().trimmed().toInt());
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(isGone(child), 5000);
}

void tst_CheckClient::clientThatNeverConnects()
{
    const CheckReport report = runCheck(
            CheckTarget::client(u"true {host} {port} {action} {value}"_s), { u"6.1.1"_s }, 2000);
    QCOMPARE(report.cases.size(), 4);
    for (const CaseResult &result : report.cases) {
        QCOMPARE(result.verdict, Verdict::Fail);
        QCOMPARE(result.summary(), u"The client never connected to wirelab-check's server."_s);
    }
}

void tst_CheckClient::destroyedMidCaseKillsTheClient()
{
    QTemporaryDir directory;
    const QString pidFile = directory.filePath(u"client.pid"_s);
    CheckPlan plan = CheckPlan::allCases(Mode::Client, 1);
    plan.settings.timeout = std::chrono::milliseconds(60000);
    auto runner = std::make_unique<CheckRunner>();
    runner->start(plan,
                  CheckTarget::client(u"echo $$ > %1; exec sleep 60 # {port}"_s.arg(pidFile)));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(pidFile).size() > 0, 10000);
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const pid_t client = pid_t(file.readAll().trimmed().toInt());
    QVERIFY(client > 0 && !isGone(client));
    runner.reset();
    QTRY_VERIFY_WITH_TIMEOUT(isGone(client), 5000);
}

QTEST_GUILESS_MAIN(tst_CheckClient)
#include "tst_checkclient.moc"
