#include "textreport.h"

#include "byteannotation.h"
#include "labspec.h"
#include "pythonrepr.h"

namespace Wirelab::Check::TextReport {
namespace {

constexpr int VerdictWidth = 11; // "NON-STRICT" and a space
constexpr int IdWidth = 14; // "5.2.1/bytes" and room
constexpr int WrapColumn = 100;

QString indented(const QString &text, const QString &indent)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line.prepend(indent);
    return lines.join(QLatin1Char('\n'));
}

// ids, comma-separated, wrapped under a heading.
QString idList(const QString &heading, const QStringList &ids)
{
    QString text = QStringLiteral("  %1:").arg(heading);
    qsizetype column = text.size();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QString item = ids[i] + (i + 1 < ids.size() ? QStringLiteral(",") : QString());
        if (column + 1 + item.size() > WrapColumn) {
            text += QStringLiteral("\n   ");
            column = 3;
        }
        text += QLatin1Char(' ') + item;
        column += 1 + item.size();
    }
    return text;
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', 1);
}

QString findingText(const Finding &finding)
{
    QString text = QStringLiteral("    %1, %2 %3: %4\n")
                           .arg(finding.subject, finding.clause, levelName(finding.level),
                                finding.problem);
    if (!finding.expected.isEmpty()) {
        text += QStringLiteral("    Expected:\n");
        for (const Accepted &accepted : finding.expected) {
            text += QStringLiteral("      - %1\n").arg(accepted.description);
            if (!accepted.bytes.isEmpty())
                text += QStringLiteral("        %1\n").arg(PythonRepr::bytes(accepted.bytes));
        }
    }
    text += QStringLiteral("    Actual:\n");
    if (finding.actualIsText)
        text += indented(finding.actualText, QStringLiteral("      ")) + QLatin1Char('\n');
    else if (finding.differsAt >= 0)
        text += literalWithCaret(finding.actualBytes, finding.differsAt, finding.differsField,
                                 QStringLiteral("      "))
                + QLatin1Char('\n');
    else
        text += QStringLiteral("      %1\n").arg(PythonRepr::bytes(finding.actualBytes));
    return text;
}

} // namespace

QString clauseTag(const QStringList &clauses)
{
    QStringList parts;
    for (const QString &id : clauses) {
        const Clause *clause = LabSpec::find(id);
        parts.append(clause ? QStringLiteral("%1 %2").arg(id, levelName(clause->level)) : id);
    }
    return QLatin1Char('[') + parts.join(QLatin1String("; ")) + QLatin1Char(']');
}

QString caseLine(const CaseResult &result)
{
    return QStringLiteral("%1%2%3  %4")
            .arg(verdictName(result.verdict).leftJustified(VerdictWidth))
            .arg(result.id.leftJustified(IdWidth))
            .arg(result.title, clauseTag(result.clauses));
}

QString caseDetails(const CaseResult &result)
{
    if (result.verdict == Verdict::Pass)
        return {};
    QString text;
    for (const SentBytes &sent : result.sent)
        text += QStringLiteral("    Sent (%1):\n      %2\n")
                        .arg(sent.label, PythonRepr::bytes(sent.bytes));
    for (const Finding &finding : result.findings)
        text += findingText(finding);
    for (const QString &note : result.notes) {
        // The client's output is already under "Actual:" when it is what was judged.
        const bool shown = std::any_of(
                result.findings.cbegin(), result.findings.cend(), [&note](const Finding &finding) {
                    return finding.actualIsText && finding.actualText == note;
                });
        if (!shown)
            text += indented(note, QStringLiteral("    ")) + QLatin1Char('\n');
    }
    return text;
}

QString literalWithCaret(const QByteArray &bytes, qint64 offset, const QString &field,
                         const QString &indent)
{
    const QString literal = PythonRepr::bytes(bytes);
    const qsizetype column = reprColumn(bytes, offset);
    const QString where
            = offset < bytes.size()
                      ? QStringLiteral("byte %1: %2").arg(offset).arg(field)
                      : QStringLiteral("after byte %1: nothing more came").arg(bytes.size() - 1);
    return indent + literal + QLatin1Char('\n') + indent + QString(column, QLatin1Char(' '))
           + QStringLiteral("^ ") + where;
}

namespace {

QStringList idsWith(const CheckReport &report, Verdict verdict)
{
    QStringList ids;
    for (const CaseResult &result : report.cases) {
        if (result.verdict == verdict)
            ids.append(result.id);
    }
    return ids;
}

} // namespace

QString summaryCounts(const CheckReport &report)
{
    const VerdictCounts counts = report.counts();
    QString text = QStringLiteral("Summary: %1 cases, %2 mode, against %3, in %4 s; seed %5 "
                                  "(--seed %5 repeats it)\n")
                           .arg(counts.total())
                           .arg(modeName(report.mode), report.target, seconds(report.durationMs))
                           .arg(report.seed);
    text += QStringLiteral("  PASS %1   NON-STRICT %2   INFO %3   FAIL %4\n")
                    .arg(counts.pass)
                    .arg(counts.nonStrict)
                    .arg(counts.info)
                    .arg(counts.fail);
    if (!report.abandoned.isEmpty())
        text += QStringLiteral("  Stopped early: %1\n").arg(report.abandoned);
    return text;
}

QString resultLine(const CheckReport &report)
{
    const qsizetype failed = idsWith(report, Verdict::Fail).size();
    const qsizetype nonStrict = idsWith(report, Verdict::NonStrict).size();
    if (failed > 0)
        return QStringLiteral("Result: FAIL (%1 %2 a MUST)\n")
                .arg(failed)
                .arg(failed == 1 ? QStringLiteral("case breaks") : QStringLiteral("cases break"));
    if (report.strict && nonStrict > 0)
        return QStringLiteral("Result: FAIL (--strict: %1 %2 a SHOULD)\n")
                .arg(nonStrict)
                .arg(nonStrict == 1 ? QStringLiteral("case misses") : QStringLiteral("cases miss"));
    if (nonStrict > 0)
        return QStringLiteral("Result: PASS (every MUST met; %1 %2 a SHOULD, which --strict would "
                              "fail)\n")
                .arg(nonStrict)
                .arg(nonStrict == 1 ? QStringLiteral("case misses") : QStringLiteral("cases miss"));
    return QStringLiteral("Result: PASS\n");
}

QString summary(const CheckReport &report)
{
    QString text = summaryCounts(report);
    for (const auto &[verdict, name] : { std::pair { Verdict::Fail, "FAIL" },
                                         std::pair { Verdict::NonStrict, "NON-STRICT" },
                                         std::pair { Verdict::Info, "INFO" } }) {
        const QStringList ids = idsWith(report, verdict);
        if (!ids.isEmpty())
            text += idList(QLatin1String(name), ids) + QLatin1Char('\n');
    }
    return text + resultLine(report);
}

QString caseList(const QList<CheckCase> &cases)
{
    QString text;
    for (const CheckCase &testCase : cases)
        text += QStringLiteral("%1%2  %3\n")
                        .arg(testCase.id.leftJustified(IdWidth),
                             levelName(testCase.level).leftJustified(7),
                             testCase.title + QStringLiteral("  ") + clauseTag(testCase.clauses));
    text += QStringLiteral("%1 cases\n").arg(cases.size());
    return text;
}

} // namespace Wirelab::Check::TextReport
