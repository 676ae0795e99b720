#include "probeconnection.h"

#include "judgingtools.h"

namespace Wirelab::Check {

ProbeConnection::ProbeConnection(const QString &label, EvidenceRecorder *recorder,
                                 std::chrono::milliseconds closeGrace, QObject *parent)
    : QObject(parent), m_recorder(recorder), m_connection(recorder->addConnection(label, true)),
      m_writer(&m_socket, recorder, m_connection)
{
    m_closeGrace.setSingleShot(true);
    m_closeGrace.setInterval(closeGrace);
    connect(&m_closeGrace, &QTimer::timeout, this, [this] { end(ConnectionOutcome::End::Open); });
    connect(&m_socket, &QTcpSocket::connected, this, &ProbeConnection::handleConnected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &ProbeConnection::readAvailable);
    connect(&m_socket, &QTcpSocket::disconnected, this, &ProbeConnection::handleDisconnected);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &ProbeConnection::handleError);
    connect(&m_writer, &PacedWriter::allWritten, this, [this] {
        m_outcome.lastSentMs = m_writer.lastWriteMs();
        emit allSent();
        if (m_closeAfterSending && !m_done)
            end(ConnectionOutcome::End::Open);
    });
}

ProbeConnection::~ProbeConnection()
{
    // The socket, a member, would report its own end from its destructor to a connection
    // half torn down, and the recorder may be gone already: nothing more is heard.
    m_socket.disconnect(this);
    m_socket.abort();
}

void ProbeConnection::connectTo(const QString &host, quint16 port)
{
    m_recorder->record(WireEvent::Kind::Connecting, m_connection, {},
                       QStringLiteral("%1:%2").arg(host).arg(port));
    m_socket.connectToHost(host, port);
}

void ProbeConnection::send(const QList<Piece> &pieces)
{
    m_writer.write(pieces);
}

void ProbeConnection::closeAfterSending()
{
    m_closeAfterSending = true;
}

void ProbeConnection::stop(ConnectionOutcome::End how)
{
    if (m_done)
        return;
    readAvailable();
    if (!m_done)
        end(m_connected ? how : ConnectionOutcome::End::ConnectFailed,
            m_connected ? QString() : QStringLiteral("no connection within the case's timeout"));
}

void ProbeConnection::handleConnected()
{
    m_connected = true;
    // Every write leaves at once: the chops are only worth their name if the segments
    // are as small as the writes.
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_recorder->setEndpoints(m_connection,
                             { m_socket.localAddress().toString(), m_socket.localPort() },
                             { m_socket.peerAddress().toString(), m_socket.peerPort() });
    m_recorder->record(WireEvent::Kind::Connected, m_connection);
    emit connected();
}

void ProbeConnection::readAvailable()
{
    if (m_done || !m_socket.isOpen())
        return;
    const QByteArray bytes = m_socket.readAll();
    if (bytes.isEmpty())
        return;
    m_recorder->record(WireEvent::Kind::Received, m_connection, bytes);
    m_outcome.received += bytes;
    // A whole message, or one the decoder already refuses: the server has said what it will
    // say, and has a grace period to close the connection as the lab's does.
    const JudgingTools::Decoded decoded = JudgingTools::decode(m_outcome.received, false);
    if (decoded.result.status != DecodeResult::Status::NeedMoreData && !m_closeGrace.isActive())
        m_closeGrace.start();
}

void ProbeConnection::handleDisconnected()
{
    readAvailable();
    if (m_done)
        return;
    m_recorder->record(WireEvent::Kind::PeerClosed, m_connection);
    end(ConnectionOutcome::End::PeerClosed);
}

void ProbeConnection::handleError(QAbstractSocket::SocketError error)
{
    if (m_done)
        return;
    if (!m_connected) {
        m_recorder->record(WireEvent::Kind::Error, m_connection, {}, m_socket.errorString());
        end(ConnectionOutcome::End::ConnectFailed, m_socket.errorString());
        return;
    }
    // Qt reports a close and a reset alike, followed by disconnected(): that ends it.
    if (error == QAbstractSocket::RemoteHostClosedError)
        return;
    readAvailable();
    m_recorder->record(WireEvent::Kind::Error, m_connection, {}, m_socket.errorString());
    end(ConnectionOutcome::End::Error, m_socket.errorString());
}

void ProbeConnection::end(ConnectionOutcome::End how, const QString &errorText)
{
    if (m_done)
        return;
    m_done = true;
    m_closeGrace.stop();
    m_writer.stop();
    m_outcome.end = how;
    m_outcome.errorText = errorText;
    m_outcome.endedMs = m_recorder->elapsedMs();
    if (m_outcome.lastSentMs < 0)
        m_outcome.lastSentMs = m_writer.lastWriteMs();
    const bool weClose
            = how == ConnectionOutcome::End::Open || how == ConnectionOutcome::End::TimedOut;
    if (weClose && m_connected)
        m_recorder->record(WireEvent::Kind::Closed, m_connection);
    // A client that leaves mid-request says goodbye; otherwise the case is over and the
    // connection is dropped at once.
    if (m_closeAfterSending && how == ConnectionOutcome::End::Open)
        m_socket.disconnectFromHost();
    else
        m_socket.abort();
    emit done();
}

} // namespace Wirelab::Check
