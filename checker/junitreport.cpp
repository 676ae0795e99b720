#include "junitreport.h"

#include "textreport.h"

#include <QtCore/QSysInfo>
#include <QtCore/QXmlStreamWriter>

namespace Wirelab::Check::JUnitReport {
namespace {

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', 3);
}

QString classNameOf(const CheckReport &report, const CaseResult &result)
{
    return QStringLiteral("wirelab-check.%1.%2")
            .arg(modeName(report.mode), result.clauses.value(0));
}

} // namespace

QString xmlSafe(const QString &text)
{
    QString safe;
    safe.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t unit = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            safe += c;
            safe += text.at(++i);
            continue;
        }
        const bool allowed
                = unit == 0x9 || unit == 0xA || unit == 0xD
                  || (unit >= 0x20 && !c.isSurrogate() && unit != 0xFFFE && unit != 0xFFFF);
        safe += allowed ? c : QChar(QChar::ReplacementCharacter);
    }
    return safe;
}

QByteArray write(const CheckReport &report)
{
    int failures = 0;
    for (const CaseResult &result : report.cases)
        failures += report.countsAsFailure(result) ? 1 : 0;
    const QString tests = QString::number(report.cases.size());

    QByteArray xml;
    QXmlStreamWriter writer(&xml);
    writer.setAutoFormatting(true);
    writer.writeStartDocument();
    writer.writeStartElement(QStringLiteral("testsuites"));
    writer.writeAttribute(QStringLiteral("name"), QStringLiteral("wirelab-check"));
    writer.writeAttribute(QStringLiteral("tests"), tests);
    writer.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    writer.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    writer.writeAttribute(QStringLiteral("skipped"), QStringLiteral("0"));
    writer.writeAttribute(QStringLiteral("time"), seconds(report.durationMs));

    writer.writeStartElement(QStringLiteral("testsuite"));
    writer.writeAttribute(QStringLiteral("name"),
                          xmlSafe(QStringLiteral("wirelab-check %1 %2")
                                          .arg(modeName(report.mode), report.target)));
    writer.writeAttribute(QStringLiteral("tests"), tests);
    writer.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    writer.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    writer.writeAttribute(QStringLiteral("skipped"), QStringLiteral("0"));
    writer.writeAttribute(QStringLiteral("time"), seconds(report.durationMs));
    writer.writeAttribute(QStringLiteral("timestamp"), report.started.toString(Qt::ISODate));
    writer.writeAttribute(QStringLiteral("hostname"), QSysInfo::machineHostName());
    writer.writeStartElement(QStringLiteral("properties"));
    const QList<std::pair<QString, QString>> properties = {
        { QStringLiteral("mode"), modeName(report.mode) },
        { QStringLiteral("target"), report.target },
        { QStringLiteral("seed"), QString::number(report.seed) },
        { QStringLiteral("strict"),
          report.strict ? QStringLiteral("true") : QStringLiteral("false") },
        { QStringLiteral("timeoutMs"), QString::number(report.timeoutMs) },
        { QStringLiteral("version"), report.version },
    };
    for (const auto &[name, value] : properties) {
        writer.writeEmptyElement(QStringLiteral("property"));
        writer.writeAttribute(QStringLiteral("name"), name);
        writer.writeAttribute(QStringLiteral("value"), xmlSafe(value));
    }
    writer.writeEndElement(); // properties

    for (const CaseResult &result : report.cases) {
        writer.writeStartElement(QStringLiteral("testcase"));
        writer.writeAttribute(QStringLiteral("name"),
                              xmlSafe(result.id + QLatin1Char(' ') + result.title));
        writer.writeAttribute(QStringLiteral("classname"), classNameOf(report, result));
        writer.writeAttribute(QStringLiteral("time"), seconds(result.durationMs));
        const QString details = xmlSafe(TextReport::caseLine(result) + QLatin1Char('\n')
                                        + TextReport::caseDetails(result));
        if (report.countsAsFailure(result)) {
            writer.writeStartElement(QStringLiteral("failure"));
            writer.writeAttribute(QStringLiteral("type"), verdictName(result.verdict));
            writer.writeAttribute(QStringLiteral("message"), xmlSafe(result.summary()));
            writer.writeCharacters(details);
            writer.writeEndElement();
        } else if (result.verdict != Verdict::Pass) {
            writer.writeTextElement(QStringLiteral("system-out"), details);
        }
        writer.writeEndElement(); // testcase
    }
    writer.writeEndElement(); // testsuite
    writer.writeEndElement(); // testsuites
    writer.writeEndDocument();
    return xml;
}

} // namespace Wirelab::Check::JUnitReport
