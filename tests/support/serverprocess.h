#ifndef WIRELAB_SERVERPROCESS_H
#define WIRELAB_SERVERPROCESS_H

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

#include <csignal>
#include <sys/resource.h>

// A real wirelab-server process on 127.0.0.1 and an OS-chosen port, read from its first
// line ("listening on ('127.0.0.1', PORT)"), as a script would.
class ServerProcess
{
public:
    // port: 0 lets the system choose; a server started again takes the port it had.
    explicit ServerProcess(QStringList extraArguments = {}, quint16 port = 0)
    {
        m_process.setProgram(QStringLiteral(WIRELAB_SERVER_PATH));
        m_process.setArguments(extraArguments + QStringList { "127.0.0.1", QString::number(port) });
    }
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // The most file descriptors the server may have open (soft and hard limit), as a
    // small host or a ulimit would set it.
    void limitDescriptors(rlim_t count)
    {
        m_process.setChildProcessModifier([count] {
            const rlimit limit { count, count };
            ::setrlimit(RLIMIT_NOFILE, &limit);
        });
    }

    // For long runs in which nothing reads the pipe: a full pipe would block the server.
    void setStandardErrorFile(const QString &fileName) { m_process.setStandardErrorFile(fileName); }

    // Starts and waits for the first line; false (and why, in error()) if it did not come.
    bool start()
    {
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            m_error = m_process.errorString();
            return false;
        }
        QByteArray firstLine;
        QDeadlineTimer deadline(20000);
        while (!firstLine.contains('\n') && !deadline.hasExpired()) {
            if (!m_process.waitForReadyRead(int(deadline.remainingTime())))
                break;
            firstLine += m_process.readAllStandardOutput();
        }
        m_stdout = firstLine;
        const QRegularExpressionMatch match =
                QRegularExpression(QStringLiteral("^listening on \\('127.0.0.1', (\\d+)\\)\n"))
                        .match(QString::fromUtf8(firstLine));
        if (!match.hasMatch()) {
            m_error = QStringLiteral("no 'listening on' line: ") + QString::fromUtf8(firstLine)
                    + QString::fromUtf8(m_process.readAllStandardError());
            return false;
        }
        m_port = quint16(match.captured(1).toUInt());
        return true;
    }

    quint16 port() const { return m_port; }
    QString error() const { return m_error; }
    qint64 pid() const { return m_process.processId(); }
    QProcess &process() { return m_process; }

    // SIGTERM, then wait; the exit code, or -1 if it did not exit normally.
    int terminate()
    {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(10000))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    QByteArray standardOutput()
    {
        m_stdout += m_process.readAllStandardOutput();
        return m_stdout;
    }

    // Open file descriptors and resident memory, from /proc, for "comes back to where it was".
    int openDescriptors() const
    {
        return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid())).entryList(QDir::NoDotAndDotDot | QDir::System).size());
    }
    qint64 residentKilobytes() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
        return -1;
    }

private:
    QProcess m_process;
    QByteArray m_stdout;
    QString m_error;
    quint16 m_port = 0;
};

#endif // WIRELAB_SERVERPROCESS_H
