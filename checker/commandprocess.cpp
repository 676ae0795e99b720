#include "commandprocess.h"

#include "childgroups.h"

#include <QtCore/QProcessEnvironment>
#include <QtCore/QRegularExpression>

#ifdef Q_OS_UNIX
#    include <csignal>
#    include <sys/types.h>
#    include <unistd.h>
#endif

namespace Wirelab::Check {
namespace {

QString shellQuoted(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// A command the shell can replace itself with: one program and its arguments, nothing the
// shell itself must do afterwards. Such a command is run as "exec COMMAND", so that the
// program is the process wirelab-check started and its exit is seen at once, not once the
// shell has noticed it.
bool isSimpleCommand(const QString &command)
{
    static const QRegularExpression shellSyntax(
            QStringLiteral("[;&|<>()$`\\\\\n#*?~]|^\\s*(cd|export|exec|if|for|while|case|\\.|"
                           "source|\\{|[A-Za-z_][A-Za-z0-9_]*=)(\\s|$)"));
    return !command.trimmed().isEmpty() && !shellSyntax.match(command).hasMatch();
}

} // namespace

CommandProcess::CommandProcess(QObject *parent) : QObject(parent)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, &CommandProcess::kill);
    connect(&m_process, &QProcess::finished, this, &CommandProcess::handleFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_outcome.started = false;
        m_outcome.startError = m_process.errorString();
        emit finished();
    });
}

CommandProcess::~CommandProcess()
{
    // Whoever owns us is going too: its end is not news to it.
    disconnect(this, &CommandProcess::finished, nullptr, nullptr);
    if (isRunning()) {
        kill();
        m_process.waitForFinished(5000);
    }
}

QString CommandProcess::substitute(const QString &commandTemplate,
                                   const QHash<QString, QString> &values, bool forShell)
{
    QString command = commandTemplate;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        command.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'),
                        forShell ? shellQuoted(it.value()) : it.value());
    return command;
}

void CommandProcess::start(const QString &commandTemplate, const QHash<QString, QString> &values)
{
    m_outcome = {};
    m_outcome.started = true;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A Python program killed at the timeout would otherwise lose what it printed.
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    m_process.setProcessEnvironment(environment);
    m_process.setStandardInputFile(
            QProcess::nullDevice()); // nothing to read: never wait on a terminal
    if (!m_outputFile.isEmpty()) {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setStandardOutputFile(m_outputFile);
    }
#ifdef Q_OS_UNIX
    m_process.setChildProcessModifier([] { ::setpgid(0, 0); });
    m_process.setProgram(QStringLiteral("/bin/sh"));
    const QString command = substitute(commandTemplate, values, true);
    m_process.setArguments({ QStringLiteral("-c"), isSimpleCommand(commandTemplate)
                                                           ? QStringLiteral("exec ") + command
                                                           : command });
#else
    QStringList arguments = QProcess::splitCommand(commandTemplate);
    for (QString &argument : arguments)
        argument = substitute(argument, values, false);
    m_process.setProgram(arguments.value(0));
    m_process.setArguments(arguments.mid(1));
#endif
    m_clock.start();
    m_process.start(QIODevice::ReadOnly);
    m_groupId = m_process.processId();
    if (m_groupId > 0)
        ChildGroups::add(m_groupId);
}

void CommandProcess::stop(std::chrono::milliseconds grace)
{
    if (!isRunning())
        return;
#ifdef Q_OS_UNIX
    signalGroup(SIGTERM);
#else
    m_process.terminate();
#endif
    m_killTimer.start(grace);
}

void CommandProcess::kill()
{
#ifdef Q_OS_UNIX
    signalGroup(SIGKILL);
#endif
    if (isRunning()) {
        m_killing = true;
        m_process.kill();
    }
}

void CommandProcess::killAtTimeout()
{
    if (!isRunning())
        return;
    m_outcome.killedAtTimeout = true;
    kill();
}

void CommandProcess::checkEnded(std::chrono::milliseconds wait)
{
    if (isRunning())
        m_process.waitForFinished(int(wait.count()));
}

void CommandProcess::signalGroup(int signalNumber)
{
#ifdef Q_OS_UNIX
    if (m_groupId > 0)
        ::kill(-pid_t(m_groupId), signalNumber);
#else
    Q_UNUSED(signalNumber);
#endif
}

void CommandProcess::handleFinished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    m_outcome.durationMs = m_clock.elapsed();
    m_outcome.exitCode = exitCode;
    m_outcome.crashed = status == QProcess::CrashExit && !m_killing && !m_outcome.killedAtTimeout;
    if (m_outputFile.isEmpty()) {
        m_outcome.standardOutput = m_process.readAllStandardOutput();
        m_outcome.standardError = m_process.readAllStandardError();
    }
    // Whatever the program left behind in its group goes with it: a server's worker, a
    // client's child. The group's leader is gone, but its id stays reserved while members live.
#ifdef Q_OS_UNIX
    signalGroup(SIGKILL);
#endif
    ChildGroups::remove(m_groupId);
    emit finished();
}

} // namespace Wirelab::Check
