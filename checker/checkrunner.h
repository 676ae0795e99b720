#ifndef WIRELAB_CHECKRUNNER_H
#define WIRELAB_CHECKRUNNER_H

#include "caseresult.h"
#include "checkcase.h"
#include "runsettings.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QPointer>

namespace Wirelab::Check {

// What to check: a server at HOST PORT, or a client started from a command template.
struct CheckTarget
{
    Mode mode = Mode::Server;
    QString host;
    quint16 port = 0;
    QString clientCommand; // "python3 app-client.py {host} {port} {action} {value}"

    static CheckTarget server(const QString &host, quint16 port)
    {
        return { Mode::Server, host, port, {} };
    }
    static CheckTarget client(const QString &command) { return { Mode::Client, {}, 0, command }; }
    QString describe() const;
};

struct CheckPlan
{
    QList<CheckCase> cases; // CaseCatalog::cases(), or a selection of them
    RunSettings settings;
    quint32 seed = 0; // the one the cases were made with, for the report
    bool strict = false;
    QString version; // of the program that runs the check, for the report

    // Every case of a mode, made with seed, and the default settings.
    static CheckPlan allCases(Mode mode, quint32 seed);
};

// Runs a plan's cases one after another on the event loop and reports each as it ends: the
// engine of wirelab-check, and what a GUI runs to check a server without blocking.
//
//     auto *runner = new CheckRunner(this);
//     connect(runner, &CheckRunner::caseFinished, this, &Window::showCase);
//     connect(runner, &CheckRunner::finished, this, &Window::showReport);
//     runner->start(plan, CheckTarget::server(host, port));
class CheckRunner : public QObject
{
    Q_OBJECT
public:
    explicit CheckRunner(QObject *parent = nullptr);
    ~CheckRunner() override;

    void start(const CheckPlan &plan, const CheckTarget &target);
    // The case under way ends as it ends; the ones after it are not run and fail with reason
    // (the roster's server has exited, or its time is up).
    void abandon(const QString &reason);
    // Stops now: the case under way ends with what it has, the rest are not run (and not
    // failed: they are left out of the report).
    void cancel();
    bool isRunning() const { return m_running; }
    const CheckReport &report() const { return m_report; }
    // Server mode: the last case whose server accepted a connection.
    QString lastConnectedCase() const { return m_lastConnectedCase; }

signals:
    void caseStarted(const Wirelab::Check::CheckCase &testCase, int index, int count);
    void caseFinished(const Wirelab::Check::CaseResult &result, int index, int count);
    void finished(const Wirelab::Check::CheckReport &report);

private:
    void runNext();
    void caseEnded(const CaseResult &result);
    void failRemaining();
    void end();

    CheckPlan m_plan;
    CheckTarget m_target;
    CheckReport m_report;
    QElapsedTimer m_clock;
    QPointer<QObject> m_current;
    int m_next = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QString m_abandonReason;
    QString m_lastConnectedCase; // server mode: the last case whose server accepted a connection
};

} // namespace Wirelab::Check

#endif // WIRELAB_CHECKRUNNER_H
