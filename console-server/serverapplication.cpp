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

} // namespace

int runServerApplication(const QStringList &arguments)
{
    ServerOptions options = ServerOptions::parse(arguments);
    switch (options.outcome) {
    case ServerOptions::Outcome::ShowHelp:
        fputs(options.helpText.toUtf8().constData(), stdout);
        return 0;
    case ServerOptions::Outcome::ShowVersion:
        printNow(stdout, QStringLiteral("%1 %2").arg(QCoreApplication::applicationName(),
                                                     QCoreApplication::applicationVersion()));
        return 0;
    case ServerOptions::Outcome::UsageError:
        printNow(stderr, QStringLiteral("wirelab-server: %1").arg(options.errorMessage));
        printNow(stderr, QStringLiteral("Try 'wirelab-server --help' for more information."));
        return 2;
    case ServerOptions::Outcome::Run:
        break;
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
    if (!server.listen(options.address, options.port)) {
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
    // Always on standard output: scripts read the port from this first line.
    standardOutput->push(Transcript::listeningOn({ options.hostAsGiven, server.serverPort() }));
    qCDebug(lcServer) << "threads" << options.config.threads << "serving at most"
                      << server.connectionCap() << "connections at once";

    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &server, [&server] {
        if (server.isListening())
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
