#include "htmlreport.h"

#include "byteannotation.h"
#include "junitreport.h"
#include "pythonrepr.h"
#include "textreport.h"

namespace Wirelab::Check::HtmlReport {
namespace {

constexpr qsizetype BytesPerRow = 16;

QString verdictClass(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("pass");
    case Verdict::NonStrict:
        return QStringLiteral("nonstrict");
    case Verdict::Info:
        return QStringLiteral("info");
    case Verdict::Fail:
        return QStringLiteral("fail");
    }
    return {};
}

QString verdictBadge(Verdict verdict)
{
    return QStringLiteral("<span class=\"verdict %1\">%2</span>")
            .arg(verdictClass(verdict), verdictName(verdict));
}

QString code(const QString &text)
{
    return QStringLiteral("<code>%1</code>").arg(escaped(text));
}

QString asciiOf(char byte)
{
    const unsigned char c = static_cast<unsigned char>(byte);
    return c >= 0x20 && c < 0x7f ? escaped(QString(QLatin1Char(char(c)))) : QStringLiteral("·");
}

QString findingHtml(const Finding &finding)
{
    QString html = QStringLiteral("<div class=\"finding %1\"><p><b>%2</b>, %3 %4: %5</p>")
                           .arg(levelName(finding.level).toLower(), escaped(finding.subject),
                                escaped(finding.clause), levelName(finding.level),
                                escaped(finding.problem));
    if (!finding.expected.isEmpty()) {
        html += QStringLiteral("<p>Expected:</p><ul>");
        for (const Accepted &accepted : finding.expected) {
            html += QStringLiteral("<li>%1").arg(escaped(accepted.description));
            if (!accepted.bytes.isEmpty())
                html += QStringLiteral("<br>%1").arg(code(PythonRepr::bytes(accepted.bytes)));
            html += QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("<p>Actual:</p>");
    if (finding.actualIsText) {
        html += QStringLiteral("<pre>%1</pre>").arg(escaped(finding.actualText));
    } else {
        const QString literal
                = finding.differsAt >= 0 ? TextReport::literalWithCaret(
                          finding.actualBytes, finding.differsAt, finding.differsField, QString())
                                         : PythonRepr::bytes(finding.actualBytes);
        html += QStringLiteral("<pre>%1</pre>").arg(escaped(literal));
        if (!finding.actualBytes.isEmpty())
            html += hexDump(finding.actualBytes, finding.differsAt);
    }
    return html + QStringLiteral("</div>");
}

QString timeline(const Evidence &evidence, int connection, qint64 startUs)
{
    QString html = QStringLiteral(
            "<table class=\"timeline\"><tr><th>ms</th><th>event</th><th>bytes</th></tr>");
    for (const WireEvent &event : evidence.events) {
        if (event.connection != connection)
            continue;
        QString detail = event.text;
        if (!event.bytes.isEmpty())
            detail = QStringLiteral("%1 %2")
                             .arg(event.bytes.size())
                             .arg(PythonRepr::bytes(event.bytes.left(48)))
                     + (event.bytes.size() > 48 ? QStringLiteral("…") : QString());
        html += QStringLiteral("<tr class=\"%1\"><td>%2</td><td>%3</td><td>%4</td></tr>")
                        .arg(wireEventKindName(event.kind))
                        .arg(QString::number((event.timeUs - startUs) / 1000.0, 'f', 3))
                        .arg(wireEventKindName(event.kind), escaped(detail));
    }
    return html + QStringLiteral("</table>");
}

QString connectionHtml(const Evidence &evidence, const ConnectionRecord &connection, qint64 startUs)
{
    const QString us = connection.checkerIsClient ? QStringLiteral("wirelab-check (client)")
                                                  : QStringLiteral("wirelab-check (server)");
    QString html = QStringLiteral("<h4>%1: %2 %3:%4 ⇄ %5:%6</h4>")
                           .arg(escaped(connection.label), us, escaped(connection.local.address))
                           .arg(connection.local.port)
                           .arg(escaped(connection.peer.address))
                           .arg(connection.peer.port);
    html += timeline(evidence, connection.id, startUs);
    const QByteArray sent = evidence.sentBytes(connection.id);
    const QByteArray received = evidence.receivedBytes(connection.id);
    if (!sent.isEmpty())
        html += QStringLiteral("<p>Sent by wirelab-check, %1 bytes:</p>%2")
                        .arg(sent.size())
                        .arg(hexDump(sent));
    if (!received.isEmpty())
        html += QStringLiteral("<p>Received, %1 bytes:</p>%2")
                        .arg(received.size())
                        .arg(hexDump(received));
    return html;
}

QString legend()
{
    QString html = QStringLiteral("<p class=\"legend\">Bytes: ");
    for (ByteRole role :
         { ByteRole::LengthPrefix, ByteRole::Header, ByteRole::HeaderKey, ByteRole::HeaderValue,
           ByteRole::Content, ByteRole::ContentKey, ByteRole::ContentValue, ByteRole::ContentName,
           ByteRole::ContentNumber, ByteRole::Trailing }) {
        html += QStringLiteral("<span class=\"b %1\">%1</span> ").arg(byteRoleName(role));
    }
    return html + QStringLiteral("<span class=\"b diff\">first wrong byte</span></p>");
}

QString resultLine(const CheckReport &report)
{
    const QString summary = TextReport::summary(report);
    const QStringList lines = summary.trimmed().split(QLatin1Char('\n'));
    return lines.isEmpty() ? QString() : lines.last();
}

} // namespace

QString escaped(const QString &text)
{
    return JUnitReport::xmlSafe(text).toHtmlEscaped();
}

QString anchorFor(const QString &caseId)
{
    QString anchor = caseId;
    anchor.replace(QLatin1Char('/'), QLatin1Char('-'));
    return QStringLiteral("case-") + anchor;
}

QString styleSheet()
{
    return QStringLiteral(
            "body{font-family:sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}"
            "code,pre,.hex{font-family:monospace;font-size:90%}"
            "pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre}"
            "table{border-collapse:collapse}td,th{padding:.15em "
            ".5em;text-align:left;vertical-align:top}"
            "table.cases tr:nth-child(even){background:#f4f4f4}"
            ".verdict{font-weight:bold;padding:0 .3em;border-radius:3px;color:#fff}"
            ".verdict.pass{background:#2e7d32}.verdict.nonstrict{background:#b26a00}"
            ".verdict.info{background:#1565c0}.verdict.fail{background:#c62828}"
            ".finding{border-left:4px solid #999;padding-left:.7em;margin:.7em 0}"
            ".finding.must{border-color:#c62828}.finding.should{border-color:#b26a00}.finding.may{"
            "border-color:#1565c0}"
            "section{border-top:1px solid #ccc;margin-top:.8em}summary{cursor:pointer;padding:.3em "
            "0}"
            ".hex{line-height:1.5}.hex .row{white-space:pre}.hex .off{color:#777}"
            ".b{border-radius:2px}"
            ".b.prefix{background:#ffcc80}.b.header{background:#e0e0e0}.b.header-key{background:#"
            "90caf9}"
            ".b.header-value{background:#80deea}.b.content{background:#f0f4c3}.b.content-key{"
            "background:#ce93d8}"
            ".b.content-value{background:#a5d6a7}.b.content-name{background:#ce93d8}.b.content-"
            "number{background:#a5d6a7}"
            ".b.trailing{background:#ef9a9a}.b.diff{outline:2px solid #c62828;background:#ffeb3b}"
            ".legend .b{padding:0 .3em;margin-right:.2em}"
            "table.timeline{font-size:90%}table.timeline "
            "td:first-child{text-align:right;color:#555}");
}

QString hexDump(const QByteArray &bytes, qint64 markedOffset)
{
    const QList<ByteRange> ranges = annotateMessage(bytes);
    // The role and label of every byte, from the ranges.
    QList<const ByteRange *> rangeOf(bytes.size(), nullptr);
    for (const ByteRange &range : ranges) {
        for (qsizetype i = range.span.offset; i < range.span.end() && i < bytes.size(); ++i)
            rangeOf[i] = &range;
    }
    QString html = QStringLiteral("<div class=\"hex\">");
    for (qsizetype row = 0; row < bytes.size(); row += BytesPerRow) {
        const qsizetype end = qMin(row + BytesPerRow, bytes.size());
        QString hex, ascii;
        qsizetype i = row;
        while (i < end) {
            // Bytes of one field in one span, with the field as its title; the marked byte alone.
            const ByteRange *range = rangeOf[i];
            qsizetype j = i + 1;
            if (i != markedOffset) {
                while (j < end && rangeOf[j] == range && j != markedOffset)
                    ++j;
            }
            QString hexPart, asciiPart;
            for (qsizetype k = i; k < j; ++k) {
                hexPart += QString::asprintf("%02x", static_cast<unsigned char>(bytes[k]))
                           + (k + 1 < end ? QStringLiteral(" ") : QString());
                asciiPart += asciiOf(bytes[k]);
            }
            const QString classes = (range ? byteRoleName(range->role) : QStringLiteral("trailing"))
                                    + (i == markedOffset ? QStringLiteral(" diff") : QString());
            const QString title = range ? escaped(range->label) : QString();
            hex += QStringLiteral("<span class=\"b %1\" title=\"%2\">%3</span>")
                           .arg(classes, title, hexPart);
            ascii += QStringLiteral("<span class=\"b %1\" title=\"%2\">%3</span>")
                             .arg(classes, title, asciiPart);
            i = j;
        }
        const qsizetype missing = BytesPerRow - (end - row);
        html += QStringLiteral("<div class=\"row\"><span class=\"off\">%1</span>  %2%3  %4</div>")
                        .arg(QString::asprintf("%04llx", static_cast<long long>(row)), hex,
                             QString(missing * 3, QLatin1Char(' ')), ascii);
    }
    return html + QStringLiteral("</div>");
}

QString caseSection(const CaseResult &result)
{
    QString html
            = QStringLiteral("<section id=\"%1\"><details%2><summary>%3 <b>%4</b> %5 "
                             "<small>%6</small></summary>")
                      .arg(anchorFor(result.id),
                           result.verdict == Verdict::Pass ? QString() : QStringLiteral(" open"),
                           verdictBadge(result.verdict), escaped(result.id), escaped(result.title),
                           escaped(TextReport::clauseTag(result.clauses)));
    for (const Finding &finding : result.findings)
        html += findingHtml(finding);
    for (const SentBytes &sent : result.sent)
        html += QStringLiteral("<p>Sent (%1): %2</p>")
                        .arg(escaped(sent.label), code(PythonRepr::bytes(sent.bytes)));
    if (!result.notes.isEmpty()) {
        html += QStringLiteral("<ul class=\"notes\">");
        for (const QString &note : result.notes)
            html += QStringLiteral("<li><pre>%1</pre></li>").arg(escaped(note));
        html += QStringLiteral("</ul>");
    }
    const qint64 startUs
            = result.evidence.events.isEmpty() ? 0 : result.evidence.events.first().timeUs;
    for (const ConnectionRecord &connection : result.evidence.connections)
        html += connectionHtml(result.evidence, connection, startUs);
    return html + QStringLiteral("</details></section>\n");
}

QByteArray write(const CheckReport &report)
{
    const VerdictCounts counts = report.counts();
    QString html
            = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                             "<title>wirelab-check: %1</title><style>%2</style></head><body>\n")
                      .arg(escaped(report.target), styleSheet());
    html += QStringLiteral("<h1>wirelab-check: %1 mode, %2</h1>")
                    .arg(modeName(report.mode), escaped(report.target));
    html += QStringLiteral("<p>Started %1 (UTC), %2 s; seed %3%4; %5 ms per case.</p>")
                    .arg(report.started.toString(Qt::ISODate))
                    .arg(QString::number(report.durationMs / 1000.0, 'f', 1))
                    .arg(report.seed)
                    .arg(report.strict ? QStringLiteral("; --strict") : QString())
                    .arg(report.timeoutMs);
    html += QStringLiteral(
                    "<p>%1 PASS %2 &nbsp; %3 NON-STRICT %4 &nbsp; %5 INFO %6 &nbsp; %7 FAIL %8</p>")
                    .arg(verdictBadge(Verdict::Pass))
                    .arg(counts.pass)
                    .arg(verdictBadge(Verdict::NonStrict))
                    .arg(counts.nonStrict)
                    .arg(verdictBadge(Verdict::Info))
                    .arg(counts.info)
                    .arg(verdictBadge(Verdict::Fail))
                    .arg(counts.fail);
    html += QStringLiteral("<p><b>%1</b></p>").arg(escaped(resultLine(report)));
    if (!report.abandoned.isEmpty())
        html += QStringLiteral("<p>Stopped early: %1</p>").arg(escaped(report.abandoned));
    html += QStringLiteral("<table "
                           "class=\"cases\"><tr><th>verdict</th><th>case</th><th>title</"
                           "th><th>clauses</th><th>why</th></tr>\n");
    for (const CaseResult &result : report.cases)
        html += QStringLiteral("<tr><td>%1</td><td><a "
                               "href=\"#%2\">%3</a></td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                        .arg(verdictBadge(result.verdict), anchorFor(result.id), escaped(result.id),
                             escaped(result.title), escaped(TextReport::clauseTag(result.clauses)),
                             escaped(result.summary()));
    html += QStringLiteral("</table>\n<h2>Evidence</h2>") + legend();
    for (const CaseResult &result : report.cases)
        html += caseSection(result);
    html += QStringLiteral("</body></html>\n");
    return html.toUtf8();
}

} // namespace Wirelab::Check::HtmlReport
