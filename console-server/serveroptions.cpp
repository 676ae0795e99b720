#include "serveroptions.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QThread>
#include <cmath>

namespace Wirelab {

namespace {

// Every option of the command line, declared once; validate() reads them.
struct DeclaredOptions
{
    QCommandLineOption maxConnections;
    QCommandLineOption minRate;
    QCommandLineOption maxBuffered;
    QCommandLineOption idleTimeout;
    QCommandLineOption requestTimeout;
    QCommandLineOption writeTimeout;
    QCommandLineOption maxHeader;
    QCommandLineOption maxContent;
    QCommandLineOption searchTable;
    QCommandLineOption maxSearchTable;
    QCommandLineOption threads;
    QCommandLineOption proxyProtocol;
    QCommandLineOption trustedProxy;
    QCommandLineOption proxyHeaderTimeout;
    QCommandLineOption answerChunk;
    QCommandLineOption answerDelay;
    QCommandLineOption logFile;
    QCommandLineOption quiet;
    QCommandLineOption verbose;
    QCommandLineOption qtDispatcher;
};

// QCommandLineParser (6.4) does not show default values in --help: the description does.
QCommandLineOption optionWithDefault(const QString &name, const QString &description,
                                     const QString &valueName, const QString &defaultValue)
{
    return QCommandLineOption(name, QStringLiteral("%1 (default: %2)").arg(description, defaultValue),
                              valueName, defaultValue);
}

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(duration.count() / 1000.0);
}

DeclaredOptions declareOptions(QCommandLineParser &parser)
{
    const ServerConfig defaults;
    parser.setApplicationDescription(QStringLiteral(
            "The lab's application server: answers search, double, negate and echoes anything "
            "else, one request per connection, many connections at once."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("host"),
                                 QStringLiteral("Address to listen on: '' or :: for every "
                                                "interface (IPv6 and IPv4), 0.0.0.0, 127.0.0.1, "
                                                "...; left out, with port, when systemd passes "
                                                "the listening socket (LISTEN_FDS)."));
    parser.addPositionalArgument(QStringLiteral("port"),
                                 QStringLiteral("Port to listen on; 0 lets the system choose."));
    DeclaredOptions options {
        optionWithDefault(QStringLiteral("max-connections"),
                          QStringLiteral("Connections served at once, each until it is answered."),
                          QStringLiteral("n"), QString::number(defaults.maxConnections)),
        optionWithDefault(QStringLiteral("min-rate"),
                          QStringLiteral("With every connection taken, a new client takes the place of "
                                         "the one open longest among those sending under this many "
                                         "bytes a second (0: none is ever displaced)."),
                          QStringLiteral("bytes"), QString::number(defaults.minRate)),
        optionWithDefault(QStringLiteral("max-buffered"),
                          QStringLiteral("Bytes the requests being read may hold together; past it a "
                                         "growing request is told \"server busy\"."),
                          QStringLiteral("bytes"), QString::number(defaults.maxBufferedBytes)),
        optionWithDefault(QStringLiteral("idle-timeout"),
                          QStringLiteral("Seconds a client may send nothing before its request is complete."),
                          QStringLiteral("seconds"), seconds(defaults.idleTimeout)),
        optionWithDefault(QStringLiteral("request-timeout"),
                          QStringLiteral("Seconds a client has to send its whole request."),
                          QStringLiteral("seconds"), seconds(defaults.requestTimeout)),
        optionWithDefault(QStringLiteral("write-timeout"),
                          QStringLiteral("Seconds a client has to read its answer."),
                          QStringLiteral("seconds"), seconds(defaults.writeTimeout)),
        optionWithDefault(QStringLiteral("max-header"),
                          QStringLiteral("Largest JSON header accepted, in bytes (up to 65535)."),
                          QStringLiteral("bytes"), QString::number(defaults.limits.maxHeaderBytes)),
        optionWithDefault(QStringLiteral("max-content"),
                          QStringLiteral("Largest content accepted, in bytes (up to 1073741824)."),
                          QStringLiteral("bytes"), QString::number(defaults.limits.maxContentBytes)),
        QCommandLineOption(QStringLiteral("search-table"),
                           QStringLiteral("A JSON object of search answers that replaces the built-in table."),
                           QStringLiteral("file")),
        optionWithDefault(QStringLiteral("max-search-table"),
                          QStringLiteral("Largest search table file read, in bytes (up to 4294967296)."),
                          QStringLiteral("bytes"), QString::number(ServerOptions::DefaultMaxSearchTableBytes)),
        // The default is said, not shown as a number: the man page is made from this text,
        // on the machine that builds the package, not the one that runs the server.
        QCommandLineOption(QStringLiteral("threads"),
                           QStringLiteral("Threads serving connections, each with its own event loop, the "
                                          "listening one among them (default: the number of cores)."),
                           QStringLiteral("n"), QString::number(std::max(1, QThread::idealThreadCount()))),
        QCommandLineOption(QStringLiteral("proxy-protocol"),
                           QStringLiteral("Serve behind a proxy such as HAProxy: every connection "
                                          "must come from a --trusted-proxy and begin with a "
                                          "PROXY protocol header (v1 or v2) naming the client; "
                                          "any other is refused.")),
        QCommandLineOption(QStringLiteral("trusted-proxy"),
                           QStringLiteral("A proxy whose PROXY protocol headers are believed: an "
                                          "address, or a network as ADDR/PREFIX (repeatable; "
                                          "needed by --proxy-protocol)."),
                           QStringLiteral("addr[/prefix]")),
        optionWithDefault(QStringLiteral("proxy-header-timeout"),
                          QStringLiteral("Seconds a trusted proxy has to send the PROXY protocol header."),
                          QStringLiteral("seconds"), seconds(defaults.proxyHeaderTimeout)),
        optionWithDefault(QStringLiteral("answer-chunk"),
                          QStringLiteral("A slow server, to watch a client put an answer together: "
                                         "send each answer this many bytes at a time, each chunk a "
                                         "segment of its own (0: as fast as the client reads)."),
                          QStringLiteral("bytes"), QString::number(defaults.answerChunkBytes)),
        optionWithDefault(QStringLiteral("answer-delay"),
                          QStringLiteral("Seconds to wait before each chunk of an answer (with "
                                         "--answer-chunk 0, before each 64 KiB)."),
                          QStringLiteral("seconds"), seconds(defaults.answerDelay)),
        QCommandLineOption(QStringLiteral("log-file"),
                           QStringLiteral("Write the transcript to this file instead of standard "
                                          "output (SIGHUP opens it again, for logrotate)."),
                           QStringLiteral("file")),
        QCommandLineOption(QStringLiteral("quiet"), QStringLiteral("Print only errors, not the transcript.")),
        QCommandLineOption(QStringLiteral("verbose"), QStringLiteral("Also print debug messages (wirelab.*).")),
        QCommandLineOption(QStringLiteral("qt-event-dispatcher"),
                           QStringLiteral("Use Qt's own event dispatcher instead of epoll (Linux; to compare).")),
    };
    parser.addOptions({ options.maxConnections, options.minRate, options.maxBuffered, options.idleTimeout, options.requestTimeout,
                        options.writeTimeout, options.maxHeader, options.maxContent,
                        options.searchTable, options.maxSearchTable, options.threads,
                        options.proxyProtocol, options.trustedProxy, options.proxyHeaderTimeout, options.answerChunk, options.answerDelay, options.logFile,
                        options.quiet, options.verbose, options.qtDispatcher });
    return options;
}

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

std::optional<std::chrono::milliseconds> boundedSeconds(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0.001 || value > 86400)
        return std::nullopt; // nan and inf read as numbers; under a millisecond rounds to 0
    return std::chrono::milliseconds(qint64(std::llround(value * 1000)));
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

// The file's size is checked before a byte is read: a mistaken 2 GB file costs nothing. A
// device or a pipe (no size) is read with the same bound.
std::optional<QByteArray> readSearchTable(const QString &fileName, qint64 maxBytes, QString *whyNot)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *whyNot = QStringLiteral("cannot read the search table %1: %2").arg(fileName, file.errorString());
        return std::nullopt;
    }
    const auto tooBig = [&] {
        *whyNot = QStringLiteral("the search table %1 is over %2 bytes (--max-search-table raises the limit)")
                          .arg(fileName)
                          .arg(maxBytes);
        return std::nullopt;
    };
    if (!file.isSequential() && file.size() > maxBytes)
        return tooBig();
    QByteArray json = file.read(maxBytes + 1);
    if (json.size() > maxBytes)
        return tooBig();
    return json;
}

// HOST and PORT, or the socket systemd passed.
std::optional<QString> listenArguments(const QStringList &positional, bool socketPassed,
                                       ServerOptions *options)
{
    if (socketPassed) {
        if (!positional.isEmpty())
            return QStringLiteral("systemd passed a listening socket (LISTEN_FDS): leave out "
                                  "host and port, or start the server without its socket unit");
        options->listenOnPassedSocket = true;
        return std::nullopt;
    }
    if (positional.size() != 2)
        return QStringLiteral("usage: wirelab-server <host> <port>");
    options->hostAsGiven = positional[0];
    const std::optional<QHostAddress> address = listenAddress(positional[0]);
    if (!address)
        return QStringLiteral("not an address to listen on: '%1'").arg(positional[0]);
    options->address = *address;
    const std::optional<qint64> port = boundedNumber(positional[1], 0, 65535);
    if (!port)
        return QStringLiteral("not a port number (0 to 65535): '%1'").arg(positional[1]);
    options->port = quint16(*port);
    return std::nullopt;
}

// --proxy-protocol and its --trusted-proxy list: one without the other is a mistake, not
// a server that trusts nobody (or everybody).
std::optional<QString> proxyArguments(const QCommandLineParser &parser, const DeclaredOptions &declared,
                                      ServerConfig *config)
{
    const QStringList proxies = parser.values(declared.trustedProxy);
    config->proxyProtocol = parser.isSet(declared.proxyProtocol);
    if (config->proxyProtocol && proxies.isEmpty())
        return QStringLiteral("--proxy-protocol needs at least one --trusted-proxy ADDR[/PREFIX]: "
                              "the proxies whose headers to believe");
    if (!config->proxyProtocol && !proxies.isEmpty())
        return QStringLiteral("--trusted-proxy is for --proxy-protocol, which is not set");
    for (const QString &proxy : proxies) {
        QString whyNot;
        if (!config->trustedProxies.add(proxy, &whyNot))
            return QStringLiteral("--trusted-proxy: %1").arg(whyNot);
    }
    const auto timeout = boundedSeconds(parser.value(declared.proxyHeaderTimeout));
    if (!timeout)
        return QStringLiteral("--proxy-header-timeout takes a number of seconds from 0.001 to 86400");
    config->proxyHeaderTimeout = *timeout;
    return std::nullopt;
}

ServerOptions validate(const QCommandLineParser &parser, const DeclaredOptions &declared, bool socketPassed)
{
    ServerOptions options;
    if (const std::optional<QString> error = listenArguments(parser.positionalArguments(), socketPassed, &options))
        return usageError(options, *error);

    ServerConfig &config = options.config;
    if (const std::optional<QString> error = proxyArguments(parser, declared, &config))
        return usageError(options, *error);
    const std::optional<qint64> maxConnections = boundedNumber(parser.value(declared.maxConnections), 1, 1000000);
    if (!maxConnections)
        return usageError(options, QStringLiteral("--max-connections takes a number from 1 to 1000000"));
    const std::optional<qint64> minRate = boundedNumber(parser.value(declared.minRate), 0, 1000000000);
    if (!minRate)
        return usageError(options, QStringLiteral("--min-rate takes a number of bytes a second from 0 to 1000000000"));
    const std::optional<qint64> maxBuffered = boundedNumber(parser.value(declared.maxBuffered), 1, qint64(1) << 40);
    if (!maxBuffered)
        return usageError(options, QStringLiteral("--max-buffered takes a number of bytes from 1 to 1099511627776"));
    const std::optional<qint64> threads = boundedNumber(parser.value(declared.threads), 1, 256);
    if (!threads)
        return usageError(options, QStringLiteral("--threads takes a number from 1 to 256"));
    const std::optional<qint64> maxHeader = boundedNumber(parser.value(declared.maxHeader), 1, DecoderLimits::HeaderBytesCeiling);
    if (!maxHeader)
        return usageError(options, QStringLiteral("--max-header takes a number of bytes from 1 to 65535"));
    const std::optional<qint64> maxContent = boundedNumber(parser.value(declared.maxContent), 1, DecoderLimits::ContentBytesCeiling);
    if (!maxContent)
        return usageError(options, QStringLiteral("--max-content takes a number of bytes from 1 to 1073741824"));
    const std::optional<qint64> maxSearchTable = boundedNumber(parser.value(declared.maxSearchTable), 1, qint64(4) << 30);
    if (!maxSearchTable)
        return usageError(options, QStringLiteral("--max-search-table takes a number of bytes from 1 to 4294967296"));
    const auto idle = boundedSeconds(parser.value(declared.idleTimeout));
    const auto request = boundedSeconds(parser.value(declared.requestTimeout));
    const auto write = boundedSeconds(parser.value(declared.writeTimeout));
    if (!idle || !request || !write)
        return usageError(options, QStringLiteral("timeouts take a number of seconds from 0.001 to 86400"));
    const std::optional<qint64> answerChunk = boundedNumber(parser.value(declared.answerChunk), 0, 1 << 30);
    if (!answerChunk)
        return usageError(options, QStringLiteral("--answer-chunk takes a number of bytes from 0 to 1073741824"));
    const QString delayText = parser.value(declared.answerDelay);
    bool isNumber = false;
    const bool isZero = delayText.toDouble(&isNumber) == 0 && isNumber;
    const auto answerDelay = isZero ? std::optional(std::chrono::milliseconds(0)) : boundedSeconds(delayText);
    if (!answerDelay)
        return usageError(options, QStringLiteral("--answer-delay takes a number of seconds, 0 or from 0.001 to 86400"));
    config.answerChunkBytes = *answerChunk;
    config.answerDelay = *answerDelay;
    config.maxConnections = int(*maxConnections);
    config.minRate = double(*minRate);
    config.maxBufferedBytes = *maxBuffered;
    config.threads = int(*threads);
    config.limits.maxHeaderBytes = *maxHeader;
    config.limits.maxContentBytes = *maxContent;
    config.idleTimeout = *idle;
    config.requestTimeout = *request;
    config.writeTimeout = *write;

    if (parser.isSet(declared.searchTable)) {
        const QString fileName = parser.value(declared.searchTable);
        QString whyNot;
        std::optional<QByteArray> json = readSearchTable(fileName, *maxSearchTable, &whyNot);
        if (!json)
            return usageError(options, whyNot);
        // Handed over, not copied: the file's bytes are freed as soon as they are read.
        std::optional<Lab::SearchTable> table = Lab::SearchTable::fromJson(std::move(*json), &whyNot);
        json.reset();
        if (!table)
            return usageError(options, QStringLiteral("bad search table %1: %2").arg(fileName, whyNot));
        config.searchTable = std::make_shared<const Lab::SearchTable>(std::move(*table));
    }
    options.quiet = parser.isSet(declared.quiet);
    options.verbose = parser.isSet(declared.verbose);
    options.logFile = parser.value(declared.logFile);
    if (parser.isSet(declared.logFile) && options.logFile.isEmpty())
        return usageError(options, QStringLiteral("--log-file needs a file name"));
    options.qtEventDispatcher = parser.isSet(declared.qtDispatcher);
    return options;
}

} // namespace

ServerOptions ServerOptions::parse(const QStringList &arguments, bool socketPassed)
{
    QCommandLineParser parser;
    const DeclaredOptions declared = declareOptions(parser);
    if (!parser.parse(arguments))
        return usageError({}, parser.errorText());
    ServerOptions options;
    if (parser.isSet(QStringLiteral("help")))
        options.outcome = Outcome::ShowHelp;
    else if (parser.isSet(QStringLiteral("version")))
        options.outcome = Outcome::ShowVersion;
    else
        options = validate(parser, declared, socketPassed);
    options.helpText = parser.helpText();
    return options;
}

} // namespace Wirelab
