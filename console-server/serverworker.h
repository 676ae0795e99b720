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
// Admission, and why. A connection holds one of --max-connections slots until it is
// answered. When every slot is taken, a new connection takes the slot of the connection open
// longest among those still reading a request at under --min-rate bytes a second (counted
// over at least its first second); that one is told "server busy" and closed. With none so
// slow, the newcomer is told "server busy" (at most RefusalsCeiling such answers in flight;
// past that it is closed unanswered). Why this rule: a client that sends a byte every few
// seconds would otherwise hold a slot for the whole request timeout, and a few thousand of
// them would lock everyone else out; every real client sends its request at once and needs
// its slot for a millisecond. The oldest of the slow ones goes first, so that a newcomer
// that has not sent its request yet (it is the youngest) keeps its slot long enough to send
// it, however many slow clients come and go; a client that sends fast (a big upload) is never
// displaced.
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
    // A request's buffer grew (or shrank) by delta: false if the server's requests now hold
    // more than ServerConfig::maxBufferedBytes together (the growth is counted all the same).
    bool holdBytes(qint64 delta);
    // Told by its sessions, in its thread: a plain call, as a session is its worker's child
    // and never outlives it (a connection costs no signal connections of its own to its worker).
    void answered(ServerSession *session); // the answer is out: the slot is free
    void finished(ServerSession *session); // closed: to be forgotten and deleted

signals:
    void drained();
    void connectionClosed(); // only while the server's accepting is paused

private:
    // What a session holds: a slot, a refusal in flight, or nothing (answered, and closing).
    enum class Place { None, Slot, Refusal };

    void refuse(ServerSession *session, const QString &reason);
    ServerSession *oldestSlowSlotHolder(qint64 now) const;
    bool forget(ServerSession *session); // false if it was not one of ours (any more)
    void leave(ServerSession *session); // its place, whatever it was
    void tick();
    void closeIdleWhileDraining(qint64 now);
    void finishDrainIfDone();

    ServerConfig m_config;
    ServerExchange::Settings m_exchangeSettings;
    ServerCounters *m_counters;
    QHash<ServerSession *, Place> m_sessions;
    RepeatedProblems m_repeatedProblems;
    QTimer m_tick;
    QElapsedTimer m_clock;
    bool m_draining = false;
    qint64 m_drainDeadline = 0;
};

} // namespace Wirelab

#endif // WIRELAB_SERVERWORKER_H
