#include "acceptpausedonemfile.h"

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace Wirelab;

// The Qt 6.4 defect AcceptPausedOnEmfile works around: out of descriptors, QTcpServer pauses
// accepting and never resumes. This process lowers its own descriptor limit to meet it.
class tst_AcceptPausedOnEmfile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void budgetFollowsTheLimit();
    void qtStopsAcceptingAfterEmfile();
    void acceptingResumesWhenADescriptorIsFree();

private:
    void useUpDescriptors();
    void freeDescriptors();

    rlimit m_original {};
    std::vector<int> m_taken;
};

void tst_AcceptPausedOnEmfile::initTestCase()
{
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &m_original), 0);
}

void tst_AcceptPausedOnEmfile::cleanupTestCase()
{
    freeDescriptors();
    setrlimit(RLIMIT_NOFILE, &m_original);
}

void tst_AcceptPausedOnEmfile::useUpDescriptors()
{
    for (int i = 0; i < 100000; ++i) {
        const int descriptor = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (descriptor < 0)
            break;
        m_taken.push_back(descriptor);
    }
}

void tst_AcceptPausedOnEmfile::freeDescriptors()
{
    for (const int descriptor : m_taken)
        ::close(descriptor);
    m_taken.clear();
}

void tst_AcceptPausedOnEmfile::budgetFollowsTheLimit()
{
    // The soft limit is raised to the hard one first, then a reserve of 64 is kept back (a
    // quarter of a small limit: the hostile clients' test runs a server with 40).
    const rlimit low { 200, m_original.rlim_max };
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &low), 0);
    const qint64 budget = AcceptPausedOnEmfile::descriptorBudget();
    rlimit now {};
    getrlimit(RLIMIT_NOFILE, &now);
    QCOMPARE(now.rlim_cur, m_original.rlim_max);
    const qint64 limit = qint64(now.rlim_cur);
    QCOMPARE(budget, limit - std::min<qint64>(AcceptPausedOnEmfile::ReservedDescriptors, limit / 4));
}

void tst_AcceptPausedOnEmfile::qtStopsAcceptingAfterEmfile()
{
    // The defect, without the workaround: out of descriptors, QTcpServer pauses and says
    // acceptError(); resumed by hand, it takes the waiting clients and then, at the empty
    // backlog, says "out of resources" again and pauses again, and so after every batch.
    // If a Qt version stops doing this, AcceptPausedOnEmfile can go.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy acceptErrors(&server, &QTcpServer::acceptError);
    QVERIFY(acceptErrors.isValid());
    // The client connects first (the kernel completes it into the backlog; the server has not
    // run yet), then every descriptor is taken: UBSan's vptr check needs a pipe of its own the
    // first time it meets a class, so no class is met first while none is free.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000));
    const rlimit limit { 64, m_original.rlim_max };
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    useUpDescriptors();
    QVERIFY(acceptErrors.wait(5000));
    freeDescriptors();
    server.resumeAccepting();
    QVERIFY(acceptErrors.wait(5000)); // the stale error, though the accept worked
    QVERIFY(server.hasPendingConnections());
    QCOMPARE(acceptErrors.size(), 2);
    setrlimit(RLIMIT_NOFILE, &m_original);
}

void tst_AcceptPausedOnEmfile::acceptingResumesWhenADescriptorIsFree()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    AcceptPausedOnEmfile workaround(&server);
    QSignalSpy paused(&workaround, &AcceptPausedOnEmfile::paused);
    std::vector<std::unique_ptr<QTcpSocket>> accepted;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection())
            accepted.emplace_back(socket);
    });

    // Both clients connect (by the kernel: both wait in the backlog), then no descriptor is
    // left for the server to accept with (and none met first by UBSan, as above).
    QVERIFY(paused.isValid());
    QVERIFY(!workaround.isPaused());
    QTcpSocket first;
    QTcpSocket second;
    first.connectToHost(QHostAddress::LocalHost, server.serverPort());
    second.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(first.waitForConnected(5000));
    QVERIFY(second.waitForConnected(5000));
    const rlimit limit { 64, m_original.rlim_max };
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    useUpDescriptors();
    QVERIFY(paused.wait(5000));
    QCOMPARE(paused.size(), 1);
    QVERIFY(workaround.isPaused());
    QCOMPARE(accepted.size(), size_t(0));

    // Room again: Qt alone would wait for ever; with the workaround both are taken.
    freeDescriptors();
    workaround.connectionClosed();
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), size_t(2), 5000);
    QVERIFY(!workaround.isPaused());
    // And for good: Qt's engine would have kept its error and paused again at every empty
    // backlog; the next client is taken at once, with no second pause.
    QTcpSocket third;
    third.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(third.waitForConnected(5000));
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), size_t(3), 5000);
    QCOMPARE(paused.size(), 1);
    QVERIFY(!workaround.isPaused());
    setrlimit(RLIMIT_NOFILE, &m_original);
}

QTEST_GUILESS_MAIN(tst_AcceptPausedOnEmfile)
#include "tst_acceptpausedonemfile.moc"
