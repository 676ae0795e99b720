#include "clientexchange.h"

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
                     .arg(d->timer.interval() / 1000.0),
             std::nullopt);
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

void ClientExchange::start(const QString &host, quint16 port, const QByteArray &requestBytes)
{
    cancel();
    d->running = true;
    d->requestBytes = requestBytes;
    d->responseBytes.clear();
    d->decoder.emplace(d->limits);
    d->socket = new QTcpSocket(this);
    connect(d->socket, &QTcpSocket::connected, this, [this] {
        emit connected(d->socket->peerAddress().toString(), d->socket->peerPort());
        d->socket->write(d->requestBytes);
    });
    connect(d->socket, &QTcpSocket::bytesWritten, this, [this] {
        if (d->socket->bytesToWrite() == 0)
            emit requestSent(d->requestBytes);
    });
    connect(d->socket, &QTcpSocket::readyRead, this, &ClientExchange::readResponse);
    connect(d->socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError) {
            endOfResponse();
            return;
        }
        const Failure failure = error == QAbstractSocket::ConnectionRefusedError
                ? Failure::ConnectionRefused
                : error == QAbstractSocket::HostNotFoundError ? Failure::HostNotFound
                                                               : Failure::NetworkError;
        fail(failure, adviceFor(error, d->socket->errorString()), std::nullopt);
    });
    d->timer.start();
    d->socket->connectToHost(host, port);
}

void ClientExchange::readResponse()
{
    if (!d->running)
        return;
    const QByteArray bytes = d->socket->readAll();
    d->responseBytes += bytes;
    d->decoder->feed(bytes);
    emit responseBytesReceived(d->responseBytes.size());
    handle(d->decoder->next());
}

void ClientExchange::endOfResponse()
{
    if (!d->running)
        return;
    readResponse();
    if (!d->running)
        return;
    d->decoder->finish();
    handle(d->decoder->next());
}

void ClientExchange::handle(const DecodeResult &result)
{
    switch (result.status) {
    case DecodeResult::Status::NeedMoreData:
        return;
    case DecodeResult::Status::MessageReady: {
        // The lab closes once the response is processed; bytes after it are not ours.
        const QByteArray responseBytes = d->responseBytes.left(result.message.size());
        stop();
        emit responseReceived(result.message, responseBytes);
        emit finished();
        return;
    }
    case DecodeResult::Status::Finished:
        fail(Failure::ClosedEarly, tr("The server closed the connection without answering."),
             std::nullopt);
        return;
    case DecodeResult::Status::Failed:
        if (result.error.kind == DecodeError::Kind::TruncatedAtEof)
            fail(Failure::ClosedEarly,
                 tr("The server closed the connection before a whole response arrived: %1")
                         .arg(result.error.reason),
                 result.error);
        else
            fail(Failure::MalformedResponse,
                 tr("The response is malformed: %1").arg(result.error.reason), result.error);
        return;
    }
}

void ClientExchange::fail(Failure failure, const QString &reason,
                          const std::optional<DecodeError> &decodeError)
{
    if (!d->running)
        return;
    const QByteArray responseBytes = d->responseBytes;
    stop();
    emit failed(failure, reason, decodeError, responseBytes);
    emit finished();
}

void ClientExchange::cancel()
{
    if (d->running)
        fail(Failure::Cancelled, tr("Cancelled."), std::nullopt);
}

void ClientExchange::stop()
{
    d->running = false;
    d->timer.stop();
    if (d->socket) {
        d->socket->disconnect(this);
        d->socket->abort();
        d->socket->deleteLater();
        d->socket = nullptr;
    }
}

} // namespace Wirelab
