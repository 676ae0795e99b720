#ifndef WIRELAB_CHECKRUN_H
#define WIRELAB_CHECKRUN_H

#include "casecatalog.h"
#include "checkrunner.h"
#include "serverprocess.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

// Runs wirelab-check's engine in the test, as the GUI would, and waits for its report.
inline Wirelab::Check::CheckReport runCheck(const Wirelab::Check::CheckTarget &target,
                                            const QStringList &only = {}, int timeoutMs = 5000,
                                            bool strict = false)
{
    using namespace Wirelab::Check;
    CheckPlan plan;
    plan.seed = 20261201;
    plan.cases = CaseCatalog::select(CaseCatalog::cases(target.mode, plan.seed), only, {}).cases;
    plan.settings.timeout = std::chrono::milliseconds(timeoutMs);
    // Pauses long enough to be two reads on loopback, short enough for a test suite.
    plan.settings.chop.pause = std::chrono::milliseconds(30);
    plan.strict = strict;
    CheckRunner runner;
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start(plan, target);
    // Every case is bounded by its timeout, plus the chops' own time.
    const int bound = int(plan.cases.size()) * (timeoutMs + 2000) + 10000;
    if (!finished.wait(bound))
        qWarning("the check did not finish within %d ms", bound);
    return runner.report();
}

inline const Wirelab::Check::CaseResult *resultOf(const Wirelab::Check::CheckReport &report,
                                                  const QString &id)
{
    for (const Wirelab::Check::CaseResult &result : report.cases) {
        if (result.id == id)
            return &result;
    }
    return nullptr;
}

// The ids of the cases that did not pass, with their first problem: for failure messages.
inline QString notPassed(const Wirelab::Check::CheckReport &report)
{
    QStringList lines;
    for (const Wirelab::Check::CaseResult &result : report.cases) {
        if (result.verdict != Wirelab::Check::Verdict::Pass)
            lines.append(Wirelab::Check::verdictName(result.verdict) + QLatin1Char(' ') + result.id
                         + QStringLiteral(": ") + result.summary());
    }
    return lines.join(QLatin1Char('\n'));
}

// The faulty lab server of faultyserver.cpp, started as wirelab-server is.
inline std::unique_ptr<ServerProcess> startFaultyServer(const QString &faults)
{
    auto server
            = std::make_unique<ServerProcess>(QStringList { QStringLiteral("--fault"), faults });
    server->process().setProgram(QStringLiteral(FAULTY_SERVER_PATH));
    if (!server->start())
        qWarning("faulty server: %s", qPrintable(server->error()));
    return server;
}

#endif // WIRELAB_CHECKRUN_H
