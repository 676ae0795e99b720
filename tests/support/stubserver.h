#ifndef WIRELAB_STUBSERVER_H
#define WIRELAB_STUBSERVER_H

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

// A server that answers with whatever a test says: the lab's bytes, garbage, half an
// answer, or nothing. It reads the request first (up to expectedRequestSize bytes), and
// keeps what it read for the test to compare.
class StubServer : public QTcpServer
{
public:
    enum class Behaviour { Answer, AnswerThenClose, Silent };

    StubServer(Behaviour behaviour, QByteArray answer = {}, qsizetype expectedRequestSize = 1)
        : m_behaviour(behaviour), m_answer(std::move(answer)), m_expected(expectedRequestSize)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
        listen(QHostAddress::LocalHost, 0);
    }

    QByteArray request() const { return m_request; }

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            m_request += socket->readAll();
            if (m_request.size() < m_expected || m_behaviour == Behaviour::Silent)
                return;
            socket->write(m_answer);
            socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    Behaviour m_behaviour;
    QByteArray m_answer;
    qsizetype m_expected;
    QByteArray m_request;
};

#endif // WIRELAB_STUBSERVER_H
