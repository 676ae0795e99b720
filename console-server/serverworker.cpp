#include "serverworker.h"

#include "serversession.h"

#include <QtNetwork/QTcpServer>
#include <algorithm>
#include <unistd.h>

namespace Wirelab {

namespace {

// QTcpServer accepts; we take each connection as its bare descriptor, without the
// QTcpSocket it would otherwise make (the session reads and writes it itself).
class DescriptorListener : public QTcpServer
{
public:
    explicit DescriptorListener(ServerWorker *worker) : QTcpServer(worker), m_worker(worker) { }

protected:
    void incomingConnection(qintptr descriptor) override { m_worker->acceptDescriptor(int(descriptor)); }

private:
    ServerWorker *m_worker;
};

// How often deadlines are checked: a quarter of the shortest timeout, so a timeout fires
// at most 25% late, between 10 ms and 1 s.
std::chrono::milliseconds deadlineTick(const ServerConfig &config)
{
    const auto shortest = std::min({ config.idleTimeout, config.requestTimeout, config.writeTimeout,
                                     std::chrono::milliseconds(ServerWorker::DrainMilliseconds) });
    return std::clamp(shortest / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
}

} // namespace

ServerWorker::ServerWorker(const ServerConfig &config, ServerCounters *counters, Server *server)
    : m_config(config),
      m_counters(counters),
      m_server(server),
      m_readBuffer(std::make_unique<char[]>(ReadChunkBytes))
{
    m_exchangeSettings.limits = config.limits;
    m_exchangeSettings.searchTable = &m_config.searchTable;
    m_exchangeSettings.logTraffic = config.logTraffic;
    m_clock.start();
    m_deadlineTimer.setParent(this);
    m_deadlineTimer.setInterval(deadlineTick(config));
    connect(&m_deadlineTimer, &QTimer::timeout, this, &ServerWorker::checkDeadlines);
}

ServerWorker::~ServerWorker()
{
    stop();
}

bool ServerWorker::startListening(qintptr listeningSocket)
{
    m_listener = new DescriptorListener(this);
    if (!m_listener->setSocketDescriptor(listeningSocket))
        return false;
    connect(m_listener, &QTcpServer::acceptError, this, &ServerWorker::pauseAfterAcceptError);
    m_deadlineTimer.start();
    return true;
}

void ServerWorker::stop()
{
    m_deadlineTimer.stop();
    if (m_listener) {
        m_listener->close();
        delete m_listener;
        m_listener = nullptr;
    }
    const std::vector<ServerSession *> sessions = std::move(m_sessions);
    m_sessions.clear();
    for (ServerSession *session : sessions) {
        session->disconnect(this);
        releaseSlot(session);
        delete session;
    }
}

void ServerWorker::logTraffic(const QStringList &lines)
{
    for (const QString &line : lines)
        emit m_server->trafficLogged(line);
}

void ServerWorker::logProblem(const QString &line)
{
    emit m_server->problemLogged(line);
}

void ServerWorker::acceptDescriptor(int descriptor)
{
    const bool busy = m_counters->openConnections.load() >= m_config.maxConnections;
    if (busy && m_counters->busyConnections.load() >= BusyAnswersCeiling) {
        logProblem(QStringLiteral("error: server busy, closing a connection from %1 unanswered")
                           .arg(ServerSession::peerOf(descriptor).repr()));
        ::close(descriptor);
        return;
    }
    auto *session = new ServerSession(descriptor, m_exchangeSettings, this);
    ++(busy ? m_counters->busyConnections : m_counters->openConnections);
    session->holdsSlot = true;
    session->indexInWorker = qsizetype(m_sessions.size());
    m_sessions.push_back(session);
    connect(session, &ServerSession::finished, this, &ServerWorker::removeSession);
    if (busy)
        session->startBusy(m_config.maxConnections);
    else
        session->start();
}

void ServerWorker::removeSession(ServerSession *session)
{
    const qsizetype index = session->indexInWorker;
    if (index < 0 || index >= qsizetype(m_sessions.size()) || m_sessions[index] != session)
        return;
    // Swap with the last one: O(1), order does not matter.
    m_sessions[index] = m_sessions.back();
    m_sessions[index]->indexInWorker = index;
    m_sessions.pop_back();
    session->indexInWorker = -1;
    releaseSlot(session);
    session->deleteLater();
}

void ServerWorker::releaseSlot(ServerSession *session)
{
    if (!session->holdsSlot)
        return;
    session->holdsSlot = false;
    --(session->isBusyAnswer ? m_counters->busyConnections : m_counters->openConnections);
}

void ServerWorker::checkDeadlines()
{
    const qint64 current = now();
    // A session may finish (and leave the list) while checked: walk a snapshot.
    const std::vector<ServerSession *> sessions = m_sessions;
    for (ServerSession *session : sessions) {
        if (session->indexInWorker >= 0)
            session->checkDeadlines(current);
    }
}

void ServerWorker::pauseAfterAcceptError()
{
    // Out of file descriptors: accepting again at once would spin. Wait for sessions to
    // close; the log says why new clients wait.
    logProblem(QStringLiteral("error: cannot accept connections: %1; pausing for 100 ms")
                       .arg(m_listener->errorString()));
    m_listener->pauseAccepting();
    QTimer::singleShot(100, this, [this] {
        if (m_listener)
            m_listener->resumeAccepting();
    });
}

} // namespace Wirelab
