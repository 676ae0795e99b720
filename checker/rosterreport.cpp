#include "rosterreport.h"

#include "htmlreport.h"

#include <QtCore/QHash>

namespace Wirelab::Check::RosterReport {
namespace {

int rank(const CaseResult &result)
{
    if (!result.ran)
        return 4;
    switch (result.verdict) {
    case Verdict::Pass:
        return 0;
    case Verdict::Info:
        return 1;
    case Verdict::NonStrict:
        return 2;
    case Verdict::Fail:
        return 3;
    }
    return 0;
}

QStringList baseIds(const QList<CheckCase> &cases)
{
    QStringList ids;
    for (const CheckCase &testCase : cases) {
        if (!ids.contains(testCase.baseId()))
            ids.append(testCase.baseId());
    }
    return ids;
}

// For each base id, the worst of the results of it and its chops.
QHash<QString, const CaseResult *> worstByBase(const CheckReport &report)
{
    QHash<QString, const CaseResult *> worst;
    for (const CaseResult &result : report.cases) {
        const qsizetype slash = result.id.indexOf(QLatin1Char('/'));
        const QString base = slash < 0 ? result.id : result.id.left(slash);
        const CaseResult *&current = worst[base];
        if (!current || rank(result) > rank(*current))
            current = &result;
    }
    return worst;
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString points(double value)
{
    return QString::number(value, 'g', 6);
}

QString verdictWord(const CaseResult *result)
{
    if (!result)
        return QStringLiteral("-");
    return result->ran ? verdictName(result->verdict) : QStringLiteral("NOT-RUN");
}

} // namespace

Score scoreOf(const CheckReport &report)
{
    Score score;
    for (const CaseResult &result : report.cases) {
        const double value = result.level == Level::May ? 0 : 1;
        score.maxPoints += value;
        if (!report.countsAsFailure(result))
            score.points += value;
    }
    return score;
}

QChar verdictSymbol(const CaseResult &result)
{
    if (!result.ran)
        return QLatin1Char('-');
    switch (result.verdict) {
    case Verdict::Pass:
        return QLatin1Char('.');
    case Verdict::NonStrict:
        return QLatin1Char('~');
    case Verdict::Info:
        return QLatin1Char('i');
    case Verdict::Fail:
        return QLatin1Char('F');
    }
    return QLatin1Char('?');
}

QString terminalMatrix(const QList<SubmissionResult> &results, const QList<CheckCase> &cases)
{
    const QStringList bases = baseIds(cases);
    qsizetype nameWidth = 10;
    for (const SubmissionResult &result : results)
        nameWidth = qMax(nameWidth, result.entry.name.size());
    QString text = QStringLiteral("Roster: %1 submissions x %2 cases (%3 columns: a case and its "
                                  "chopped variants, worst first)\n")
                           .arg(results.size())
                           .arg(cases.size())
                           .arg(bases.size());
    text += QStringLiteral("Columns: . PASS  ~ NON-STRICT  i INFO  F FAIL  - not run; in groups by "
                           "clause section\n");
    text += QStringLiteral("%1  %2  %3\n")
                    .arg(QStringLiteral("submission").leftJustified(nameWidth),
                         QStringLiteral("score").leftJustified(11), QStringLiteral("cases"));
    for (const SubmissionResult &result : results) {
        const QHash<QString, const CaseResult *> worst = worstByBase(result.report);
        QString row;
        QString section;
        for (const QString &base : bases) {
            const QString baseSection = base.section(QLatin1Char('.'), 0, 0);
            if (!row.isEmpty() && baseSection != section)
                row += QLatin1Char(' ');
            section = baseSection;
            const CaseResult *caseResult = worst.value(base);
            row += caseResult ? verdictSymbol(*caseResult) : QLatin1Char(' ');
        }
        const Score score = scoreOf(result.report);
        text += QStringLiteral("%1  %2  %3\n")
                        .arg(result.entry.name.leftJustified(nameWidth),
                             QStringLiteral("%1/%2")
                                     .arg(points(score.points), points(score.maxPoints))
                                     .leftJustified(11),
                             row);
        if (!result.problem.isEmpty())
            text += QStringLiteral("%1  %2\n")
                            .arg(QString(nameWidth, QLatin1Char(' ')), result.problem);
    }
    return text;
}

QByteArray csv(const QList<SubmissionResult> &results, const QList<CheckCase> &cases)
{
    QStringList header = { QStringLiteral("submission"), QStringLiteral("command"),
                           QStringLiteral("problem"),    QStringLiteral("score"),
                           QStringLiteral("max_score"),  QStringLiteral("pass"),
                           QStringLiteral("non_strict"), QStringLiteral("info"),
                           QStringLiteral("fail") };
    for (const CheckCase &testCase : cases)
        header.append(testCase.id);
    QString text = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const SubmissionResult &result : results) {
        const Score score = scoreOf(result.report);
        const VerdictCounts counts = result.report.counts();
        QStringList row = { result.entry.name,
                            result.entry.command,
                            result.problem,
                            points(score.points),
                            points(score.maxPoints),
                            QString::number(counts.pass),
                            QString::number(counts.nonStrict),
                            QString::number(counts.info),
                            QString::number(counts.fail) };
        QHash<QString, const CaseResult *> byId;
        for (const CaseResult &caseResult : result.report.cases)
            byId.insert(caseResult.id, &caseResult);
        for (const CheckCase &testCase : cases)
            row.append(verdictWord(byId.value(testCase.id)));
        for (QString &field : row)
            field = csvField(field);
        text += row.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return text.toUtf8();
}

QByteArray htmlIndex(const QList<SubmissionResult> &results, const QList<CheckCase> &cases)
{
    const QStringList bases = baseIds(cases);
    QString html
            = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                             "charset=\"utf-8\"><title>wirelab-check roster</title>"
                             "<style>%1 td.cell{padding:0;width:.9em;height:1.2em}td.cell "
                             "a{display:block;height:100%}"
                             "td.cell.pass{background:#2e7d32}td.cell.nonstrict{background:#b26a00}"
                             "td.cell.info{background:#1565c0}"
                             "td.cell.fail{background:#c62828}td.cell.notrun{background:#9e9e9e}"
                             "th.case{writing-mode:vertical-rl;font-weight:normal;font-size:75%}</"
                             "style></head><body>\n")
                      .arg(HtmlReport::styleSheet());
    html += QStringLiteral("<h1>wirelab-check roster: %1 submissions x %2 cases</h1>")
                    .arg(results.size())
                    .arg(cases.size());
    html += QStringLiteral("<p>Each column is a case with its chopped variants (the worst of "
                           "them); hover for the case, click "
                           "for its evidence. Every case is in matrix.csv.</p>");
    html += QStringLiteral(
            "<table class=\"cases\"><tr><th>submission</th><th>score</th><th>problem</th>");
    for (const QString &base : bases)
        html += QStringLiteral("<th class=\"case\">%1</th>").arg(HtmlReport::escaped(base));
    html += QStringLiteral("</tr>\n");
    for (const SubmissionResult &result : results) {
        const Score score = scoreOf(result.report);
        const QHash<QString, const CaseResult *> worst = worstByBase(result.report);
        html += QStringLiteral("<tr><td><a href=\"%1\">%2</a></td><td>%3/%4</td><td>%5</td>")
                        .arg(HtmlReport::escaped(result.htmlReport),
                             HtmlReport::escaped(result.entry.name), points(score.points),
                             points(score.maxPoints), HtmlReport::escaped(result.problem));
        for (const QString &base : bases) {
            const CaseResult *caseResult = worst.value(base);
            const QString cls = !caseResult                            ? QString()
                                : !caseResult->ran                     ? QStringLiteral("notrun")
                                : caseResult->verdict == Verdict::Pass ? QStringLiteral("pass")
                                : caseResult->verdict == Verdict::NonStrict
                                        ? QStringLiteral("nonstrict")
                                : caseResult->verdict == Verdict::Info ? QStringLiteral("info")
                                                                       : QStringLiteral("fail");
            QString title = caseResult ? QStringLiteral("%1 %2").arg(caseResult->id,
                                                                     verdictWord(caseResult))
                                       : base;
            if (caseResult && !caseResult->summary().isEmpty())
                title += QStringLiteral(": ") + caseResult->summary();
            html += QStringLiteral("<td class=\"cell %1\" title=\"%2\"><a href=\"%3#%4\"></a></td>")
                            .arg(cls, HtmlReport::escaped(title),
                                 HtmlReport::escaped(result.htmlReport),
                                 HtmlReport::anchorFor(caseResult ? caseResult->id : base));
        }
        html += QStringLiteral("</tr>\n");
    }
    html += QStringLiteral("</table></body></html>\n");
    return html.toUtf8();
}

} // namespace Wirelab::Check::RosterReport
