#include "clientapplication.h"

#include "clientexchange.h"
#include "clientoptions.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "pcapngwriter.h"
#include "pythonrepr.h"
#include "transcript.h"

#include <QtCore/QCoreApplication>
#include <cstdio>

namespace Wirelab {

namespace {

void printLine(FILE *stream, const QString &line)
{
    fputs(line.toUtf8().constData(), stream);
    fputc('\n', stream);
    fflush(stream);
}

int exitCodeFor(ClientExchange::Failure failure)
{
    switch (failure) {
    case ClientExchange::Failure::ConnectionRefused: return ExitConnectionRefused;
    case ClientExchange::Failure::HostNotFound: return ExitHostNotFound;
    case ClientExchange::Failure::Timeout: return ExitTimeout;
    case ClientExchange::Failure::ClosedEarly: return ExitClosedEarly;
    case ClientExchange::Failure::MalformedResponse: return ExitMalformedResponse;
    case ClientExchange::Failure::NetworkError:
    case ClientExchange::Failure::Cancelled: break;
    }
    return ExitNetworkError;
}

// What --quiet prints: the result alone.
QString resultOnly(const DecodedMessage &response)
{
    const Lab::ResponseSummary summary = Lab::summarizeResponse(response);
    if (summary.resultNumber)
        return QString::number(*summary.resultNumber);
    return summary.resultText;
}

// The first argument that is not UTF-8 text, or 0. Qt would hand it over with U+FFFD for
// its bad bytes, and that is what would be sent; the lab client refuses such an argument
// (Python cannot encode it), and so do we.
int firstArgumentNotUtf8(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (!QUtf8StringView(argv[i]).isValidUtf8())
            return i;
    }
    return 0;
}

// --capture: the exchange as pcapng, written whatever its outcome (a failed exchange is the
// one most worth looking at). A file that cannot be written is said on stderr; it changes
// the exit code only of an exchange that succeeded, since the exchange's own failure is what
// a script needs to know first.
int writeCapture(const QString &fileName, const ClientExchange &exchange, int exitCode)
{
    QString error;
    if (fileName.isEmpty() || PcapngWriter::writeFile(fileName, { exchange.conversation() }, &error))
        return exitCode;
    printLine(stderr, QStringLiteral("wirelab-client: %1").arg(error));
    return exitCode == ExitOk ? ExitCaptureNotWritten : exitCode;
}

} // namespace

int runClientApplication(int argc, char *argv[])
{
    if (const int bad = firstArgumentNotUtf8(argc, argv)) {
        printLine(stderr, QStringLiteral("wirelab-client: argument %1 is not valid UTF-8 text: %2")
                                  .arg(bad)
                                  .arg(PythonRepr::bytes(QByteArray(argv[bad]))));
        return ExitUsage;
    }
    const ClientOptions options = ClientOptions::parse(QCoreApplication::arguments());
    switch (options.outcome) {
    case ClientOptions::Outcome::ShowHelp:
        fputs(options.helpText.toUtf8().constData(), stdout);
        return ExitOk;
    case ClientOptions::Outcome::ShowVersion:
        printLine(stdout, QStringLiteral("%1 %2").arg(QCoreApplication::applicationName(),
                                                      QCoreApplication::applicationVersion()));
        return ExitOk;
    case ClientOptions::Outcome::UsageError:
        printLine(stderr, QStringLiteral("wirelab-client: %1").arg(options.errorMessage));
        return ExitUsage;
    case ClientOptions::Outcome::Run:
        break;
    }

    const Lab::RequestResult request = Lab::buildRequest(options.action, options.value);
    if (!request.ok()) {
        printLine(stderr, QStringLiteral("wirelab-client: %1").arg(request.error->reason));
        return ExitUsage;
    }
    const QByteArray requestBytes = encodeMessage(request.message).bytes;
    // The lab prints the address as it was given: ('localhost', 9000).
    const Transcript::Peer peer { options.host, options.port };
    const auto transcript = [&options](const QString &line) {
        if (!options.quiet)
            printLine(stdout, line);
    };

    ClientExchange exchange;
    exchange.setTimeout(options.timeout);
    int exitCode = ExitOk;
    QObject::connect(&exchange, &ClientExchange::connected, [&] {
        transcript(Transcript::sending(requestBytes, peer));
    });
    QObject::connect(&exchange, &ClientExchange::responseReceived,
                     [&](const DecodedMessage &response, const QByteArray &) {
                         for (const QString &line : Transcript::receivedResponse(response, peer))
                             transcript(line);
                         if (options.quiet)
                             printLine(stdout, resultOnly(response));
                     });
    QObject::connect(&exchange, &ClientExchange::failed,
                     [&](ClientExchange::Failure failure, const QString &reason,
                         const DecodeResult &, const QByteArray &) {
                         printLine(stderr, QStringLiteral("wirelab-client: error: %1").arg(reason));
                         exitCode = exitCodeFor(failure);
                     });
    QObject::connect(&exchange, &ClientExchange::finished, [&] {
        transcript(Transcript::closingConnection(peer));
        QCoreApplication::exit(writeCapture(options.captureFile, exchange, exitCode));
    });

    transcript(Transcript::startingConnection(peer));
    exchange.start(options.host, options.port, requestBytes);
    return QCoreApplication::exec();
}

} // namespace Wirelab
