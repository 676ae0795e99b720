#ifndef WIRELAB_SOCKETACTIVATION_H
#define WIRELAB_SOCKETACTIVATION_H

#include <QtCore/QByteArray>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStringList>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>

#include <memory>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

// What the tests of socket activation need from a service manager, with no systemd running:
// the end of NOTIFY_SOCKET that reads what a service says, and systemd-socket-activate.

// The service manager's end of NOTIFY_SOCKET: a datagram socket bound to a path or to an
// abstract name ("@name"), read with a bounded wait.
class NotifyReceiver
{
public:
    explicit NotifyReceiver(const QByteArray &name)
    {
        m_descriptor = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        memcpy(address.sun_path, name.constData(), size_t(name.size()));
        socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + name.size());
        if (name.startsWith('@'))
            address.sun_path[0] = '\0';
        else
            ++length;
        m_bound = m_descriptor >= 0
                  && ::bind(m_descriptor, reinterpret_cast<sockaddr *>(&address), length) == 0;
    }
    ~NotifyReceiver()
    {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
    }
    NotifyReceiver(const NotifyReceiver &) = delete;
    NotifyReceiver &operator=(const NotifyReceiver &) = delete;

    bool isBound() const { return m_bound; }

    // One datagram, or nullopt if none came within the time.
    std::optional<QByteArray> receive(int milliseconds = 10000)
    {
        pollfd entry { m_descriptor, POLLIN, 0 };
        if (::poll(&entry, 1, milliseconds) != 1)
            return std::nullopt;
        char buffer[4096];
        const ssize_t size = ::recv(m_descriptor, buffer, sizeof(buffer), 0);
        if (size < 0)
            return std::nullopt;
        return QByteArray(buffer, qsizetype(size));
    }

private:
    int m_descriptor = -1;
    bool m_bound = false;
};

// systemd-socket-activate listening on 127.0.0.1, ready to exec a program on the first
// connection with the socket as descriptor 3 (LISTEN_FDS=1, LISTEN_FDNAMES=lab) and a
// NOTIFY_SOCKET of its own (notifications()); the process becomes that program. It refuses
// port 0 ("Failed to parse socket address"), so a port the system has just chosen and given
// back is taken, and another if something took it in between.
class SocketActivate
{
public:
    static constexpr int Attempts = 5;

    bool start(const QString &socketActivate, const QString &program,
               const QStringList &arguments = {})
    {
        const QByteArray notifyPath
                = QFile::encodeName(m_directory.filePath(QStringLiteral("notify")));
        m_notifications = std::make_unique<NotifyReceiver>(notifyPath);
        if (!m_directory.isValid() || !m_notifications->isBound())
            return fail("no NOTIFY_SOCKET to listen on");
        const QStringList options { QStringLiteral("--fdname=lab"),
                                    QStringLiteral("--setenv=NOTIFY_SOCKET=")
                                            + QFile::decodeName(notifyPath) };
        for (int attempt = 0; attempt < Attempts; ++attempt) {
            {
                QTcpServer probe;
                if (!probe.listen(QHostAddress::LocalHost, 0))
                    return fail("no port to listen on");
                m_port = probe.serverPort();
            }
            m_log.clear();
            m_process.setReadChannel(QProcess::StandardError); // where it says it listens
            m_process.start(socketActivate,
                            QStringList { QStringLiteral("--listen=127.0.0.1:%1").arg(m_port) }
                                    + options + QStringList { program } + arguments);
            if (!m_process.waitForStarted(10000))
                return fail("systemd-socket-activate did not start");
            const QByteArray listening
                    = "Listening on 127.0.0.1:" + QByteArray::number(m_port) + " as 3.";
            const QDeadlineTimer deadline(10000);
            while (!m_log.contains(listening) && m_process.state() == QProcess::Running
                   && !deadline.hasExpired()) {
                m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
                m_log += m_process.readAllStandardError();
            }
            if (m_log.contains(listening))
                return true;
            m_process.waitForFinished(10000);
            m_log += m_process.readAllStandardError();
            if (!m_log.contains("Address already in use"))
                return fail("systemd-socket-activate did not listen");
        }
        return fail("every port tried was taken");
    }

    ~SocketActivate()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    quint16 port() const { return m_port; }
    // What the program says to NOTIFY_SOCKET.
    NotifyReceiver &notifications() { return *m_notifications; }
    QProcess &process() { return m_process; }
    // Its standard error (and, once it has exec'd the program, the program's), so far.
    QByteArray log()
    {
        m_log += m_process.readAllStandardError();
        return m_log;
    }
    QString error() const { return m_error; }

private:
    bool fail(const char *why)
    {
        m_error = QString::fromLatin1(why) + QStringLiteral(": ") + QString::fromLocal8Bit(m_log);
        return false;
    }

    QTemporaryDir m_directory;
    std::unique_ptr<NotifyReceiver> m_notifications;
    QProcess m_process;
    QByteArray m_log;
    QString m_error;
    quint16 m_port = 0;
};

#endif // WIRELAB_SOCKETACTIVATION_H
