#include "checkoptions.h"

#include <QtCore/QCommandLineParser>

namespace Wirelab::Check {
namespace {

// QCommandLineParser (6.4) does not show default values in --help: the description does.
QCommandLineOption valueOption(const QString &name, const QString &description,
                               const QString &valueName, const QString &defaultValue = {})
{
    const QString text
            = defaultValue.isEmpty()
                      ? description
                      : QStringLiteral("%1 (default: %2)").arg(description, defaultValue);
    return QCommandLineOption(name, text, valueName, defaultValue);
}

QStringList idList(const QString &value)
{
    QStringList ids;
    for (const QString &id : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
        ids.append(id.trimmed());
    return ids;
}

std::optional<std::chrono::milliseconds> secondsValue(const QString &text, double lowest,
                                                      double highest)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || seconds < lowest || seconds > highest)
        return std::nullopt;
    return std::chrono::milliseconds(qint64(seconds * 1000));
}

} // namespace

CheckOptions CheckOptions::parse(const QStringList &arguments)
{
    CheckOptions options;
    const auto usageError = [&options](const QString &message) {
        options.outcome = Outcome::UsageError;
        options.errorMessage = message;
        return options;
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Grades a lab server (HOST PORT), a lab client (--client) or a class of servers "
            "(--roster)\n"
            "against the numbered clauses of docs/LAB-SPEC.md. Exit status: 0 if every MUST case\n"
            "passed (with --strict, every SHOULD case too), 1 if not, 2 for a usage error."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("host"),
                                 QStringLiteral("The server's host name or address."),
                                 QStringLiteral("[HOST"));
    parser.addPositionalArgument(QStringLiteral("port"), QStringLiteral("The server's port."),
                                 QStringLiteral("PORT]"));
    const QCommandLineOption client
            = valueOption(QStringLiteral("client"),
                          QStringLiteral("Grade a client: the command that runs it once, with "
                                         "{host}, {port}, {action} and {value}, "
                                         "e.g. 'python3 app-client.py {host} {port} {action} "
                                         "{value}'. Each placeholder becomes one "
                                         "shell word; do not quote it."),
                          QStringLiteral("command"));
    const QCommandLineOption roster
            = valueOption(QStringLiteral("roster"),
                          QStringLiteral("Grade a class: a file of lines 'NAME COMMAND', the "
                                         "command starting that submission's server "
                                         "on {port}."),
                          QStringLiteral("file"));
    const QCommandLineOption timeout
            = valueOption(QStringLiteral("timeout"), QStringLiteral("Seconds each case may take."),
                          QStringLiteral("seconds"), QStringLiteral("5"));
    const QCommandLineOption seed = valueOption(
            QStringLiteral("seed"),
            QStringLiteral("Seed of the random double/negate values (default: a new one "
                           "each run, printed in the summary)."),
            QStringLiteral("n"));
    const QCommandLineOption strict(QStringLiteral("strict"),
                                    QStringLiteral("Fail on SHOULD cases too (NON-STRICT)."));
    const QCommandLineOption list(
            QStringLiteral("list"),
            QStringLiteral("List the cases (of --client's mode with --client) and exit."));
    const QCommandLineOption only = valueOption(
            QStringLiteral("only"),
            QStringLiteral("Run only these cases; an id selects the cases under it too "
                           "(5.2 selects 5.2.1 and 5.2.1/bytes)."),
            QStringLiteral("id,..."));
    const QCommandLineOption skip
            = valueOption(QStringLiteral("skip"), QStringLiteral("Leave these cases out."),
                          QStringLiteral("id,..."));
    const QCommandLineOption pause = valueOption(
            QStringLiteral("pause"),
            QStringLiteral("Milliseconds of the pause in the middle of a header (/pause cases)."),
            QStringLiteral("ms"), QStringLiteral("250"));
    const QCommandLineOption junit
            = valueOption(QStringLiteral("junit"), QStringLiteral("Write a JUnit XML report."),
                          QStringLiteral("file"));
    const QCommandLineOption json = valueOption(
            QStringLiteral("json"), QStringLiteral("Write a JSON report."), QStringLiteral("file"));
    const QCommandLineOption html = valueOption(
            QStringLiteral("html"), QStringLiteral("Write a self-contained HTML report."),
            QStringLiteral("file"));
    const QCommandLineOption gradescope = valueOption(
            QStringLiteral("gradescope"), QStringLiteral("Write Gradescope's results.json."),
            QStringLiteral("file"));
    const QCommandLineOption captures = valueOption(
            QStringLiteral("captures"),
            QStringLiteral(
                    "Write a pcapng capture of each case that did not pass into this folder."),
            QStringLiteral("dir"));
    const QCommandLineOption hidden
            = valueOption(QStringLiteral("hidden"),
                          QStringLiteral("Cases Gradescope shows only once grades are published."),
                          QStringLiteral("id,..."));
    const QCommandLineOption output
            = valueOption(QStringLiteral("output"),
                          QStringLiteral("--roster: the folder for the matrix, the index and each "
                                         "submission's report and log."),
                          QStringLiteral("dir"), QStringLiteral("wirelab-roster"));
    const QCommandLineOption startTimeout
            = valueOption(QStringLiteral("start-timeout"),
                          QStringLiteral("--roster: seconds a server has to start listening."),
                          QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption cap = valueOption(
            QStringLiteral("submission-timeout"),
            QStringLiteral("--roster: seconds for a whole submission; cases left then fail."),
            QStringLiteral("seconds"), QStringLiteral("300"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("Print only the summary."));
    const QCommandLineOption verbose(
            QStringLiteral("verbose"),
            QStringLiteral("Debug messages (wirelab.* logging categories)."));
    parser.addOptions({ client, roster, timeout,      seed, strict, list,       only,
                        skip,   pause,  junit,        json, html,   gradescope, captures,
                        hidden, output, startTimeout, cap,  quiet,  verbose });

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
    if (parser.isSet(client) && parser.isSet(roster))
        return usageError(QStringLiteral("--client and --roster do not go together"));
    if (parser.isSet(client)) {
        options.target = Target::Client;
        options.clientCommand = parser.value(client);
        if (!options.clientCommand.contains(QLatin1String("{port}")))
            return usageError(QStringLiteral(
                    "--client needs a command with {port} (and {host}, {action}, {value})"));
    } else if (parser.isSet(roster)) {
        options.target = Target::Roster;
        options.rosterFile = parser.value(roster);
        if (parser.isSet(junit) || parser.isSet(json) || parser.isSet(html)
            || parser.isSet(gradescope) || parser.isSet(captures))
            return usageError(QStringLiteral(
                    "--roster writes its reports into --output; --junit, --json, --html, "
                    "--gradescope and --captures are for one target"));
    }
    const bool listing = parser.isSet(list);
    if (options.target == Target::Server && !listing) {
        if (positional.size() != 2)
            return usageError(QStringLiteral(
                    "usage: wirelab-check [options] HOST PORT, --client COMMAND or --roster FILE"));
        bool ok = false;
        const uint port = positional[1].toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return usageError(
                    QStringLiteral("not a port number (1 to 65535): '%1'").arg(positional[1]));
        options.host = positional[0];
        options.port = quint16(port);
    } else if (!positional.isEmpty()) {
        return usageError(QStringLiteral("HOST PORT go without --client, --roster and --list"));
    }

    const std::optional<std::chrono::milliseconds> caseTimeout
            = secondsValue(parser.value(timeout), 0.05, 3600);
    if (!caseTimeout)
        return usageError(QStringLiteral("--timeout takes seconds, from 0.05 to 3600"));
    options.settings.timeout = *caseTimeout;
    bool ok = false;
    const int pauseMs = parser.value(pause).toInt(&ok);
    if (!ok || pauseMs < 1 || pauseMs >= options.settings.timeout.count())
        return usageError(
                QStringLiteral("--pause takes milliseconds, from 1 to less than --timeout"));
    options.settings.chop.pause = std::chrono::milliseconds(pauseMs);
    if (parser.isSet(seed)) {
        const qulonglong value = parser.value(seed).toULongLong(&ok);
        if (!ok || value > 0xffffffffULL)
            return usageError(QStringLiteral("--seed takes a whole number from 0 to 4294967295"));
        options.seed = quint32(value);
    }
    const std::optional<std::chrono::milliseconds> start
            = secondsValue(parser.value(startTimeout), 0.1, 3600);
    const std::optional<std::chrono::milliseconds> submissionCap
            = secondsValue(parser.value(cap), 1, 86400);
    if (!start || !submissionCap)
        return usageError(QStringLiteral("--start-timeout takes seconds from 0.1 to 3600, "
                                         "--submission-timeout from 1 to 86400"));
    options.roster.startTimeout = *start;
    options.roster.cap = *submissionCap;
    options.roster.outputDirectory = parser.value(output);

    options.strict = parser.isSet(strict);
    options.only = idList(parser.value(only));
    options.skip = idList(parser.value(skip));
    options.hidden = idList(parser.value(hidden));
    options.junitFile = parser.value(junit);
    options.jsonFile = parser.value(json);
    options.htmlFile = parser.value(html);
    options.gradescopeFile = parser.value(gradescope);
    options.capturesDirectory = parser.value(captures);
    options.quiet = parser.isSet(quiet);
    options.verbose = parser.isSet(verbose);
    if (listing)
        options.outcome = Outcome::List;
    return options;
}

} // namespace Wirelab::Check
