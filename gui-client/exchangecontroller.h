#ifndef WIRELAB_EXCHANGECONTROLLER_H
#define WIRELAB_EXCHANGECONTROLLER_H

#include "clientexchange.h"
#include "exchangerecord.h"
#include "exchangetimeline.h"
#include "sendplan.h"

#include <QtCore/QHash>
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

    // The slow built-in server (ServerConfig::answerChunkBytes, answerDelay): it restarts on
    // the same port if it can, so that the form's port stays right. False (and why in
    // builtInServerError()) if it could not listen again.
    bool setSlowAnswer(qint64 chunkBytes, std::chrono::milliseconds delay);
    qint64 answerChunkBytes() const { return m_answerChunkBytes; }
    std::chrono::milliseconds answerDelay() const { return m_answerDelay; }

    void setTimeout(std::chrono::milliseconds timeout);
    // How the next requests go out (whole, in chunks, ...).
    void setSendPlan(const SendPlan &plan);
    SendPlan sendPlan() const { return m_exchange.sendPlan(); }
    ClientExchange &exchange() { return m_exchange; }
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
    // The exchange under way as it stands: both ends' events so far (the server's when the
    // built-in one answers), and the response as far as it can be read.
    ExchangeTimeline liveTimeline() const;
    MessageOutline liveResponse() const;

signals:
    void transcriptLine(const QString &line);
    void serverLogLine(const QString &line);
    void exchangeFinished(const Wirelab::ExchangeRecord &record);
    // The built-in server saw more of the last exchange after the client had finished (the
    // client's FIN, when the server half-closed first and waited for it): the record again,
    // with the server's end whole.
    void lastExchangeAmended(const Wirelab::ExchangeRecord &record);
    void busyChanged(bool busy);
    // Bytes went out or came in (either end): liveTimeline() and liveResponse() have grown.
    void progressed();

private:
    void addTranscriptLine(const QString &line);
    void finishExchange();
    Conversation serverConversation() const; // of the exchange under way, on its clock
    bool listen(quint16 port);

    ClientExchange m_exchange;
    std::unique_ptr<Server> m_server;
    ServerLogFeed *m_serverLog = nullptr;
    QString m_serverError;
    ExchangeRecord m_current;
    // The built-in server's conversations by the client's port, with their clocks' origins
    // (ServerConfig::conversationTap; the worker runs in this thread).
    QHash<quint16, std::pair<Conversation, std::chrono::steady_clock::time_point>> m_serverConversations;
    qint64 m_answerChunkBytes = 0;
    std::chrono::milliseconds m_answerDelay { 0 };
};

} // namespace Wirelab

#endif // WIRELAB_EXCHANGECONTROLLER_H
