#ifndef WIRELAB_HTMLREPORT_H
#define WIRELAB_HTMLREPORT_H

#include "caseresult.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

namespace Wirelab::Check::HtmlReport {

// One self-contained page (inline style, no script, nothing fetched): the summary, a table
// of the cases, and each case's evidence: its findings, and every connection's timeline and
// bytes as hex coloured by what each byte is, the first wrong byte marked (Autobahn's report
// with a wire log per case).
QByteArray write(const CheckReport &report);

// The pieces, for the roster's index and for a GUI that shows one case.
QString styleSheet();
QString hexDump(const QByteArray &bytes, qint64 markedOffset = -1);
QString caseSection(const CaseResult &result);
QString anchorFor(const QString &caseId); // "case-5.2.1-bytes"
QString escaped(const QString &text); // HTML-escaped and XML-safe

} // namespace Wirelab::Check::HtmlReport

#endif // WIRELAB_HTMLREPORT_H
