#include "serverworker.h"

#include "serversession.h"

#include "labprotocol.h"
#include "messageencoder.h"

#include <QtCore/QSocketNotifier>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Wirelab {

namespace {

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
    m_listeningDescriptor = int(listeningSocket);
    m_spareDescriptor = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    m_outOfDescriptorsAnswer = encodeMessage(Lab::errorResponse(QStringLiteral(
            "server busy: it has run out of file descriptors; try again later."))).bytes;
    m_acceptNotifier = std::make_unique<QSocketNotifier>(m_listeningDescriptor, QSocketNotifier::Read);
    connect(m_acceptNotifier.get(), &QSocketNotifier::activated, this, &ServerWorker::acceptPending);
    m_deadlineTimer.start();
    return true;
}

void ServerWorker::stop()
{
    m_deadlineTimer.stop();
    m_acceptNotifier.reset(); // out of the dispatcher before its descriptor is closed
    if (m_listeningDescriptor >= 0) {
        ::close(m_listeningDescriptor);
        m_listeningDescriptor = -1;
    }
    if (m_spareDescriptor >= 0) {
        ::close(m_spareDescriptor);
        m_spareDescriptor = -1;
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
    // One problem, one line: a reason may quote what a client sent, and a newline or a
    // terminal escape in it must not forge another line or colour the terminal.
    const auto isControl = [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; };
    if (std::none_of(line.begin(), line.end(), isControl)) {
        emit m_server->problemLogged(line);
        return;
    }
    QString safe;
    for (const QChar c : line) {
        if (isControl(c))
            safe += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            safe += c;
    }
    emit m_server->problemLogged(safe);
}

void ServerWorker::acceptPending()
{
    for (int i = 0; i < AcceptBatch; ++i) {
        sockaddr_storage peerAddress {};
        socklen_t length = sizeof(peerAddress);
        const int descriptor = ::accept4(m_listeningDescriptor, reinterpret_cast<sockaddr *>(&peerAddress),
                                         &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor >= 0) {
            acceptDescriptor(descriptor, peerAddress);
            continue;
        }
        switch (errno) {
        case EINTR:
        case ECONNABORTED: // the client gave up while queued
            continue;
        case EAGAIN:
#if EAGAIN != EWOULDBLOCK
        case EWOULDBLOCK:
#endif
            return;
        case EMFILE:
        case ENFILE:
            refuseForWantOfDescriptors();
            return;
        default:
            pauseAccepting(QString::fromLocal8Bit(strerror(errno)));
            return;
        }
    }
}

void ServerWorker::refuseForWantOfDescriptors()
{
    // The connection stays queued, and the listening socket would wake us again at once.
    // Give up the spare descriptor kept for this, take the connection, say why it is
    // refused, close it, and take the spare back.
    if (m_spareDescriptor >= 0)
        ::close(m_spareDescriptor);
    sockaddr_storage peerAddress {};
    socklen_t length = sizeof(peerAddress);
    const int descriptor = ::accept4(m_listeningDescriptor, reinterpret_cast<sockaddr *>(&peerAddress),
                                     &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (descriptor >= 0) {
        // What the client has sent already is read first, so that the close is a FIN that
        // leaves it the answer, not a reset that destroys it.
        for (int i = 0; i < 4 && ::recv(descriptor, m_readBuffer.get(), ReadChunkBytes, MSG_DONTWAIT) > 0; ++i) { }
        ::send(descriptor, m_outOfDescriptorsAnswer.constData(), size_t(m_outOfDescriptorsAnswer.size()),
               MSG_DONTWAIT | MSG_NOSIGNAL);
        ::close(descriptor);
        logRefusal(QStringLiteral("error: out of file descriptors (%1 connections open), refusing %2")
                           .arg(m_counters->openConnections.load())
                           .arg(ServerSession::peerOf(peerAddress).repr()));
    }
    m_spareDescriptor = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (descriptor < 0 || m_spareDescriptor < 0) // another thread took the descriptor freed
        pauseAccepting(QStringLiteral("out of file descriptors"));
}

void ServerWorker::pauseAccepting(const QString &reason)
{
    // Accepting again at once would spin: wait for sessions to close. The log says why
    // new clients wait.
    logProblem(QStringLiteral("error: cannot accept connections: %1; pausing for 100 ms").arg(reason));
    m_acceptNotifier->setEnabled(false);
    QTimer::singleShot(100, this, [this] {
        if (m_acceptNotifier)
            m_acceptNotifier->setEnabled(true);
    });
}

void ServerWorker::logRefusal(const QString &line)
{
    // A flood of refused clients must not become a flood of log lines.
    if (now() - m_lastRefusalLoggedAt < RefusalLogMilliseconds) {
        ++m_unloggedRefusals;
        return;
    }
    flushRefusalLog(now());
    logProblem(line);
    m_lastRefusalLoggedAt = now();
}

void ServerWorker::flushRefusalLog(qint64 current)
{
    if (m_unloggedRefusals == 0 || current - m_lastRefusalLoggedAt < RefusalLogMilliseconds)
        return;
    logProblem(QStringLiteral("error: %1 more connections refused in the last %2 ms")
                       .arg(m_unloggedRefusals)
                       .arg(current - m_lastRefusalLoggedAt));
    m_unloggedRefusals = 0;
    m_lastRefusalLoggedAt = current;
}

void ServerWorker::acceptDescriptor(int descriptor, const sockaddr_storage &peerAddress)
{
    const bool busy = m_counters->openConnections.load() >= m_config.maxConnections;
    if (busy && m_counters->busyConnections.load() >= BusyAnswersCeiling) {
        logRefusal(QStringLiteral("error: server busy, closing a connection from %1 unanswered")
                           .arg(ServerSession::peerOf(peerAddress).repr()));
        ::close(descriptor);
        return;
    }
    auto *session = new ServerSession(descriptor, peerAddress, m_exchangeSettings, this);
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
    flushRefusalLog(current);
    // A session may finish (and leave the list) while checked: walk a snapshot.
    const std::vector<ServerSession *> sessions = m_sessions;
    for (ServerSession *session : sessions) {
        if (session->indexInWorker >= 0)
            session->checkDeadlines(current);
    }
}

} // namespace Wirelab
