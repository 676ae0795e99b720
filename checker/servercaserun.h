#ifndef WIRELAB_SERVERCASERUN_H
#define WIRELAB_SERVERCASERUN_H

#include "caseresult.h"
#include "checkcase.h"
#include "evidence.h"
#include "runsettings.h"

#include <QtCore/QObject>
#include <QtCore/QTimer>

namespace Wirelab::Check {

class ProbeConnection;

// Server mode: runs one case against HOST PORT, on the event loop, and judges it.
class ServerCaseRun : public QObject
{
    Q_OBJECT
public:
    ServerCaseRun(const CheckCase &testCase, const QString &host, quint16 port,
                  const RunSettings &settings, QObject *parent = nullptr);

    // Said of a connection that is refused: what earlier cases tell about why.
    void setRefusedHint(const QString &hint) { m_refusedHint = hint; }
    void start();
    void abort(); // ends the case now, judging what there is
    bool anyConnected() const;

signals:
    void finished(const Wirelab::Check::CaseResult &result);

private:
    ProbeConnection *addProbe(const QString &label);
    void connectAndSend(ProbeConnection *probe, const QByteArray &bytes, Chop chop);
    void startExchange();
    void startNextClient();
    void startConcurrent();
    void startStalled();
    void startInterleaved();
    void checkDone();
    void finish();
    QList<Finding> judge();

    CheckCase m_case;
    QString m_host;
    quint16 m_port;
    RunSettings m_settings;
    QString m_refusedHint;
    EvidenceRecorder m_recorder;
    QList<ProbeConnection *> m_probes; // in the order they were made
    QList<ProbeConnection *> m_awaited; // the case is over when all these are done
    QTimer m_timeout;
    QTimer m_settle;
    bool m_secondStarted = false; // NextClient, Stalled: the second client is on its way
    int m_resolvedClients = 0; // Concurrent: clients connected or refused so far
    bool m_finished = false;
};

} // namespace Wirelab::Check

#endif // WIRELAB_SERVERCASERUN_H
