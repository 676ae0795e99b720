#include "rosterrunner.h"

#include "htmlreport.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtNetwork/QTcpServer>

namespace Wirelab::Check {
namespace {

// How often to knock while a server starts: often enough that grading starts soon after it
// listens, seldom enough not to flood its log with empty connections.
constexpr std::chrono::milliseconds ProbeInterval { 100 };
// A server that exits closes its listening socket a moment before the system reports its end.
constexpr std::chrono::milliseconds RefusedExitWait { 500 };

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(duration.count() / 1000.0, 'g', 3);
}

bool writeFile(const QString &fileName, const QByteArray &bytes)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(bytes) == bytes.size();
}

} // namespace

RosterRunner::RosterRunner(QObject *parent) : QObject(parent)
{
    m_probeTimer.setSingleShot(true);
    m_probeTimer.setInterval(ProbeInterval);
    connect(&m_probeTimer, &QTimer::timeout, this, &RosterRunner::probeListening);
    m_startDeadline.setSingleShot(true);
    connect(&m_startDeadline, &QTimer::timeout, this, [this] {
        failToStart(QStringLiteral("Its server did not listen on 127.0.0.1:%1 within %2 s.")
                            .arg(m_current.port)
                            .arg(seconds(m_settings.startTimeout)));
    });
    m_cap.setSingleShot(true);
    connect(&m_cap, &QTimer::timeout, this, [this] {
        if (m_runner)
            m_runner->abandon(QStringLiteral("the submission's time cap of %1 s was reached")
                                      .arg(seconds(m_settings.cap)));
        if (m_server)
            m_server->stop(m_settings.stopGrace);
    });
    connect(&m_probe, &QTcpSocket::connected, this, [this] {
        m_probe.abort();
        if (!m_grading)
            startGrading();
    });
    connect(&m_probe, &QTcpSocket::errorOccurred, this, [this] {
        m_probe.abort();
        if (!m_grading && m_startDeadline.isActive())
            m_probeTimer.start();
    });
}

quint16 RosterRunner::freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

void RosterRunner::start(const QList<RosterEntry> &roster, const CheckPlan &plan,
                         const RosterSettings &settings)
{
    m_roster = roster;
    m_plan = plan;
    m_settings = settings;
    m_results.clear();
    m_index = -1;
    QTimer::singleShot(0, this, &RosterRunner::startNext);
}

void RosterRunner::startNext()
{
    if (++m_index >= m_roster.size()) {
        emit finished();
        return;
    }
    m_current = {};
    m_current.entry = m_roster[m_index];
    m_current.port = freePort();
    m_current.logFile = m_current.entry.name + QStringLiteral(".log");
    m_grading = false;
    m_gradingDone = false;
    m_runningCase.clear();
    emit submissionStarted(m_current.entry, m_index, int(m_roster.size()));

    m_server = new CommandProcess(this);
    m_server->setOutputFile(QDir(m_settings.outputDirectory).filePath(m_current.logFile));
    connect(m_server, &CommandProcess::finished, this, &RosterRunner::serverEnded);
    m_server->start(m_current.entry.command,
                    { { QStringLiteral("host"), QStringLiteral("127.0.0.1") },
                      { QStringLiteral("port"), QString::number(m_current.port) } });
    m_startDeadline.start(m_settings.startTimeout);
    m_probeTimer.start();
}

void RosterRunner::probeListening()
{
    if (m_grading)
        return;
    m_probe.abort();
    m_probe.connectToHost(QHostAddress::LocalHost, m_current.port);
}

void RosterRunner::startGrading()
{
    m_grading = true;
    m_startDeadline.stop();
    m_probeTimer.stop();
    m_runner = new CheckRunner(this);
    connect(m_runner, &CheckRunner::caseStarted, this,
            [this](const CheckCase &testCase) { m_runningCase = testCase.id; });
    connect(m_runner, &CheckRunner::caseFinished, this, [this](const CaseResult &result) {
        emit caseFinished(m_current.entry, result);
        if (!m_server)
            return;
        // A refused connection means the server no longer listens: if it is on its way out,
        // wait for it, so that the cases it cannot answer are not run against nothing.
        const bool refused = std::any_of(
                result.findings.cbegin(), result.findings.cend(), [](const Finding &finding) {
                    return finding.problem.startsWith(QLatin1String("Could not connect"));
                });
        m_betweenCases = true;
        m_server->checkEnded(refused ? RefusedExitWait : std::chrono::milliseconds(0));
        m_betweenCases = false;
    });
    connect(m_runner, &CheckRunner::finished, this, &RosterRunner::gradingFinished);
    m_runner->start(m_plan, CheckTarget::server(QStringLiteral("127.0.0.1"), m_current.port));
    m_cap.start(m_settings.cap);
}

void RosterRunner::failToStart(const QString &problem)
{
    if (m_grading)
        return;
    m_current.problem = problem;
    startGrading();
    m_runner->abandon(problem);
}

void RosterRunner::gradingFinished(const CheckReport &report)
{
    m_gradingDone = true;
    m_cap.stop();
    m_current.report = report;
    if (m_current.problem.isEmpty())
        m_current.problem = report.abandoned;
    if (m_server && m_server->isRunning())
        m_server->stop(m_settings.stopGrace); // serverEnded() follows
    else
        submissionDone();
}

void RosterRunner::serverEnded()
{
    if (m_gradingDone) {
        submissionDone();
        return;
    }
    const ProcessOutcome &outcome = m_server->outcome();
    const QString how = outcome.crashed
                                ? QStringLiteral("crashed")
                                : QStringLiteral("exited with status %1").arg(outcome.exitCode);
    if (!m_grading) {
        failToStart(QStringLiteral("Its server %1 before it listened (see %2).")
                            .arg(how, m_current.logFile));
        return;
    }
    if (!m_runner)
        return;
    // Seen while a case runs, the exit happened in it; seen between cases, after a refused
    // connection, it happened in the last case that was served a connection.
    const QString last = m_runner->lastConnectedCase();
    m_runner->abandon(
            m_betweenCases && !last.isEmpty()
                    ? QStringLiteral("its server %1 after case %2, the last in which it accepted a "
                                     "connection")
                              .arg(how, last)
                    : QStringLiteral("its server %1 during case %2").arg(how, m_runningCase));
}

void RosterRunner::submissionDone()
{
    if (!m_gradingDone || m_index < 0 || m_index >= m_roster.size() || m_results.size() > m_index)
        return;
    const QDir output(m_settings.outputDirectory);
    m_current.htmlReport = m_current.entry.name + QStringLiteral(".html");
    m_current.jsonReport = m_current.entry.name + QStringLiteral(".json");
    writeFile(output.filePath(m_current.htmlReport), HtmlReport::write(m_current.report));
    writeFile(output.filePath(m_current.jsonReport),
              QJsonDocument(m_current.report.toJson()).toJson());
    m_results.append(m_current);
    emit submissionFinished(m_current);
    if (m_server)
        m_server->deleteLater();
    if (m_runner)
        m_runner->deleteLater();
    QTimer::singleShot(0, this, &RosterRunner::startNext);
}

} // namespace Wirelab::Check
