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
    ServerConfig config;
    config.threads = 1; // in the GUI's thread: a teaching server answers one student
    config.transcript = m_serverLog->transcript();
    auto server = std::make_unique<Server>(config);
    if (!server->listen(QHostAddress::LocalHost, 0)) {
        m_serverError = server->errorString();
        return false;
    }
    emit serverLogLine(Transcript::listeningOn({ QStringLiteral("127.0.0.1"), server->serverPort() }));
    m_server = std::move(server);
    return true;
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
    emit busyChanged(false);
    emit exchangeFinished(m_current);
}

} // namespace Wirelab
