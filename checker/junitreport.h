#ifndef WIRELAB_JUNITREPORT_H
#define WIRELAB_JUNITREPORT_H

#include "caseresult.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

namespace Wirelab::Check::JUnitReport {

// JUnit XML as CI systems read it: one <testcase> per case, a <failure> with the case's
// evidence for each case the run fails on (FAIL, and NON-STRICT with --strict); NON-STRICT
// and INFO cases pass with their evidence in <system-out>.
QByteArray write(const CheckReport &report);

// Text with the characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone
// surrogates, U+FFFE, U+FFFF) replaced by U+FFFD: a student's program may print anything.
QString xmlSafe(const QString &text);

} // namespace Wirelab::Check::JUnitReport

#endif // WIRELAB_JUNITREPORT_H
