#include "loadgenerator.h"

#include <QtCore/QElapsedTimer>
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Wirelab {

namespace {

struct Slot
{
    int fd = -1;
    qsizetype sent = 0;
    QByteArray received;
    qint64 startedNs = 0;
    bool idle = false;
    const QByteArray *request = nullptr;
    const QByteArray *answer = nullptr;
};

// No request may wait longer than this, whatever the server does.
constexpr qint64 RequestTimeoutNs = 30'000'000'000;
// epoll events of the slow clients are told from the measured ones by this bit.
constexpr quint64 TrickleBit = quint64(1) << 63;

struct TrickleSlot
{
    int fd = -1;
    qsizetype sent = 0;
    qint64 nextSendNs = 0;
};

int openConnection(const sockaddr_in &address)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) < 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

void raiseDescriptorLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

qint64 LoadReport::errorCount() const
{
    qint64 total = 0;
    for (qint64 count : errors)
        total += count;
    return total;
}

qint64 LoadReport::answeredWithin(uint32_t microseconds) const
{
    return std::count_if(latenciesMicroseconds.begin(), latenciesMicroseconds.end(),
                         [microseconds](uint32_t latency) { return latency <= microseconds; });
}

uint32_t LoadReport::percentile(double fraction)
{
    if (latenciesMicroseconds.empty())
        return 0;
    std::sort(latenciesMicroseconds.begin(), latenciesMicroseconds.end());
    const auto index = std::min(latenciesMicroseconds.size() - 1,
                                size_t(fraction * double(latenciesMicroseconds.size())));
    return latenciesMicroseconds[index];
}

LoadReport runLoad(const LoadSettings &settings)
{
    raiseDescriptorLimit();
    LoadReport report;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(settings.port);
    inet_pton(AF_INET, settings.host.toLatin1().constData(), &address.sin_addr);

    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    QElapsedTimer clock;
    const qint64 deadlineNs = settings.seconds > 0 ? qint64(settings.seconds * 1e9) : qint64(3600) * 1'000'000'000;

    // Idle connections first: they are held, silent, for the whole run.
    std::vector<Slot> idle(size_t(settings.idleConnections));
    for (Slot &slot : idle) {
        slot.fd = openConnection(address);
        slot.idle = true;
        if (slot.fd >= 0)
            ++report.idleHeld;
    }
    // The run, its deadline and its requests/s start once they are held: opening 10,000
    // connections is not part of serving requests next to them.
    clock.start();

    // Slow clients, their sends spread over the interval.
    const qint64 intervalNs = qint64(settings.trickleIntervalMs) * 1'000'000;
    std::vector<TrickleSlot> trickle(size_t(settings.trickleConnections));
    const auto openTrickle = [&](size_t index, qint64 firstSendNs) {
        TrickleSlot &slot = trickle[index];
        slot = {};
        slot.fd = openConnection(address);
        slot.nextSendNs = firstSendNs;
        if (slot.fd < 0)
            return;
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.u64 = TrickleBit | index;
        epoll_ctl(epoll, EPOLL_CTL_ADD, slot.fd, &event);
    };
    for (size_t i = 0; i < trickle.size(); ++i)
        openTrickle(i, qint64(i) * intervalNs / qint64(trickle.size()));
    const auto tickTrickle = [&](qint64 now) {
        for (size_t i = 0; i < trickle.size(); ++i) {
            TrickleSlot &slot = trickle[i];
            if (slot.fd >= 0 && slot.nextSendNs <= now && slot.sent < settings.request.size()) {
                if (::send(slot.fd, settings.request.constData() + slot.sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
                    ++slot.sent;
                slot.nextSendNs = now + intervalNs;
            }
        }
    };
    const auto trickleEvent = [&](size_t index) {
        TrickleSlot &slot = trickle[index];
        char scratch[4096];
        const ssize_t n = ::recv(slot.fd, scratch, sizeof scratch, MSG_DONTWAIT);
        if (n > 0 || (n < 0 && errno == EAGAIN))
            return; // an answer ("server busy") before the close
        epoll_ctl(epoll, EPOLL_CTL_DEL, slot.fd, nullptr);
        ::close(slot.fd);
        slot.fd = -1;
        ++report.trickleClosed;
        // A slow client keeps its pace: it is back with its next byte, on a new connection.
        slot.nextSendNs = clock.nsecsElapsed() + intervalNs;
    };
    const auto reconnectTrickle = [&](qint64 now) {
        if (!settings.trickleReconnect)
            return;
        for (size_t i = 0; i < trickle.size(); ++i) {
            if (trickle[i].fd < 0 && trickle[i].nextSendNs <= now)
                openTrickle(i, now);
        }
    };
    std::vector<epoll_event> warmupEvents(1024);
    while (clock.nsecsElapsed() < qint64(settings.trickleWarmupMs) * 1'000'000) {
        const int ready = epoll_wait(epoll, warmupEvents.data(), int(warmupEvents.size()), 20);
        for (int e = 0; e < ready; ++e)
            trickleEvent(size_t(warmupEvents[e].data.u64 & ~TrickleBit));
        reconnectTrickle(clock.nsecsElapsed());
        tickTrickle(clock.nsecsElapsed());
    }
    clock.start();

    std::vector<Slot> inFlight(size_t(settings.concurrency));
    qint64 started = 0;
    qint64 finished = 0;
    const auto wantMore = [&] {
        return (settings.requests == 0 || started < settings.requests) && clock.nsecsElapsed() < deadlineNs;
    };
    const auto startRequest = [&](size_t index) {
        Slot &slot = inFlight[index];
        slot = {};
        if (!wantMore())
            return;
        slot.fd = openConnection(address);
        ++started;
        const bool alternate = settings.alternateEvery > 0 && started % settings.alternateEvery == 0;
        slot.request = alternate ? &settings.alternateRequest : &settings.request;
        slot.answer = alternate ? &settings.alternateAnswer : &settings.expectedAnswer;
        if (slot.fd < 0) {
            ++report.errors[QStringLiteral("connect failed")];
            ++finished;
            return;
        }
        slot.startedNs = clock.nsecsElapsed();
        slot.received.reserve(slot.answer->size());
        epoll_event event {};
        event.events = EPOLLOUT | EPOLLIN;
        event.data.u64 = index;
        epoll_ctl(epoll, EPOLL_CTL_ADD, slot.fd, &event);
    };
    const auto finish = [&](size_t index, const QString &error) {
        Slot &slot = inFlight[index];
        epoll_ctl(epoll, EPOLL_CTL_DEL, slot.fd, nullptr);
        ::close(slot.fd);
        ++finished;
        if (error.isEmpty()) {
            ++report.ok;
            if (slot.request == &settings.alternateRequest)
                ++report.alternateOk;
            report.latenciesMicroseconds.push_back(uint32_t((clock.nsecsElapsed() - slot.startedNs) / 1000));
        } else {
            ++report.errors[error];
        }
        report.bytesReceived += slot.received.size();
        startRequest(index);
    };

    for (size_t i = 0; i < inFlight.size(); ++i)
        startRequest(i);

    std::vector<epoll_event> events(1024);
    char buffer[65536];
    // With slow clients and nothing to measure (an attacker of its own, beside a measuring
    // run in another process), the run lasts its time.
    const bool trickleOnly = settings.requests == 0 && settings.concurrency == 0;
    while (finished < started || (trickleOnly && clock.nsecsElapsed() < deadlineNs)) {
        const int ready = epoll_wait(epoll, events.data(), int(events.size()), trickle.empty() ? 100 : 20);
        for (int e = 0; e < ready; ++e) {
            if (events[e].data.u64 & TrickleBit) {
                trickleEvent(size_t(events[e].data.u64 & ~TrickleBit));
                continue;
            }
            const size_t index = size_t(events[e].data.u64);
            Slot &slot = inFlight[index];
            if (slot.fd < 0)
                continue;
            const QByteArray &request = *slot.request;
            const QByteArray &expected = *slot.answer;
            if (slot.sent < request.size() && (events[e].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
                const ssize_t n = ::send(slot.fd, request.constData() + slot.sent,
                                         size_t(request.size() - slot.sent), MSG_NOSIGNAL);
                if (n < 0 && errno != EAGAIN) {
                    finish(index, slot.sent == 0 ? QStringLiteral("connect failed") : QStringLiteral("reset while sending"));
                    continue;
                }
                if (n > 0) {
                    slot.sent += n;
                    report.bytesSent += n;
                }
                if (slot.sent == request.size()) {
                    epoll_event event {};
                    event.events = EPOLLIN;
                    event.data.u64 = index;
                    epoll_ctl(epoll, EPOLL_CTL_MOD, slot.fd, &event);
                }
            }
            if (events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                bool done = false;
                QString error;
                for (;;) {
                    const ssize_t n = ::recv(slot.fd, buffer, sizeof buffer, 0);
                    if (n > 0) {
                        slot.received.append(buffer, n);
                        continue;
                    }
                    if (n == 0) {
                        done = true;
                        if (slot.received != expected) {
                            error = slot.received.isEmpty() ? QStringLiteral("closed without answer")
                                    : slot.received.size() < expected.size() && expected.startsWith(slot.received)
                                    ? QStringLiteral("closed early")
                                    : slot.received.contains("\"Error: ")
                                    ? QStringLiteral("error answer")
                                    : QStringLiteral("wrong answer");
                        }
                    } else if (errno != EAGAIN) {
                        done = true;
                        error = QStringLiteral("reset");
                    }
                    break;
                }
                if (done)
                    finish(index, error);
            }
        }
        // A request that hangs is counted and dropped, so that the run always ends.
        const qint64 now = clock.nsecsElapsed();
        reconnectTrickle(now);
        tickTrickle(now);
        for (size_t i = 0; i < inFlight.size(); ++i) {
            if (inFlight[i].fd >= 0 && now - inFlight[i].startedNs > RequestTimeoutNs)
                finish(i, QStringLiteral("timeout"));
        }
    }
    report.seconds = double(clock.nsecsElapsed()) / 1e9;
    for (const Slot &slot : idle) {
        if (slot.fd >= 0)
            ::close(slot.fd);
    }
    for (const TrickleSlot &slot : trickle) {
        if (slot.fd >= 0) {
            ++report.trickleHeld;
            ::close(slot.fd);
        }
    }
    ::close(epoll);
    return report;
}

} // namespace Wirelab
