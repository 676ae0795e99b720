#include "serveroptions.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QThread>
#include <cmath>

namespace Wirelab {

namespace {

// A search table is a JSON object of answers; 256 MiB is far past any teaching use.
constexpr qint64 SearchTableBytesCeiling = qint64(256) << 20;

ServerOptions usageError(ServerOptions options, const QString &message)
{
    options.outcome = ServerOptions::Outcome::UsageError;
    options.errorMessage = message;
    return options;
}

// A whole number in [minimum, maximum], or nullopt.
std::optional<qint64> boundedNumber(const QString &text, qint64 minimum, qint64 maximum)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < minimum || value > maximum)
        return std::nullopt;
    return value;
}

std::optional<QHostAddress> listenAddress(const QString &host)
{
    // The lab's '' means every interface; so do "::" and "0.0.0.0" (the latter IPv4 only).
    if (host.isEmpty() || host == QLatin1String("::"))
        return QHostAddress(QHostAddress::Any);
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(host))
        return std::nullopt;
    return address;
}

// QCommandLineParser (6.4) does not show default values in --help: the description does.
QCommandLineOption optionWithDefault(const QString &name, const QString &description,
                                     const QString &valueName, const QString &defaultValue)
{
    return QCommandLineOption(name, QStringLiteral("%1 (default: %2)").arg(description, defaultValue),
                              valueName, defaultValue);
}

} // namespace

ServerOptions ServerOptions::parse(const QStringList &arguments)
{
    ServerOptions options;
    const ServerConfig defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "The lab's application server: answers search, double, negate and echoes anything "
            "else, one request per connection, many connections at once."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("host"),
                                 QStringLiteral("Address to listen on: '' or :: for every "
                                                "interface (IPv6 and IPv4), 0.0.0.0, 127.0.0.1, ..."));
    parser.addPositionalArgument(QStringLiteral("port"),
                                 QStringLiteral("Port to listen on; 0 lets the system choose."));
    const QCommandLineOption maxConnections = optionWithDefault(
            QStringLiteral("max-connections"),
            QStringLiteral("Connections served at once; more are told \"server busy\"."),
            QStringLiteral("n"), QString::number(defaults.maxConnections));
    const QCommandLineOption idleTimeout = optionWithDefault(
            QStringLiteral("idle-timeout"),
            QStringLiteral("Seconds a client may send nothing before its request is complete."),
            QStringLiteral("seconds"), QString::number(defaults.idleTimeout.count() / 1000.0));
    const QCommandLineOption requestTimeout = optionWithDefault(
            QStringLiteral("request-timeout"),
            QStringLiteral("Seconds a client has to send its whole request."),
            QStringLiteral("seconds"), QString::number(defaults.requestTimeout.count() / 1000.0));
    const QCommandLineOption writeTimeout = optionWithDefault(
            QStringLiteral("write-timeout"),
            QStringLiteral("Seconds a client has to read its answer."),
            QStringLiteral("seconds"), QString::number(defaults.writeTimeout.count() / 1000.0));
    const QCommandLineOption maxHeader = optionWithDefault(
            QStringLiteral("max-header"),
            QStringLiteral("Largest JSON header accepted, in bytes (up to 65535)."),
            QStringLiteral("bytes"), QString::number(defaults.limits.maxHeaderBytes));
    const QCommandLineOption maxContent = optionWithDefault(
            QStringLiteral("max-content"),
            QStringLiteral("Largest content accepted, in bytes (up to 1073741824)."),
            QStringLiteral("bytes"), QString::number(defaults.limits.maxContentBytes));
    const QCommandLineOption searchTable(
            QStringLiteral("search-table"),
            QStringLiteral("A JSON object of search answers that replaces the built-in table."),
            QStringLiteral("file"));
    const QCommandLineOption threads = optionWithDefault(
            QStringLiteral("threads"),
            QStringLiteral("Worker threads, each with its own event loop."), QStringLiteral("n"),
            QString::number(std::max(1, QThread::idealThreadCount())));
    const QCommandLineOption logFile(
            QStringLiteral("log-file"),
            QStringLiteral("Write the transcript to this file instead of standard output."),
            QStringLiteral("file"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("Print only errors, not the transcript."));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("Also print debug messages (wirelab.*)."));
    const QCommandLineOption qtDispatcher(
            QStringLiteral("qt-event-dispatcher"),
            QStringLiteral("Use Qt's own event dispatcher instead of epoll (to compare)."));
    parser.addOptions({ maxConnections, idleTimeout, requestTimeout, writeTimeout, maxHeader,
                        maxContent, searchTable, threads, logFile, quiet, verbose, qtDispatcher });

    if (!parser.parse(arguments))
        return usageError(options, parser.errorText());
    options.helpText = parser.helpText();
    if (parser.isSet(QStringLiteral("help"))) {
        options.outcome = Outcome::ShowHelp;
        return options;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        options.outcome = Outcome::ShowVersion;
        return options;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(options, QStringLiteral("usage: wirelab-server <host> <port>"));
    options.hostAsGiven = positional[0];
    const std::optional<QHostAddress> address = listenAddress(positional[0]);
    if (!address)
        return usageError(options, QStringLiteral("not an address to listen on: '%1'").arg(positional[0]));
    options.address = *address;
    const std::optional<qint64> port = boundedNumber(positional[1], 0, 65535);
    if (!port)
        return usageError(options, QStringLiteral("not a port number (0 to 65535): '%1'").arg(positional[1]));
    options.port = quint16(*port);

    ServerConfig &config = options.config;
    const auto number = [&](const QCommandLineOption &option, qint64 minimum, qint64 maximum,
                            qint64 *target) {
        const std::optional<qint64> value = boundedNumber(parser.value(option), minimum, maximum);
        if (value)
            *target = *value;
        return value.has_value();
    };
    const auto seconds = [&](const QCommandLineOption &option, std::chrono::milliseconds *target) {
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < 0.001 || value > 86400)
            return false; // nan and inf read as numbers; under a millisecond rounds to 0
        *target = std::chrono::milliseconds(qint64(value * 1000));
        return true;
    };

    qint64 maxConnectionsValue = 0, threadsValue = 0, maxHeaderValue = 0, maxContentValue = 0;
    if (!number(maxConnections, 1, 1000000, &maxConnectionsValue))
        return usageError(options, QStringLiteral("--max-connections takes a number from 1 to 1000000"));
    if (!number(threads, 1, 256, &threadsValue))
        return usageError(options, QStringLiteral("--threads takes a number from 1 to 256"));
    if (!number(maxHeader, 1, DecoderLimits::HeaderBytesCeiling, &maxHeaderValue))
        return usageError(options, QStringLiteral("--max-header takes a number of bytes from 1 to 65535"));
    if (!number(maxContent, 1, DecoderLimits::ContentBytesCeiling, &maxContentValue))
        return usageError(options, QStringLiteral("--max-content takes a number of bytes from 1 to 1073741824"));
    if (!seconds(idleTimeout, &config.idleTimeout) || !seconds(requestTimeout, &config.requestTimeout)
        || !seconds(writeTimeout, &config.writeTimeout))
        return usageError(options, QStringLiteral("timeouts take a number of seconds from 0.001 to 86400"));
    config.maxConnections = int(maxConnectionsValue);
    config.threads = int(threadsValue);
    config.limits.maxHeaderBytes = maxHeaderValue;
    config.limits.maxContentBytes = maxContentValue;

    if (parser.isSet(searchTable)) {
        QFile file(parser.value(searchTable));
        if (!file.open(QIODevice::ReadOnly))
            return usageError(options, QStringLiteral("cannot read the search table %1: %2")
                                               .arg(file.fileName(), file.errorString()));
        // Read with a bound: a device (/dev/zero) or a mistaken file would otherwise be read
        // until memory runs out.
        const QByteArray json = file.read(SearchTableBytesCeiling + 1);
        if (json.size() > SearchTableBytesCeiling)
            return usageError(options, QStringLiteral("the search table %1 is over %2 bytes")
                                               .arg(file.fileName())
                                               .arg(SearchTableBytesCeiling));
        QString reason;
        const std::optional<Lab::SearchTable> table = Lab::SearchTable::fromJson(json, &reason);
        if (!table)
            return usageError(options, QStringLiteral("bad search table %1: %2").arg(file.fileName(), reason));
        config.searchTable = *table;
    }
    options.quiet = parser.isSet(quiet);
    options.verbose = parser.isSet(verbose);
    options.logFile = parser.value(logFile);
    if (parser.isSet(logFile) && options.logFile.isEmpty())
        return usageError(options, QStringLiteral("--log-file needs a file name"));
    config.logTraffic = !options.quiet;
    config.epollEventDispatcher = !parser.isSet(qtDispatcher);
    return options;
}

} // namespace Wirelab
