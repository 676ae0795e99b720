#include "clientexchange.h"

#include "conversationrecorder.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

namespace Wirelab {

class ClientExchange::Private
{
public:
    QTcpSocket *socket = nullptr;
    QTimer timer;
    SendPlan plan;
    QList<Span> pieces; // of the request, as the plan cuts it
    qsizetype piecesSent = 0;
    QTimer pieceTimer;  // the pause before the next piece
    DecoderLimits limits { DecoderLimits::HeaderBytesCeiling, 64 * 1024 * 1024 };
    std::optional<MessageDecoder> decoder;
    QByteArray requestBytes;
    QByteArray responseBytes; // everything received, for the caller's hex view
    bool running = false;
    bool keepsBytes = true;
    ConversationRecorder recorder;
    qint64 requestBytesWritten = 0;
    bool connected = false; // the connection was made, so closing it sends a FIN
};

namespace {

// One sentence of advice per failure, as Qt's fortune client gives.
QString adviceFor(QAbstractSocket::SocketError error, const QString &socketMessage)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QObject::tr("The connection was refused. Make sure the server is running, and "
                           "check the host name and port.");
    case QAbstractSocket::HostNotFoundError:
        return QObject::tr("The host was not found. Check the host name.");
    case QAbstractSocket::RemoteHostClosedError:
        return QObject::tr("The server closed the connection before a whole response arrived.");
    default:
        return QObject::tr("The connection failed: %1.").arg(socketMessage);
    }
}

} // namespace

ClientExchange::ClientExchange(QObject *parent) : QObject(parent), d(new Private)
{
    d->timer.setSingleShot(true);
    d->timer.setInterval(std::chrono::seconds(10));
    d->pieceTimer.setSingleShot(true);
    connect(&d->pieceTimer, &QTimer::timeout, this, &ClientExchange::writeNextPiece);
    connect(&d->timer, &QTimer::timeout, this, [this] {
        fail(Failure::Timeout,
             tr("No whole response within %1 s. The server may be busy, or not a Wirelab/lab "
                "server.")
                     .arg(d->timer.interval() / 1000.0));
    });
}

ClientExchange::~ClientExchange()
{
    delete d;
}

void ClientExchange::setTimeout(std::chrono::milliseconds timeout)
{
    d->timer.setInterval(timeout);
}

void ClientExchange::setLimits(const DecoderLimits &limits)
{
    d->limits = limits.clamped();
}

void ClientExchange::setKeepsBytes(bool keep)
{
    d->keepsBytes = keep;
}

bool ClientExchange::isRunning() const
{
    return d->running;
}

void ClientExchange::setSendPlan(const SendPlan &plan)
{
    d->plan = plan;
}

SendPlan ClientExchange::sendPlan() const
{
    return d->plan;
}

qsizetype ClientExchange::piecesSent() const
{
    return d->piecesSent;
}

qsizetype ClientExchange::pieceCount() const
{
    return d->pieces.size();
}

QByteArray ClientExchange::responseBytes() const
{
    return d->responseBytes;
}

DecoderProgress ClientExchange::responseProgress() const
{
    return d->decoder ? d->decoder->progress() : DecoderProgress {};
}

void ClientExchange::sendNextPieceNow()
{
    if (d->running && d->connected && d->piecesSent < d->pieces.size()) {
        d->pieceTimer.stop();
        writeNextPiece();
    }
}

void ClientExchange::writeNextPiece()
{
    if (!d->running || !d->socket || d->piecesSent >= d->pieces.size())
        return;
    const Span piece = d->pieces[d->piecesSent++];
    d->socket->write(d->requestBytes.constData() + piece.offset, piece.length);
    // Handed to the system now: each piece is a send() of its own, and so a segment.
    d->socket->flush();
    if (!d->running)
        return; // the write failed, and that ended the exchange
    if (d->piecesSent < d->pieces.size()) {
        d->pieceTimer.start(d->plan.delayBefore(d->piecesSent, d->pieces.size()));
        return;
    }
    d->timer.start(); // our pauses are over: from here on the server has the time
}

Conversation ClientExchange::conversation() const
{
    return d->recorder.conversation();
}

std::chrono::steady_clock::time_point ClientExchange::conversationOrigin() const
{
    return d->recorder.origin();
}

void ClientExchange::start(const QString &host, quint16 port, const QByteArray &requestBytes)
{
    cancel();
    d->running = true;
    d->requestBytes = requestBytes;
    d->responseBytes.clear();
    d->decoder.emplace(d->limits);
    d->pieces = d->plan.isWhole() ? QList<Span> { { 0, requestBytes.size() } } : d->plan.pieces(requestBytes);
    d->piecesSent = 0;
    d->recorder.start();
    d->requestBytesWritten = 0;
    d->connected = false;
    d->socket = new QTcpSocket(this);
    connect(d->socket, &QTcpSocket::connected, this, [this] {
        d->connected = true;
        d->recorder.setEndpoints({ d->socket->localAddress().toString(), d->socket->localPort() },
                                 { d->socket->peerAddress().toString(), d->socket->peerPort() });
        d->recorder.connected();
        emit conversationChanged();
        emit connected(d->socket->peerAddress().toString(), d->socket->peerPort());
        if (!d->running)
            return;
        if (d->plan.isWhole()) {
            d->piecesSent = 1;
            d->socket->write(d->requestBytes);
            return;
        }
        // Nagle's algorithm would hold a small piece back until the last one is acknowledged,
        // and merge the next ones into it: off, each write is its own segment.
        d->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (d->pieces.isEmpty())
            return; // nothing to send: the timeout runs on
        d->timer.stop();
        writeNextPiece();
    });
    connect(d->socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
        // One write as the socket took it: the capture shows the request's real pieces.
        if (d->keepsBytes)
            d->recorder.data(Conversation::Side::Client,
                             d->requestBytes.mid(d->requestBytesWritten, written));
        d->requestBytesWritten += written;
        emit conversationChanged();
        if (d->running && d->requestBytesWritten == d->requestBytes.size())
            emit requestSent(d->requestBytes);
    });
    connect(d->socket, &QTcpSocket::readyRead, this, &ClientExchange::readResponse);
    connect(d->socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError) {
            endOfResponse();
            return;
        }
        if (error == QAbstractSocket::ConnectionRefusedError)
            d->recorder.reset(Conversation::Side::Server); // the RST that answered our SYN
        const Failure failure = error == QAbstractSocket::ConnectionRefusedError
                ? Failure::ConnectionRefused
                : error == QAbstractSocket::HostNotFoundError ? Failure::HostNotFound
                                                               : Failure::NetworkError;
        fail(failure, adviceFor(error, d->socket->errorString()));
    });
    d->timer.start();
    d->socket->connectToHost(host, port);
}

void ClientExchange::readResponse()
{
    if (!d->running)
        return;
    takeArrivedBytes();
    const DecodeResult result = d->decoder->next();
    // After next(): the decoder's progress takes in what just arrived.
    emit conversationChanged();
    if (d->running)
        handle(result);
}

void ClientExchange::takeArrivedBytes()
{
    const QByteArray bytes = d->socket->readAll();
    if (d->keepsBytes) {
        d->recorder.data(Conversation::Side::Server, bytes);
        d->responseBytes += bytes;
    }
    d->decoder->feed(bytes);
}

void ClientExchange::endOfResponse()
{
    if (!d->running)
        return;
    takeArrivedBytes();
    d->recorder.fin(Conversation::Side::Server); // recorded before what it makes us do
    d->decoder->finish();
    const DecodeResult result = d->decoder->next();
    emit conversationChanged();
    if (d->running)
        handle(result);
}

void ClientExchange::handle(const DecodeResult &result)
{
    switch (result.status) {
    case DecodeResult::Status::NeedMoreData:
        return;
    case DecodeResult::Status::MessageReady: {
        // The lab closes once the response is processed: bytes after it are not read.
        const QByteArray responseBytes = d->responseBytes;
        stop();
        emit responseReceived(result.message, responseBytes);
        emit finished();
        return;
    }
    case DecodeResult::Status::Finished:
        fail(Failure::ClosedEarly, tr("The server closed the connection without answering."));
        return;
    case DecodeResult::Status::Failed:
        if (result.error.kind == DecodeError::Kind::TruncatedAtEof)
            fail(Failure::ClosedEarly,
                 tr("The server closed the connection before a whole response arrived: %1")
                         .arg(result.error.reason),
                 result);
        else
            fail(Failure::MalformedResponse, tr("The response is malformed: %1").arg(result.error.reason), result);
        return;
    }
}

void ClientExchange::fail(Failure failure, const QString &reason, const DecodeResult &decoded)
{
    if (!d->running)
        return;
    const QByteArray responseBytes = d->responseBytes;
    d->recorder.comment(reason);
    stop();
    emit failed(failure, reason, decoded, responseBytes);
    emit finished();
}

void ClientExchange::cancel()
{
    if (d->running)
        fail(Failure::Cancelled, tr("Cancelled."));
}

void ClientExchange::stop()
{
    d->running = false;
    d->timer.stop();
    d->pieceTimer.stop();
    if (d->connected)
        // abort() closes the socket, and the system sends a FIN (or a reset, if bytes that
        // arrived were left unread, which Qt does not tell: the capture says FIN).
        d->recorder.fin(Conversation::Side::Client);
    d->connected = false;
    if (d->socket) {
        d->socket->disconnect(this);
        d->socket->abort();
        d->socket->deleteLater();
        d->socket = nullptr;
    }
}

} // namespace Wirelab
