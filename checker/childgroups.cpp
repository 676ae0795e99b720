#include "childgroups.h"

#ifdef Q_OS_UNIX
#    include <atomic>
#    include <csignal>
#    include <sys/types.h>
#    include <unistd.h>
#endif

namespace Wirelab::Check::ChildGroups {

#ifdef Q_OS_UNIX
namespace {

// Lock-free slots a signal handler can read: wirelab-check runs one client or one roster
// server at a time, so a few are plenty.
constexpr int Slots = 16;
std::atomic<pid_t> groups[Slots];

void killGroupsAndExit(int signalNumber)
{
    for (std::atomic<pid_t> &group : groups) {
        const pid_t id = group.load();
        if (id > 0)
            ::kill(-id, SIGKILL);
    }
    std::signal(signalNumber, SIG_DFL);
    std::raise(signalNumber);
}

} // namespace

void add(qint64 groupId)
{
    for (std::atomic<pid_t> &group : groups) {
        pid_t empty = 0;
        if (group.compare_exchange_strong(empty, pid_t(groupId)))
            return;
    }
}

void remove(qint64 groupId)
{
    for (std::atomic<pid_t> &group : groups) {
        pid_t id = pid_t(groupId);
        group.compare_exchange_strong(id, 0);
    }
}

void installTerminationHandler()
{
    static_assert(std::atomic<pid_t>::is_always_lock_free,
                  "a signal handler may only read lock-free atomics");
    // A signal the shell made us ignore (SIGINT for a job started in the background) stays
    // ignored, as a program's should.
    for (int signalNumber : { SIGINT, SIGTERM }) {
        if (std::signal(signalNumber, killGroupsAndExit) == SIG_IGN)
            std::signal(signalNumber, SIG_IGN);
    }
}
#else
void add(qint64) { }
void remove(qint64) { }
void installTerminationHandler() { }
#endif

} // namespace Wirelab::Check::ChildGroups
