#include "servercaserun.h"

#include "answerjudge.h"
#include "probeconnection.h"

namespace Wirelab::Check {
namespace {

QList<Piece> firstHalf(const QByteArray &bytes)
{
    return { { bytes.left(bytes.size() / 2), {} } };
}

QList<Piece> secondHalf(const QByteArray &bytes)
{
    return { { bytes.mid(bytes.size() / 2), {} } };
}

} // namespace

ServerCaseRun::ServerCaseRun(const CheckCase &testCase, const QString &host, quint16 port,
                             const RunSettings &settings, QObject *parent)
    : QObject(parent), m_case(testCase), m_host(host), m_port(port), m_settings(settings)
{
    m_timeout.setSingleShot(true);
    // A coarse timer may fire 5% early: a case's timeout is a promise to the peer.
    m_timeout.setTimerType(Qt::PreciseTimer);
    m_timeout.setInterval(settings.timeout);
    connect(&m_timeout, &QTimer::timeout, this, &ServerCaseRun::finish);
    m_settle.setSingleShot(true);
    m_settle.setInterval(settings.settle);
}

void ServerCaseRun::start()
{
    m_timeout.start();
    switch (m_case.scenario) {
    case Scenario::Exchange:
        startExchange();
        break;
    case Scenario::NextClient:
        startNextClient();
        break;
    case Scenario::Concurrent:
        startConcurrent();
        break;
    case Scenario::Stalled:
        startStalled();
        break;
    case Scenario::Interleaved:
        startInterleaved();
        break;
    case Scenario::ClientRun:
        finish();
        break; // not a server-mode case
    }
}

void ServerCaseRun::abort()
{
    finish();
}

bool ServerCaseRun::anyConnected() const
{
    return std::any_of(m_probes.cbegin(), m_probes.cend(),
                       [](const ProbeConnection *probe) { return probe->isConnected(); });
}

ProbeConnection *ServerCaseRun::addProbe(const QString &label)
{
    auto *probe = new ProbeConnection(label, &m_recorder, m_settings.closeGrace, this);
    m_probes.append(probe);
    connect(probe, &ProbeConnection::done, this, &ServerCaseRun::checkDone);
    return probe;
}

void ServerCaseRun::connectAndSend(ProbeConnection *probe, const QByteArray &bytes, Chop chop)
{
    connect(probe, &ProbeConnection::connected, probe,
            [this, probe, bytes, chop] { probe->send(chopMessage(bytes, chop, m_settings.chop)); });
    probe->connectTo(m_host, m_port);
}

void ServerCaseRun::startExchange()
{
    ProbeConnection *client = addProbe(QStringLiteral("client"));
    m_awaited = { client };
    connectAndSend(client, m_case.request, m_case.chop);
}

void ServerCaseRun::startNextClient()
{
    ProbeConnection *first = addProbe(QStringLiteral("first client (malformed request)"));
    ProbeConnection *next = addProbe(QStringLiteral("next client"));
    m_awaited = { first, next };
    const auto startNext = [this, next] {
        if (m_secondStarted || m_finished)
            return;
        m_secondStarted = true;
        m_settle.stop();
        connectAndSend(next, m_case.request, m_case.chop);
    };
    connect(&m_settle, &QTimer::timeout, this, startNext);
    connect(first, &ProbeConnection::done, this, startNext);
    connect(first, &ProbeConnection::allSent, this, [this] { m_settle.start(); });
    if (m_case.badRequestIsCut)
        first->closeAfterSending();
    connectAndSend(first, m_case.badRequest, m_case.chop);
}

void ServerCaseRun::startConcurrent()
{
    const QList<QByteArray> requests = QList<QByteArray> { m_case.request } + m_case.extraRequests;
    // All connect first and then all send, so that the server holds every connection at once.
    for (int i = 0; i < requests.size(); ++i)
        m_awaited.append(addProbe(QStringLiteral("client %1").arg(i + 1)));
    const auto sendAllOnceResolved = [this, requests] {
        if (++m_resolvedClients < requests.size())
            return;
        for (int i = 0; i < requests.size(); ++i) {
            if (m_probes[i]->isConnected())
                m_probes[i]->send({ { requests[i], {} } });
        }
    };
    for (ProbeConnection *probe : std::as_const(m_awaited)) {
        connect(probe, &ProbeConnection::connected, this, sendAllOnceResolved);
        connect(probe, &ProbeConnection::done, this, [probe, sendAllOnceResolved] {
            if (!probe->isConnected())
                sendAllOnceResolved();
        });
        probe->connectTo(m_host, m_port);
    }
}

void ServerCaseRun::startStalled()
{
    ProbeConnection *stalled = addProbe(QStringLiteral("stalled client"));
    ProbeConnection *other = addProbe(QStringLiteral("other client"));
    m_awaited = { other };
    const auto startOther = [this, other] {
        if (m_secondStarted || m_finished)
            return;
        m_secondStarted = true;
        connectAndSend(other, m_case.request, Chop::Whole);
    };
    connect(stalled, &ProbeConnection::allSent, this, startOther);
    connect(stalled, &ProbeConnection::done, this, startOther);
    connectAndSend(stalled, m_case.badRequest, Chop::Whole);
}

void ServerCaseRun::startInterleaved()
{
    ProbeConnection *first = addProbe(QStringLiteral("first client"));
    ProbeConnection *second = addProbe(QStringLiteral("second client"));
    m_awaited = { first, second };
    connect(first, &ProbeConnection::connected, first,
            [first, this] { first->send(firstHalf(m_case.badRequest)); });
    // Once the first half is out, the second client comes and goes whole; then the first
    // client's second half follows.
    connect(first, &ProbeConnection::allSent, this, [this, second] {
        if (!second->isDone() && !second->isConnected())
            connectAndSend(second, m_case.request, Chop::Whole);
    });
    connect(second, &ProbeConnection::done, this, [this, first] {
        if (first->isConnected() && !first->isDone())
            first->send(secondHalf(m_case.badRequest));
    });
    connect(first, &ProbeConnection::done, this, [this, first, second] {
        if (!first->isConnected() && !second->isConnected() && !second->isDone())
            connectAndSend(second, m_case.request, Chop::Whole);
    });
    first->connectTo(m_host, m_port);
}

void ServerCaseRun::checkDone()
{
    if (m_finished || m_awaited.isEmpty())
        return;
    if (std::all_of(m_awaited.cbegin(), m_awaited.cend(),
                    [](const ProbeConnection *probe) { return probe->isDone(); }))
        finish();
}

QList<Finding> ServerCaseRun::judge()
{
    const qint64 timeoutMs = m_settings.timeout.count();
    const QString clause = m_case.clauses.first();
    QList<Finding> findings;
    const auto add = [&](const Expectation &expectation, const ProbeConnection *probe,
                         const QString &judgedClause, const QString &subject,
                         const QString &refusedHint, const QString &missingHint = {}) {
        findings += AnswerJudge::judge(
                expectation, probe->outcome(),
                { judgedClause, subject, timeoutMs, refusedHint, missingHint });
    };
    switch (m_case.scenario) {
    case Scenario::Exchange:
        add(m_case.expectation, m_probes[0], clause, QStringLiteral("answer"), m_refusedHint);
        break;
    case Scenario::NextClient: {
        if (!m_case.badRequestIsCut) {
            Expectation error;
            error.kind = Expectation::Kind::ErrorResult;
            error.level = Level::Should;
            add(error, m_probes[0], QStringLiteral("8.2"),
                QStringLiteral("malformed request's answer"), m_refusedHint);
        }
        // The first client was served a connection: whatever befell the next one came after
        // the malformed request.
        const QString after = m_probes[0]->isConnected()
                                      ? QStringLiteral(" The next client was not served after the "
                                                       "first client's malformed request: the "
                                                       "server may have exited on it.")
                                      : QString();
        add(m_case.expectation, m_probes[1], QStringLiteral("8.1"),
            QStringLiteral("next client's answer"), after.isEmpty() ? m_refusedHint : QString(),
            after);
        break;
    }
    case Scenario::Concurrent: {
        const QList<Expectation> expectations
                = QList<Expectation> { m_case.expectation } + m_case.extraExpectations;
        for (int i = 0; i < m_probes.size(); ++i)
            add(expectations.value(i), m_probes[i], clause,
                QStringLiteral("client %1's answer").arg(i + 1), m_refusedHint);
        break;
    }
    case Scenario::Stalled:
        add(m_case.expectation, m_probes[1], clause, QStringLiteral("other client's answer"),
            m_refusedHint);
        break;
    case Scenario::Interleaved:
        add(m_case.extraExpectations.value(0), m_probes[0], clause,
            QStringLiteral("first client's answer"), m_refusedHint);
        add(m_case.expectation, m_probes[1], clause, QStringLiteral("second client's answer"),
            m_refusedHint);
        break;
    case Scenario::ClientRun:
        break;
    }
    sortFindings(findings);
    return findings;
}

void ServerCaseRun::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_settle.stop();
    for (ProbeConnection *probe : std::as_const(m_probes))
        probe->stop();

    CaseResult result = resultFor(m_case);
    result.findings = judge();
    result.verdict = verdictOf(result.findings);
    result.evidence = m_recorder.evidence();
    for (const ConnectionRecord &connection : result.evidence.connections) {
        const QByteArray sent = result.evidence.sentBytes(connection.id);
        if (!sent.isEmpty())
            result.sent.append({ connection.label, sent });
    }
    for (int i = 0; i < m_probes.size(); ++i) {
        const ConnectionRecord &connection = result.evidence.connections[i];
        result.notes.append(QStringLiteral("%1: %2").arg(
                connection.label, m_probes[i]->outcome().describe(QStringLiteral("server"))));
    }
    result.durationMs = m_recorder.elapsedMs();
    emit finished(result);
}

} // namespace Wirelab::Check
