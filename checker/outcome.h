#ifndef WIRELAB_OUTCOME_H
#define WIRELAB_OUTCOME_H

#include <QtCore/QByteArray>
#include <QtCore/QString>

// What the I/O side of a case hands the judges: plain data, so that judging is tested with
// byte arrays alone.
namespace Wirelab::Check {

// One connection, seen from wirelab-check.
struct ConnectionOutcome
{
    enum class End {
        NotStarted,
        ConnectFailed, // server mode: refused, or no route
        PeerClosed, // the peer closed (or reset) the connection
        Error, // another socket error
        Open, // still open when wirelab-check stopped waiting (after a whole message)
        TimedOut, // still open at the case's timeout
    };
    End end = End::NotStarted;
    QString errorText;
    QByteArray received;
    qint64 lastSentMs = -1; // when wirelab-check's last byte went out, from the case's start
    qint64 endedMs = -1;

    bool peerClosed() const { return end == End::PeerClosed || end == End::Error; }
    QString describe(const QString &peer) const; // "closed by the server 3 ms after the last byte"
};

// Client mode: how the student's client process went.
struct ProcessOutcome
{
    bool started = false;
    QString startError;
    bool killedAtTimeout = false;
    bool crashed = false; // ended by a signal (other than our kill)
    int exitCode = 0;
    QByteArray standardOutput;
    QByteArray standardError;
    qint64 durationMs = 0;

    QString describe() const; // "exited with status 0 after 84 ms"
};

} // namespace Wirelab::Check

#endif // WIRELAB_OUTCOME_H
