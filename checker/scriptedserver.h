#ifndef WIRELAB_SCRIPTEDSERVER_H
#define WIRELAB_SCRIPTEDSERVER_H

#include "checkcase.h"
#include "clientjudge.h"
#include "evidence.h"
#include "messagedecoder.h"
#include "pacedwriter.h"
#include "runsettings.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <memory>

namespace Wirelab::Check {

// Client mode: the lab server a student's client talks to, on 127.0.0.1 and a port the
// system picks. It reads the request as a lab server does and answers as the case's script
// says: the lab's answer whole or chopped, a malformed one, part of one, or nothing.
class ScriptedServer : public QObject
{
    Q_OBJECT
public:
    ScriptedServer(const CheckCase &testCase, const RunSettings &settings,
                   EvidenceRecorder *recorder, QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }

    // What the first client connection sent.
    ClientJudge::RequestSeen requestSeen() const { return m_seen; }
    bool hasOpenConnections() const;
    void closeAll(); // the case is over

signals:
    void connectionEnded();

private:
    struct Connection
    {
        QPointer<QTcpSocket> socket;
        int id = 0;
        MessageDecoder decoder;
        std::unique_ptr<PacedWriter> writer;
        bool answered = false;
        bool ended = false;
        bool isFirst = false;
    };

    void accept();
    void read(Connection *connection);
    void answer(Connection *connection, const DecodeResult &request);
    void sendThenMaybeClose(Connection *connection, const QList<Piece> &pieces, bool close);
    void end(Connection *connection, bool peerClosed);

    CheckCase m_case;
    RunSettings m_settings;
    EvidenceRecorder *m_recorder;
    QTcpServer m_server;
    std::vector<std::unique_ptr<Connection>> m_connections;
    ClientJudge::RequestSeen m_seen;
};

} // namespace Wirelab::Check

#endif // WIRELAB_SCRIPTEDSERVER_H
