#ifndef WIRELAB_PROBECONNECTION_H
#define WIRELAB_PROBECONNECTION_H

#include "chopplan.h"
#include "evidence.h"
#include "outcome.h"
#include "pacedwriter.h"

#include <QtCore/QObject>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

#include <chrono>

namespace Wirelab::Check {

// Server mode: one client connection of a case. Sends what it is told, in the pieces it is
// told, and collects what comes back until the server closes, or a whole message (or a
// broken one) has arrived and the server has had closeGrace to close after it.
class ProbeConnection : public QObject
{
    Q_OBJECT
public:
    ProbeConnection(const QString &label, EvidenceRecorder *recorder,
                    std::chrono::milliseconds closeGrace, QObject *parent = nullptr);
    ~ProbeConnection() override;

    void connectTo(const QString &host, quint16 port);
    void send(const QList<Piece> &pieces);
    // Closes wirelab-check's side once everything is sent: a client that leaves mid-request.
    void closeAfterSending();
    // The case is over: stop waiting, close, and record how it stood.
    void stop(ConnectionOutcome::End end = ConnectionOutcome::End::TimedOut);

    bool isConnected() const { return m_connected; }
    bool isDone() const { return m_done; }
    const ConnectionOutcome &outcome() const { return m_outcome; }

signals:
    void connected();
    void allSent();
    void done();

private:
    void handleConnected();
    void readAvailable();
    void handleDisconnected();
    void handleError(QAbstractSocket::SocketError error);
    void end(ConnectionOutcome::End how, const QString &errorText = {});

    EvidenceRecorder *m_recorder;
    int m_connection;
    QTcpSocket m_socket;
    PacedWriter m_writer;
    QTimer m_closeGrace;
    ConnectionOutcome m_outcome;
    bool m_connected = false;
    bool m_done = false;
    bool m_closeAfterSending = false;
};

} // namespace Wirelab::Check

#endif // WIRELAB_PROBECONNECTION_H
