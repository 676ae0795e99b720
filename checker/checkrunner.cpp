#include "checkrunner.h"

#include "casecatalog.h"

#include "clientcaserun.h"
#include "servercaserun.h"

#include <QtCore/QTimer>

namespace Wirelab::Check {

QString CheckTarget::describe() const
{
    if (mode == Mode::Client)
        return clientCommand;
    const QString shownHost
            = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return QStringLiteral("%1:%2").arg(shownHost).arg(port);
}

CheckPlan CheckPlan::allCases(Mode mode, quint32 seed)
{
    CheckPlan plan;
    plan.cases = CaseCatalog::cases(mode, seed);
    plan.seed = seed;
    return plan;
}

CheckRunner::CheckRunner(QObject *parent) : QObject(parent) { }

CheckRunner::~CheckRunner()
{
    delete m_current;
}

void CheckRunner::start(const CheckPlan &plan, const CheckTarget &target)
{
    Q_ASSERT(!m_running);
    m_plan = plan;
    m_target = target;
    m_report = {};
    m_report.version = plan.version;
    m_report.mode = target.mode;
    m_report.target = target.describe();
    m_report.seed = plan.seed;
    m_report.strict = plan.strict;
    m_report.timeoutMs = plan.settings.timeout.count();
    m_report.started = QDateTime::currentDateTimeUtc();
    m_next = 0;
    m_running = true;
    m_cancelled = false;
    m_abandonReason.clear();
    m_lastConnectedCase.clear();
    m_clock.start();
    // From the event loop, so that whoever started the run has connected to all its signals
    // however it is called.
    QTimer::singleShot(0, this, &CheckRunner::runNext);
}

void CheckRunner::abandon(const QString &reason)
{
    if (!m_running || !m_abandonReason.isEmpty())
        return;
    m_abandonReason = reason;
    m_report.abandoned = reason;
    if (!m_current)
        QTimer::singleShot(0, this, &CheckRunner::runNext);
}

void CheckRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (auto *server = qobject_cast<ServerCaseRun *>(m_current))
        server->abort();
    else if (auto *client = qobject_cast<ClientCaseRun *>(m_current))
        client->abort();
}

void CheckRunner::runNext()
{
    if (!m_running || m_current)
        return;
    if (m_cancelled || m_next >= m_plan.cases.size()) {
        end();
        return;
    }
    if (!m_abandonReason.isEmpty()) {
        failRemaining();
        end();
        return;
    }
    const int index = m_next++;
    const CheckCase &testCase = m_plan.cases[index];
    emit caseStarted(testCase, index, int(m_plan.cases.size()));
    if (m_target.mode == Mode::Server) {
        auto *run = new ServerCaseRun(testCase, m_target.host, m_target.port, m_plan.settings);
        if (!m_lastConnectedCase.isEmpty())
            run->setRefusedHint(
                    QStringLiteral(
                            " The server accepted connections until case %1: it may have exited on "
                            "that case's request.")
                            .arg(m_lastConnectedCase));
        connect(run, &ServerCaseRun::finished, this,
                [this, run, id = testCase.id](const CaseResult &result) {
                    if (run->anyConnected())
                        m_lastConnectedCase = id;
                    caseEnded(result);
                });
        m_current = run;
        run->start();
    } else {
        auto *run = new ClientCaseRun(testCase, m_target.clientCommand, m_plan.settings);
        connect(run, &ClientCaseRun::finished, this, &CheckRunner::caseEnded);
        m_current = run;
        run->start();
    }
}

void CheckRunner::caseEnded(const CaseResult &result)
{
    if (m_current)
        m_current->deleteLater();
    m_current = nullptr;
    m_report.cases.append(result);
    emit caseFinished(result, int(m_report.cases.size()) - 1, int(m_plan.cases.size()));
    // The next case from the event loop: the finished case's objects go first, and a long
    // run never recurses.
    QTimer::singleShot(0, this, &CheckRunner::runNext);
}

void CheckRunner::failRemaining()
{
    while (m_next < m_plan.cases.size()) {
        const CheckCase &testCase = m_plan.cases[m_next++];
        CaseResult result = resultFor(testCase);
        result.ran = false;
        Finding finding;
        finding.level = Level::Must;
        finding.clause = testCase.clauses.first();
        finding.subject = QStringLiteral("run");
        finding.problem = QStringLiteral("Not run: %1").arg(m_abandonReason);
        result.findings.append(finding);
        result.verdict = Verdict::Fail;
        m_report.cases.append(result);
        emit caseFinished(result, int(m_report.cases.size()) - 1, int(m_plan.cases.size()));
    }
}

void CheckRunner::end()
{
    m_running = false;
    m_report.durationMs = m_clock.elapsed();
    emit finished(m_report);
}

} // namespace Wirelab::Check
