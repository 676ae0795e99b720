#include "answerjudge.h"

#include "byteannotation.h"
#include "judgingtools.h"
#include "labprotocol.h"
#include "pythonrepr.h"

#include <QtCore/QtEndian>

namespace Wirelab::Check::AnswerJudge {
namespace {

using Kind = Expectation::Kind;

const FieldSpan *fieldNamed(const QList<FieldSpan> &fields, const QString &name)
{
    for (auto field = fields.crbegin(); field != fields.crend(); ++field) {
        if (field->name == name)
            return &*field;
    }
    return nullptr;
}

struct Meaning
{
    QString problem; // empty: the meaning is right
    qint64 at = -1;
};

qint64 contentTypeOffset(const DecodedMessage &message)
{
    const FieldSpan *field
            = fieldNamed(message.layout.headerFields, QStringLiteral("content-type"));
    return field ? field->value.offset : message.layout.header.offset;
}

// The first wrong byte within span, where the lab's bytes say; the span's start otherwise.
qint64 firstWrongIn(const Span &span, const QByteArray &actual, const QList<QByteArray> &labBytes)
{
    const QByteArray lab = JudgingTools::closest(actual, labBytes);
    const qsizetype differs = firstDifference(actual, lab);
    return !lab.isEmpty() && differs >= span.offset && differs < span.end() ? differs : span.offset;
}

Meaning judgeJsonResult(const Expectation &expectation, const DecodedMessage &message,
                        const QByteArray &actual)
{
    if (!message.message.header.isTextJson())
        return {
            QStringLiteral(
                    "The answer's content-type is %1, not text/json: the lab's client would not "
                    "read it as JSON.")
                    .arg(PythonRepr::string(message.message.header.contentType)),
            contentTypeOffset(message)
        };
    const FieldSpan *field = fieldNamed(message.layout.contentFields, QStringLiteral("result"));
    const QJsonValue result = message.jsonContent.value(QLatin1String("result"));
    if (!field || result.isUndefined())
        return { QStringLiteral("The answer's JSON content has no \"result\" key."),
                 message.layout.content.offset };
    if (!result.isString())
        return { QStringLiteral("The answer's \"result\" is not a string."), field->value.offset };
    const QString text = result.toString();
    if (expectation.kind == Kind::ErrorResult
        || (expectation.kind == Kind::Echo && expectation.errorAccepted)) {
        if (text.startsWith(QLatin1String("Error")))
            return {};
        return { QStringLiteral("The answer's result is %1, not an error (\"Error: ...\").")
                         .arg(PythonRepr::string(text)),
                 field->value.offset };
    }
    if (text == expectation.text)
        return {};
    return { QStringLiteral("The answer's result is %1, not %2.")
                     .arg(PythonRepr::string(text), PythonRepr::string(expectation.text)),
             firstWrongIn(field->value, actual, expectation.labBytes) };
}

Meaning judgeArithmetic(const Expectation &expectation, const DecodedMessage &message)
{
    const QByteArray &content = message.message.content;
    const qint64 contentStart = message.layout.content.offset;
    if (message.message.header.isTextJson()) {
        const QString result = PythonRepr::str(message.jsonContent.value(QLatin1String("result")));
        return { QStringLiteral("The answer is text/json (result %1) where a binary b'result' and "
                                "an int32 are due.")
                         .arg(result),
                 contentTypeOffset(message) };
    }
    if (content.size() < Lab::ArithmeticContentSize)
        return { QStringLiteral("The content is %1 bytes; b'result' and a \">i\" int32 are 10.")
                         .arg(content.size()),
                 contentStart + content.size() };
    if (!content.startsWith(Lab::ResultTag))
        return { QStringLiteral("The content starts with %1, not b'result'.")
                         .arg(PythonRepr::bytes(content.left(6))),
                 contentStart + firstDifference(content.left(6), Lab::ResultTag) };
    const qint32 bigEndian = qFromBigEndian<qint32>(content.constData() + 6);
    if (bigEndian == expectation.number)
        return {};
    const qint32 littleEndian = qFromLittleEndian<qint32>(content.constData() + 6);
    QString problem
            = QStringLiteral("The int32 is %1, not %2.").arg(bigEndian).arg(expectation.number);
    if (littleEndian == expectation.number)
        problem += QStringLiteral(" Read little-endian it is %1: it must be packed big-endian "
                                  "(\">i\", network order).")
                           .arg(littleEndian);
    const QByteArray expected = Lab::packArithmetic(Lab::ResultTag, expectation.number);
    return { problem,
             contentStart + qMax<qsizetype>(6, firstDifference(content.left(10), expected)) };
}

Meaning judgeEcho(const Expectation &expectation, const DecodedMessage &message,
                  const QByteArray &actual)
{
    if (message.message.header.isTextJson()) {
        if (expectation.errorAccepted)
            return judgeJsonResult(expectation, message, actual);
        return { QStringLiteral("The answer is text/json where a binary echo is due."),
                 contentTypeOffset(message) };
    }
    const QByteArray &content = message.message.content;
    if (content == expectation.echo)
        return {};
    const qint64 at = message.layout.content.offset + firstDifference(content, expectation.echo);
    const QByteArray prefix = Lab::EchoPrefix;
    if (content.startsWith(prefix) && expectation.echo.startsWith(prefix)) {
        const QByteArray echoed = content.mid(prefix.size());
        const QByteArray due = expectation.echo.mid(prefix.size());
        if (echoed.size() != due.size())
            return { QStringLiteral("It echoes %1 bytes of the request, %2, where the first %3 "
                                    "bytes, %4, are due.")
                             .arg(echoed.size())
                             .arg(PythonRepr::bytes(echoed))
                             .arg(due.size())
                             .arg(PythonRepr::bytes(due)),
                     at };
    }
    return { QStringLiteral("The content is %1, not %2.")
                     .arg(PythonRepr::bytes(content), PythonRepr::bytes(expectation.echo)),
             at };
}

Meaning judgeMeaning(const Expectation &expectation, const DecodedMessage &message,
                     const QByteArray &actual)
{
    switch (expectation.kind) {
    case Kind::JsonResult:
    case Kind::ErrorResult:
        return judgeJsonResult(expectation, message, actual);
    case Kind::Arithmetic:
        return judgeArithmetic(expectation, message);
    case Kind::Echo:
        return judgeEcho(expectation, message, actual);
    }
    return {};
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

Finding baseFinding(const Expectation &expectation, const ConnectionOutcome &outcome,
                    const Context &context)
{
    Finding finding;
    finding.level = expectation.level;
    finding.clause = context.clause;
    finding.subject = context.subject;
    finding.expected = JudgingTools::acceptedOutcomes(expectation.describe(), expectation.labBytes,
                                                      QStringLiteral("The lab server's"));
    finding.actualBytes = outcome.received;
    return finding;
}

// No message came: refused, closed, or silent.
Finding missingAnswer(Finding finding, const ConnectionOutcome &outcome, const Context &context)
{
    switch (outcome.end) {
    case ConnectionOutcome::End::ConnectFailed:
        finding.problem = QStringLiteral("Could not connect: %1.%2")
                                  .arg(outcome.errorText, context.refusedHint);
        break;
    case ConnectionOutcome::End::PeerClosed:
    case ConnectionOutcome::End::Error:
        finding.problem = QStringLiteral("The server closed the connection without answering.");
        break;
    default:
        if (finding.level == Level::Must)
            finding.clause = QStringLiteral("7.1");
        finding.problem = QStringLiteral("No answer within %1 s.").arg(seconds(context.timeoutMs));
        break;
    }
    finding.problem += context.missingHint;
    return finding;
}

} // namespace

QList<Finding> judge(const Expectation &expectation, const ConnectionOutcome &outcome,
                     const Context &context)
{
    Finding finding = baseFinding(expectation, outcome, context);
    if (outcome.received.isEmpty())
        return { missingAnswer(finding, outcome, context) };

    const JudgingTools::Decoded decoded
            = JudgingTools::decode(outcome.received, outcome.peerClosed());
    // Still incomplete means the peer is still there: it waits for more from us, or is slow;
    // either way the answer did not arrive whole in time.
    if (std::optional<Finding> broken = JudgingTools::notAWholeMessage(
                finding, decoded,
                QStringLiteral("The answer was still incomplete at the %1 s timeout: ")
                        .arg(seconds(context.timeoutMs)),
                QStringLiteral("answer")))
        return { *broken };
    const DecodeResult &result = decoded.result;

    QList<Finding> findings;
    const QByteArray message = outcome.received.left(result.message.size());
    const Meaning meaning = judgeMeaning(expectation, result.message, outcome.received);
    if (!meaning.problem.isEmpty()) {
        finding.problem = meaning.problem;
        JudgingTools::pointAt(finding, meaning.at);
        findings.append(finding);
    }
    // The rest are SHOULDs, and at most as sure as the meaning's own level.
    const Level should = expectation.level == Level::May ? Level::May : Level::Should;
    if (meaning.problem.isEmpty() && !expectation.labBytes.isEmpty()
        && !expectation.labBytes.contains(message)) {
        const QByteArray lab = JudgingTools::closest(message, expectation.labBytes);
        const JudgingTools::ByteDifference difference
                = JudgingTools::describeByteDifference(message, lab);
        Finding bytes = baseFinding(expectation, outcome, context);
        bytes.level = should;
        bytes.clause = difference.clause;
        bytes.subject = context.subject + QStringLiteral(" bytes");
        bytes.problem = difference.problem;
        bytes.expected.removeFirst(); // only the bytes: the meaning is met
        JudgingTools::pointAt(bytes, difference.at);
        findings.append(bytes);
    }
    if (decoded.trailingBytes > 0) {
        Finding trailing = baseFinding(expectation, outcome, context);
        trailing.level = should;
        trailing.clause = QStringLiteral("1.3");
        trailing.problem
                = QStringLiteral(
                          "%1 bytes follow the message (its content-length says %2): the lab "
                          "sends one message and closes.")
                          .arg(decoded.trailingBytes)
                          .arg(result.message.layout.content.length);
        JudgingTools::pointAt(trailing, message.size());
        findings.append(trailing);
    }
    if (!outcome.peerClosed()) {
        Finding open = baseFinding(expectation, outcome, context);
        open.level = should;
        open.clause = QStringLiteral("7.2");
        open.problem = QStringLiteral(
                "The server kept the connection open after its answer; the lab's server "
                "closes it once the answer is sent.");
        open.expected = { { QStringLiteral("the connection closed by the server after the answer"),
                            {} } };
        findings.append(open);
    }
    sortFindings(findings);
    return findings;
}

} // namespace Wirelab::Check::AnswerJudge
