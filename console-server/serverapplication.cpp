#include "serverapplication.h"

#include "logwriter.h"
#include "server.h"
#include "signalwatcher.h"
#include "transcript.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLoggingCategory>
#include <cstdio>
#include <malloc.h>
#include <sys/resource.h>

Q_LOGGING_CATEGORY(lcServer, "wirelab.server", QtWarningMsg)

namespace Wirelab {

namespace {

// Every connection is a file descriptor; the usual soft limit of 1024 would cap us far
// below what one thread can serve.
void raiseFileDescriptorLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// glibc raises its mmap threshold after the first large block is freed, so later large
// buffers (a 64 MiB request, a big answer) come from the heap and stay in the process after
// use. A fixed threshold keeps them mapped on their own and given back when freed: memory
// returns to where it was after a big client has gone.
void giveLargeBuffersBack()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

void printNow(FILE *stream, const QString &text)
{
    fputs(text.toUtf8().constData(), stream);
    fputc('\n', stream);
    fflush(stream);
}

} // namespace

int runServerApplication(const QStringList &arguments)
{
    const ServerOptions options = ServerOptions::parse(arguments);
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
    raiseFileDescriptorLimit();
    giveLargeBuffersBack();

    FILE *transcript = stdout;
    if (!options.logFile.isEmpty()) {
        transcript = fopen(options.logFile.toLocal8Bit().constData(), "a");
        if (!transcript) {
            printNow(stderr, QStringLiteral("wirelab-server: cannot open the log file %1").arg(options.logFile));
            return 1;
        }
    }
    LogWriter trafficWriter(transcript, options.logFile.isEmpty() ? QStringLiteral("standard output")
                                                                  : options.logFile);
    LogWriter problemWriter(stderr, QStringLiteral("standard error"));

    SignalWatcher signalWatcher;
    Server server(options.config);
    // Direct: the writers are thread-safe, and a queued signal per line would cost more
    // than the line.
    QObject::connect(&server, &Server::trafficLogged, &trafficWriter, &LogWriter::writeLine,
                     Qt::DirectConnection);
    QObject::connect(&server, &Server::problemLogged, &problemWriter, &LogWriter::writeLine,
                     Qt::DirectConnection);
    if (!server.listen(options.address, options.port)) {
        printNow(stderr, QStringLiteral("wirelab-server: cannot listen on %1 port %2: %3")
                                 .arg(options.hostAsGiven)
                                 .arg(options.port)
                                 .arg(server.errorString()));
        return 1;
    }
    // Always on standard output and at once: scripts read the port from this line.
    printNow(stdout, Transcript::listeningOn({ options.hostAsGiven, server.serverPort() }));
    qCDebug(lcServer) << "threads" << options.config.threads << "max connections"
                      << options.config.maxConnections;

    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, [&] {
        server.close();
        // The lab's last line: on standard output, where scripts wait for it, and at the
        // end of a log file's transcript too.
        if (transcript != stdout)
            trafficWriter.writeLine(Transcript::caughtKeyboardInterrupt());
        trafficWriter.flush();
        problemWriter.flush();
        printNow(stdout, Transcript::caughtKeyboardInterrupt());
        QCoreApplication::quit();
    });
    const int exitCode = QCoreApplication::exec();
    trafficWriter.flush();
    if (transcript != stdout)
        fclose(transcript);
    return exitCode;
}

} // namespace Wirelab
