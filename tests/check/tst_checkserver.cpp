#include "checkrun.h"

#include <QtNetwork/QTcpServer>

using namespace Qt::StringLiterals;
using namespace Wirelab::Check;

class tst_CheckServer : public QObject
{
    Q_OBJECT

private slots:
    void wirelabServerPassesEverything();
    void faultIsCaught_data();
    void faultIsCaught();
    void noServerFailsEveryCase();
    void silentServerTimesOut();
    void cancelStopsAtOnce();
    void destroyedMidCase();
};

void tst_CheckServer::wirelabServerPassesEverything()
{
    ServerProcess server({ u"--quiet"_s });
    QVERIFY2(server.start(), qPrintable(server.error()));
    const CheckReport report
            = runCheck(CheckTarget::server(u"127.0.0.1"_s, server.port()), {}, 5000, true);
    QCOMPARE(report.cases.size(), CaseCatalog::cases(Mode::Server, 1).size());
    QVERIFY2(report.counts().pass == report.cases.size(), qPrintable(notPassed(report)));
    QVERIFY(report.passed()); // --strict too
    QCOMPARE(report.exitCode(), 0);
    // Evidence: every case recorded what it sent and what came back, with times in order.
    for (const CaseResult &result : report.cases) {
        QVERIFY2(!result.evidence.connections.isEmpty(), qPrintable(result.id));
        qint64 last = 0;
        for (const WireEvent &event : result.evidence.events) {
            QVERIFY(event.timeUs >= last);
            last = event.timeUs;
        }
        QVERIFY(!result.evidence.receivedBytes(result.evidence.connections.last().id).isEmpty());
    }
    // One byte at a time means one write per byte.
    const CaseResult *bytes = resultOf(report, u"5.2.1/bytes"_s);
    QVERIFY(bytes);
    int writes = 0;
    for (const WireEvent &event : bytes->evidence.events)
        writes += event.kind == WireEvent::Kind::Sent ? 1 : 0;
    QCOMPARE(writes, 139);
}

void tst_CheckServer::faultIsCaught_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QStringList>("only");
    QTest::addColumn<QString>("caseId");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("problem"); // a part of the first finding's problem
    QTest::addColumn<QString>("passingId"); // a case the fault does not touch, or ""

    QTest::newRow("packs the int32 little-endian")
            << u"little-endian-int"_s << QStringList { u"5.2.1"_s, u"4.2.1"_s } << u"5.2.1"_s
            << Verdict::Fail << u"Read little-endian it is 15308642"_s << u"4.2.1"_s;
    QTest::newRow("packs the length prefix little-endian")
            << u"little-endian-prefix"_s << QStringList { u"4.2.1"_s } << u"4.2.1"_s
            << Verdict::Fail << u"Read little-endian it would be 103"_s << QString();
    QTest::newRow("doubles wrongly")
            << u"wrong-double"_s << QStringList { u"5.2.1"_s, u"5.3.1"_s } << u"5.2.1"_s
            << Verdict::Fail << u"The int32 is 15308643, not 15308642."_s << u"5.3.1"_s;
    QTest::newRow("negates wrongly")
            << u"wrong-negate"_s << QStringList { u"5.3.2"_s, u"5.2.1"_s } << u"5.3.2"_s
            << Verdict::Fail << u"The int32 is -300, not 300."_s << u"5.2.1"_s;
    QTest::newRow("declares a wrong content-length")
            << u"wrong-content-length"_s << QStringList { u"6.2.1"_s } << u"6.2.1"_s
            << Verdict::Fail << u"37 of its 38 bytes arrived"_s << QString();
    QTest::newRow("misquotes the miss")
            << u"misquote-miss"_s << QStringList { u"4.3.1"_s, u"4.2.1"_s } << u"4.3.1"_s
            << Verdict::Fail << u"\"No match for 'neo'.\", not 'No match for \"neo\".'"_s
            << u"4.2.1"_s;
    QTest::newRow("echoes 11 bytes")
            << u"echo-count"_s << QStringList { u"6.2.4"_s, u"6.2.2"_s } << u"6.2.4"_s
            << Verdict::Fail << u"It echoes 11 bytes of the request"_s << u"6.2.2"_s;
    QTest::newRow("drops a request in pieces")
            << u"drop-chunked"_s << QStringList { u"5.2.1"_s } << u"5.2.1/bytes"_s << Verdict::Fail
            << u"closed the connection without answering"_s << u"5.2.1"_s;
    QTest::newRow("drops a search sent one byte at a time")
            << u"drop-chunked"_s << QStringList { u"4.2.1"_s } << u"4.2.1/bytes"_s << Verdict::Fail
            << u"closed the connection without answering"_s << u"4.2.1"_s;
    QTest::newRow("exits on a bad request")
            << u"exit-on-bad"_s << QStringList { u"5.2.1"_s, u"8.1.1"_s } << u"8.1.1"_s
            << Verdict::Fail
            << u"not served after the first client's malformed request: the server may have exited on it."_s
            << u"5.2.1"_s;
    QTest::newRow("keys sorted: NON-STRICT, not FAIL")
            << u"sorted-keys"_s << QStringList { u"4.2.1"_s } << u"4.2.1"_s << Verdict::NonStrict
            << u"The header's keys are byteorder, content-encoding, content-length, content-type"_s
            << QString();
    QTest::newRow("JSON escaping: NON-STRICT, not FAIL")
            << u"ascii-escape"_s << QStringList { u"4.2.1"_s, u"4.3.1"_s } << u"4.2.1"_s
            << Verdict::NonStrict << u"escapes characters as \\uXXXX"_s << u"4.3.1"_s;
    QTest::newRow("only UTF-8: INFO")
            << u"utf8-only"_s << QStringList { u"2.8.1"_s, u"4.2.1"_s } << u"2.8.1"_s
            << Verdict::Info << u"The answer's result is"_s << u"4.2.1"_s;
}

void tst_CheckServer::faultIsCaught()
{
    QFETCH(QString, fault);
    QFETCH(QStringList, only);
    QFETCH(QString, caseId);
    QFETCH(Verdict, verdict);
    QFETCH(QString, problem);
    QFETCH(QString, passingId);
    const std::unique_ptr<ServerProcess> server = startFaultyServer(fault);
    QVERIFY(server->port() != 0);
    const CheckReport report
            = runCheck(CheckTarget::server(u"127.0.0.1"_s, server->port()), only, 3000);
    const CaseResult *result = resultOf(report, caseId);
    QVERIFY2(result, qPrintable(notPassed(report)));
    QVERIFY2(result->verdict == verdict, qPrintable(notPassed(report)));
    QVERIFY2(result->summary().contains(problem), qPrintable(result->summary()));
    if (verdict == Verdict::Fail)
        QCOMPARE(report.exitCode(), 1);
    if (!passingId.isEmpty()) {
        const CaseResult *passing = resultOf(report, passingId);
        QVERIFY(passing);
        QVERIFY2(passing->verdict == Verdict::Pass, qPrintable(passing->summary()));
    }
}

void tst_CheckServer::noServerFailsEveryCase()
{
    const quint16 port = [] {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }();
    const CheckReport report
            = runCheck(CheckTarget::server(u"127.0.0.1"_s, port), { u"4.2.1"_s, u"8.3.1"_s }, 2000);
    QCOMPARE(report.cases.size(), 5);
    for (const CaseResult &result : report.cases) {
        QCOMPARE(result.verdict, Verdict::Fail);
        QVERIFY2(result.summary().startsWith(u"Could not connect"_s), qPrintable(result.summary()));
    }
}

void tst_CheckServer::silentServerTimesOut()
{
    const std::unique_ptr<ServerProcess> server = startFaultyServer(u"silent"_s);
    QElapsedTimer clock;
    clock.start();
    const CheckReport report
            = runCheck(CheckTarget::server(u"127.0.0.1"_s, server->port()), { u"5.2.1"_s }, 500);
    QCOMPARE(report.cases.size(), 4);
    for (const CaseResult &result : report.cases) {
        QCOMPARE(result.verdict, Verdict::Fail);
        QCOMPARE(result.summary(), u"No answer within 0.5 s."_s);
        QVERIFY2(result.durationMs >= 500 && result.durationMs < 2500,
                 qPrintable(QString::number(result.durationMs)));
    }
    QVERIFY(clock.elapsed() < 10000);
}

void tst_CheckServer::cancelStopsAtOnce()
{
    const std::unique_ptr<ServerProcess> server = startFaultyServer(u"silent"_s);
    CheckPlan plan;
    plan.cases = CaseCatalog::cases(Mode::Server, 1);
    plan.settings.timeout = std::chrono::milliseconds(60000);
    CheckRunner runner;
    QSignalSpy started(&runner, &CheckRunner::caseStarted);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start(plan, CheckTarget::server(u"127.0.0.1"_s, server->port()));
    QVERIFY(started.wait(5000));
    runner.cancel();
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.report().cases.size(), 1);
    QVERIFY(!runner.isRunning());
}

void tst_CheckServer::destroyedMidCase()
{
    // A GUI may close while a case is under way: its connections go quietly.
    const std::unique_ptr<ServerProcess> server = startFaultyServer(u"silent"_s);
    CheckPlan plan = CheckPlan::allCases(Mode::Server, 1);
    plan.settings.timeout = std::chrono::milliseconds(60000);
    auto runner = std::make_unique<CheckRunner>();
    QSignalSpy started(runner.get(), &CheckRunner::caseStarted);
    runner->start(plan, CheckTarget::server(u"127.0.0.1"_s, server->port()));
    QVERIFY(started.wait(5000));
    runner.reset(); // its connection on the way
    QCoreApplication::processEvents();
}

QTEST_GUILESS_MAIN(tst_CheckServer)
#include "tst_checkserver.moc"
