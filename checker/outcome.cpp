#include "outcome.h"

namespace Wirelab::Check {

QString ConnectionOutcome::describe(const QString &peer) const
{
    const qint64 after = lastSentMs >= 0 && endedMs >= lastSentMs ? endedMs - lastSentMs : endedMs;
    const QString since = lastSentMs >= 0 ? QStringLiteral("after the last byte was sent")
                                          : QStringLiteral("after the case started");
    switch (end) {
    case End::NotStarted:
        return QStringLiteral("not started");
    case End::ConnectFailed:
        return QStringLiteral("could not connect: %1").arg(errorText);
    case End::PeerClosed:
        return QStringLiteral("closed by the %1 %2 ms %3").arg(peer).arg(after).arg(since);
    case End::Error:
        return QStringLiteral("ended by an error %1 ms %2: %3").arg(after).arg(since, errorText);
    case End::Open:
        return QStringLiteral("still open %1 ms %2; wirelab-check closed it").arg(after).arg(since);
    case End::TimedOut:
        return QStringLiteral("still open at the case's timeout, %1 ms %2; wirelab-check closed it")
                .arg(after)
                .arg(since);
    }
    return {};
}

QString ProcessOutcome::describe() const
{
    if (!started)
        return QStringLiteral("did not start: %1").arg(startError);
    if (killedAtTimeout)
        return QStringLiteral(
                       "still running at the timeout, %1 ms after it started: killed with its "
                       "process group")
                .arg(durationMs);
    if (crashed)
        return QStringLiteral("crashed (ended by a signal) after %1 ms").arg(durationMs);
    return QStringLiteral("exited with status %1 after %2 ms").arg(exitCode).arg(durationMs);
}

} // namespace Wirelab::Check
