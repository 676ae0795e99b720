#include "serverapplication.h"

#include "logqueue.h"
#include "logwriter.h"
#include "server.h"
#include "serverlogging.h"
#include "serveroptions.h"
#include "signalwatcher.h"
#include "transcript.h"

#include <QtCore/QCoreApplication>
#include <cstdio>

#ifdef WIRELAB_LINUX
#    include "epolleventdispatcher.h"
#endif

namespace Wirelab {

namespace {

// How long SIGTERM lets requests already begun finish their answers.
constexpr std::chrono::milliseconds DrainTime { 2000 };
// How long the writers may take to write what is left at exit: output that nobody reads
// must not keep the process from ending.
constexpr std::chrono::milliseconds WritersGrace { 300 };

void printNow(FILE *stream, const QString &text)
{
    fputs(text.toUtf8().constData(), stream);
    fputc('\n', stream);
    fflush(stream);
}

// Every Qt message of the process (wirelab.server's problem lines among them) goes to the
// standard error's queue, never straight to a stream that might block.
class MessagesToQueue
{
public:
    explicit MessagesToQueue(std::shared_ptr<LogQueue> queue)
    {
        s_queue = std::move(queue);
        s_previous = qInstallMessageHandler(&MessagesToQueue::handle);
    }
    ~MessagesToQueue()
    {
        qInstallMessageHandler(s_previous);
        s_queue.reset();
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type == QtFatalMsg || !s_queue) {
            s_previous(type, context, message);
            return;
        }
        // A problem line is already a whole line ("error: ..."), as the lab's programs print.
        const bool problemLine = type == QtWarningMsg && qstrcmp(context.category, "wirelab.server") == 0;
        s_queue->push(problemLine ? message : qFormatLogMessage(type, context, message));
    }

    static inline std::shared_ptr<LogQueue> s_queue;
    static inline QtMessageHandler s_previous = nullptr;
};

// Serves on the socket systemd passed (socket activation), as QTcpServer adopts one; why
// not, if it cannot.
QString adoptPassedSocket(Server &server, const ListenFds &passedSockets)
{
    if (passedSockets.descriptors.size() != 1)
        return QStringLiteral("systemd passed %1 sockets (LISTEN_FDS), and wirelab-server serves "
                              "on one: give its socket unit one ListenStream=")
                .arg(passedSockets.descriptors.size());
    const int descriptor = passedSockets.descriptors.first();
    QString whyNot;
    if (!SystemdActivation::isListeningStreamSocket(descriptor, &whyNot))
        return QStringLiteral("the socket systemd passed cannot be served on: %1").arg(whyNot);
    if (!server.setSocketDescriptor(descriptor))
        return QStringLiteral("cannot serve on the socket systemd passed (descriptor %1): %2")
                .arg(descriptor)
                .arg(server.errorString());
    return {};
}

// The listening socket as the lab prints its address: ::ffff:127.0.0.1 is 127.0.0.1.
Transcript::Peer passedSocketAddress(const Server &server)
{
    QHostAddress address = server.serverAddress();
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    if (isIPv4 && address.protocol() == QAbstractSocket::IPv6Protocol)
        address = QHostAddress(ipv4);
    return { address.toString(), server.serverPort() };
}

void warnIfNotified(const NotifyResult &result, const char *what)
{
    if (result.status == NotifyResult::Status::Failed)
        qCWarning(lcServer).noquote() << QStringLiteral("warning: could not tell systemd %1: %2")
                                                 .arg(QLatin1String(what), result.errorString);
}

} // namespace

int runServerApplication(const QStringList &arguments, const ListenFds &passedSockets)
{
    const bool socketPassed = passedSockets.status == ListenFds::Status::Activated;
    ServerOptions options = ServerOptions::parse(arguments, socketPassed);
    switch (options.outcome) {
    case ServerOptions::Outcome::ShowHelp:
        fputs(options.helpText.toUtf8().constData(), stdout);
        return 0;
    case ServerOptions::Outcome::ShowVersion:
        printNow(stdout, QStringLiteral("%1 %2").arg(QCoreApplication::applicationName(),
                                                     QCoreApplication::applicationVersion()));
        return 0;
    case ServerOptions::Outcome::UsageError:
        if (passedSockets.status == ListenFds::Status::Invalid)
            break; // the reason is the environment systemd (or someone) made, said below
        printNow(stderr, QStringLiteral("wirelab-server: %1").arg(options.errorMessage));
        printNow(stderr, QStringLiteral("Try 'wirelab-server --help' for more information."));
        return 2;
    case ServerOptions::Outcome::Run:
        break;
    }
    if (passedSockets.status == ListenFds::Status::Invalid) {
        printNow(stderr, QStringLiteral("wirelab-server: socket activation: %1").arg(passedSockets.errorString));
        return 1;
    }
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("wirelab.*.debug=true"));

    // From here on nothing is written to a stream but by the writers' threads.
    const auto errors = std::make_shared<LogQueue>();
    const std::unique_ptr<LogWriter> errorWriter =
            LogWriter::start(errors, { 2, {}, QStringLiteral("standard error"), QStringLiteral("error") }, nullptr, nullptr);
    const MessagesToQueue messagesToQueue(errors);
    const auto standardOutput = std::make_shared<LogQueue>();
    const std::unique_ptr<LogWriter> outputWriter = LogWriter::start(
            standardOutput, { 1, {}, QStringLiteral("standard output"), QStringLiteral("transcript") }, errors, nullptr);
    std::shared_ptr<LogQueue> transcript = standardOutput;
    std::unique_ptr<LogWriter> fileWriter;
    if (!options.logFile.isEmpty()) {
        transcript = std::make_shared<LogQueue>();
        QString whyNot;
        fileWriter = LogWriter::start(transcript, { -1, options.logFile, options.logFile, QStringLiteral("transcript") },
                                      errors, &whyNot);
        if (!fileWriter) {
            errors->push(QStringLiteral("wirelab-server: cannot open the log file %1: %2").arg(options.logFile, whyNot));
            errorWriter->finish(WritersGrace);
            return 1;
        }
    }
    options.config.transcript = options.quiet ? nullptr : transcript;
#ifdef WIRELAB_LINUX
    if (!options.qtEventDispatcher)
        options.config.makeEventDispatcher = [] { return new EpollEventDispatcher; };
#endif

    SignalWatcher signalWatcher;
    Server server(options.config);
    if (options.listenOnPassedSocket) {
        const QString whyNot = adoptPassedSocket(server, passedSockets);
        if (!whyNot.isEmpty()) {
            errors->push(QStringLiteral("wirelab-server: %1").arg(whyNot));
            errorWriter->finish(WritersGrace);
            return 1;
        }
    } else if (!server.listen(options.address, options.port)) {
        // In the words a student knows from Python's OSError.
        const QString reason = server.serverError() == QAbstractSocket::AddressInUseError
                ? QStringLiteral("Address already in use (is another server listening on it?)")
                : server.errorString();
        errors->push(QStringLiteral("wirelab-server: cannot listen on %1 port %2: %3")
                             .arg(options.hostAsGiven)
                             .arg(options.port)
                             .arg(reason));
        errorWriter->finish(WritersGrace);
        return 1;
    }
    // Always on standard output: scripts read the port from this first line. A socket
    // systemd passed is named by its own address, as the lab names the one it binds.
    const QString listening = Transcript::listeningOn(
            options.listenOnPassedSocket ? passedSocketAddress(server)
                                         : Transcript::Peer { options.hostAsGiven, server.serverPort() });
    standardOutput->push(listening);
    qCDebug(lcServer) << "threads" << options.config.threads << "serving at most"
                      << server.connectionCap() << "connections at once";
    if (!socketPassed && !passedSockets.errorString.isEmpty())
        qCDebug(lcServer).noquote() << "no socket from systemd:" << passedSockets.errorString;
    if (options.config.proxyProtocol)
        qCDebug(lcServer).noquote() << "PROXY protocol from"
                                    << options.config.trustedProxies.toStringList().join(QLatin1String(", "));
    // Type=notify: systemd counts the service as started from here (nothing is sent when
    // NOTIFY_SOCKET is not set).
    warnIfNotified(SystemdActivation::notifyReady(listening), "the server is ready");

    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &server, [&server] {
        if (server.isStopping())
            return;
        warnIfNotified(SystemdActivation::notifyStopping(
                               QStringLiteral("stopping: answering the requests already begun")),
                       "the server is stopping");
        server.stop(DrainTime);
    });
    QObject::connect(&signalWatcher, &SignalWatcher::hangUp, &server, [&] {
        if (fileWriter) {
            fileWriter->reopen();
            qCInfo(lcServer).noquote() << QStringLiteral("SIGHUP: opening %1 again").arg(options.logFile);
        } else {
            qCWarning(lcServer).noquote() << QStringLiteral("SIGHUP ignored: there is no --log-file to open again");
        }
    });
    QObject::connect(&server, &Server::stopped, [&] {
        // The lab's last line: on standard output, where scripts wait for it, and at the end
        // of a log file's transcript too.
        if (transcript != standardOutput)
            transcript->push(Transcript::caughtKeyboardInterrupt());
        standardOutput->push(Transcript::caughtKeyboardInterrupt());
        QCoreApplication::quit();
    });
    const int exitCode = QCoreApplication::exec();
    if (fileWriter)
        fileWriter->finish(WritersGrace);
    outputWriter->finish(WritersGrace);
    errorWriter->finish(WritersGrace);
    return exitCode;
}

} // namespace Wirelab
