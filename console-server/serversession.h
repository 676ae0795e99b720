#ifndef WIRELAB_SERVERSESSION_H
#define WIRELAB_SERVERSESSION_H

#include "conversationrecorder.h"
#include "proxiedexchange.h"

#include <QtCore/QObject>
#include <memory>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QTimer;
QT_END_NAMESPACE

namespace Wirelab {

class ServerWorker;

// One client connection, as Qt HTTP Server keeps one per QTcpSocket: the socket (its child)
// is driven by its signals, and everything the lab's protocol decides is its exchange's
// (sans-I/O: a ServerExchange, behind a PROXY protocol header when the server takes one). readyRead feeds the exchange; its answer is written in bounded chunks as the
// client reads; then the connection closes gracefully: at once when nothing has arrived
// unread, else half-closed, drained (bounded) and closed, so that a close never resets an
// answer the client has not read yet. Timeouts are checked by the worker's tick (checkDeadlines), so an
// idle connection costs no timer of its own.
class ServerSession : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Reading, Writing, Draining, Done };

    // What Qt reads of a connection at a time: a client that sends faster waits (TCP flow
    // control), so what one client can make us hold stays bounded.
    static constexpr qint64 ReadBufferBytes = 64 * 1024;
    // What is handed to the socket at a time: a big answer goes out as the client reads it,
    // without a copy of it in every connection's write buffer.
    static constexpr qint64 WriteChunkBytes = 64 * 1024;
    // After the answer, a client that still sends is drained for this long or this much.
    static constexpr qint64 DrainMilliseconds = 2000;
    static constexpr qint64 DrainBytesCeiling = 1024 * 1024;

    // Takes the connected descriptor (see isValid()).
    ServerSession(qintptr descriptor, const ServerExchange::Settings &settings, ServerWorker *worker);

    bool isValid() const;
    void start(); // a connection the server serves
    // "server busy: <reason>", then close: a connection the server has no room for, or one
    // it closes to make room for another.
    void refuse(const QString &reason);
    void checkDeadlines(qint64 now);
    void closeNow(); // the server stops: close at once, wherever the exchange is

    Phase phase() const { return m_phase; }
    qint64 bytesReceived() const { return m_bytesReceived; }
    bool hasReceivedNothing() const { return m_bytesReceived == 0; }
    // Nothing received and nothing waiting to be read, in Qt's buffer or the kernel's: no
    // request has begun (one whose bytes are there but not read yet has).
    bool isIdle() const;
    // Bytes per second since the connection was accepted: the measure of progress by which a
    // full server chooses whom to make room for (ServerWorker's admission rule).
    double receiveRate(qint64 now) const;
    qint64 age(qint64 now) const { return now - m_acceptedAt; }

private:
    void onReadyRead();
    void onBytesWritten();
    void onEndOfInput();
    void onError();
    void onReset(const QString &reason);
    void holdWhatTheRequestHolds(); // counts the request's memory against the server's bound
    void apply(const ServerExchange::Actions &actions);
    void writeReply(const QList<QByteArray> &parts);
    bool hasUnsentParts() const;
    void writeMore();
    bool isPaced() const;
    void writePaced();
    void writePacedChunk();
    void record(const std::function<void(ConversationRecorder &)> &what);
    void answerOut();
    void finish();
    void logClosing();

    QTcpSocket *m_socket;
    ServerWorker *m_worker;
    ProxiedExchange m_exchange;
    Phase m_phase = Phase::Reading;
    QList<QByteArray> m_unsent; // what is left of the answer's parts, shared (not copied)
    qsizetype m_partOffset = 0;  // of the first of them
    qint64 m_unsentBytes = 0;    // the whole answer's size
    qint64 m_sentBytes = 0;      // handed to the socket
    qint64 m_acceptedAt = 0;
    qint64 m_lastInputAt = 0;
    qint64 m_phaseStartedAt = 0;
    qint64 m_bytesReceived = 0;
    qint64 m_drainedBytes = 0;
    qint64 m_heldBytes = 0; // counted in ServerCounters::bufferedBytes
    bool m_inputEnded = false;
    bool m_writing = false; // inside writeMore()
    bool m_resetLogged = false;
    bool m_closingLogged = false;
    bool m_served = false; // start()ed; a connection only refused is not in the lab's transcript
    QTimer *m_pacing = nullptr; // a paced answer's pause before its next chunk (made when needed)
    std::unique_ptr<ConversationRecorder> m_recorder; // only for ServerConfig::conversationTap
};

} // namespace Wirelab

#endif // WIRELAB_SERVERSESSION_H
