#ifndef WIRELAB_EPOLLEVENTDISPATCHER_H
#define WIRELAB_EPOLLEVENTDISPATCHER_H

#include <QtCore/QAbstractEventDispatcher>
#include <QtCore/QHash>
#include <vector>

namespace Wirelab {

// An event dispatcher on Linux's epoll. Qt's own (glib or poll) hands the kernel the whole
// list of sockets on every wake-up, so each request costs time in proportion to the idle
// connections held open: with 10,000 of them, most of the server's time. epoll keeps the
// list in the kernel and returns only the sockets that are ready.
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    struct SocketNotifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 applied = 0;  // the events the kernel has for this descriptor
        bool pending = false; // in m_pendingInterest: a notifier came or went since
        quint32 interest() const;
    };
    struct Timer
    {
        qint64 interval = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadline = 0; // ms on the monotonic clock
    };

    void deferInterest(qintptr socket, SocketNotifiers &notifiers); // to applyPendingInterest()
    void applyPendingInterest();
    int millisecondsToNextTimer() const;
    bool activateTimers();
    bool activateSocket(qintptr socket, quint32 events);
    static qint64 now();

    int m_epoll = -1;
    int m_wakeUp = -1; // an eventfd
    QAtomicInt m_interrupted;
    QAtomicInt m_wakeUpPending; // the eventfd was written and not read yet: no need again
    QHash<qintptr, SocketNotifiers> m_sockets;
    std::vector<qintptr> m_pendingInterest; // descriptors whose events change before the next wait
    QHash<int, Timer> m_timers;
};

} // namespace Wirelab

#endif // WIRELAB_EPOLLEVENTDISPATCHER_H
