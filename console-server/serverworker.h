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
class QSocketNotifier;
QT_END_NAMESPACE

struct sockaddr_storage;

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
// that checks every session's deadlines. It accepts by itself rather than through a
// QTcpServer: out of file descriptors, Qt 6.4's QTcpServer takes EMFILE for a passing error
// and retries at once, for ever, without a word; a worker answers the client and says why.
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
    // A connection the busy limit refuses: logged at most once a second, with a count.
    void logRefusal(const QString &line);
    char *readBuffer() { return m_readBuffer.get(); } // scratch for one read of ReadChunkBytes

    // What one read takes from a connection at most.
    static constexpr qsizetype ReadChunkBytes = 64 * 1024;
    // How long a closed-for-writing connection may take to close its side.
    static constexpr qint64 DrainMilliseconds = 2000;
    // What a draining connection may still send before we stop listening to it.
    static constexpr qint64 DrainBytesCeiling = 1024 * 1024;
    // "server busy" answers in flight (until their connection closes); past this a refused
    // client is closed unanswered, so that refusals cannot pile up descriptors.
    static constexpr int BusyAnswersCeiling = 64;
    // Connections taken per wake-up of the listening socket: the rest wait their turn
    // behind the sessions that are ready.
    static constexpr int AcceptBatch = 64;
    static constexpr qint64 RefusalLogMilliseconds = 1000;

private:
    void acceptPending();
    void acceptDescriptor(int descriptor, const sockaddr_storage &peerAddress);
    void refuseForWantOfDescriptors();
    void pauseAccepting(const QString &reason);
    void flushRefusalLog(qint64 current);
    void checkDeadlines();
    void removeSession(ServerSession *session);

    ServerConfig m_config;
    ServerExchange::Settings m_exchangeSettings;
    ServerCounters *m_counters;
    Server *m_server;
    int m_listeningDescriptor = -1;
    std::unique_ptr<QSocketNotifier> m_acceptNotifier;
    int m_spareDescriptor = -1; // given up to take a connection when descriptors run out
    QByteArray m_outOfDescriptorsAnswer;
    qint64 m_lastRefusalLoggedAt = -RefusalLogMilliseconds;
    int m_unloggedRefusals = 0;
    std::vector<ServerSession *> m_sessions;
    std::unique_ptr<char[]> m_readBuffer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_clock;
};

} // namespace Wirelab

#endif // WIRELAB_SERVERWORKER_H
