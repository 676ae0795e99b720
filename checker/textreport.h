#ifndef WIRELAB_TEXTREPORT_H
#define WIRELAB_TEXTREPORT_H

#include "caseresult.h"
#include "checkcase.h"

#include <QtCore/QString>

// What wirelab-check prints: a line per case, the evidence of every case that did not pass
// (what was sent as a Python literal, every accepted outcome, what came, a caret under the
// first wrong byte), and the summary last (h2spec's layout).
namespace Wirelab::Check::TextReport {

QString caseLine(const CaseResult &result);
QString caseDetails(const CaseResult &result); // empty for a PASS
QString summary(const CheckReport &report);
// The summary's parts without the lists of case ids: its counts, and its "Result:" line.
QString summaryCounts(const CheckReport &report);
QString resultLine(const CheckReport &report);
QString caseList(const QList<CheckCase> &cases); // --list

// A Python bytes literal, and under it a caret at byte offset with what the byte is.
QString literalWithCaret(const QByteArray &bytes, qint64 offset, const QString &field,
                         const QString &indent);
// The clauses of a result as "[5.2 MUST; 1.2 MUST]".
QString clauseTag(const QStringList &clauses);

} // namespace Wirelab::Check::TextReport

#endif // WIRELAB_TEXTREPORT_H
