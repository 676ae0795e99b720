#include "systemdactivation.h"

#include <QtCore/QtGlobal>

#include <limits>
#include <utility>

#ifdef Q_OS_UNIX
#    include <cerrno>
#    include <cstring>
#    include <fcntl.h>
#    include <sys/socket.h>
#    include <sys/stat.h>
#    include <sys/un.h>
#    include <unistd.h>
#endif

namespace Wirelab {

namespace {

// A positive decimal number with digits only (no sign, no spaces), as systemd's parse_pid
// and safe_atoi read LISTEN_PID and LISTEN_FDS, up to max.
std::optional<qint64> positiveNumber(const QByteArray &text, qint64 max)
{
    if (text.isEmpty() || text.size() > 19)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
        if (value > max)
            return std::nullopt;
    }
    if (value <= 0)
        return std::nullopt;
    return value;
}

ListenFds listenFds(ListenFds::Status status, const QString &errorString)
{
    ListenFds result;
    result.status = status;
    result.errorString = errorString;
    return result;
}

} // namespace

ListenFds SystemdActivation::parseListenEnvironment(const std::optional<QByteArray> &listenPid,
                                                    const std::optional<QByteArray> &listenFds,
                                                    const std::optional<QByteArray> &listenFdNames,
                                                    qint64 processId)
{
    using Status = ListenFds::Status;
    if (!listenPid)
        return ::Wirelab::listenFds(Status::NotActivated, QStringLiteral("LISTEN_PID is not set"));
    const std::optional<qint64> pid
            = positiveNumber(*listenPid, std::numeric_limits<qint64>::max());
    if (!pid) {
        return ::Wirelab::listenFds(Status::Invalid,
                                    QStringLiteral("LISTEN_PID \"%1\" is not a process id")
                                            .arg(QString::fromLocal8Bit(*listenPid)));
    }
    if (*pid != processId) {
        // Inherited from a parent that was itself activated: not ours to take.
        return ::Wirelab::listenFds(
                Status::NotActivated,
                QStringLiteral("LISTEN_PID is %1, not this process (%2)").arg(*pid).arg(processId));
    }
    if (!listenFds)
        return ::Wirelab::listenFds(Status::NotActivated, QStringLiteral("LISTEN_FDS is not set"));
    const std::optional<qint64> count = positiveNumber(*listenFds, MaxListenFds);
    if (!count) {
        return ::Wirelab::listenFds(Status::Invalid,
                                    QStringLiteral("LISTEN_FDS \"%1\" is not a number of sockets "
                                                   "from 1 to %2")
                                            .arg(QString::fromLocal8Bit(*listenFds))
                                            .arg(MaxListenFds));
    }

    ListenFds result;
    result.status = Status::Activated;
    for (int i = 0; i < *count; ++i)
        result.descriptors.append(ListenFdsStart + i);
    if (listenFdNames) {
        // As systemd splits them: at every ':', keeping empty names; "" is no name at all.
        if (!listenFdNames->isEmpty()) {
            for (const QByteArray &name : listenFdNames->split(':'))
                result.names.append(QString::fromLocal8Bit(name));
        }
        if (result.names.size() != *count) {
            return ::Wirelab::listenFds(Status::Invalid,
                                        QStringLiteral("LISTEN_FDNAMES \"%1\" names %2 sockets, "
                                                       "but LISTEN_FDS says %3")
                                                .arg(QString::fromLocal8Bit(*listenFdNames))
                                                .arg(result.names.size())
                                                .arg(*count));
        }
    } else {
        for (int i = 0; i < *count; ++i)
            result.names.append(QStringLiteral("unknown"));
    }
    return result;
}

#ifdef Q_OS_UNIX

ListenFds SystemdActivation::takeListenFds()
{
    const auto variable = [](const char *name) -> std::optional<QByteArray> {
        if (!qEnvironmentVariableIsSet(name))
            return std::nullopt;
        return qgetenv(name);
    };
    ListenFds result = parseListenEnvironment(variable("LISTEN_PID"), variable("LISTEN_FDS"),
                                              variable("LISTEN_FDNAMES"), qint64(::getpid()));
    for (const char *name : { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PIDFDID" })
        qunsetenv(name);
    if (result.status != ListenFds::Status::Activated)
        return result;
    for (const int descriptor : std::as_const(result.descriptors)) {
        const int flags = ::fcntl(descriptor, F_GETFD);
        if (flags < 0 || ::fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) < 0) {
            return listenFds(ListenFds::Status::Invalid,
                             QStringLiteral("LISTEN_FDS: descriptor %1: %2")
                                     .arg(descriptor)
                                     .arg(QString::fromLocal8Bit(strerror(errno))));
        }
    }
    return result;
}

bool SystemdActivation::isListeningStreamSocket(int descriptor, QString *errorString)
{
    const auto fail = [&](const QString &why) {
        if (errorString)
            *errorString = QStringLiteral("descriptor %1: %2").arg(descriptor).arg(why);
        return false;
    };
    struct stat status = {};
    if (::fstat(descriptor, &status) < 0)
        return fail(QString::fromLocal8Bit(strerror(errno)));
    if (!S_ISSOCK(status.st_mode))
        return fail(QStringLiteral("not a socket"));
    int type = 0;
    socklen_t length = sizeof(type);
    if (::getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) < 0)
        return fail(QString::fromLocal8Bit(strerror(errno)));
    if (type != SOCK_STREAM)
        return fail(QStringLiteral("not a stream socket (ListenStream= in the socket unit)"));
#    ifdef SO_ACCEPTCONN
    int listening = 0;
    length = sizeof(listening);
    if (::getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) < 0)
        return fail(QString::fromLocal8Bit(strerror(errno)));
    if (!listening)
        return fail(
                QStringLiteral("not listening (Accept=yes passes connections, not the socket)"));
#    endif
    return true;
}

NotifyResult SystemdActivation::notifyTo(const QByteArray &notifySocket, QByteArrayView state)
{
    const auto fail = [&](const QString &why) {
        return NotifyResult {
            NotifyResult::Status::Failed,
            QStringLiteral("NOTIFY_SOCKET %1: %2").arg(QString::fromLocal8Bit(notifySocket), why)
        };
    };
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    socklen_t addressLength = 0;
    const qsizetype pathRoom = qsizetype(sizeof(address.sun_path));
    if (notifySocket.startsWith('/')) {
        if (notifySocket.size() >= pathRoom) // room for the terminating NUL
            return fail(QStringLiteral("the path is longer than a socket address holds"));
        memcpy(address.sun_path, notifySocket.constData(), size_t(notifySocket.size()));
        addressLength = socklen_t(offsetof(sockaddr_un, sun_path) + notifySocket.size() + 1);
    } else if (notifySocket.startsWith('@')) {
#    ifdef Q_OS_LINUX
        // An abstract name: a NUL, then the name, and the length says where it ends.
        if (notifySocket.size() > pathRoom)
            return fail(QStringLiteral("the name is longer than a socket address holds"));
        address.sun_path[0] = '\0';
        memcpy(address.sun_path + 1, notifySocket.constData() + 1, size_t(notifySocket.size() - 1));
        addressLength = socklen_t(offsetof(sockaddr_un, sun_path) + notifySocket.size());
#    else
        return fail(QStringLiteral("abstract socket names exist only on Linux"));
#    endif
    } else {
        return fail(QStringLiteral("neither an absolute path nor an abstract name (@name)"));
    }

#    ifdef SOCK_CLOEXEC
    const int descriptor = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
#    else
    const int descriptor = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    if (descriptor >= 0)
        ::fcntl(descriptor, F_SETFD, FD_CLOEXEC);
#    endif
    if (descriptor < 0)
        return fail(QString::fromLocal8Bit(strerror(errno)));
    int flags = 0;
#    ifdef MSG_NOSIGNAL
    flags |= MSG_NOSIGNAL;
#    endif
    // The service manager reads at once; if its queue is full, a lost notification is
    // better than a server that hangs on it.
    flags |= MSG_DONTWAIT;
    ssize_t sent = -1;
    do {
        sent = ::sendto(descriptor, state.data(), size_t(state.size()), flags,
                        reinterpret_cast<const sockaddr *>(&address), addressLength);
    } while (sent < 0 && errno == EINTR);
    const int error = errno;
    ::close(descriptor);
    if (sent < 0)
        return fail(QString::fromLocal8Bit(strerror(error)));
    if (sent != state.size())
        return fail(QStringLiteral("only %1 of %2 bytes were sent").arg(sent).arg(state.size()));
    return { NotifyResult::Status::Sent, {} };
}

#else // not Q_OS_UNIX

ListenFds SystemdActivation::takeListenFds()
{
    return listenFds(
            ListenFds::Status::NotSupported,
            QStringLiteral("socket activation (LISTEN_FDS) is not supported on this system"));
}

bool SystemdActivation::isListeningStreamSocket(int descriptor, QString *errorString)
{
    if (errorString)
        *errorString
                = QStringLiteral("descriptor %1: not supported on this system").arg(descriptor);
    return false;
}

NotifyResult SystemdActivation::notifyTo(const QByteArray &notifySocket, QByteArrayView state)
{
    Q_UNUSED(notifySocket);
    Q_UNUSED(state);
    return { NotifyResult::Status::NotSupported,
             QStringLiteral(
                     "service notification (NOTIFY_SOCKET) is not supported on this system") };
}

#endif // Q_OS_UNIX

NotifyResult SystemdActivation::notify(QByteArrayView state)
{
    // Unset, nobody waits for it, on any system; set, it is sent where that is possible.
    if (!qEnvironmentVariableIsSet("NOTIFY_SOCKET"))
        return { NotifyResult::Status::NotRequested, {} };
    return notifyTo(qgetenv("NOTIFY_SOCKET"), state);
}

QByteArray SystemdActivation::state(const char *assignment, const QString &status)
{
    QByteArray text = assignment ? QByteArray(assignment) : QByteArray();
    if (!status.isEmpty()) {
        // One assignment a line: a status of several lines would end in the next one.
        QString line = status;
        line.replace(QLatin1Char('\n'), QLatin1Char(' '));
        if (!text.isEmpty())
            text += '\n';
        text += "STATUS=" + line.toUtf8();
    }
    return text;
}

NotifyResult SystemdActivation::notifyReady(const QString &status)
{
    return notify(state("READY=1", status));
}

NotifyResult SystemdActivation::notifyStopping(const QString &status)
{
    return notify(state("STOPPING=1", status));
}

NotifyResult SystemdActivation::notifyStatus(const QString &status)
{
    return notify(state(nullptr, status));
}

} // namespace Wirelab
