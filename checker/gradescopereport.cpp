#include "gradescopereport.h"

#include "casecatalog.h"
#include "textreport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace Wirelab::Check::GradescopeReport {

QByteArray write(const CheckReport &report, const QStringList &hiddenSelectors)
{
    double score = 0;
    QJsonArray tests;
    for (const CaseResult &result : report.cases) {
        const double maxScore = result.level == Level::May ? 0 : 1;
        const bool failed = report.countsAsFailure(result);
        const double caseScore = failed ? 0 : maxScore;
        score += caseScore;
        const bool hidden = std::any_of(
                hiddenSelectors.cbegin(), hiddenSelectors.cend(),
                [&](const QString &selector) { return CaseCatalog::selects(selector, result.id); });
        QString output = TextReport::caseLine(result);
        if (result.verdict != Verdict::Pass)
            output += QLatin1Char('\n') + TextReport::caseDetails(result);
        tests.append(QJsonObject {
                { QStringLiteral("name"), result.id + QLatin1Char(' ') + result.title },
                { QStringLiteral("number"), result.id },
                { QStringLiteral("score"), caseScore },
                { QStringLiteral("max_score"), maxScore },
                { QStringLiteral("status"),
                  failed ? QStringLiteral("failed") : QStringLiteral("passed") },
                { QStringLiteral("output"), output },
                { QStringLiteral("tags"),
                  QJsonArray::fromStringList(result.clauses
                                             + QStringList { verdictName(result.verdict) }) },
                { QStringLiteral("visibility"),
                  hidden ? QStringLiteral("after_published") : QStringLiteral("visible") },
        });
    }
    const QJsonObject results {
        { QStringLiteral("score"), score },
        { QStringLiteral("execution_time"), qRound64(report.durationMs / 1000.0) },
        { QStringLiteral("output"), TextReport::summary(report) },
        { QStringLiteral("visibility"), QStringLiteral("visible") },
        { QStringLiteral("stdout_visibility"), QStringLiteral("hidden") },
        { QStringLiteral("tests"), tests },
    };
    return QJsonDocument(results).toJson(QJsonDocument::Indented);
}

} // namespace Wirelab::Check::GradescopeReport
