#ifndef WIRELAB_SERVERSESSION_H
#define WIRELAB_SERVERSESSION_H

#include "serverexchange.h"

#include <QtCore/QObject>
#include <QtCore/QSocketNotifier>

#include <memory>
#include <sys/socket.h>

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
    // non-blocking); peerAddress is what accept() said of the client.
    ServerSession(int descriptor, const sockaddr_storage &peerAddress,
                  const ServerExchange::Settings &settings, ServerWorker *worker);
    ~ServerSession() override;

    void start();
    void startBusy(int maxConnections);
    void checkDeadlines(qint64 now);

    // As the lab prints it; ::ffff:127.0.0.1 is 127.0.0.1 to a reader.
    static Transcript::Peer peerOf(const sockaddr_storage &address);

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
    void logProblem(const QString &line);
    void clientGone(const QString &when); // logs a reset (m_lastError says which)
    void logClosing();                     // "closing connection to ...", once
    void writeReply(const QByteArray &reply);
    bool sendUnsent(); // false if the client is gone
    void answered(); // the reply is all with the kernel
    void beginDraining();
    void finish();
    void closeDescriptor();

    int m_descriptor;
    // Kept from accept(), so that a client gone before a line names it is still named;
    // made text only when a line needs it.
    sockaddr_storage m_peerAddress;
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
    bool m_closingLogged = false;
    int m_lastError = 0; // errno of the read or send that found the client gone
};

} // namespace Wirelab

#endif // WIRELAB_SERVERSESSION_H
