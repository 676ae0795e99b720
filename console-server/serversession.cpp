#include "serversession.h"

#include "halfclosedpeer.h"
#include "serverworker.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>
#include <new>

namespace Wirelab {

namespace {

// As the lab prints it: ::ffff:127.0.0.1 is 127.0.0.1 to a reader.
Transcript::Peer peerOf(const QTcpSocket *socket)
{
    QHostAddress address = socket->peerAddress();
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    if (isIPv4)
        address = QHostAddress(ipv4);
    return { address.toString(), socket->peerPort() };
}

} // namespace

ServerSession::ServerSession(qintptr descriptor, const ServerExchange::Settings &settings,
                             ServerWorker *worker)
    : QObject(worker),
      m_socket(new QTcpSocket(this)),
      m_worker(worker),
      m_exchange(settings, [this] { return peerOf(m_socket); })
{
    m_acceptedAt = m_lastInputAt = m_phaseStartedAt = m_worker->now();
    if (!m_socket->setSocketDescriptor(descriptor))
        return;
    m_socket->setReadBufferSize(ReadBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &ServerSession::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ServerSession::onBytesWritten);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &ServerSession::onError);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServerSession::finish);
    HalfClosedPeer::watch(
            m_socket, [this] { onEndOfInput(); }, [this](const QString &reason) { onReset(reason); });
    if (m_worker->config().conversationTap) {
        m_recorder = std::make_unique<ConversationRecorder>();
        m_recorder->start();
        m_recorder->setEndpoints({ m_socket->peerAddress().toString(), m_socket->peerPort() },
                                 { m_socket->localAddress().toString(), m_socket->localPort() });
        record([](ConversationRecorder &recorder) { recorder.connected(); });
    }
}

void ServerSession::record(const std::function<void(ConversationRecorder &)> &what)
{
    if (!m_recorder)
        return;
    what(*m_recorder);
    m_worker->config().conversationTap(m_recorder->conversation(), m_recorder->origin());
}

bool ServerSession::isValid() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void ServerSession::start()
{
    m_served = true;
    const ServerConfig &config = m_worker->config();
    ProxiedExchange::Source source = ProxiedExchange::Source::Direct;
    if (config.proxyProtocol) {
        source = config.trustedProxies.contains(m_socket->peerAddress())
                ? ProxiedExchange::Source::TrustedProxy
                : ProxiedExchange::Source::UntrustedPeer;
    }
    apply(m_exchange.accepted(source));
}

void ServerSession::refuse(const QString &reason)
{
    apply(m_exchange.refuse(reason));
}

bool ServerSession::isIdle() const
{
    return m_phase == Phase::Reading && hasReceivedNothing() && !HalfClosedPeer::hasUnreadInput(m_socket);
}

double ServerSession::receiveRate(qint64 now) const
{
    return m_bytesReceived * 1000.0 / double(qMax<qint64>(1, now - m_acceptedAt));
}

void ServerSession::onReadyRead()
{
    switch (m_phase) {
    case Phase::Reading: {
        const QByteArray bytes = m_socket->readAll();
        m_bytesReceived += bytes.size();
        record([&bytes](ConversationRecorder &recorder) { recorder.data(Conversation::Side::Client, bytes); });
        m_lastInputAt = m_worker->now();
        try {
            apply(m_exchange.bytesReceived(bytes));
            holdWhatTheRequestHolds();
        } catch (const std::bad_alloc &) {
            // The system has no memory for this request (a small host, a ulimit, many big
            // requests at once): this connection ends, the server and the others go on.
            m_worker->logProblem(QStringLiteral("error: closing connection to %1: out of memory for "
                                                "its request")
                                         .arg(m_exchange.peer().repr()));
            finish();
        }
        break;
    }
    case Phase::Draining:
        // Read and drop what a client still sends after its answer, so that closing does not
        // reset the connection and destroy the answer before the client reads it.
        m_drainedBytes += m_socket->skip(m_socket->bytesAvailable());
        if (m_drainedBytes > DrainBytesCeiling)
            finish();
        break;
    case Phase::Writing:
    case Phase::Done:
        break; // left in the socket's bounded buffer: one request per connection
    }
}

void ServerSession::holdWhatTheRequestHolds()
{
    const qint64 held = m_phase == Phase::Reading ? m_exchange.heldBytes() : 0;
    const qint64 delta = held - m_heldBytes;
    m_heldBytes = held;
    if (delta != 0 && !m_worker->holdBytes(delta) && delta > 0)
        refuse(QStringLiteral("the requests it is reading hold over %1 bytes already; try again later.")
                       .arg(m_worker->config().maxBufferedBytes));
}

void ServerSession::onEndOfInput()
{
    if (m_phase == Phase::Done)
        return;
    m_inputEnded = true;
    record([](ConversationRecorder &recorder) { recorder.fin(Conversation::Side::Client); });
    switch (m_phase) {
    case Phase::Reading:
        // The client ended its side; it may still read, so a cut-off request is answered.
        apply(m_exchange.peerClosed());
        if (m_phase == Phase::Reading)
            finish();
        break;
    case Phase::Draining:
        finish();
        break;
    case Phase::Writing: // the answer goes on; the close follows it
    case Phase::Done:
        break;
    }
}

void ServerSession::onError()
{
    if (m_phase == Phase::Done)
        return;
    // A closed connection (or a reset, which Qt reads as one: HalfClosedPeer tells them
    // apart), or worse: nobody is left to answer.
    if (m_socket->error() != QAbstractSocket::RemoteHostClosedError)
        onReset(m_socket->errorString());
    finish();
}

void ServerSession::onReset(const QString &reason)
{
    if (m_phase == Phase::Done)
        return;
    if (!m_resetLogged)
        record([](ConversationRecorder &recorder) { recorder.reset(Conversation::Side::Client); });
    // After the answer it is only a client that closed without reading to the end.
    QString when;
    if (m_phase == Phase::Reading && !hasReceivedNothing())
        when = QStringLiteral("before its request was complete");
    else if (m_phase == Phase::Writing)
        when = QStringLiteral("before reading its answer (%1 of %2 bytes sent)")
                       .arg(m_sentBytes - m_socket->bytesToWrite())
                       .arg(m_unsentBytes);
    if (!when.isEmpty() && !m_resetLogged)
        m_worker->logProblem(QStringLiteral("error: closing connection to %1: the client reset the "
                                            "connection %2 (%3)")
                                     .arg(m_exchange.peer().repr(), when, reason),
                             RepeatedProblems::Kind::Reset);
    m_resetLogged = true;
}

void ServerSession::apply(const ServerExchange::Actions &actions)
{
    if (!actions.traffic.isEmpty())
        m_worker->logTraffic(actions.traffic);
    if (!actions.problem.isEmpty()) {
        // Refusals and timeouts come in floods and are summed up; a bad request is said
        // every time.
        using Problem = ServerExchange::Problem;
        switch (actions.problemKind) {
        case Problem::Busy:
            m_worker->logProblem(actions.problem, RepeatedProblems::Kind::Refused);
            break;
        case Problem::Timeout:
            m_worker->logProblem(actions.problem, RepeatedProblems::Kind::Timeout);
            break;
        case Problem::ProxyRefused:
            m_worker->logProblem(actions.problem, RepeatedProblems::Kind::ProxyRefused);
            break;
        case Problem::None:
        case Problem::BadRequest:
            m_worker->logProblem(actions.problem);
            break;
        }
    }
    if (actions.hasReply()) {
        writeReply({ actions.replyHead, actions.replyContent });
        return;
    }
    if (actions.close)
        finish();
}

void ServerSession::writeReply(const QList<QByteArray> &parts)
{
    holdWhatTheRequestHolds(); // nothing, once answered
    m_unsent = parts;
    m_unsentBytes = 0;
    for (const QByteArray &part : parts)
        m_unsentBytes += part.size();
    m_phase = Phase::Writing;
    m_phaseStartedAt = m_worker->now();
    if (isPaced()) {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // a chunk, a segment
        if (!m_pacing) {
            m_pacing = new QTimer(this);
            m_pacing->setSingleShot(true);
            connect(m_pacing, &QTimer::timeout, this, &ServerSession::writeMore);
        }
        const std::chrono::milliseconds delay = m_worker->config().answerDelay;
        if (delay.count() > 0) {
            m_pacing->start(delay);
            return;
        }
    }
    writeMore();
}

bool ServerSession::isPaced() const
{
    const ServerConfig &config = m_worker->config();
    return config.answerChunkBytes > 0 || config.answerDelay.count() > 0;
}

void ServerSession::writePacedChunk()
{
    // One chunk, across the answer's parts: a 10-byte chunk is 10 bytes, whether or not the
    // header ends inside it.
    const qint64 chunkBytes = m_worker->config().answerChunkBytes;
    const qint64 wanted = chunkBytes > 0 ? qMin(chunkBytes, WriteChunkBytes) : WriteChunkBytes;
    QByteArray chunk;
    while (hasUnsentParts() && chunk.size() < wanted) {
        const QByteArray &part = m_unsent.first();
        const qsizetype take = qsizetype(qMin<qint64>(wanted - chunk.size(), part.size() - m_partOffset));
        chunk.append(part.constData() + m_partOffset, take);
        m_partOffset += take;
        if (m_partOffset == part.size()) {
            m_unsent.removeFirst();
            m_partOffset = 0;
        }
    }
    m_sentBytes += chunk.size();
    m_socket->write(chunk);
    record([&chunk](ConversationRecorder &recorder) { recorder.data(Conversation::Side::Server, chunk); });
    m_socket->flush();
}

void ServerSession::writePaced()
{
    // A chunk, then a pause (a timer: the worker goes on serving the others), then the next
    // chunk once the client has read most of the last (back-pressure as in writeMore()).
    if (m_writing || m_pacing->isActive())
        return;
    m_writing = true;
    if (hasUnsentParts() && m_socket->bytesToWrite() < WriteChunkBytes) {
        writePacedChunk();
        m_phaseStartedAt = m_worker->now(); // the write timeout counts from the last chunk
        if (hasUnsentParts() && m_phase == Phase::Writing)
            m_pacing->start(m_worker->config().answerDelay);
    }
    m_writing = false;
    if (m_phase == Phase::Writing && !hasUnsentParts() && m_socket->bytesToWrite() == 0)
        answerOut();
}

bool ServerSession::hasUnsentParts() const
{
    return !m_unsent.isEmpty();
}

void ServerSession::writeMore()
{
    // Back-pressure as Qt's loopback example does it: the socket holds at most a chunk more
    // than the kernel has taken. Qt says bytesWritten() only for what it had buffered, so the
    // loop goes on until the kernel is full (something stays in the socket's buffer, and its
    // bytesWritten() brings us back) or the answer is all out. flush() may say bytesWritten()
    // itself: that call finds m_writing set and leaves the work to this loop.
    if (m_pacing) {
        writePaced();
        return;
    }
    if (m_writing)
        return;
    m_writing = true;
    for (;;) {
        while (hasUnsentParts() && m_socket->bytesToWrite() < WriteChunkBytes) {
            const QByteArray &part = m_unsent.first();
            const qsizetype chunk = qMin<qsizetype>(WriteChunkBytes, part.size() - m_partOffset);
            m_socket->write(part.constData() + m_partOffset, chunk);
            if (m_recorder)
                record([&](ConversationRecorder &recorder) {
                    recorder.data(Conversation::Side::Server, part.mid(m_partOffset, chunk));
                });
            m_partOffset += chunk;
            m_sentBytes += chunk;
            if (m_partOffset == part.size()) {
                m_unsent.removeFirst();
                m_partOffset = 0;
            }
        }
        m_socket->flush(); // to the kernel now, not on the next turn of the event loop
        if (!hasUnsentParts() || m_socket->bytesToWrite() > 0 || m_phase != Phase::Writing)
            break;
    }
    m_writing = false;
    if (m_phase == Phase::Writing && !hasUnsentParts() && m_socket->bytesToWrite() == 0)
        answerOut();
}

void ServerSession::onBytesWritten()
{
    if (m_phase == Phase::Writing)
        writeMore();
}

void ServerSession::answerOut()
{
    m_worker->answered(this);
    logClosing();
    if (m_inputEnded || !HalfClosedPeer::hasUnreadInput(m_socket)) {
        finish(); // as the lab server does: nothing unread, so the close is a clean FIN
        return;
    }
    // Half-close: our FIN follows the answer, so the client reads it all and then sees the
    // end; we wait (bounded) for its FIN instead of resetting data it has not read yet.
    if (!HalfClosedPeer::endOutput(m_socket)) {
        finish();
        return;
    }
    record([](ConversationRecorder &recorder) { recorder.fin(Conversation::Side::Server); });
    m_phase = Phase::Draining;
    m_phaseStartedAt = m_worker->now();
    onReadyRead(); // what is already buffered
}

void ServerSession::checkDeadlines(qint64 now)
{
    const ServerConfig &config = m_worker->config();
    switch (m_phase) {
    case Phase::Reading:
        if (m_exchange.isAwaitingProxyHeader()
            && now - m_acceptedAt >= config.proxyHeaderTimeout.count())
            apply(m_exchange.timedOut(QStringLiteral("no complete PROXY protocol header within "
                                                     "the header timeout of %1 ms")
                                              .arg(config.proxyHeaderTimeout.count())));
        else if (now - m_acceptedAt >= config.requestTimeout.count())
            apply(m_exchange.timedOut(QStringLiteral("no complete request within the request timeout "
                                                     "of %1 ms")
                                              .arg(config.requestTimeout.count())));
        else if (now - m_lastInputAt >= config.idleTimeout.count())
            apply(m_exchange.timedOut(QStringLiteral("nothing received for the idle timeout of %1 ms")
                                              .arg(config.idleTimeout.count())));
        break;
    case Phase::Writing:
        if (now - m_phaseStartedAt >= config.writeTimeout.count()) {
            m_worker->logProblem(QStringLiteral("error: closing connection to %1: the answer was not "
                                                "read within the write timeout of %2 ms (%3 bytes "
                                                "left)")
                                         .arg(m_exchange.peer().repr())
                                         .arg(config.writeTimeout.count())
                                         .arg(m_unsentBytes - m_sentBytes + m_socket->bytesToWrite()),
                                 RepeatedProblems::Kind::Timeout);
            finish();
        }
        break;
    case Phase::Draining:
        if (now - m_phaseStartedAt >= DrainMilliseconds)
            finish();
        break;
    case Phase::Done:
        break;
    }
}

void ServerSession::closeNow()
{
    finish();
}

void ServerSession::logClosing()
{
    // The lab prints this line whenever it closes, whatever ended the connection.
    if (m_closingLogged || !m_served)
        return;
    m_closingLogged = true;
    // None for a connection refused before its PROXY protocol header named the client.
    const QString line = m_exchange.closingLine();
    if (!line.isEmpty())
        m_worker->logTraffic({ line });
}

void ServerSession::finish()
{
    if (m_phase == Phase::Done)
        return;
    logClosing();
    m_phase = Phase::Done;
    if (m_pacing)
        m_pacing->stop();
    holdWhatTheRequestHolds();
    // What the socket says from here on (its close's signals) finds the phase Done and is
    // ignored: cheaper than a disconnect, which searches every connection of the socket.
    m_socket->abort();
    // abort() closes the socket: a FIN, or a reset if bytes were left unread (the recorder
    // cannot tell, as the client's cannot).
    record([](ConversationRecorder &recorder) { recorder.fin(Conversation::Side::Server); });
    m_worker->finished(this);
}

} // namespace Wirelab
