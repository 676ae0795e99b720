#ifndef WIRELAB_COMMANDPROCESS_H
#define WIRELAB_COMMANDPROCESS_H

#include "outcome.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QProcess>
#include <QtCore/QTimer>

#include <chrono>

namespace Wirelab::Check {

// A student's program, started from a command template ("python3 app-client.py {host}
// {port} {action} {value}") as the leader of a process group of its own, so that it and
// whatever it starts (a shell, an interpreter) are stopped together. On Unix the command
// goes to /bin/sh -c with each placeholder replaced by its value quoted for the shell;
// elsewhere it is split as QProcess::splitCommand() does and each argument's placeholders
// are replaced, and only the process itself can be stopped.
class CommandProcess : public QObject
{
    Q_OBJECT
public:
    explicit CommandProcess(QObject *parent = nullptr);
    ~CommandProcess() override;

    // Its output, both streams, goes to this file instead of being kept (a server's log).
    void setOutputFile(const QString &fileName) { m_outputFile = fileName; }
    void start(const QString &commandTemplate, const QHash<QString, QString> &values);
    // SIGTERM to the group, then SIGKILL after grace if anything is still running.
    void stop(std::chrono::milliseconds grace);
    void kill(); // SIGKILL to the group now
    void killAtTimeout(); // kill(), and say so in the outcome

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    // Notices now, not on the event loop's next turn, if the process has ended or ends
    // within wait (finished() is emitted from within): between two cases, so that the next
    // one is not run in vain.
    void checkEnded(std::chrono::milliseconds wait = {});
    qint64 processId() const { return m_process.processId(); }
    const ProcessOutcome &outcome() const { return m_outcome; }

    static QString substitute(const QString &commandTemplate, const QHash<QString, QString> &values,
                              bool forShell);

signals:
    void finished();

private:
    void signalGroup(int signalNumber);
    void handleFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QString m_outputFile;
    qint64 m_groupId = 0;
    QElapsedTimer m_clock;
    QTimer m_killTimer;
    ProcessOutcome m_outcome;
    bool m_killing = false;
};

} // namespace Wirelab::Check

#endif // WIRELAB_COMMANDPROCESS_H
