#ifndef WIRELAB_EXCHANGECONTROLLER_H
#define WIRELAB_EXCHANGECONTROLLER_H

#include "clientexchange.h"
#include "exchangerecord.h"

#include <QtCore/QObject>
#include <memory>

namespace Wirelab {

class Server;
class ServerLogFeed;

// The GUI's network side, no widgets: the built-in server, one exchange at a time, and the
// lab client's transcript. It keeps what the client's decoder made of the answer, as an
// ExchangeRecord whose outlines every view renders: nothing decodes it again.
class ExchangeController : public QObject
{
    Q_OBJECT
public:
    explicit ExchangeController(QObject *parent = nullptr);
    ~ExchangeController() override;

    bool startBuiltInServer(); // on 127.0.0.1, a port the system chooses
    void stopBuiltInServer();
    bool isBuiltInServerRunning() const;
    quint16 builtInServerPort() const;
    QString builtInServerError() const;

    void setTimeout(std::chrono::milliseconds timeout);
    // Builds the lab's request and sends it; false (and why) if the value cannot be sent.
    bool send(const QString &host, quint16 port, const QString &action, const QString &value,
              QString *whyNot = nullptr);
    // Sends exactly these bytes (the lab bench's, edited by hand); action and value are what
    // the history says they were made from. False (and why) if there is nothing to send.
    bool sendBytes(const QString &host, quint16 port, const QByteArray &bytes, const QString &action,
                   const QString &value, QString *whyNot = nullptr);
    void cancel();
    bool isBusy() const;
    // The exchange under way, or the last one: its request and transcript so far.
    const ExchangeRecord &currentExchange() const { return m_current; }

signals:
    void transcriptLine(const QString &line);
    void serverLogLine(const QString &line);
    void exchangeFinished(const Wirelab::ExchangeRecord &record);
    void busyChanged(bool busy);

private:
    void addTranscriptLine(const QString &line);
    void finishExchange();

    ClientExchange m_exchange;
    std::unique_ptr<Server> m_server;
    ServerLogFeed *m_serverLog = nullptr;
    QString m_serverError;
    ExchangeRecord m_current;
};

} // namespace Wirelab

#endif // WIRELAB_EXCHANGECONTROLLER_H
