#ifndef WIRELAB_SERVER_H
#define WIRELAB_SERVER_H

#include "conversation.h"
#include "labprotocol.h"
#include "messagedecoder.h"
#include "trustedproxies.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractEventDispatcher;
class QThread;
QT_END_NAMESPACE

namespace Wirelab {

class AcceptPausedOnEmfile;
class LogQueue;
class ServerWorker;

struct ServerConfig
{
    DecoderLimits limits;
    // Connections served at once, each holding a slot until it is answered; capped by the
    // process's file descriptors (AcceptPausedOnEmfile::descriptorBudget). At the limit, a new
    // client takes the slot of the connection open longest among those sending under minRate
    // bytes a second (0: never), or is told "server busy" (ServerWorker: the rule, and why).
    int maxConnections = 16384;
    double minRate = 500; // mod_reqtimeout's MinRate default, in bytes a second
    // What requests being read may hold together, whatever each may hold (limits): a
    // request whose bytes would take the server past it is told "server busy".
    qint64 maxBufferedBytes = qint64(256) << 20;
    std::chrono::milliseconds idleTimeout { 10'000 };    // no byte from a client mid-request
    std::chrono::milliseconds requestTimeout { 30'000 }; // a whole request, first byte to last
    std::chrono::milliseconds writeTimeout { 10'000 };   // a client that does not read its answer
    std::shared_ptr<const Lab::SearchTable> searchTable; // the lab's own if null
    // The PROXY protocol (--proxy-protocol): a connection from one of trustedProxies must
    // begin with a header naming the client it relays, within proxyHeaderTimeout (the spec
    // asks a receiver to wait at least 3 s); any other connection is refused
    // (ProxiedExchange). Off, the server reads the lab's message first and trusts nobody.
    bool proxyProtocol = false;
    TrustedProxies trustedProxies;
    std::chrono::milliseconds proxyHeaderTimeout { 3000 };
    // A slow server, to watch a client put an answer together from several reads (the GUI's
    // built-in server; --answer-chunk, --answer-delay): the answer goes out answerChunkBytes
    // at a time (0: in the usual WriteChunkBytes), each chunk after a pause of answerDelay,
    // with TCP_NODELAY on so that each chunk is a segment of its own. Timers, not sleeps:
    // the worker serves the others meanwhile, back-pressure still holds (a chunk waits for
    // the client to read the last), and the write timeout counts from the last chunk. Both
    // 0 (the default): the answer goes out as fast as the client reads it.
    qint64 answerChunkBytes = 0;
    std::chrono::milliseconds answerDelay { 0 };
    // Called in the worker's thread each time a connection's conversation grows (accepted, a
    // read, a write, a close), with all of it as the server saw it (Data from Client: a read
    // as it arrived; from Server: a write) and the moment its clock started, to line it up
    // with the client's: for a window that shows both ends. Unset (the default), nothing is
    // recorded.
    std::function<void(const Conversation &conversation, std::chrono::steady_clock::time_point origin)>
            conversationTap;
    int threads = 1; // worker threads, each with its own event loop
    // The lab's transcript lines go here; none are made when it is null (--quiet). Problems
    // go to the wirelab.server logging category.
    std::shared_ptr<LogQueue> transcript;
    // Makes the event dispatcher of each worker thread; Qt's own if empty. wirelab-server
    // plugs in its epoll one on Linux (Qt's extension point; the engine knows none of it).
    std::function<QAbstractEventDispatcher *()> makeEventDispatcher;
};

// What the workers of one Server count together.
struct ServerCounters
{
    std::atomic<int> servedConnections { 0 }; // holding a slot: not answered yet
    std::atomic<int> refusals { 0 };          // "server busy" answers not yet closed
    std::atomic<qint64> bufferedBytes { 0 };  // held by requests being read
    std::atomic<bool> acceptPaused { false };
    int connectionCap = 0;
    int refusalsCeiling = 0;
    bool cappedByDescriptors = false; // connectionCap is below --max-connections
};

// The lab server's engine, as Qt's threaded fortune server is built: a QTcpServer whose
// incomingConnection() hands each descriptor to a worker, which makes its QTcpSocket in its
// own thread (the first worker shares the listening thread). One request per connection,
// then close. Used by wirelab-server and by the GUI's built-in server (one worker, in the
// GUI's thread). listen() or setSocketDescriptor()
// (a socket handed over by the system) as for any QTcpServer.
class Server : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr int ListenBacklog = 4096;

    explicit Server(ServerConfig config = {}, QObject *parent = nullptr);
    ~Server() override; // closes every connection at once

    // How long a stopping server lets the handshakes under way complete before it closes its
    // listening socket (Linux; elsewhere it closes at once): a round trip, on any network a
    // lab runs on.
    static constexpr std::chrono::milliseconds HandshakeGrace { 250 };

    // Stops accepting: no new connection is begun, those under way complete (HandshakeGrace),
    // every one waiting in the backlog is taken, and the listening socket is closed. Then
    // connections that have begun a request get up to drainTime to be answered, and every
    // connection still open is closed. stopped() follows.
    void stop(std::chrono::milliseconds drainTime);
    bool isStopping() const { return m_stopping; }
    int openConnections() const { return m_counters.servedConnections.load(); }
    int connectionCap() const { return m_counters.connectionCap; }

signals:
    void stopped();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void startWorkers();
    void stopWorkers();
    void connectionClosed();
    void closeListenerAndDrain();

    ServerConfig m_config;
    ServerCounters m_counters;
    AcceptPausedOnEmfile *m_acceptPausedOnEmfile;
    // One worker in this thread, or each in a QThread of its own.
    std::vector<ServerWorker *> m_workers;
    std::vector<QThread *> m_threads;
    size_t m_nextWorker = 0;
    int m_workersDraining = 0;
    bool m_stopping = false;
    std::chrono::milliseconds m_drainTime { 0 };
    QTimer *m_closeListener; // HandshakeGrace after stop()
};

} // namespace Wirelab

#endif // WIRELAB_SERVER_H
