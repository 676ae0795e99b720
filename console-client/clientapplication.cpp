#include "clientapplication.h"

#include "clientexchange.h"
#include "clientoptions.h"
#include "labprotocol.h"
#include "messageencoder.h"
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

} // namespace

int runClientApplication(const QStringList &arguments)
{
    const ClientOptions options = ClientOptions::parse(arguments);
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
                         const std::optional<DecodeError> &, const QByteArray &) {
                         printLine(stderr, QStringLiteral("wirelab-client: error: %1").arg(reason));
                         exitCode = exitCodeFor(failure);
                     });
    QObject::connect(&exchange, &ClientExchange::finished, [&] {
        transcript(Transcript::closingConnection(peer));
        QCoreApplication::exit(exitCode);
    });

    transcript(Transcript::startingConnection(peer));
    exchange.start(options.host, options.port, requestBytes);
    return QCoreApplication::exec();
}

} // namespace Wirelab
