#include "caseresult.h"

#include "pythonrepr.h"

#include <QtCore/QJsonArray>
#include <algorithm>

namespace Wirelab::Check {
namespace {

int severity(Level level)
{
    switch (level) {
    case Level::Must:
        return 0;
    case Level::Should:
        return 1;
    case Level::May:
        return 2;
    }
    return 3;
}

// Bytes in JSON: hex to read back exactly, and the Python literal for a person.
void insertBytes(QJsonObject &object, const QString &key, const QByteArray &bytes)
{
    object.insert(key + QLatin1String("Hex"), QString::fromLatin1(bytes.toHex()));
    object.insert(key + QLatin1String("Repr"), PythonRepr::bytes(bytes));
}

QByteArray bytesFrom(const QJsonObject &object, const QString &key)
{
    return QByteArray::fromHex(object.value(key + QLatin1String("Hex")).toString().toLatin1());
}

QJsonArray stringArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

QJsonObject findingJson(const Finding &finding)
{
    QJsonObject object { { QStringLiteral("level"), levelName(finding.level) },
                         { QStringLiteral("clause"), finding.clause },
                         { QStringLiteral("subject"), finding.subject },
                         { QStringLiteral("problem"), finding.problem },
                         { QStringLiteral("actualIsText"), finding.actualIsText } };
    QJsonArray expected;
    for (const Accepted &accepted : finding.expected) {
        QJsonObject item { { QStringLiteral("description"), accepted.description } };
        if (!accepted.bytes.isEmpty())
            insertBytes(item, QStringLiteral("bytes"), accepted.bytes);
        expected.append(item);
    }
    object.insert(QStringLiteral("expected"), expected);
    if (finding.actualIsText)
        object.insert(QStringLiteral("actualText"), finding.actualText);
    else
        insertBytes(object, QStringLiteral("actual"), finding.actualBytes);
    if (finding.differsAt >= 0) {
        object.insert(QStringLiteral("differsAt"), double(finding.differsAt));
        object.insert(QStringLiteral("differsField"), finding.differsField);
    }
    return object;
}

std::optional<Finding> findingFromJson(const QJsonObject &object, QString *error)
{
    Finding finding;
    const std::optional<Level> level
            = levelFromName(object.value(QLatin1String("level")).toString());
    if (!level) {
        if (error)
            *error = QStringLiteral("a finding has no valid level");
        return std::nullopt;
    }
    finding.level = *level;
    finding.clause = object.value(QLatin1String("clause")).toString();
    finding.subject = object.value(QLatin1String("subject")).toString();
    finding.problem = object.value(QLatin1String("problem")).toString();
    finding.actualIsText = object.value(QLatin1String("actualIsText")).toBool();
    for (const QJsonValue &value : object.value(QLatin1String("expected")).toArray()) {
        const QJsonObject item = value.toObject();
        finding.expected.append({ item.value(QLatin1String("description")).toString(),
                                  bytesFrom(item, QStringLiteral("bytes")) });
    }
    if (finding.actualIsText)
        finding.actualText = object.value(QLatin1String("actualText")).toString();
    else
        finding.actualBytes = bytesFrom(object, QStringLiteral("actual"));
    finding.differsAt = qint64(object.value(QLatin1String("differsAt")).toDouble(-1));
    finding.differsField = object.value(QLatin1String("differsField")).toString();
    return finding;
}

QJsonObject caseJson(const CaseResult &result)
{
    QJsonArray findings;
    for (const Finding &finding : result.findings)
        findings.append(findingJson(finding));
    QJsonArray sent;
    for (const SentBytes &item : result.sent) {
        QJsonObject object { { QStringLiteral("label"), item.label } };
        insertBytes(object, QStringLiteral("bytes"), item.bytes);
        sent.append(object);
    }
    return { { QStringLiteral("id"), result.id },
             { QStringLiteral("title"), result.title },
             { QStringLiteral("clauses"), stringArray(result.clauses) },
             { QStringLiteral("level"), levelName(result.level) },
             { QStringLiteral("mode"), modeName(result.mode) },
             { QStringLiteral("verdict"), verdictName(result.verdict) },
             { QStringLiteral("ran"), result.ran },
             { QStringLiteral("summary"), result.summary() },
             { QStringLiteral("findings"), findings },
             { QStringLiteral("sent"), sent },
             { QStringLiteral("notes"), stringArray(result.notes) },
             { QStringLiteral("evidence"), result.evidence.toJson() },
             { QStringLiteral("durationMs"), double(result.durationMs) } };
}

std::optional<CaseResult> caseFromJson(const QJsonObject &object, QString *error)
{
    CaseResult result;
    result.id = object.value(QLatin1String("id")).toString();
    result.title = object.value(QLatin1String("title")).toString();
    result.clauses = stringList(object.value(QLatin1String("clauses")));
    const std::optional<Level> level
            = levelFromName(object.value(QLatin1String("level")).toString());
    const std::optional<Mode> mode = modeFromName(object.value(QLatin1String("mode")).toString());
    const std::optional<Verdict> verdict
            = verdictFromName(object.value(QLatin1String("verdict")).toString());
    if (result.id.isEmpty() || !level || !mode || !verdict) {
        if (error)
            *error = QStringLiteral("case %1: missing or invalid id, level, mode or verdict")
                             .arg(result.id);
        return std::nullopt;
    }
    result.level = *level;
    result.mode = *mode;
    result.verdict = *verdict;
    result.ran = object.value(QLatin1String("ran")).toBool(true);
    for (const QJsonValue &value : object.value(QLatin1String("findings")).toArray()) {
        std::optional<Finding> finding = findingFromJson(value.toObject(), error);
        if (!finding)
            return std::nullopt;
        result.findings.append(*finding);
    }
    for (const QJsonValue &value : object.value(QLatin1String("sent")).toArray()) {
        const QJsonObject item = value.toObject();
        result.sent.append({ item.value(QLatin1String("label")).toString(),
                             bytesFrom(item, QStringLiteral("bytes")) });
    }
    result.notes = stringList(object.value(QLatin1String("notes")));
    std::optional<Evidence> evidence
            = Evidence::fromJson(object.value(QLatin1String("evidence")).toObject(), error);
    if (!evidence)
        return std::nullopt;
    result.evidence = *evidence;
    result.durationMs = qint64(object.value(QLatin1String("durationMs")).toDouble());
    return result;
}

} // namespace

bool operator==(const Finding &a, const Finding &b)
{
    return a.level == b.level && a.clause == b.clause && a.subject == b.subject
           && a.problem == b.problem && a.expected == b.expected && a.actualIsText == b.actualIsText
           && a.actualBytes == b.actualBytes && a.actualText == b.actualText
           && a.differsAt == b.differsAt && a.differsField == b.differsField;
}

bool operator==(const CaseResult &a, const CaseResult &b)
{
    return a.id == b.id && a.title == b.title && a.clauses == b.clauses && a.level == b.level
           && a.mode == b.mode && a.verdict == b.verdict && a.ran == b.ran
           && a.findings == b.findings && a.sent == b.sent && a.notes == b.notes
           && a.evidence == b.evidence && a.durationMs == b.durationMs;
}

bool operator==(const CheckReport &a, const CheckReport &b)
{
    return a.tool == b.tool && a.version == b.version && a.mode == b.mode && a.target == b.target
           && a.seed == b.seed && a.strict == b.strict && a.timeoutMs == b.timeoutMs
           && a.started == b.started && a.durationMs == b.durationMs && a.abandoned == b.abandoned
           && a.cases == b.cases;
}

QString CaseResult::summary() const
{
    return findings.isEmpty() ? QString() : findings.first().problem;
}

Verdict verdictOf(const QList<Finding> &findings)
{
    Verdict verdict = Verdict::Pass;
    for (const Finding &finding : findings) {
        switch (finding.level) {
        case Level::Must:
            return Verdict::Fail;
        case Level::Should:
            verdict = Verdict::NonStrict;
            break;
        case Level::May:
            if (verdict == Verdict::Pass)
                verdict = Verdict::Info;
            break;
        }
    }
    return verdict;
}

void sortFindings(QList<Finding> &findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        return severity(a.level) < severity(b.level);
    });
}

CaseResult resultFor(const CheckCase &testCase)
{
    CaseResult result;
    result.id = testCase.id;
    result.title = testCase.title;
    result.clauses = testCase.clauses;
    result.level = testCase.level;
    result.mode = testCase.mode;
    return result;
}

VerdictCounts CheckReport::counts() const
{
    VerdictCounts counts;
    for (const CaseResult &result : cases) {
        switch (result.verdict) {
        case Verdict::Pass:
            ++counts.pass;
            break;
        case Verdict::NonStrict:
            ++counts.nonStrict;
            break;
        case Verdict::Info:
            ++counts.info;
            break;
        case Verdict::Fail:
            ++counts.fail;
            break;
        }
    }
    return counts;
}

bool CheckReport::countsAsFailure(const CaseResult &result) const
{
    return result.verdict == Verdict::Fail || (strict && result.verdict == Verdict::NonStrict);
}

bool CheckReport::passed() const
{
    return std::none_of(cases.cbegin(), cases.cend(),
                        [this](const CaseResult &result) { return countsAsFailure(result); });
}

QJsonObject CheckReport::toJson() const
{
    const VerdictCounts count = counts();
    QJsonArray caseArray;
    for (const CaseResult &result : cases)
        caseArray.append(caseJson(result));
    return { { QStringLiteral("tool"), tool },
             { QStringLiteral("version"), version },
             { QStringLiteral("mode"), modeName(mode) },
             { QStringLiteral("target"), target },
             { QStringLiteral("seed"), double(seed) },
             { QStringLiteral("strict"), strict },
             { QStringLiteral("timeoutMs"), double(timeoutMs) },
             { QStringLiteral("started"), started.toString(Qt::ISODateWithMs) },
             { QStringLiteral("durationMs"), double(durationMs) },
             { QStringLiteral("abandoned"), abandoned },
             { QStringLiteral("passed"), passed() },
             { QStringLiteral("summary"),
               QJsonObject { { QStringLiteral("total"), count.total() },
                             { QStringLiteral("pass"), count.pass },
                             { QStringLiteral("nonStrict"), count.nonStrict },
                             { QStringLiteral("info"), count.info },
                             { QStringLiteral("fail"), count.fail } } },
             { QStringLiteral("cases"), caseArray } };
}

std::optional<CheckReport> CheckReport::fromJson(const QJsonObject &object, QString *error)
{
    CheckReport report;
    report.tool = object.value(QLatin1String("tool")).toString();
    report.version = object.value(QLatin1String("version")).toString();
    const std::optional<Mode> mode = modeFromName(object.value(QLatin1String("mode")).toString());
    if (report.tool != QLatin1String("wirelab-check") || !mode) {
        if (error)
            *error = QStringLiteral("not a wirelab-check report");
        return std::nullopt;
    }
    report.mode = *mode;
    report.target = object.value(QLatin1String("target")).toString();
    report.seed = quint32(object.value(QLatin1String("seed")).toDouble());
    report.strict = object.value(QLatin1String("strict")).toBool();
    report.timeoutMs = qint64(object.value(QLatin1String("timeoutMs")).toDouble());
    report.started = QDateTime::fromString(object.value(QLatin1String("started")).toString(),
                                           Qt::ISODateWithMs);
    report.durationMs = qint64(object.value(QLatin1String("durationMs")).toDouble());
    report.abandoned = object.value(QLatin1String("abandoned")).toString();
    for (const QJsonValue &value : object.value(QLatin1String("cases")).toArray()) {
        std::optional<CaseResult> result = caseFromJson(value.toObject(), error);
        if (!result)
            return std::nullopt;
        report.cases.append(*result);
    }
    return report;
}

} // namespace Wirelab::Check
