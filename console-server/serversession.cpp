#include "serversession.h"

#include "listeningsocket.h"
#include "serverworker.h"

#include <QtNetwork/QHostAddress>

#include <cerrno>
#include <cstring>
#include <new>
#include <sys/socket.h>
#include <unistd.h>

namespace Wirelab {

ServerSession::ServerSession(int descriptor, const sockaddr_storage &peerAddress,
                             const ServerExchange::Settings &settings, ServerWorker *worker)
    : QObject(worker),
      m_descriptor(descriptor),
      m_peerAddress(peerAddress),
      m_worker(worker),
      m_exchange(settings, [this] { return peerOf(m_peerAddress); }),
      m_readNotifier(descriptor, QSocketNotifier::Read)
{
    m_acceptedAt = m_lastInputAt = m_phaseStartedAt = m_worker->now();
    connect(&m_readNotifier, &QSocketNotifier::activated, this, &ServerSession::onReadable);
}

Transcript::Peer ServerSession::peerOf(const sockaddr_storage &storage)
{
    if (storage.ss_family != AF_INET && storage.ss_family != AF_INET6)
        return { QStringLiteral("?"), 0 };
    QHostAddress address(reinterpret_cast<const sockaddr *>(&storage));
    const quint16 port = ListeningSocket::portOf(storage);
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    if (isIPv4)
        address = QHostAddress(ipv4);
    return { address.toString(), port };
}

ServerSession::~ServerSession()
{
    closeDescriptor();
}

void ServerSession::start()
{
    apply(m_exchange.accepted());
}

void ServerSession::startBusy(int maxConnections)
{
    isBusyAnswer = true;
    m_closingLogged = true; // a refusal is not part of the lab's transcript
    apply(m_exchange.refuseBusy(maxConnections));
}

void ServerSession::onReadable()
{
    // One bounded read per wake-up: the notifier fires again while more is waiting, and a
    // client sending faster than we read waits (TCP flow control), so what one client can
    // make us hold stays bounded.
    const ssize_t received = ::recv(m_descriptor, m_worker->readBuffer(), ServerWorker::ReadChunkBytes, MSG_DONTWAIT);
    if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (received < 0) {
        // A reset: nobody is left to answer. After the answer it is only a client that
        // closed without reading to the end.
        m_lastError = errno;
        if (m_phase == Phase::Reading)
            clientGone(QStringLiteral("before its request was complete"));
        finish();
        return;
    }
    if (received == 0) {
        // The client ended its side; it may still read, so a truncated request is answered.
        if (m_phase == Phase::Reading)
            apply(m_exchange.peerClosed());
        if (m_phase != Phase::Writing)
            finish();
        return;
    }
    switch (m_phase) {
    case Phase::Reading:
        m_lastInputAt = m_worker->now();
        m_lastReadFilledBuffer = received == ServerWorker::ReadChunkBytes;
        try {
            apply(m_exchange.bytesReceived(QByteArrayView(m_worker->readBuffer(), received)));
        } catch (const std::bad_alloc &) {
            // The system has no memory for this request (a small host, a ulimit, many big
            // requests at once): this connection ends, the server and the others go on.
            logProblem(QStringLiteral("error: closing connection to %1: out of memory for its "
                                      "request")
                               .arg(m_exchange.peer().repr()));
            finish();
        }
        break;
    case Phase::Draining:
        // Read and drop what a client still sends after its answer, so that closing does
        // not reset the connection and destroy the answer before the client reads it.
        m_drainedBytes += received;
        if (m_drainedBytes > ServerWorker::DrainBytesCeiling)
            finish();
        break;
    case Phase::Writing:
    case Phase::Done:
        break;
    }
}

void ServerSession::apply(const ServerExchange::Actions &actions)
{
    if (!actions.traffic.isEmpty())
        m_worker->logTraffic(actions.traffic);
    if (!actions.problem.isEmpty())
        logProblem(actions.problem);
    if (!actions.reply.isEmpty()) {
        m_closeOnceAnswered = actions.requestReadExactly && !m_lastReadFilledBuffer;
        writeReply(actions.reply);
        return;
    }
    if (actions.close)
        finish();
}

void ServerSession::logProblem(const QString &line)
{
    // A refused client's lines are a flood's: the worker counts them rather than print each.
    if (isBusyAnswer)
        m_worker->logRefusal(line);
    else
        m_worker->logProblem(line);
}

void ServerSession::clientGone(const QString &when)
{
    logProblem(QStringLiteral("error: closing connection to %1: the client reset the "
                                        "connection %2 (%3)")
                                 .arg(m_exchange.peer().repr(), when,
                                      QString::fromLocal8Bit(strerror(m_lastError))));
}

void ServerSession::logClosing()
{
    // The lab prints this line whenever it closes, whatever ended the connection.
    if (m_closingLogged)
        return;
    m_closingLogged = true;
    if (m_worker->config().logTraffic)
        m_worker->logTraffic({ m_exchange.closingLine() });
}

void ServerSession::writeReply(const QByteArray &reply)
{
    m_unsent = reply; // shared, not copied
    m_unsentOffset = 0;
    if (!sendUnsent()) {
        clientGone(QStringLiteral("before its answer was sent"));
        finish();
        return;
    }
    if (m_unsent.isEmpty()) {
        answered();
        return;
    }
    // The kernel took what it could; the rest goes as the client reads. Nothing more is
    // read meanwhile: what the client sends waits in the kernel's buffer.
    m_phase = Phase::Writing;
    m_phaseStartedAt = m_worker->now();
    m_readNotifier.setEnabled(false);
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_descriptor, QSocketNotifier::Write);
    connect(m_writeNotifier.get(), &QSocketNotifier::activated, this, &ServerSession::onWritable);
}

bool ServerSession::sendUnsent()
{
    while (m_unsentOffset < m_unsent.size()) {
        const ssize_t sent = ::send(m_descriptor, m_unsent.constData() + m_unsentOffset,
                                    size_t(m_unsent.size() - m_unsentOffset), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            m_lastError = errno;
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
        m_unsentOffset += sent;
    }
    m_unsent.clear();
    m_unsentOffset = 0;
    return true;
}

void ServerSession::onWritable()
{
    if (m_phase != Phase::Writing)
        return;
    if (!sendUnsent()) {
        clientGone(QStringLiteral("before reading its answer (%1 of %2 bytes sent)")
                           .arg(m_unsentOffset)
                           .arg(m_unsent.size()));
        finish();
        return;
    }
    if (m_unsent.isEmpty()) {
        m_writeNotifier.reset();
        answered();
    }
}

void ServerSession::answered()
{
    // The connection no longer counts against --max-connections while it closes (bounded
    // by DrainMilliseconds). A "server busy" answer keeps its place among the busy ones
    // until it is closed, so that a flood of refusals cannot pile up descriptors.
    if (!isBusyAnswer)
        m_worker->releaseSlot(this);
    logClosing();
    if (m_closeOnceAnswered)
        finish(); // as the lab server does: nothing unread, so the close is a clean FIN
    else
        beginDraining();
}

void ServerSession::beginDraining()
{
    // Half-close: our FIN follows the answer, so the client reads it all and then sees the
    // end; we wait (bounded) for its FIN instead of resetting data it has not read yet.
    if (::shutdown(m_descriptor, SHUT_WR) < 0) {
        finish();
        return;
    }
    m_phase = Phase::Draining;
    m_phaseStartedAt = m_worker->now();
    m_readNotifier.setEnabled(true);
}

void ServerSession::checkDeadlines(qint64 now)
{
    const ServerConfig &config = m_worker->config();
    switch (m_phase) {
    case Phase::Reading:
        if (now - m_acceptedAt >= config.requestTimeout.count())
            apply(m_exchange.timedOut(
                    QStringLiteral("no complete request within the request timeout of %1 ms")
                            .arg(config.requestTimeout.count())));
        else if (now - m_lastInputAt >= config.idleTimeout.count())
            apply(m_exchange.timedOut(
                    QStringLiteral("nothing received for the idle timeout of %1 ms")
                            .arg(config.idleTimeout.count())));
        break;
    case Phase::Writing:
        if (now - m_phaseStartedAt >= config.writeTimeout.count()) {
            logProblem(
                    QStringLiteral("error: closing connection to %1: the answer was not read "
                                   "within the write timeout of %2 ms (%3 bytes left)")
                            .arg(m_exchange.peer().repr())
                            .arg(config.writeTimeout.count())
                            .arg(m_unsent.size() - m_unsentOffset));
            finish();
        }
        break;
    case Phase::Draining:
        if (now - m_phaseStartedAt >= ServerWorker::DrainMilliseconds)
            finish();
        break;
    case Phase::Done:
        break;
    }
}

void ServerSession::finish()
{
    if (m_phase == Phase::Done)
        return;
    logClosing();
    m_phase = Phase::Done;
    closeDescriptor();
    emit finished(this);
}

void ServerSession::closeDescriptor()
{
    if (m_descriptor < 0)
        return;
    // Notifiers leave the event dispatcher before their descriptor is closed (and reused).
    m_readNotifier.setEnabled(false);
    m_writeNotifier.reset();
    m_unsent.clear();
    ::close(m_descriptor);
    m_descriptor = -1;
}

} // namespace Wirelab
