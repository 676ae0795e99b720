#ifndef WIRELAB_GRADESCOPEREPORT_H
#define WIRELAB_GRADESCOPEREPORT_H

#include "caseresult.h"

#include <QtCore/QByteArray>
#include <QtCore/QStringList>

namespace Wirelab::Check::GradescopeReport {

// Gradescope's results.json: a score, and a test per case with its score, status, output and
// visibility. A MUST or SHOULD case is worth a point, a MAY case none (it only informs); a
// case scores its point unless the run fails on it (FAIL, and NON-STRICT with --strict).
// Cases the hidden selectors pick (as --only picks them) are shown "after_published".
QByteArray write(const CheckReport &report, const QStringList &hiddenSelectors = {});

} // namespace Wirelab::Check::GradescopeReport

#endif // WIRELAB_GRADESCOPEREPORT_H
