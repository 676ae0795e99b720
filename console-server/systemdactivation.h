#ifndef WIRELAB_SYSTEMDACTIVATION_H
#define WIRELAB_SYSTEMDACTIVATION_H

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace Wirelab {

// The sockets a service manager passed at exec (systemd's sd_listen_fds(3) protocol):
// LISTEN_PID names the process they are for, LISTEN_FDS how many there are, from
// descriptor 3 up, and LISTEN_FDNAMES their names, colon-separated.
struct ListenFds
{
    enum class Status {
        NotActivated, // no sockets were passed, or they were meant for another process
        Activated,    // descriptors holds them: 3, 4, ...
        Invalid,      // the variables are for this process but wrong; errorString says how
        NotSupported, // not a Unix system: there is no such protocol
    };
    Status status = Status::NotActivated;
    QList<int> descriptors;
    QStringList names;   // one per descriptor; "unknown" each when LISTEN_FDNAMES is unset
    QString errorString; // Invalid, NotSupported: why; NotActivated: why not (a debug line)
};

// What sd_notify(3) did.
struct NotifyResult
{
    enum class Status {
        NotRequested, // NOTIFY_SOCKET is not set: nobody is waiting for it
        Sent,
        Failed,       // errorString says why
        NotSupported, // not a Unix system
    };
    Status status = Status::NotRequested;
    QString errorString;
};

// systemd socket activation and readiness notification, without libsystemd (it is one
// environment protocol and one datagram, and the GUI and the portable build must not need
// it). POSIX only, behind Q_OS_UNIX; elsewhere takeListenFds() and a notification with
// NOTIFY_SOCKET set report NotSupported.
class SystemdActivation
{
public:
    static constexpr int ListenFdsStart = 3; // SD_LISTEN_FDS_START
    // sd_listen_fds takes any count up to INT_MAX - 3; ours stops at a number no socket
    // unit reaches, so that a wrong LISTEN_FDS cannot make a list of two billion entries.
    static constexpr int MaxListenFds = 4096;

    // The protocol as a pure function of the variables (nullopt: unset) and this process's
    // id, with sd_listen_fds_with_names()'s rules: no LISTEN_PID or LISTEN_FDS, or a
    // LISTEN_PID of another process, is not an activation; a LISTEN_PID or LISTEN_FDS that
    // is not a positive decimal number is invalid, and so are LISTEN_FDNAMES whose count
    // (split at every ':', empty names kept) is not LISTEN_FDS.
    static ListenFds parseListenEnvironment(const std::optional<QByteArray> &listenPid,
                                            const std::optional<QByteArray> &listenFds,
                                            const std::optional<QByteArray> &listenFdNames,
                                            qint64 processId);

    // sd_listen_fds_with_names(1): reads the variables, marks every descriptor FD_CLOEXEC
    // (so that nothing this process starts inherits the sockets) and unsets LISTEN_PID,
    // LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PIDFDID, whatever the outcome, so that they
    // reach no child. Call it once, early in main(), before any thread starts.
    static ListenFds takeListenFds();

    // sd_is_socket(descriptor, AF_UNSPEC, SOCK_STREAM, 1): a socket, of type SOCK_STREAM,
    // listening. Check a passed descriptor with it before QTcpServer::setSocketDescriptor().
    static bool isListeningStreamSocket(int descriptor, QString *errorString = nullptr);

    // sd_notify(0, state): state is newline-separated assignments ("READY=1",
    // "STATUS=..."), sent as one datagram to NOTIFY_SOCKET (an absolute path, or an
    // abstract socket name written with a leading '@'). Never blocks. NotRequested when
    // NOTIFY_SOCKET is unset, on every system.
    static NotifyResult notify(QByteArrayView state);
    static NotifyResult notifyTo(const QByteArray &notifySocket, QByteArrayView state);

    // The states the server sends; a status is one line of text for `systemctl status`.
    static NotifyResult notifyReady(const QString &status = {});
    static NotifyResult notifyStopping(const QString &status = {});
    static NotifyResult notifyStatus(const QString &status);
    static QByteArray state(const char *assignment, const QString &status);
};

} // namespace Wirelab

#endif // WIRELAB_SYSTEMDACTIVATION_H
