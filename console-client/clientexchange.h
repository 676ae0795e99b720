#ifndef WIRELAB_CLIENTEXCHANGE_H
#define WIRELAB_CLIENTEXCHANGE_H

#include "conversation.h"
#include "messagedecoder.h"
#include "sendplan.h"

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
    // Whether the signals' responseBytes and conversation() hold the bytes that travelled
    // (the default). A client that prints the answer and forgets it keeps one copy fewer of
    // a huge answer without them.
    void setKeepsBytes(bool keep);

    // How the next start() sends its request: whole (the default, as the lab's client does)
    // or in pieces with pauses, with TCP_NODELAY on so that each piece is a segment of its
    // own. The exchange's timeout does not count the plan's own pauses: it runs while
    // connecting and again from the last piece on.
    void setSendPlan(const SendPlan &plan);
    SendPlan sendPlan() const;

    // Connects, sends requestBytes, reads one response. One exchange per object at a time.
    void start(const QString &host, quint16 port, const QByteArray &requestBytes);
    void cancel();
    bool isRunning() const;
    // A plan's next piece now, without waiting for the rest of its pause (a "next" button; a
    // test that drives the pauses itself). Nothing if no piece is waiting.
    void sendNextPieceNow();
    qsizetype piecesSent() const;
    qsizetype pieceCount() const; // of the exchange under way
    // What has arrived of the response so far, and where the client's own decoder stands in
    // it: what a window shows while an answer trickles in.
    QByteArray responseBytes() const;
    DecoderProgress responseProgress() const;
    // What the exchange's TCP connection carried, as the socket reported it: the addresses,
    // each write as bytesWritten() said, each read as it arrived, the server's close (or
    // reset: Qt reports both as a close) and ours, a refusal, and the failure's reason as a
    // comment. Whole once finished() is emitted; start() begins a new one.
    Conversation conversation() const;
    // When conversation()'s clock started (ConversationRecorder::origin()).
    std::chrono::steady_clock::time_point conversationOrigin() const;

signals:
    void connected(const QString &peerAddress, quint16 peerPort);
    void requestSent(const QByteArray &requestBytes); // once all of it is written
    // Something was added to conversation(): a write, a read, a close (for a live timeline).
    void conversationChanged();
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
    void writeNextPiece();
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
