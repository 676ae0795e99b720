#ifndef WIRELAB_ROSTERRUNNER_H
#define WIRELAB_ROSTERRUNNER_H

#include "checkrunner.h"
#include "commandprocess.h"
#include "roster.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

#include <chrono>

namespace Wirelab::Check {

struct RosterSettings
{
    // How long a submission's server has to listen: an interpreter's start-up, with room.
    std::chrono::milliseconds startTimeout { 10'000 };
    // A submission's whole grading, start to stop; what is left then fails.
    std::chrono::milliseconds cap { 300'000 };
    // SIGTERM, then SIGKILL to the whole process group after this.
    std::chrono::milliseconds stopGrace { 2'000 };
    QString outputDirectory; // each submission's log, HTML and JSON report
};

struct SubmissionResult
{
    RosterEntry entry;
    quint16 port = 0;
    CheckReport report;
    QString problem; // why it could not be graded (it did not listen), or why it stopped early
    QString logFile; // its server's output
    QString htmlReport; // file names, relative to the output folder
    QString jsonReport;
};

// Grades a class: starts each submission's server in turn on a free port as a process group
// of its own, waits for it to listen, runs the plan against it, and stops the group. A
// server that exits during its grading fails the cases it had left.
class RosterRunner : public QObject
{
    Q_OBJECT
public:
    explicit RosterRunner(QObject *parent = nullptr);

    void start(const QList<RosterEntry> &roster, const CheckPlan &plan,
               const RosterSettings &settings);
    const QList<SubmissionResult> &results() const { return m_results; }

    // A port nothing listens on now, as the system would pick one (it may be taken again
    // before the server binds it; a submission that finds it taken fails to listen).
    static quint16 freePort();

signals:
    void submissionStarted(const Wirelab::Check::RosterEntry &entry, int index, int count);
    void caseFinished(const Wirelab::Check::RosterEntry &entry,
                      const Wirelab::Check::CaseResult &result);
    void submissionFinished(const Wirelab::Check::SubmissionResult &result);
    void finished();

private:
    void startNext();
    void probeListening();
    void startGrading();
    void failToStart(const QString &problem);
    void gradingFinished(const CheckReport &report);
    void serverEnded();
    void submissionDone();

    QList<RosterEntry> m_roster;
    CheckPlan m_plan;
    RosterSettings m_settings;
    QList<SubmissionResult> m_results;
    int m_index = -1;
    SubmissionResult m_current;
    QPointer<CommandProcess> m_server;
    QPointer<CheckRunner> m_runner;
    QTcpSocket m_probe;
    QTimer m_probeTimer;
    QTimer m_startDeadline;
    QTimer m_cap;
    QString m_runningCase;
    bool m_betweenCases = false;
    bool m_grading = false;
    bool m_gradingDone = false;
};

} // namespace Wirelab::Check

#endif // WIRELAB_ROSTERRUNNER_H
