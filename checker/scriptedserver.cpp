#include "scriptedserver.h"

#include "labprotocol.h"
#include "messageencoder.h"

namespace Wirelab::Check {

ScriptedServer::ScriptedServer(const CheckCase &testCase, const RunSettings &settings,
                               EvidenceRecorder *recorder, QObject *parent)
    : QObject(parent), m_case(testCase), m_settings(settings), m_recorder(recorder)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::accept);
}

bool ScriptedServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

bool ScriptedServer::hasOpenConnections() const
{
    return std::any_of(
            m_connections.cbegin(), m_connections.cend(),
            [](const std::unique_ptr<Connection> &connection) { return !connection->ended; });
}

void ScriptedServer::closeAll()
{
    m_server.close();
    for (const std::unique_ptr<Connection> &connection : m_connections) {
        if (connection->ended)
            continue;
        read(connection.get());
        if (connection->ended)
            continue;
        m_recorder->record(WireEvent::Kind::Closed, connection->id);
        connection->ended = true;
        if (connection->writer)
            connection->writer->stop();
        if (connection->socket)
            connection->socket->abort();
    }
}

void ScriptedServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto connection = std::make_unique<Connection>();
        Connection *raw = connection.get();
        raw->socket = socket;
        raw->isFirst = m_connections.empty();
        raw->id = m_recorder->addConnection(
                raw->isFirst ? QStringLiteral("student's client")
                             : QStringLiteral("student's client, connection %1")
                                       .arg(m_connections.size() + 1),
                false);
        socket->setParent(this);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_recorder->setEndpoints(raw->id,
                                 { socket->localAddress().toString(), socket->localPort() },
                                 { socket->peerAddress().toString(), socket->peerPort() });
        m_recorder->record(WireEvent::Kind::Connected, raw->id);
        if (raw->isFirst)
            m_seen.connected = true;
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { read(raw); });
        connect(socket, &QTcpSocket::disconnected, this, [this, raw] { end(raw, true); });
        m_connections.push_back(std::move(connection));
        read(raw);
    }
}

void ScriptedServer::read(Connection *connection)
{
    if (connection->ended || !connection->socket)
        return;
    const QByteArray bytes = connection->socket->readAll();
    if (bytes.isEmpty())
        return;
    m_recorder->record(WireEvent::Kind::Received, connection->id, bytes);
    if (connection->isFirst)
        m_seen.bytes += bytes;
    if (connection->answered)
        return;
    connection->decoder.feed(bytes);
    const DecodeResult result = connection->decoder.next();
    if (result.status != DecodeResult::Status::NeedMoreData)
        answer(connection, result);
}

void ScriptedServer::answer(Connection *connection, const DecodeResult &request)
{
    connection->answered = true;
    switch (m_case.script.kind) {
    case AnswerScript::Kind::Answer:
    case AnswerScript::Kind::AnswerKeptOpen: {
        const bool keepOpen = m_case.script.kind == AnswerScript::Kind::AnswerKeptOpen;
        if (request.status != DecodeResult::Status::MessageReady) {
            // A request no lab server can read: closed without a word, as the lab's does.
            sendThenMaybeClose(connection, {}, true);
            return;
        }
        // The lab server's answer to what the client really sent, so that a wrong request
        // also shows in what the client prints.
        const QByteArray answer
                = encodeMessage(Lab::answerRequest(request.message, Lab::SearchTable::builtIn()))
                          .bytes;
        sendThenMaybeClose(
                connection,
                chopMessage(answer, keepOpen ? Chop::Whole : m_case.chop, m_settings.chop),
                !keepOpen);
        return;
    }
    case AnswerScript::Kind::Fixed:
        sendThenMaybeClose(connection, { { m_case.script.bytes, {} } }, true);
        return;
    case AnswerScript::Kind::Never:
        return;
    }
}

void ScriptedServer::sendThenMaybeClose(Connection *connection, const QList<Piece> &pieces,
                                        bool close)
{
    const auto closeIfDue = [this, connection, close] {
        if (!close || connection->ended || !connection->socket)
            return;
        m_recorder->record(WireEvent::Kind::Closed, connection->id);
        connection->ended = true;
        connection->socket->disconnectFromHost();
        emit connectionEnded();
    };
    connection->writer
            = std::make_unique<PacedWriter>(connection->socket, m_recorder, connection->id);
    connect(connection->writer.get(), &PacedWriter::allWritten, this, closeIfDue);
    if (pieces.isEmpty() || (pieces.size() == 1 && pieces.first().bytes.isEmpty()))
        closeIfDue();
    else
        connection->writer->write(pieces);
}

void ScriptedServer::end(Connection *connection, bool peerClosed)
{
    if (connection->ended)
        return;
    read(connection);
    connection->ended = true;
    if (connection->writer)
        connection->writer->stop();
    if (peerClosed) {
        m_recorder->record(WireEvent::Kind::PeerClosed, connection->id);
        if (connection->isFirst)
            m_seen.clientClosed = true;
    }
    emit connectionEnded();
}

} // namespace Wirelab::Check
