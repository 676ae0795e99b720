#include "clientcaserun.h"

#include "clientjudge.h"

namespace Wirelab::Check {
namespace {

// Once the client has ended, its connection's last bytes and close are on their way: this
// is how long they may take to be read.
constexpr std::chrono::milliseconds DrainTime { 1000 };

} // namespace

ClientCaseRun::ClientCaseRun(const CheckCase &testCase, const QString &commandTemplate,
                             const RunSettings &settings, QObject *parent)
    : QObject(parent), m_case(testCase), m_commandTemplate(commandTemplate), m_settings(settings),
      m_server(testCase, settings, &m_recorder)
{
    m_timeout.setSingleShot(true);
    // A coarse timer may fire 5% early: a case's timeout is a promise to the peer.
    m_timeout.setTimerType(Qt::PreciseTimer);
    m_timeout.setInterval(settings.timeout);
    connect(&m_timeout, &QTimer::timeout, &m_process, &CommandProcess::killAtTimeout);
    m_drain.setSingleShot(true);
    m_drain.setInterval(DrainTime);
    connect(&m_drain, &QTimer::timeout, this, &ClientCaseRun::finish);
    connect(&m_process, &CommandProcess::finished, this, &ClientCaseRun::processEnded);
    connect(&m_server, &ScriptedServer::connectionEnded, this, [this] {
        if (m_drain.isActive() && !m_server.hasOpenConnections())
            finish();
    });
}

void ClientCaseRun::start()
{
    if (!m_server.listen()) {
        m_setupProblem = QStringLiteral("wirelab-check could not listen on 127.0.0.1: %1")
                                 .arg(m_server.errorString());
        finish();
        return;
    }
    m_placeholders = { { QStringLiteral("host"), QStringLiteral("127.0.0.1") },
                       { QStringLiteral("port"), QString::number(m_server.port()) },
                       { QStringLiteral("action"), m_case.action },
                       { QStringLiteral("value"), m_case.value } };
    m_timeout.start();
    m_process.start(m_commandTemplate, m_placeholders);
}

void ClientCaseRun::abort()
{
    m_process.kill();
    finish();
}

void ClientCaseRun::processEnded()
{
    m_timeout.stop();
    if (!m_server.hasOpenConnections())
        finish();
    else
        m_drain.start();
}

void ClientCaseRun::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_drain.stop();
    m_server.closeAll();

    CaseResult result = resultFor(m_case);
    if (!m_setupProblem.isEmpty()) {
        Finding finding;
        finding.clause = m_case.clauses.first();
        finding.subject = QStringLiteral("setup");
        finding.problem = m_setupProblem;
        result.findings.append(finding);
    } else {
        result.findings
                = ClientJudge::judgeRequest(m_case, m_server.requestSeen())
                  + ClientJudge::judgeRun(m_case, m_process.outcome(), m_settings.timeout.count());
        sortFindings(result.findings);
    }
    result.verdict = verdictOf(result.findings);
    result.evidence = m_recorder.evidence();
    for (const ConnectionRecord &connection : result.evidence.connections) {
        const QByteArray sent = result.evidence.sentBytes(connection.id);
        if (!sent.isEmpty())
            result.sent.append(
                    { QStringLiteral("wirelab-check's server to the %1").arg(connection.label),
                      sent });
    }
    result.notes.append(QStringLiteral("server: %1").arg(m_case.script.describe()));
    result.notes.append(
            QStringLiteral("command: %1")
                    .arg(CommandProcess::substitute(m_commandTemplate, m_placeholders, true)));
    result.notes.append(ClientJudge::describeOutput(m_process.outcome()));
    result.durationMs = m_recorder.elapsedMs();
    emit finished(result);
}

} // namespace Wirelab::Check
