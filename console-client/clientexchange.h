#ifndef WIRELAB_CLIENTEXCHANGE_H
#define WIRELAB_CLIENTEXCHANGE_H

#include "conversation.h"
#include "messagedecoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QObject>
#include <chrono>
#include <optional>

namespace Wirelab {

// One request and its response over one TCP connection, driven by signals: the network
// side of wirelab-client and of the GUI. Never blocks.
class ClientExchange : public QObject
{
    Q_OBJECT
public:
    enum class Failure {
        ConnectionRefused,
        HostNotFound,
        Timeout,
        ClosedEarly,       // the server closed before a whole response
        MalformedResponse, // the response breaks the wire format (see the DecodeError)
        NetworkError,      // anything else the socket reports
        Cancelled,
    };
    Q_ENUM(Failure)

    explicit ClientExchange(QObject *parent = nullptr);
    ~ClientExchange() override;

    void setTimeout(std::chrono::milliseconds timeout); // whole exchange; default 10 s
    void setLimits(const DecoderLimits &limits);        // for the response

    // Connects, sends requestBytes, reads one response. One exchange per object at a time.
    void start(const QString &host, quint16 port, const QByteArray &requestBytes);
    void cancel();
    bool isRunning() const;
    // What the exchange's TCP connection carried, as the socket reported it: the addresses,
    // each write as bytesWritten() said, each read as it arrived, the server's close (or
    // reset: Qt reports both as a close) and ours, a refusal, and the failure's reason as a
    // comment. Whole once finished() is emitted; start() begins a new one.
    Conversation conversation() const;

signals:
    void connected(const QString &peerAddress, quint16 peerPort);
    void requestSent(const QByteArray &requestBytes);
    // Every time response bytes arrive: all of them so far (for a live hex view).
    void responseBytesReceived(qint64 totalBytes);
    // responseBytes is all that arrived: the message, and anything after it (the lab reads
    // one message; the rest is shown for what it is, not read).
    void responseReceived(const Wirelab::DecodedMessage &response,
                          const QByteArray &responseBytes);
    // reason is one sentence for a person; decoded is the decoder's verdict on what arrived
    // (Failed, with what it read before the error, for MalformedResponse and a cut-off
    // ClosedEarly; NeedMoreData otherwise); responseBytes is what arrived, for highlighting.
    void failed(Wirelab::ClientExchange::Failure failure, const QString &reason,
                const Wirelab::DecodeResult &decoded, const QByteArray &responseBytes);
    // After responseReceived or failed; the connection is closed.
    void finished();

private:
    void readResponse();
    void takeArrivedBytes();
    void endOfResponse();
    void handle(const DecodeResult &result);
    void fail(Failure failure, const QString &reason, const DecodeResult &decoded = {});
    void stop();

    class Private;
    Private *d;
};

} // namespace Wirelab

#endif // WIRELAB_CLIENTEXCHANGE_H
