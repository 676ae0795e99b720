#ifndef WIRELAB_SERVERSESSION_H
#define WIRELAB_SERVERSESSION_H

#include "serverexchange.h"

#include <QtCore/QObject>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace Wirelab {

class ServerWorker;

// One client connection: carries out what its ServerExchange decides, on a QTcpSocket.
// Reads the request, writes the answer, then closes gracefully: half-close, drain what the
// client still sends (bounded), close. Timeouts are checked by the worker's tick, so an
// idle connection costs no timer of its own.
class ServerSession : public QObject
{
    Q_OBJECT
public:
    ServerSession(QTcpSocket *socket, const ServerExchange::Settings &settings,
                  ServerWorker *worker);
    ~ServerSession() override;

    void start();
    void startBusy(int maxConnections);
    void checkDeadlines(qint64 now);

    qsizetype indexInWorker = -1; // for O(1) removal from the worker's list
    bool isBusyAnswer = false;    // a "server busy" refusal, not a served connection
    bool holdsSlot = false;       // counted in openConnections until answered

signals:
    void finished(Wirelab::ServerSession *session);

private:
    enum class Phase { Reading, Writing, Draining, Done };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void apply(const ServerExchange::Actions &actions);
    void writeReply(const QByteArray &reply);
    void beginDraining();
    void finish();

    QTcpSocket *m_socket;
    ServerWorker *m_worker;
    ServerExchange m_exchange;
    Phase m_phase = Phase::Reading;
    qint64 m_acceptedAt = 0;
    qint64 m_lastInputAt = 0;
    qint64 m_phaseStartedAt = 0;
    qint64 m_drainedBytes = 0;
};

} // namespace Wirelab

#endif // WIRELAB_SERVERSESSION_H
