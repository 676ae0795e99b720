#include "clientoptions.h"

#include <QtCore/QCommandLineParser>

namespace Wirelab {

ClientOptions ClientOptions::parse(const QStringList &arguments)
{
    ClientOptions options;
    const auto usageError = [&options](const QString &message) {
        options.outcome = Outcome::UsageError;
        options.errorMessage = message;
        return options;
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "The lab's application client: sends one request and prints what travels, as the "
            "lab's app-client.py does."));
    // After the first positional argument everything is positional, so that "negate -300"
    // reads -300 as the value, as the lab client does.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("host"), QStringLiteral("The server's host name or address."));
    parser.addPositionalArgument(QStringLiteral("port"), QStringLiteral("The server's port."));
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("search, double, negate, or any other word (sent as binary)."));
    parser.addPositionalArgument(QStringLiteral("value"),
                                 QStringLiteral("What to search for, or the 32-bit integer for double/negate."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds to wait for the whole exchange. (default: 10)"),
                                     QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("Print only the result, not the transcript."));
    const QCommandLineOption capture(
            QStringLiteral("capture"),
            QStringLiteral("Write the exchange's TCP connection to <file> as a pcapng capture, also "
                           "when it fails (open it in Wireshark with resources/wirelab.lua)."),
            QStringLiteral("file"));
    const QCommandLineOption raw(
            QStringLiteral("raw"),
            QStringLiteral("Print the server's text as it came. Without it, what a terminal would "
                           "act on (escape sequences, newlines) is printed as Python's repr() "
                           "writes it, \\x1b or \\n."));
    parser.addOptions({ timeout, quiet, raw, capture });

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
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
    if (positional.size() != 4)
        return usageError(QStringLiteral("usage: wirelab-client <host> <port> <action> <value>"));
    bool ok = false;
    const uint port = positional[1].toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return usageError(QStringLiteral("not a port number (1 to 65535): '%1'")
                                  .arg(positional[1]));
    const double seconds = parser.value(timeout).toDouble(&ok);
    // Written so that nan, which no comparison holds for, is refused too.
    if (!ok || !(seconds >= 0.001 && seconds <= 86400))
        return usageError(QStringLiteral("--timeout takes a number of seconds, "
                                         "from 0.001 to 86400: '%1'")
                                  .arg(parser.value(timeout)));

    if (parser.isSet(capture) && parser.value(capture).isEmpty())
        return usageError(QStringLiteral("--capture needs a file name"));

    options.host = positional[0];
    options.port = quint16(port);
    options.action = positional[2];
    options.value = positional[3];
    options.timeout = std::chrono::milliseconds(qRound64(seconds * 1000));
    options.quiet = parser.isSet(quiet);
    options.raw = parser.isSet(raw);
    options.captureFile = parser.value(capture);
    return options;
}

} // namespace Wirelab
