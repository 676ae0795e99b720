#ifndef WIRELAB_SERVERWORKER_H
#define WIRELAB_SERVERWORKER_H

#include "repeatedproblems.h"
#include "server.h"
#include "serverexchange.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QTimer>

namespace Wirelab {

class ServerSession;

// One event loop's share of the server, as in Qt's threaded fortune server: it is handed
// connected descriptors (addConnection), makes a ServerSession for each, and keeps one coarse
// timer that checks every session's deadlines.
//
// The admission rule, when every slot is taken: a new connection takes the place of the
// connection that has made the least progress, the one that has received the fewest bytes a
// second since it was accepted, among those open for longer than ServerConfig::displaceAfter
// (a second); that one is answered "server busy" and closed. Why: a client sending one byte every few seconds could
// otherwise hold a slot for the whole request timeout, and a few thousand of them would lock
// everyone else out; a client that sends its request at once (every real one) needs its slot
// for a millisecond. The grace gives every newcomer time to send its request, and keeps two
// newcomers from displacing each other. With nobody past the grace, the newcomer is told
// "server busy" (at most RefusalsCeiling such answers in flight; past that it is closed).
// displaceAfter is a flag (--displace-after), so that tests can make the rule fire, or not,
// without waiting on a clock.
class ServerWorker : public QObject
{
    Q_OBJECT
public:
    // "server busy" answers in flight (until their connection closes); past this a refused
    // client is closed unanswered, so that refusals cannot pile up descriptors.
    static constexpr int RefusalsCeiling = 64;
    // While the server stops, a connection that has sent nothing is closed once it is this
    // old: one made a moment ago may have its request on the way (a proxy sends its header
    // and the client's bytes as soon as its connection is made, a round trip later at most).
    static constexpr qint64 FirstByteGraceMilliseconds = 250;

    ServerWorker(const ServerConfig &config, ServerCounters *counters);
    ~ServerWorker() override;

    // In the worker's thread.
    void addConnection(qintptr descriptor);
    void drain(qint64 milliseconds); // see Server::stop(); drained() follows
    void closeAll();

    const ServerConfig &config() const { return m_config; }
    qint64 now() const { return m_clock.elapsed(); }
    void logTraffic(const QStringList &lines);
    void logProblem(const QString &line);
    void logProblem(const QString &line, RepeatedProblems::Kind kind); // summed up in a flood

signals:
    void drained();
    void connectionClosed(); // only while the server's accepting is paused

private:
    enum class Slot { None, Served, Refusal };

    void serve(ServerSession *session);
    void refuse(ServerSession *session, const QString &reason);
    ServerSession *slowestPastGrace(qint64 now) const;
    void release(ServerSession *session);
    void remove(ServerSession *session); // it has finished
    void forget(ServerSession *session);
    void tick();
    void closeIdleWhileDraining(qint64 now);
    void finishDrainIfDone();

    ServerConfig m_config;
    ServerExchange::Settings m_exchangeSettings;
    ServerCounters *m_counters;
    QHash<ServerSession *, Slot> m_sessions;
    RepeatedProblems m_repeatedProblems;
    QTimer m_tick;
    QElapsedTimer m_clock;
    bool m_draining = false;
    qint64 m_drainDeadline = 0;
};

} // namespace Wirelab

#endif // WIRELAB_SERVERWORKER_H
