#include "clientjudge.h"

#include "byteannotation.h"
#include "judgingtools.h"
#include "labprotocol.h"
#include "pythonrepr.h"

#include <QtCore/QRegularExpression>
#include <QtCore/QtEndian>

namespace Wirelab::Check::ClientJudge {
namespace {

QString findClause(const CheckCase &testCase, const QStringList &candidates,
                   const QString &fallback)
{
    for (const QString &clause : testCase.clauses) {
        if (candidates.contains(clause))
            return clause;
    }
    return fallback;
}

QString requestClause(const CheckCase &testCase)
{
    return findClause(testCase,
                      { QStringLiteral("4.1"), QStringLiteral("5.1"), QStringLiteral("6.1") },
                      QStringLiteral("1.1"));
}

QString describeRequest(const CheckCase &testCase)
{
    if (testCase.action == QLatin1String(Lab::Search))
        return QStringLiteral("a text/json request {\"action\": \"search\", \"value\": %1}")
                .arg(PythonRepr::string(testCase.value));
    if (Lab::isArithmetic(testCase.action))
        return QStringLiteral("a binary request whose content is struct.pack(\">6si\", b'%1', %2)")
                .arg(testCase.action, testCase.value);
    return QStringLiteral("a binary request whose content is %1")
            .arg(PythonRepr::bytes((testCase.action + testCase.value).toUtf8()));
}

struct Meaning
{
    QString problem;
    qint64 at = -1;
};

Meaning judgeRequestMeaning(const CheckCase &testCase, const DecodedMessage &message)
{
    const Header &header = message.message.header;
    const QByteArray &content = message.message.content;
    const qint64 contentStart = message.layout.content.offset;
    if (testCase.action == QLatin1String(Lab::Search)) {
        if (!header.isTextJson())
            return { QStringLiteral("A search must be text/json, not %1.")
                             .arg(PythonRepr::string(header.contentType)),
                     message.layout.header.offset };
        const QJsonValue action = message.jsonContent.value(QLatin1String("action"));
        const QJsonValue value = message.jsonContent.value(QLatin1String("value"));
        if (action != QJsonValue(testCase.action) || value != QJsonValue(testCase.value))
            return { QStringLiteral(
                             "The request's content is %1, not {'action': 'search', 'value': %2}.")
                             .arg(PythonRepr::json(message.jsonContent),
                                  PythonRepr::string(testCase.value)),
                     contentStart };
        return {};
    }
    if (header.isTextJson())
        return { QStringLiteral("%1 must be sent binary, not as text/json.").arg(testCase.action),
                 message.layout.header.offset };
    if (Lab::isArithmetic(testCase.action)) {
        const QByteArray expected = Lab::packArithmetic(
                testCase.action.toUtf8(), Lab::parseInt32(testCase.value).value_or(0));
        if (content == expected)
            return {};
        if (content.size() != Lab::ArithmeticContentSize)
            return { QStringLiteral("The content is %1 bytes; struct.pack(\">6si\", ...) is 10.")
                             .arg(content.size()),
                     contentStart + qMin<qsizetype>(content.size(), Lab::ArithmeticContentSize) };
        if (!content.startsWith(expected.left(6)))
            return { QStringLiteral("The content starts with %1, not %2.")
                             .arg(PythonRepr::bytes(content.left(6)),
                                  PythonRepr::bytes(expected.left(6))),
                     contentStart + firstDifference(content.left(6), expected.left(6)) };
        const qint32 bigEndian = qFromBigEndian<qint32>(content.constData() + 6);
        const qint32 littleEndian = qFromLittleEndian<qint32>(content.constData() + 6);
        QString problem
                = QStringLiteral("The int32 is %1, not %2.").arg(bigEndian).arg(testCase.value);
        if (QString::number(littleEndian) == testCase.value)
            problem += QStringLiteral(" Read little-endian it is %1: pack it with \">6si\" "
                                      "(big-endian, network order).")
                               .arg(littleEndian);
        return { problem, contentStart + qMax<qsizetype>(6, firstDifference(content, expected)) };
    }
    const QByteArray expected = (testCase.action + testCase.value).toUtf8();
    if (content == expected)
        return {};
    return { QStringLiteral("The content is %1, not %2.")
                     .arg(PythonRepr::bytes(content), PythonRepr::bytes(expected)),
             contentStart + firstDifference(content, expected) };
}

QStringList outputLines(const ProcessOutcome &process)
{
    const QString text = QString::fromUtf8(process.standardOutput) + QLatin1Char('\n')
                         + QString::fromUtf8(process.standardError);
    return text.split(QLatin1Char('\n'));
}

// The lab's client prints "got result: A" for JSON and "result:  N" for ">6si" (print with
// two arguments puts a space between them); either word, any spacing after the colon.
QStringList resultValues(const ProcessOutcome &process)
{
    static const QRegularExpression resultLine(
            QStringLiteral("^\\s*(?:got\\s+)?result:\\s*(.*?)\\s*$"));
    QStringList values;
    for (const QString &line : outputLines(process)) {
        const QRegularExpressionMatch match = resultLine.match(line);
        if (match.hasMatch())
            values.append(match.captured(1));
    }
    return values;
}

bool printedEcho(const ProcessOutcome &process, const QByteArray &echo)
{
    const QString repr = PythonRepr::bytes(echo);
    const QString text = QString::fromUtf8(echo);
    const bool textIsExact = text.toUtf8() == echo;
    for (const QString &line : outputLines(process)) {
        if (line.contains(repr) || (textIsExact && line.contains(text)))
            return true;
    }
    return false;
}

bool reportsError(const ProcessOutcome &process)
{
    if (process.crashed || process.exitCode != 0)
        return true;
    for (const QString &line : outputLines(process)) {
        if (line.contains(QLatin1String("error"), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

Finding outputFinding(const CheckCase &testCase, const ProcessOutcome &process, Level level,
                      const QString &clause, const QString &problem)
{
    Finding finding;
    finding.level = level;
    finding.clause = clause;
    finding.subject = QStringLiteral("output");
    finding.problem = problem;
    finding.expected = { { testCase.output.describe(), {} } };
    finding.actualIsText = true;
    finding.actualText = describeOutput(process);
    return finding;
}

std::optional<Finding> judgeOutput(const CheckCase &testCase, const ProcessOutcome &process)
{
    const QString clause = findClause(
            testCase, { QStringLiteral("4.6"), QStringLiteral("5.5"), QStringLiteral("6.3") },
            QStringLiteral("4.6"));
    const ClientExpectation &output = testCase.output;
    switch (output.kind) {
    case ClientExpectation::Kind::JsonResult:
        if (resultValues(process).contains(output.text.trimmed()))
            return std::nullopt;
        return outputFinding(testCase, process, Level::Must, clause,
                             QStringLiteral("The client did not print the result %1.")
                                     .arg(PythonRepr::string(output.text)));
    case ClientExpectation::Kind::Arithmetic:
        if (resultValues(process).contains(QString::number(output.number)))
            return std::nullopt;
        return outputFinding(
                testCase, process, Level::Must, clause,
                QStringLiteral("The client did not print the result %1.").arg(output.number));
    case ClientExpectation::Kind::Echo:
        if (printedEcho(process, output.echo))
            return std::nullopt;
        return outputFinding(testCase, process, Level::Must, clause,
                             QStringLiteral("The client did not print the answer's content %1.")
                                     .arg(PythonRepr::bytes(output.echo)));
    case ClientExpectation::Kind::Error: {
        const QStringList results = resultValues(process);
        if (!results.isEmpty())
            return outputFinding(
                    testCase, process, Level::Should, QStringLiteral("8.7"),
                    QStringLiteral(
                            "The client printed a result (%1) for an answer that never came whole.")
                            .arg(results.first()));
        if (!reportsError(process))
            return outputFinding(testCase, process, Level::Should, QStringLiteral("8.7"),
                                 QStringLiteral("The client ended without saying anything went "
                                                "wrong (no error, exit status 0)."));
        return std::nullopt;
    }
    }
    return std::nullopt;
}

} // namespace

QList<Finding> judgeRequest(const CheckCase &testCase, const RequestSeen &request)
{
    Finding finding;
    finding.level = Level::Must;
    finding.clause = requestClause(testCase);
    finding.subject = QStringLiteral("request");
    finding.expected
            = JudgingTools::acceptedOutcomes(describeRequest(testCase), testCase.labRequestBytes,
                                             QStringLiteral("The lab client's"));
    finding.actualBytes = request.bytes;
    if (!request.connected) {
        finding.problem = QStringLiteral("The client never connected to wirelab-check's server.");
        return { finding };
    }
    if (request.bytes.isEmpty()) {
        finding.problem = QStringLiteral("The client connected but sent nothing.");
        return { finding };
    }
    // The limits a server would apply: a prefix packed little-endian announces a header far
    // over 8 KiB and is refused at once, with the decoder's hint.
    const JudgingTools::Decoded decoded
            = JudgingTools::decode(request.bytes, request.clientClosed, DecoderLimits());
    if (std::optional<Finding> broken = JudgingTools::notAWholeMessage(
                finding, decoded, QStringLiteral("The request never came whole: "),
                QStringLiteral("request")))
        return { *broken };
    const DecodeResult &result = decoded.result;
    QList<Finding> findings;
    const QByteArray message = request.bytes.left(result.message.size());
    const Meaning meaning = judgeRequestMeaning(testCase, result.message);
    if (!meaning.problem.isEmpty()) {
        finding.problem = meaning.problem;
        JudgingTools::pointAt(finding, meaning.at);
        findings.append(finding);
    } else if (!testCase.labRequestBytes.contains(message)) {
        const QByteArray lab = JudgingTools::closest(message, testCase.labRequestBytes);
        const JudgingTools::ByteDifference difference
                = JudgingTools::describeByteDifference(message, lab);
        Finding bytes = finding;
        bytes.level = Level::Should;
        bytes.clause = difference.clause;
        bytes.subject = QStringLiteral("request bytes");
        bytes.problem = difference.problem;
        bytes.expected.removeFirst();
        JudgingTools::pointAt(bytes, difference.at);
        findings.append(bytes);
    }
    if (decoded.trailingBytes > 0) {
        Finding trailing = finding;
        trailing.level = Level::Should;
        trailing.clause = QStringLiteral("1.3");
        trailing.problem
                = QStringLiteral("%1 bytes follow the request (its content-length says %2).")
                          .arg(decoded.trailingBytes)
                          .arg(result.message.layout.content.length);
        JudgingTools::pointAt(trailing, message.size());
        findings.append(trailing);
    }
    return findings;
}

QList<Finding> judgeRun(const CheckCase &testCase, const ProcessOutcome &process, qint64 timeoutMs)
{
    QList<Finding> findings;
    const bool neverAnswered = testCase.script.kind == AnswerScript::Kind::Never;
    if (!process.started) {
        findings.append(outputFinding(
                testCase, process, Level::Must, QStringLiteral("7.3"),
                QStringLiteral("The client command did not start: %1").arg(process.startError)));
        return findings;
    }
    if (process.killedAtTimeout) {
        const QString clause = neverAnswered ? QStringLiteral("7.4")
                               : testCase.script.kind == AnswerScript::Kind::Fixed
                                       ? QStringLiteral("8.6")
                                       : QStringLiteral("7.3");
        Finding hung = outputFinding(
                testCase, process, neverAnswered ? Level::Should : Level::Must, clause,
                QStringLiteral("The client was still running at the %1 s timeout and was killed "
                               "with its process group.")
                        .arg(QString::number(timeoutMs / 1000.0, 'g', 3)));
        hung.expected = { { QStringLiteral("the client ends by itself within %1 s")
                                    .arg(QString::number(timeoutMs / 1000.0, 'g', 3)),
                            {} } };
        findings.append(hung);
    }
    const bool errorExpected = testCase.output.kind == ClientExpectation::Kind::Error;
    if (!(errorExpected && process.killedAtTimeout)) {
        if (std::optional<Finding> output = judgeOutput(testCase, process))
            findings.append(*output);
    }
    return findings;
}

QString describeOutput(const ProcessOutcome &process)
{
    QString text = QStringLiteral("the client %1").arg(process.describe());
    const auto section = [&text](const char *name, const QByteArray &bytes) {
        if (bytes.isEmpty())
            return;
        QString body = QString::fromUtf8(bytes);
        if (body.endsWith(QLatin1Char('\n')))
            body.chop(1);
        text += QStringLiteral("\n%1:\n%2").arg(QLatin1String(name), body);
    };
    section("standard output", process.standardOutput);
    section("standard error", process.standardError);
    return text;
}

} // namespace Wirelab::Check::ClientJudge
