#include "checkapplication.h"

#include "casecatalog.h"
#include "checkoptions.h"
#include "checkrunner.h"
#include "childgroups.h"
#include "evidencecapture.h"
#include "gradescopereport.h"
#include "htmlreport.h"
#include "junitreport.h"
#include "roster.h"
#include "rosterreport.h"
#include "rosterrunner.h"
#include "textreport.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QRandomGenerator>
#include <cstdio>

namespace Wirelab::Check {
namespace {

void print(FILE *stream, const QString &text)
{
    fputs(text.toUtf8().constData(), stream);
    if (!text.endsWith(QLatin1Char('\n')))
        fputc('\n', stream);
    fflush(stream);
}

int usageError(const QString &message)
{
    print(stderr, QStringLiteral("wirelab-check: %1").arg(message));
    return ExitUsage;
}

bool writeFile(const QString &fileName, const QByteArray &bytes)
{
    QFile file(fileName);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size())
        return true;
    print(stderr,
          QStringLiteral("wirelab-check: cannot write %1: %2").arg(fileName, file.errorString()));
    return false;
}

bool writeReports(const CheckOptions &options, CheckReport report)
{
    bool ok = true;
    // First, so that the reports name each case's capture.
    if (!options.capturesDirectory.isEmpty()) {
        QString error;
        if (EvidenceCapture::writeCaptures(report, options.capturesDirectory, &error)) {
            print(stdout, QStringLiteral("Captures of the cases that did not pass: %1")
                                  .arg(options.capturesDirectory));
        } else {
            print(stderr, QStringLiteral("wirelab-check: %1").arg(error));
            ok = false;
        }
    }
    if (!options.junitFile.isEmpty())
        ok &= writeFile(options.junitFile, JUnitReport::write(report));
    if (!options.jsonFile.isEmpty())
        ok &= writeFile(options.jsonFile, QJsonDocument(report.toJson()).toJson());
    if (!options.htmlFile.isEmpty())
        ok &= writeFile(options.htmlFile, HtmlReport::write(report));
    if (!options.gradescopeFile.isEmpty())
        ok &= writeFile(options.gradescopeFile, GradescopeReport::write(report, options.hidden));
    return ok;
}

int runTarget(const CheckOptions &options, const CheckPlan &plan)
{
    CheckRunner runner;
    int exitCode = ExitPassed;
    QObject::connect(&runner, &CheckRunner::caseFinished, [&options](const CaseResult &result) {
        if (options.quiet)
            return;
        print(stdout, TextReport::caseLine(result));
        if (result.verdict != Verdict::Pass)
            print(stdout, TextReport::caseDetails(result));
    });
    QObject::connect(&runner, &CheckRunner::finished, [&](const CheckReport &report) {
        print(stdout, TextReport::summary(report));
        exitCode = writeReports(options, report) ? report.exitCode() : ExitUsage;
        QCoreApplication::exit(exitCode);
    });
    runner.start(plan, options.target == CheckOptions::Target::Client
                               ? CheckTarget::client(options.clientCommand)
                               : CheckTarget::server(options.host, options.port));
    QCoreApplication::exec();
    return exitCode;
}

int runRoster(const CheckOptions &options, const CheckPlan &plan)
{
    QFile file(options.rosterFile);
    if (!file.open(QIODevice::ReadOnly))
        return usageError(QStringLiteral("cannot read the roster %1: %2")
                                  .arg(options.rosterFile, file.errorString()));
    QString error;
    const std::optional<QList<RosterEntry>> entries = Roster::parse(file.readAll(), &error);
    if (!entries)
        return usageError(QStringLiteral("%1: %2").arg(options.rosterFile, error));
    const QDir output(options.roster.outputDirectory);
    if (!QDir().mkpath(output.path()))
        return usageError(QStringLiteral("cannot make the folder %1").arg(output.path()));

    RosterRunner runner;
    int exitCode = ExitPassed;
    QObject::connect(&runner, &RosterRunner::submissionStarted,
                     [&](const RosterEntry &entry, int index, int count) {
                         if (!options.quiet)
                             print(stdout, QStringLiteral("[%1/%2] %3: %4")
                                                   .arg(index + 1)
                                                   .arg(count)
                                                   .arg(entry.name, entry.command));
                     });
    QObject::connect(
            &runner, &RosterRunner::submissionFinished, [&](const SubmissionResult &result) {
                if (!result.report.passed())
                    exitCode = ExitFailed;
                if (options.quiet)
                    return;
                const VerdictCounts counts = result.report.counts();
                print(stdout,
                      QStringLiteral("      PASS %1  NON-STRICT %2  INFO %3  FAIL %4%5  -> %6")
                              .arg(counts.pass)
                              .arg(counts.nonStrict)
                              .arg(counts.info)
                              .arg(counts.fail)
                              .arg(result.problem.isEmpty()
                                           ? QString()
                                           : QStringLiteral("  (%1)").arg(result.problem))
                              .arg(output.filePath(result.htmlReport)));
            });
    QObject::connect(&runner, &RosterRunner::finished, [&] {
        print(stdout, RosterReport::terminalMatrix(runner.results(), plan.cases));
        const bool written = writeFile(output.filePath(QStringLiteral("matrix.csv")),
                                       RosterReport::csv(runner.results(), plan.cases))
                             && writeFile(output.filePath(QStringLiteral("index.html")),
                                          RosterReport::htmlIndex(runner.results(), plan.cases));
        if (!written)
            exitCode = ExitUsage;
        print(stdout, QStringLiteral("Reports: %1 (index), %2")
                              .arg(output.filePath(QStringLiteral("index.html")),
                                   output.filePath(QStringLiteral("matrix.csv"))));
        QCoreApplication::exit(exitCode);
    });
    runner.start(*entries, plan, options.roster);
    QCoreApplication::exec();
    return exitCode;
}

} // namespace

int runCheckApplication()
{
    const CheckOptions options = CheckOptions::parse(QCoreApplication::arguments());
    switch (options.outcome) {
    case CheckOptions::Outcome::ShowHelp:
        fputs(options.helpText.toUtf8().constData(), stdout);
        return ExitPassed;
    case CheckOptions::Outcome::ShowVersion:
        print(stdout, QStringLiteral("%1 %2").arg(QCoreApplication::applicationName(),
                                                  QCoreApplication::applicationVersion()));
        return ExitPassed;
    case CheckOptions::Outcome::UsageError:
        return usageError(options.errorMessage);
    case CheckOptions::Outcome::List:
    case CheckOptions::Outcome::Run:
        break;
    }
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("wirelab.*.debug=true"));
    ChildGroups::installTerminationHandler();

    const quint32 seed = options.seed.value_or(QRandomGenerator::global()->generate());
    const CaseCatalog::Selection selection = CaseCatalog::select(
            CaseCatalog::cases(options.mode(), seed), options.only, options.skip);
    if (!selection.unknownSelectors.isEmpty())
        return usageError(QStringLiteral("no %1-mode case has the id %2 (see --list)")
                                  .arg(modeName(options.mode()),
                                       selection.unknownSelectors.join(QLatin1String(", "))));
    if (selection.cases.isEmpty())
        return usageError(QStringLiteral("--only and --skip leave no case to run"));
    if (options.outcome == CheckOptions::Outcome::List) {
        print(stdout, TextReport::caseList(selection.cases));
        return ExitPassed;
    }

    CheckPlan plan;
    plan.cases = selection.cases;
    plan.settings = options.settings;
    plan.seed = seed;
    plan.strict = options.strict;
    plan.version = QCoreApplication::applicationVersion();
    return options.target == CheckOptions::Target::Roster ? runRoster(options, plan)
                                                          : runTarget(options, plan);
}

} // namespace Wirelab::Check
