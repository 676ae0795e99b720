#ifndef WIRELAB_SERVERSESSION_H
#define WIRELAB_SERVERSESSION_H

#include "serverexchange.h"

#include <QtCore/QObject>
#include <QtCore/QSocketNotifier>

#include <memory>

namespace Wirelab {

class ServerWorker;

// One client connection: carries out what its ServerExchange decides, on the connected
// socket's descriptor, driven by QSocketNotifier signals. A QTcpSocket per connection would
// cost more CPU and memory than everything else the server does for a lab request, and its
// buffering is not needed: a request is read in bounded chunks straight into the decoder, and
// an answer goes straight to the kernel. Reads the request, writes the answer, then closes
// gracefully: half-close, drain what the client still sends (bounded), close. Timeouts are
// checked by the worker's tick, so an idle connection costs no timer of its own.
class ServerSession : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the connected descriptor (blocking or not: every call on it is
    // non-blocking).
    ServerSession(int descriptor, const ServerExchange::Settings &settings, ServerWorker *worker);
    ~ServerSession() override;

    void start();
    void startBusy(int maxConnections);
    void checkDeadlines(qint64 now);

    static Transcript::Peer peerOf(int descriptor);

    qsizetype indexInWorker = -1; // for O(1) removal from the worker's list
    bool isBusyAnswer = false;    // a "server busy" refusal, not a served connection
    bool holdsSlot = false;       // counted in openConnections until answered

signals:
    void finished(Wirelab::ServerSession *session);

private:
    enum class Phase { Reading, Writing, Draining, Done };

    void onReadable();
    void onWritable();
    void apply(const ServerExchange::Actions &actions);
    void writeReply(const QByteArray &reply);
    bool sendUnsent(); // false if the client is gone
    void answered(); // the reply is all with the kernel
    void beginDraining();
    void finish();
    void closeDescriptor();

    int m_descriptor;
    ServerWorker *m_worker;
    ServerExchange m_exchange;
    QSocketNotifier m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier; // only for answers the kernel cannot take at once
    QByteArray m_unsent;                              // the rest of such an answer
    qsizetype m_unsentOffset = 0;
    Phase m_phase = Phase::Reading;
    qint64 m_acceptedAt = 0;
    qint64 m_lastInputAt = 0;
    qint64 m_phaseStartedAt = 0;
    qint64 m_drainedBytes = 0;
    bool m_lastReadFilledBuffer = false; // then more input may be waiting
    bool m_closeOnceAnswered = false;    // no input is left to drain
};

} // namespace Wirelab

#endif // WIRELAB_SERVERSESSION_H
