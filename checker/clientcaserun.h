#ifndef WIRELAB_CLIENTCASERUN_H
#define WIRELAB_CLIENTCASERUN_H

#include "caseresult.h"
#include "checkcase.h"
#include "commandprocess.h"
#include "evidence.h"
#include "runsettings.h"
#include "scriptedserver.h"

#include <QtCore/QObject>
#include <QtCore/QTimer>

namespace Wirelab::Check {

// Client mode: runs the student's client once against the scripted server, kills it (and
// its process group) at the timeout, and judges what it sent, how it ended and what it printed.
class ClientCaseRun : public QObject
{
    Q_OBJECT
public:
    ClientCaseRun(const CheckCase &testCase, const QString &commandTemplate,
                  const RunSettings &settings, QObject *parent = nullptr);

    void start();
    void abort();

signals:
    void finished(const Wirelab::Check::CaseResult &result);

private:
    void processEnded();
    void finish();

    CheckCase m_case;
    QString m_commandTemplate;
    RunSettings m_settings;
    EvidenceRecorder m_recorder;
    ScriptedServer m_server;
    CommandProcess m_process;
    QTimer m_timeout;
    QTimer m_drain;
    QHash<QString, QString> m_placeholders;
    QString m_setupProblem;
    bool m_finished = false;
};

} // namespace Wirelab::Check

#endif // WIRELAB_CLIENTCASERUN_H
