#include "serversession.h"

#include "serverworker.h"

#include <QtNetwork/QTcpSocket>

#include <cerrno>
#include <sys/socket.h>

namespace Wirelab {

namespace {

// Qt does not buffer more than this per connection; a client sending faster waits (TCP
// flow control), so what one client can make us hold stays bounded.
constexpr qint64 SocketReadBufferBytes = 64 * 1024;

Transcript::Peer peerOf(const QTcpSocket *socket)
{
    QHostAddress address = socket->peerAddress();
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    if (isIPv4)
        address = QHostAddress(ipv4); // ::ffff:127.0.0.1 is 127.0.0.1 to a reader
    return { address.toString(), socket->peerPort() };
}

} // namespace

ServerSession::ServerSession(QTcpSocket *socket, const ServerExchange::Settings &settings,
                             ServerWorker *worker)
    : QObject(worker), m_socket(socket), m_worker(worker), m_exchange(settings, peerOf(socket))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(SocketReadBufferBytes);
    m_acceptedAt = m_lastInputAt = m_phaseStartedAt = m_worker->now();
    connect(m_socket, &QTcpSocket::readyRead, this, &ServerSession::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ServerSession::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServerSession::onDisconnected);
}

ServerSession::~ServerSession() = default;

void ServerSession::start()
{
    apply(m_exchange.accepted());
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void ServerSession::startBusy(int maxConnections)
{
    isBusyAnswer = true;
    apply(m_exchange.refuseBusy(maxConnections));
}

void ServerSession::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    switch (m_phase) {
    case Phase::Reading:
        m_lastInputAt = m_worker->now();
        apply(m_exchange.bytesReceived(bytes));
        break;
    case Phase::Draining:
        // Read and drop what a client still sends after its answer, so that closing does
        // not reset the connection and destroy the answer before the client reads it.
        m_drainedBytes += bytes.size();
        if (m_drainedBytes > ServerWorker::DrainBytesCeiling)
            finish();
        break;
    case Phase::Writing:
    case Phase::Done:
        break; // not read: bounded by the socket's read buffer
    }
}

void ServerSession::apply(const ServerExchange::Actions &actions)
{
    if (!actions.traffic.isEmpty())
        m_worker->logTraffic(actions.traffic);
    if (!actions.problem.isEmpty())
        m_worker->logProblem(actions.problem);
    if (!actions.reply.isEmpty()) {
        writeReply(actions.reply);
        return;
    }
    if (actions.close) {
        if (m_worker->config().logTraffic)
            m_worker->logTraffic({ m_exchange.closingLine() });
        finish();
    }
}

void ServerSession::writeReply(const QByteArray &reply)
{
    // Straight into the kernel, now: Qt closes a socket the moment it reads the peer's end
    // of input, dropping what it still buffers to write, so a client that half-closes after
    // its request would lose the answer. Only what the kernel cannot take now waits in Qt.
    const ssize_t sent = ::send(int(m_socket->socketDescriptor()), reply.constData(),
                                size_t(reply.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    const qsizetype written = sent > 0 ? qsizetype(sent) : 0;
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        finish(); // the client is gone
        return;
    }
    if (written == reply.size()) {
        beginDraining();
        return;
    }
    m_phase = Phase::Writing;
    m_phaseStartedAt = m_worker->now();
    m_socket->write(reply.constData() + written, reply.size() - written);
}

void ServerSession::onBytesWritten()
{
    if (m_phase == Phase::Writing && m_socket->bytesToWrite() == 0)
        beginDraining();
}

void ServerSession::beginDraining()
{
    // Answered: the connection no longer counts against --max-connections while it
    // closes (bounded by DrainMilliseconds).
    m_worker->releaseSlot(this);
    if (m_worker->config().logTraffic)
        m_worker->logTraffic({ m_exchange.closingLine() });
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        finish();
        return;
    }
    // Half-close: our FIN follows the answer, so the client reads it all and then sees the
    // end; we wait (bounded) for its FIN instead of resetting data it has not read yet.
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_phase = Phase::Draining;
    m_phaseStartedAt = m_worker->now();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void ServerSession::onDisconnected()
{
    // Qt says so once the socket is closed for good: the peer ended or reset it, or an
    // answer could not be written. Nothing more can be sent either way.
    if (m_phase == Phase::Reading)
        apply(m_exchange.peerClosed());
    finish();
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
            m_worker->logProblem(
                    QStringLiteral("error: closing connection to %1: the answer was not read "
                                   "within the write timeout of %2 ms (%3 bytes left)")
                            .arg(m_exchange.peer().repr())
                            .arg(config.writeTimeout.count())
                            .arg(m_socket->bytesToWrite()));
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
    m_phase = Phase::Done;
    m_socket->disconnect(this);
    m_socket->abort();
    emit finished(this);
}

} // namespace Wirelab
