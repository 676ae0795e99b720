#ifndef WIRELAB_RAWCLIENT_H
#define WIRELAB_RAWCLIENT_H

#include "messagedecoder.h"

#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

// A client that sends exactly the bytes it is given and collects what comes back until the
// server closes: for golden and hostile inputs.
class RawClient : public QObject
{
public:
    explicit RawClient(quint16 port)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
            if (m_socket.isReadable())
                m_received += m_socket.readAll();
            m_closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    // A server may answer and close before the client has seen its own connect complete
    // (a "server busy" answer does not wait for the request): that counts as connected.
    bool waitConnected() { return m_socket.waitForConnected(10000) || m_closed || !m_received.isEmpty(); }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // Waits (event loop running) until the server has closed, up to timeoutMs.
    bool waitClosed(int timeoutMs = 10000)
    {
        if (!m_closed) {
            QSignalSpy closed(&m_socket, &QTcpSocket::disconnected);
            closed.wait(timeoutMs);
        }
        return m_closed;
    }
    bool isClosed() const { return m_closed; }
    QByteArray received() const { return m_received; }
    QTcpSocket &socket() { return m_socket; }

    // The answer, decoded; status NeedMoreData if nothing came.
    Wirelab::DecodeResult answer() const
    {
        Wirelab::MessageDecoder decoder({ 65535, 64 * 1024 * 1024 });
        decoder.feed(m_received);
        decoder.finish();
        return decoder.next();
    }
    QString answerResult() const
    {
        const Wirelab::DecodeResult result = answer();
        return result.message.jsonContent.value(QStringLiteral("result")).toString();
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_closed = false;
};

// Sends a request and waits for the whole answer and the close.
inline QByteArray exchange(quint16 port, const QByteArray &request, int timeoutMs = 10000)
{
    RawClient client(port);
    if (!client.waitConnected())
        return {};
    client.send(request);
    client.waitClosed(timeoutMs);
    return client.received();
}

#endif // WIRELAB_RAWCLIENT_H
