#ifndef WIRELAB_CASERESULT_H
#define WIRELAB_CASERESULT_H

#include "checkcase.h"
#include "evidence.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

namespace Wirelab::Check {

// One outcome a check accepts: in words, and in bytes where there are exact ones.
struct Accepted
{
    QString description;
    QByteArray bytes; // empty: only described
    friend bool operator==(const Accepted &a, const Accepted &b)
    {
        return a.description == b.description && a.bytes == b.bytes;
    }
};

// A check that was not met: what is wrong, what would have been right, and what came.
struct Finding
{
    Level level = Level::Must;
    QString clause;
    QString subject; // what was judged: "answer", "next client's answer", "request", "output"
    QString problem; // one sentence
    QList<Accepted> expected;
    bool actualIsText = false;
    QByteArray actualBytes;
    QString actualText;
    qint64 differsAt = -1; // the first wrong byte of actualBytes; -1 if none is pointed at
    QString differsField; // the field that byte falls in, from the decoder's spans
    friend bool operator==(const Finding &a, const Finding &b);
};

struct SentBytes
{
    QString label;
    QByteArray bytes;
    friend bool operator==(const SentBytes &a, const SentBytes &b)
    {
        return a.label == b.label && a.bytes == b.bytes;
    }
};

struct CaseResult
{
    QString id;
    QString title;
    QStringList clauses;
    Level level = Level::Must;
    Mode mode = Mode::Server;
    Verdict verdict = Verdict::Pass;
    bool ran = true; // false: not run, because the target had gone (roster) or was cancelled
    QList<Finding> findings; // the checks that were not met, worst first
    QList<SentBytes> sent; // what wirelab-check sent
    QStringList notes; // how each connection ended; the client's exit and output
    Evidence evidence;
    qint64 durationMs = 0;

    QString summary() const; // the first finding's problem, or "" for a PASS
    friend bool operator==(const CaseResult &a, const CaseResult &b);
};

// The verdict of a set of unmet findings: FAIL for a MUST, NON-STRICT for a SHOULD, INFO
// for a MAY, PASS for none.
Verdict verdictOf(const QList<Finding> &findings);
// Worst first, so that the first finding says why the case has its verdict.
void sortFindings(QList<Finding> &findings);
CaseResult resultFor(const CheckCase &testCase);

struct VerdictCounts
{
    int pass = 0;
    int nonStrict = 0;
    int info = 0;
    int fail = 0;
    int total() const { return pass + nonStrict + info + fail; }
};

struct CheckReport
{
    QString tool = QStringLiteral("wirelab-check");
    QString version;
    Mode mode = Mode::Server;
    QString target; // "127.0.0.1:65432", or the client's command
    quint32 seed = 0;
    bool strict = false;
    qint64 timeoutMs = 0;
    QDateTime started;
    qint64 durationMs = 0;
    QString abandoned; // why the run stopped early, if it did
    QList<CaseResult> cases;

    VerdictCounts counts() const;
    // A case the run fails on: FAIL, and with --strict NON-STRICT too.
    bool countsAsFailure(const CaseResult &result) const;
    bool passed() const;
    int exitCode() const { return passed() ? 0 : 1; }

    QJsonObject toJson() const;
    static std::optional<CheckReport> fromJson(const QJsonObject &object, QString *error);
    friend bool operator==(const CheckReport &a, const CheckReport &b);
};

} // namespace Wirelab::Check

#endif // WIRELAB_CASERESULT_H
