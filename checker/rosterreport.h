#ifndef WIRELAB_ROSTERREPORT_H
#define WIRELAB_ROSTERREPORT_H

#include "checkcase.h"
#include "rosterrunner.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

// A class at a glance: submissions by cases, in the terminal, as CSV (every case) and as an
// HTML index that links each submission's own report.
namespace Wirelab::Check::RosterReport {

struct Score
{
    double points = 0;
    double maxPoints = 0;
};
// As Gradescope's: a point per MUST or SHOULD case the run does not fail on.
Score scoreOf(const CheckReport &report);

// One character per verdict: . PASS, ~ NON-STRICT, i INFO, F FAIL, - not run.
QChar verdictSymbol(const CaseResult &result);

// The terminal shows one column per case without its chops, the worst verdict of the case
// and its chopped variants (all of them are in the CSV).
QString terminalMatrix(const QList<SubmissionResult> &results, const QList<CheckCase> &cases);
QByteArray csv(const QList<SubmissionResult> &results, const QList<CheckCase> &cases);
QByteArray htmlIndex(const QList<SubmissionResult> &results, const QList<CheckCase> &cases);

} // namespace Wirelab::Check::RosterReport

#endif // WIRELAB_ROSTERREPORT_H
