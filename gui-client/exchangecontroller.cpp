#include "exchangecontroller.h"

#include "labprotocol.h"
#include "messageencoder.h"
#include "server.h"
#include "serverlogfeed.h"
#include "transcript.h"

namespace Wirelab {

ExchangeController::ExchangeController(QObject *parent) : QObject(parent)
{
    connect(&m_exchange, &ClientExchange::connected, this, [this] {
        addTranscriptLine(Transcript::sending(m_current.requestBytes, { m_current.host, m_current.port }));
    });
    connect(&m_exchange, &ClientExchange::responseReceived, this,
            [this](const DecodedMessage &response, const QByteArray &bytes) {
                m_current.responseBytes = bytes;
                m_current.ending = ExchangeRecord::Ending::Answered;
                DecodeResult decoded;
                decoded.status = DecodeResult::Status::MessageReady;
                decoded.message = response;
                m_current.response = MessageOutline(bytes, decoded);
                for (const QString &line : Transcript::receivedResponse(response, { m_current.host, m_current.port }))
                    addTranscriptLine(line);
            });
    connect(&m_exchange, &ClientExchange::failed, this,
            [this](ClientExchange::Failure failure, const QString &reason, const DecodeResult &decoded,
                   const QByteArray &bytes) {
                m_current.responseBytes = bytes;
                m_current.response = MessageOutline(bytes, decoded);
                if (failure == ClientExchange::Failure::Cancelled) {
                    m_current.ending = ExchangeRecord::Ending::Cancelled;
                    addTranscriptLine(tr("cancelled"));
                    return;
                }
                m_current.ending = ExchangeRecord::Ending::Failed;
                m_current.error = reason;
                addTranscriptLine(tr("error: %1").arg(reason));
            });
    connect(&m_exchange, &ClientExchange::finished, this, &ExchangeController::finishExchange);
    connect(&m_exchange, &ClientExchange::conversationChanged, this, &ExchangeController::progressed);
}

ExchangeController::~ExchangeController() = default;

bool ExchangeController::startBuiltInServer()
{
    if (m_server)
        return true;
    if (!m_serverLog) {
        m_serverLog = new ServerLogFeed(this);
        connect(m_serverLog, &ServerLogFeed::linesLogged, this, [this](const QStringList &lines) {
            for (const QString &line : lines)
                emit serverLogLine(line);
        });
    }
    return listen(0);
}

bool ExchangeController::listen(quint16 port)
{
    ServerConfig config;
    config.threads = 1; // in the GUI's thread: a teaching server answers one student
    config.transcript = m_serverLog->transcript();
    config.answerChunkBytes = m_answerChunkBytes;
    config.answerDelay = m_answerDelay;
    // Called in this thread (the one worker is in it): the server's end of the timeline.
    config.conversationTap = [this](const Conversation &conversation, std::chrono::steady_clock::time_point origin) {
        m_serverConversations.insert(conversation.client.port, { conversation, origin });
        emit progressed();
        // Not running: m_current is the last exchange, finished (or none, with port 0).
        if (!m_exchange.isRunning() && conversation.client.port == m_current.conversation.client.port) {
            m_current.serverConversation = serverConversation();
            emit lastExchangeAmended(m_current);
        }
    };
    auto server = std::make_unique<Server>(config);
    if (!server->listen(QHostAddress::LocalHost, port)) {
        m_serverError = server->errorString();
        return false;
    }
    emit serverLogLine(Transcript::listeningOn({ QStringLiteral("127.0.0.1"), server->serverPort() }));
    m_server = std::move(server);
    return true;
}

bool ExchangeController::setSlowAnswer(qint64 chunkBytes, std::chrono::milliseconds delay)
{
    if (chunkBytes == m_answerChunkBytes && delay == m_answerDelay)
        return true;
    m_answerChunkBytes = chunkBytes;
    m_answerDelay = delay;
    if (!m_server)
        return true;
    // The engine takes its config once: a new one, on the port the form shows.
    const quint16 port = m_server->serverPort();
    m_server.reset();
    return listen(port) || listen(0);
}

void ExchangeController::setSendPlan(const SendPlan &plan)
{
    m_exchange.setSendPlan(plan);
}

Conversation ExchangeController::serverConversation() const
{
    const Conversation client = m_exchange.conversation();
    if (!m_server || client.events.isEmpty())
        return {};
    const auto found = m_serverConversations.constFind(client.client.port);
    if (found == m_serverConversations.cend())
        return {};
    return ExchangeTimeline::rebased(found->first, client, found->second, m_exchange.conversationOrigin());
}

ExchangeTimeline ExchangeController::liveTimeline() const
{
    return ExchangeTimeline(m_exchange.conversation(), serverConversation());
}

MessageOutline ExchangeController::liveResponse() const
{
    return ExchangeTimeline::outlineSoFar(m_exchange.responseBytes(), m_exchange.responseProgress());
}

void ExchangeController::stopBuiltInServer()
{
    m_server.reset();
}

bool ExchangeController::isBuiltInServerRunning() const
{
    return m_server != nullptr;
}

quint16 ExchangeController::builtInServerPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QString ExchangeController::builtInServerError() const
{
    return m_serverError;
}

void ExchangeController::setTimeout(std::chrono::milliseconds timeout)
{
    m_exchange.setTimeout(timeout);
}

bool ExchangeController::send(const QString &host, quint16 port, const QString &action,
                              const QString &value, QString *whyNot)
{
    const Lab::RequestResult request = Lab::buildRequest(action, value);
    if (!request.ok()) {
        if (whyNot)
            *whyNot = request.error->reason;
        return false;
    }
    return sendBytes(host, port, encodeMessage(request.message).bytes, action, value, whyNot);
}

bool ExchangeController::sendBytes(const QString &host, quint16 port, const QByteArray &bytes,
                                   const QString &action, const QString &value, QString *whyNot)
{
    if (bytes.isEmpty()) {
        if (whyNot)
            *whyNot = tr("There are no bytes to send.");
        return false;
    }
    m_current = {};
    m_current.time = QDateTime::currentDateTime();
    m_current.host = host;
    m_current.port = port;
    m_current.action = action;
    m_current.value = value;
    m_current.requestBytes = bytes;
    m_current.request = MessageOutline::decode(m_current.requestBytes); // our own bytes, once
    if (!m_exchange.sendPlan().isWhole())
        m_current.sendPlan = m_exchange.sendPlan().description();
    m_serverConversations.clear(); // the last exchange's are in its record
    addTranscriptLine(Transcript::startingConnection({ host, port }));
    emit busyChanged(true);
    m_exchange.start(host, port, m_current.requestBytes);
    return true;
}

void ExchangeController::cancel()
{
    m_exchange.cancel();
}

bool ExchangeController::isBusy() const
{
    return m_exchange.isRunning();
}

namespace {

// The lab prints a binary answer whole: for a 16 MiB answer that is one line of 64 million
// characters, which no text view lays out in reasonable time. The bytes themselves are in
// the panes; the transcript shows the start of such a line.
constexpr qsizetype TranscriptLineChars = 4096;

QString boundedLine(const QString &line)
{
    if (line.size() <= TranscriptLineChars)
        return line;
    return ExchangeController::tr("%1… (%2 more characters)")
            .arg(line.left(TranscriptLineChars))
            .arg(line.size() - TranscriptLineChars);
}

} // namespace

void ExchangeController::addTranscriptLine(const QString &line)
{
    m_current.transcript.append(boundedLine(line));
    emit transcriptLine(m_current.transcript.last());
}

void ExchangeController::finishExchange()
{
    addTranscriptLine(Transcript::closingConnection({ m_current.host, m_current.port }));
    m_current.conversation = m_exchange.conversation();
    m_current.serverConversation = serverConversation();
    emit busyChanged(false);
    emit exchangeFinished(m_current);
}

} // namespace Wirelab
