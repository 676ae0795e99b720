#ifndef WIRELAB_SERVERWORKER_H
#define WIRELAB_SERVERWORKER_H

#include "server.h"
#include "serverexchange.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QTimer>
#include <atomic>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QTcpServer;
QT_END_NAMESPACE

namespace Wirelab {

class ServerSession;

// Counts shared by every worker of one Server.
struct ServerCounters
{
    std::atomic<int> openConnections { 0 };
    std::atomic<int> busyConnections { 0 };
};

// One event loop's share of the server: its own listening socket (SO_REUSEPORT lets the
// kernel spread new connections over the workers), its sessions and one coarse timer
// that checks every session's deadlines.
class ServerWorker : public QObject
{
    Q_OBJECT
public:
    ServerWorker(const ServerConfig &config, ServerCounters *counters, Server *server);
    ~ServerWorker() override;

    bool startListening(qintptr listeningSocket); // call in the worker's thread
    void stop();                                  // likewise: closes everything

    const ServerConfig &config() const { return m_config; }
    qint64 now() const { return m_clock.elapsed(); }
    void logTraffic(const QStringList &lines);
    void logProblem(const QString &line);
    void releaseSlot(ServerSession *session); // idempotent
    void acceptDescriptor(int descriptor);    // a new connection, non-blocking or not
    char *readBuffer() { return m_readBuffer.get(); } // scratch for one read of ReadChunkBytes

    // What one read takes from a connection at most.
    static constexpr qsizetype ReadChunkBytes = 64 * 1024;
    // How long a closed-for-writing connection may take to close its side.
    static constexpr qint64 DrainMilliseconds = 2000;
    // What a draining connection may still send before we stop listening to it.
    static constexpr qint64 DrainBytesCeiling = 1024 * 1024;
    // "server busy" answers in flight; past this a refused client is closed unanswered.
    static constexpr int BusyAnswersCeiling = 64;

private:
    void checkDeadlines();
    void removeSession(ServerSession *session);
    void pauseAfterAcceptError();

    ServerConfig m_config;
    ServerExchange::Settings m_exchangeSettings;
    ServerCounters *m_counters;
    Server *m_server;
    QTcpServer *m_listener = nullptr;
    std::vector<ServerSession *> m_sessions;
    std::unique_ptr<char[]> m_readBuffer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_clock;
};

} // namespace Wirelab

#endif // WIRELAB_SERVERWORKER_H
