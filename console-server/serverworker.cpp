#include "serverworker.h"

#include "logqueue.h"
#include "serverlogging.h"
#include "serversession.h"

#include <algorithm>

namespace Wirelab {

namespace {

// How often deadlines are checked: a quarter of the shortest timeout, so that a timeout
// fires at most 25% late, between 10 ms and 250 ms.
std::chrono::milliseconds tickInterval(const ServerConfig &config)
{
    auto shortest = std::min({ config.idleTimeout, config.requestTimeout, config.writeTimeout,
                               std::chrono::milliseconds(ServerSession::DrainMilliseconds) });
    if (config.proxyProtocol)
        shortest = std::min(shortest, config.proxyHeaderTimeout);
    return std::clamp(shortest / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(250));
}

// One problem, one line: a reason may quote what a client sent, and a newline or a terminal
// escape in it must not forge another line or colour the terminal.
QString escapeControls(const QString &line)
{
    const auto isControl = [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; };
    if (std::none_of(line.begin(), line.end(), isControl))
        return line;
    QString safe;
    for (const QChar c : line) {
        if (isControl(c))
            safe += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            safe += c;
    }
    return safe;
}

} // namespace

ServerWorker::ServerWorker(const ServerConfig &config, ServerCounters *counters)
    : m_config(config), m_counters(counters)
{
    m_exchangeSettings.limits = config.limits;
    m_exchangeSettings.searchTable = config.searchTable.get();
    m_exchangeSettings.logTraffic = config.transcript != nullptr;
    m_clock.start();
    m_tick.setParent(this);
    m_tick.setInterval(tickInterval(config));
    connect(&m_tick, &QTimer::timeout, this, &ServerWorker::tick);
    m_tick.start();
}

ServerWorker::~ServerWorker()
{
    closeAll();
}

void ServerWorker::addConnection(qintptr descriptor)
{
    auto *session = new ServerSession(descriptor, m_exchangeSettings, this);
    if (!session->isValid()) { // gone before we could take it
        delete session;
        return;
    }
    m_sessions.insert(session, Place::None);

    if (m_draining) {
        refuse(session, QStringLiteral("it is shutting down; try again later."));
        return;
    }
    const int cap = m_counters->connectionCap;
    if (m_counters->servedConnections.fetch_add(1) < cap) {
        m_sessions[session] = Place::Slot;
        session->start();
        return;
    }
    m_counters->servedConnections.fetch_sub(1);
    if (ServerSession *slow = oldestSlowSlotHolder(now())) {
        // Its slot passes to the newcomer: the count stays as it is.
        m_sessions[slow] = Place::None;
        refuse(slow, QStringLiteral("all %1 connections are taken, and this one had been sending its "
                                    "request slowest for longest (%2 bytes in %3 s); try again later.")
                             .arg(cap)
                             .arg(slow->bytesReceived())
                             .arg(double(slow->age(now())) / 1000.0, 0, 'f', 1));
        m_sessions[session] = Place::Slot;
        session->start();
        return;
    }
    refuse(session, m_counters->cappedByDescriptors
                            ? QStringLiteral("%1 connections are open, the most its file descriptors "
                                             "allow; try again later.")
                                      .arg(cap)
                            : QStringLiteral("%1 connections are open; try again later.").arg(cap));
}

void ServerWorker::refuse(ServerSession *session, const QString &reason)
{
    if (m_counters->refusals.fetch_add(1) >= m_counters->refusalsCeiling) {
        m_counters->refusals.fetch_sub(1);
        logProblem(QStringLiteral("error: server busy, closing a connection unanswered"),
                   RepeatedProblems::Kind::Refused);
        session->closeNow();
        return;
    }
    m_sessions[session] = Place::Refusal;
    session->refuse(reason);
}

ServerSession *ServerWorker::oldestSlowSlotHolder(qint64 now) const
{
    if (m_config.minRate <= 0)
        return nullptr;
    ServerSession *oldest = nullptr;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        ServerSession *session = it.key();
        if (it.value() != Place::Slot || session->phase() != ServerSession::Phase::Reading)
            continue;
        // Counted over at least a second, so that one byte in its first millisecond does not
        // make a connection fast.
        const double rate = session->bytesReceived() * 1000.0 / double(std::max<qint64>(1000, session->age(now)));
        if (rate < m_config.minRate && (!oldest || session->age(now) > oldest->age(now)))
            oldest = session;
    }
    return oldest;
}

void ServerWorker::answered(ServerSession *session)
{
    // A connection stops counting once its answer is out, while it closes (bounded by
    // ServerSession::DrainMilliseconds). A "server busy" answer keeps its place among the
    // refusals until it is closed, so that a flood of refusals cannot pile up descriptors.
    const auto it = m_sessions.find(session);
    if (it != m_sessions.end() && it.value() == Place::Slot) {
        it.value() = Place::None;
        m_counters->servedConnections.fetch_sub(1);
    }
}

void ServerWorker::finished(ServerSession *session)
{
    if (!forget(session))
        return; // forgotten already: closeAll()
    if (m_counters->acceptPaused.load())
        emit connectionClosed();
    finishDrainIfDone();
}

bool ServerWorker::forget(ServerSession *session)
{
    const auto it = m_sessions.find(session);
    if (it == m_sessions.end())
        return false;
    if (it.value() == Place::Slot)
        m_counters->servedConnections.fetch_sub(1);
    else if (it.value() == Place::Refusal)
        m_counters->refusals.fetch_sub(1);
    m_sessions.erase(it);
    session->deleteLater();
    return true;
}

void ServerWorker::drain(qint64 milliseconds)
{
    m_draining = true;
    m_drainDeadline = now() + milliseconds;
    closeIdleWhileDraining(now());
    finishDrainIfDone();
}

void ServerWorker::closeIdleWhileDraining(qint64 now)
{
    // A connection that has sent nothing has no request to finish. One whose bytes have
    // arrived unread has (taken from the backlog as the server stopped, say), and so may one
    // just made, whose client has not had the time to send: it is closed only once it has
    // been open for FirstByteGrace with nothing received.
    const QList<ServerSession *> sessions = m_sessions.keys();
    for (ServerSession *session : sessions) {
        if (session->isIdle() && session->age(now) >= FirstByteGraceMilliseconds)
            session->closeNow();
    }
}

void ServerWorker::finishDrainIfDone()
{
    if (!m_draining)
        return;
    if (!m_sessions.isEmpty() && now() < m_drainDeadline)
        return;
    closeAll();
    m_draining = false;
    emit drained();
}

void ServerWorker::closeAll()
{
    const QList<ServerSession *> sessions = m_sessions.keys();
    for (ServerSession *session : sessions) {
        forget(session); // first, so that its finished() is not taken for one of its own
        session->closeNow();
    }
}

void ServerWorker::tick()
{
    const qint64 current = now();
    for (const QString &line : m_repeatedProblems.summaries(current))
        qCWarning(lcServer).noquote() << line;
    // A session may finish (and leave the table) while it is checked: walk a copy.
    const QList<ServerSession *> sessions = m_sessions.keys();
    for (ServerSession *session : sessions) {
        if (m_sessions.contains(session))
            session->checkDeadlines(current);
    }
    if (m_draining)
        closeIdleWhileDraining(current);
    finishDrainIfDone();
}

bool ServerWorker::holdBytes(qint64 delta)
{
    return m_counters->bufferedBytes.fetch_add(delta) + delta <= m_config.maxBufferedBytes;
}

void ServerWorker::logTraffic(const QStringList &lines)
{
    if (!m_config.transcript)
        return;
    for (const QString &line : lines)
        m_config.transcript->push(line);
}

void ServerWorker::logProblem(const QString &line)
{
    qCWarning(lcServer).noquote() << escapeControls(line);
}

void ServerWorker::logProblem(const QString &line, RepeatedProblems::Kind kind)
{
    if (m_repeatedProblems.admit(kind, now(), line))
        logProblem(line);
}

} // namespace Wirelab
