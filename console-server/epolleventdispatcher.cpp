#include "epolleventdispatcher.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>
#include <cerrno>
#include <ctime>
#include <limits>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace Wirelab {

namespace {

constexpr int EventsPerWait = 256;

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeUp = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = -1; // the wake-up eventfd; sockets carry their own descriptor
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeUp, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeUp);
    ::close(m_epoll);
}

qint64 EpollEventDispatcher::now()
{
    timespec time {};
    clock_gettime(CLOCK_MONOTONIC, &time);
    return qint64(time.tv_sec) * 1000 + time.tv_nsec / 1'000'000;
}

quint32 EpollEventDispatcher::SocketNotifiers::interest() const
{
    return (read ? EPOLLIN : 0u) | (write ? EPOLLOUT : 0u) | (exception ? EPOLLPRI : 0u);
}

// A descriptor new to epoll is added at once and one whose last notifier goes is deleted at
// once (its number may be reused by the next accept). Every other change waits for the next
// epoll_wait, where it costs one MOD or none: a socket's write notifier is made and
// disabled again by a single write that goes out whole, as every lab answer does.
void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const qintptr socket = notifier->socket();
    SocketNotifiers &notifiers = m_sockets[socket];
    switch (notifier->type()) {
    case QSocketNotifier::Read: notifiers.read = notifier; break;
    case QSocketNotifier::Write: notifiers.write = notifier; break;
    case QSocketNotifier::Exception: notifiers.exception = notifier; break;
    }
    if (notifiers.applied == 0) {
        epoll_event event {};
        event.data.fd = int(socket);
        event.events = notifiers.interest();
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, int(socket), &event) == 0
            || (errno == EEXIST && epoll_ctl(m_epoll, EPOLL_CTL_MOD, int(socket), &event) == 0))
            notifiers.applied = event.events;
    } else {
        deferInterest(socket, notifiers);
    }
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const auto it = m_sockets.find(notifier->socket());
    if (it == m_sockets.end())
        return;
    for (QSocketNotifier **slot : { &it->read, &it->write, &it->exception }) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    if (it->interest() == 0) {
        if (it->applied != 0)
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, int(notifier->socket()), nullptr);
        m_sockets.erase(it); // a pending change of it is dropped in applyPendingInterest()
    } else {
        deferInterest(notifier->socket(), *it);
    }
}

void EpollEventDispatcher::deferInterest(qintptr socket, SocketNotifiers &notifiers)
{
    if (notifiers.pending)
        return;
    notifiers.pending = true;
    m_pendingInterest.push_back(socket);
}

void EpollEventDispatcher::applyPendingInterest()
{
    for (const qintptr socket : m_pendingInterest) {
        const auto it = m_sockets.find(socket);
        if (it == m_sockets.end() || !it->pending)
            continue; // gone meanwhile, or its number reused and added afresh
        it->pending = false;
        epoll_event event {};
        event.data.fd = int(socket);
        event.events = it->interest();
        if (event.events == it->applied)
            continue;
        // ENOENT: the descriptor was closed with its notifiers still registered, and the
        // kernel forgot it; its number now belongs to a new socket.
        if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, int(socket), &event) == 0
            || (errno == ENOENT && epoll_ctl(m_epoll, EPOLL_CTL_ADD, int(socket), &event) == 0))
            it->applied = event.events;
    }
    m_pendingInterest.clear();
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    m_timers.insert(timerId, { interval, timerType, object, now() + interval });
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId) > 0;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool removed = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            it = m_timers.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    return removed;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            timers.append(TimerInfo(it.key(), int(it->interval), it->type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    return it == m_timers.cend() ? -1 : int(qMax<qint64>(0, it->deadline - now()));
}

void EpollEventDispatcher::wakeUp()
{
    // Every posted event asks for a wake-up; one write is enough until the loop reads it.
    if (!m_wakeUpPending.testAndSetAcquire(0, 1))
        return;
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wakeUp, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelease(1);
    wakeUp();
}

int EpollEventDispatcher::millisecondsToNextTimer() const
{
    if (m_timers.isEmpty())
        return -1;
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Timer &timer : m_timers)
        earliest = qMin(earliest, timer.deadline);
    return int(qBound<qint64>(0, earliest - now(), qint64(std::numeric_limits<int>::max())));
}

bool EpollEventDispatcher::activateTimers()
{
    const qint64 current = now();
    std::vector<int> due;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->deadline <= current)
            due.push_back(it.key());
    }
    for (const int timerId : due) {
        // A timer fired earlier in this round may have stopped this one.
        const auto it = m_timers.find(timerId);
        if (it == m_timers.end())
            continue;
        // The next deadline keeps the rhythm, unless this one came so late that it has
        // passed too: then it counts from now, rather than firing several times at once.
        it->deadline += it->interval;
        if (it->deadline <= current)
            it->deadline = current + it->interval;
        QObject *object = it->object;
        QTimerEvent event(timerId);
        QCoreApplication::sendEvent(object, &event);
    }
    return !due.empty();
}

bool EpollEventDispatcher::activateSocket(qintptr socket, quint32 events)
{
    bool activated = false;
    // Each notifier is looked up afresh: the one before may have removed it.
    const auto send = [&](QSocketNotifier *SocketNotifiers::*member) {
        const auto it = m_sockets.constFind(socket);
        if (it == m_sockets.cend() || !((*it).*member))
            return;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent((*it).*member, &event);
        activated = true;
    };
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        send(&SocketNotifiers::read);
    if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))
        send(&SocketNotifiers::write);
    if (events & EPOLLPRI)
        send(&SocketNotifiers::exception);
    return activated;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelease(0);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool mayWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.loadAcquire();
    const int timeout = mayWait ? millisecondsToNextTimer() : 0;
    if (mayWait)
        emit aboutToBlock();
    applyPendingInterest();
    epoll_event events[EventsPerWait];
    int ready = epoll_wait(m_epoll, events, EventsPerWait, timeout);
    if (ready < 0)
        ready = 0; // EINTR: a signal; the loop comes round again
    if (mayWait)
        emit awake();

    bool processed = false;
    for (int i = 0; i < ready; ++i) {
        if (events[i].data.fd < 0) {
            quint64 count = 0;
            [[maybe_unused]] const ssize_t read = ::read(m_wakeUp, &count, sizeof count);
            m_wakeUpPending.storeRelease(0);
            processed = true;
            continue;
        }
        if (!(flags & QEventLoop::ExcludeSocketNotifiers))
            processed |= activateSocket(events[i].data.fd, events[i].events);
    }
    if (!m_interrupted.loadAcquire())
        processed |= activateTimers();
    return processed;
}

} // namespace Wirelab
