#include "halfclosedpeer.h"

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// The Qt 6.4 defect HalfClosedPeer works around, and the workaround: a server side that
// answers after its client has half-closed, and tells a reset from a close.
class tst_HalfClosedPeer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void qtClosesOnHalfClose();
    void answerAfterHalfClose();
    void resetIsToldApart();
    void unreadInputIsSeen();
    void endOutputSendsFin();

private:
    // A connected pair on loopback, as tst_qtcpsocket's SocketPair: the client is ours to
    // drive, the server side is the socket under test.
    void connectPair();

    QTcpServer m_listener;
    std::unique_ptr<QTcpSocket> m_client;
    QTcpSocket *m_server = nullptr;
};

void tst_HalfClosedPeer::init()
{
    m_listener.close();
    QVERIFY(m_listener.listen(QHostAddress::LocalHost, 0));
    connectPair();
}

void tst_HalfClosedPeer::connectPair()
{
    m_client = std::make_unique<QTcpSocket>();
    m_client->connectToHost(QHostAddress::LocalHost, m_listener.serverPort());
    QVERIFY(m_client->waitForConnected(5000));
    QVERIFY(m_listener.waitForNewConnection(5000));
    m_server = m_listener.nextPendingConnection();
    QVERIFY(m_server);
}

void tst_HalfClosedPeer::qtClosesOnHalfClose()
{
    // Without the workaround: the client's FIN closes the whole socket, and a write after it
    // goes nowhere. If a Qt version stops doing this, HalfClosedPeer can go.
    m_client->write("request");
    m_client->flush();
    QVERIFY(::shutdown(int(m_client->socketDescriptor()), SHUT_WR) == 0);
    QSignalSpy disconnected(m_server, &QTcpSocket::disconnected);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(m_server->readAll(), "request"_ba);
    QCOMPARE(m_server->state(), QAbstractSocket::UnconnectedState);
}

void tst_HalfClosedPeer::answerAfterHalfClose()
{
    int endsOfInput = 0;
    HalfClosedPeer::watch(
            m_server, [&] { ++endsOfInput; }, [](const QString &) { QFAIL("not a reset"); });
    QByteArray received;
    connect(m_server, &QTcpSocket::readyRead, this, [&] { received += m_server->readAll(); });
    m_client->write("request");
    m_client->flush();
    QVERIFY(::shutdown(int(m_client->socketDescriptor()), SHUT_WR) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(endsOfInput, 1, 5000);
    QCOMPARE(received, "request"_ba);
    QCOMPARE(m_server->state(), QAbstractSocket::ConnectedState); // still open, for the answer
    // (Not waitForBytesWritten(): Qt's blocking waits read the socket themselves, past the
    // read notifier, and would close it; the server never blocks.)
    m_server->write("answer");
    m_server->flush();
    QByteArray answer;
    connect(m_client.get(), &QTcpSocket::readyRead, this, [&] { answer += m_client->readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(answer, "answer"_ba, 5000);
    QCOMPARE(endsOfInput, 1);
}

void tst_HalfClosedPeer::resetIsToldApart()
{
    QString resetReason;
    bool ended = false;
    HalfClosedPeer::watch(
            m_server, [&] { ended = true; }, [&](const QString &reason) { resetReason = reason; });
    m_client->write("req");
    m_client->flush();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->bytesAvailable() > 0 || !m_server->readAll().isEmpty(), 5000);
    const linger abortive { 1, 0 }; // close with a reset
    ::setsockopt(int(m_client->socketDescriptor()), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    m_client->abort();
    QTRY_VERIFY_WITH_TIMEOUT(!resetReason.isEmpty(), 5000);
    QVERIFY(!ended);
}

void tst_HalfClosedPeer::unreadInputIsSeen()
{
    QVERIFY(!HalfClosedPeer::hasUnreadInput(m_server));
    m_client->write("x");
    m_client->flush();
    // In the kernel's buffer first, then (once Qt has read it) in the socket's.
    QTRY_VERIFY_WITH_TIMEOUT(HalfClosedPeer::hasUnreadInput(m_server), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->bytesAvailable(), 1, 5000);
    QVERIFY(HalfClosedPeer::hasUnreadInput(m_server));
    m_server->readAll();
    QVERIFY(!HalfClosedPeer::hasUnreadInput(m_server));
}

void tst_HalfClosedPeer::endOutputSendsFin()
{
    m_server->write("answer");
    m_server->flush();
    QVERIFY(HalfClosedPeer::endOutput(m_server));
    // The client reads the answer, then the end; and can still send.
    QSignalSpy clientDisconnected(m_client.get(), &QTcpSocket::disconnected);
    QByteArray received;
    connect(m_client.get(), &QTcpSocket::readyRead, this, [&] { received += m_client->readAll(); });
    QVERIFY(clientDisconnected.wait(5000));
    QCOMPARE(received, "answer"_ba);
}

QTEST_GUILESS_MAIN(tst_HalfClosedPeer)
#include "tst_halfclosedpeer.moc"
