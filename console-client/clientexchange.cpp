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
    DecoderLimits limits { DecoderLimits::HeaderBytesCeiling, 64 * 1024 * 1024 };
    std::optional<MessageDecoder> decoder;
    QByteArray requestBytes;
    QByteArray responseBytes; // everything received, for the caller's hex view
    bool running = false;
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

bool ClientExchange::isRunning() const
{
    return d->running;
}

Conversation ClientExchange::conversation() const
{
    return d->recorder.conversation();
}

void ClientExchange::start(const QString &host, quint16 port, const QByteArray &requestBytes)
{
    cancel();
    d->running = true;
    d->requestBytes = requestBytes;
    d->responseBytes.clear();
    d->decoder.emplace(d->limits);
    d->recorder.start();
    d->requestBytesWritten = 0;
    d->connected = false;
    d->socket = new QTcpSocket(this);
    connect(d->socket, &QTcpSocket::connected, this, [this] {
        d->connected = true;
        d->recorder.setEndpoints({ d->socket->localAddress().toString(), d->socket->localPort() },
                                 { d->socket->peerAddress().toString(), d->socket->peerPort() });
        d->recorder.connected();
        emit connected(d->socket->peerAddress().toString(), d->socket->peerPort());
        d->socket->write(d->requestBytes);
    });
    connect(d->socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
        // One write as the socket took it: the capture shows the request's real pieces.
        d->recorder.data(Conversation::Side::Client,
                         d->requestBytes.mid(d->requestBytesWritten, written));
        d->requestBytesWritten += written;
        if (d->socket->bytesToWrite() == 0)
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
    handle(d->decoder->next());
}

void ClientExchange::takeArrivedBytes()
{
    const QByteArray bytes = d->socket->readAll();
    d->recorder.data(Conversation::Side::Server, bytes);
    d->responseBytes += bytes;
    d->decoder->feed(bytes);
    emit responseBytesReceived(d->responseBytes.size());
}

void ClientExchange::endOfResponse()
{
    if (!d->running)
        return;
    takeArrivedBytes();
    d->recorder.fin(Conversation::Side::Server); // recorded before what it makes us do
    d->decoder->finish();
    handle(d->decoder->next());
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
