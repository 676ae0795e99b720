#include "systemdactivation.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtNetwork/QUdpSocket>
#include <QtTest/QTest>

#ifdef Q_OS_UNIX
#    include "socketactivation.h"

#    include <cerrno>
#    include <fcntl.h>
#    include <sys/socket.h>
#    include <unistd.h>
#endif

#include <optional>

using namespace Wirelab;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ListenFds::Status)

namespace {

using Variable = std::optional<QByteArray>;

#ifdef Q_OS_UNIX
// An environment variable set for one test, restored after it.
class ScopedVariable
{
public:
    ScopedVariable(const char *name, const Variable &value)
        : m_name(name), m_old(qEnvironmentVariableIsSet(name) ? Variable(qgetenv(name)) : std::nullopt)
    {
        set(value);
    }
    ~ScopedVariable() { set(m_old); }

private:
    void set(const Variable &value)
    {
        if (value)
            qputenv(m_name, *value);
        else
            qunsetenv(m_name);
    }
    const char *m_name;
    Variable m_old;
};
#endif

} // namespace

class tst_SystemdActivation : public QObject
{
    Q_OBJECT

private slots:
    void parseListenEnvironment_data();
    void parseListenEnvironment();
    void stateIsOneAssignmentALine();
#ifdef Q_OS_UNIX
    void takeListenFdsUnsetsTheVariables_data();
    void takeListenFdsUnsetsTheVariables();
    void notifyReachesADatagramSocket_data();
    void notifyReachesADatagramSocket();
    void notifyReadsNotifySocket();
    void notifyFailures_data();
    void notifyFailures();
    void listeningStreamSocket();
    void underSystemdSocketActivate();
#else
    void notSupported();
#endif
};

void tst_SystemdActivation::parseListenEnvironment_data()
{
    QTest::addColumn<Variable>("pid");
    QTest::addColumn<Variable>("fds");
    QTest::addColumn<Variable>("names");
    QTest::addColumn<ListenFds::Status>("status");
    QTest::addColumn<QList<int>>("descriptors");
    QTest::addColumn<QStringList>("expectedNames");
    QTest::addColumn<QString>("errorString");

    using Status = ListenFds::Status;
    const Variable unset;
    const Variable ours("4242"_ba);
    QTest::newRow("nothing set") << unset << unset << unset << Status::NotActivated << QList<int>()
                                 << QStringList() << u"LISTEN_PID is not set"_s;
    QTest::newRow("no LISTEN_PID") << unset << Variable("1"_ba) << unset << Status::NotActivated
                                   << QList<int>() << QStringList() << u"LISTEN_PID is not set"_s;
    QTest::newRow("for another process") << Variable("17"_ba) << Variable("1"_ba) << unset << Status::NotActivated
                                         << QList<int>() << QStringList()
                                         << u"LISTEN_PID is 17, not this process (4242)"_s;
    QTest::newRow("no LISTEN_FDS") << ours << unset << unset << Status::NotActivated << QList<int>()
                                   << QStringList() << u"LISTEN_FDS is not set"_s;
    QTest::newRow("one socket, no names") << ours << Variable("1"_ba) << unset << Status::Activated
                                          << QList<int> { 3 } << QStringList { u"unknown"_s } << QString();
    QTest::newRow("two named sockets") << ours << Variable("2"_ba) << Variable("lab:admin"_ba) << Status::Activated
                                       << QList<int> { 3, 4 } << QStringList { u"lab"_s, u"admin"_s } << QString();
    QTest::newRow("empty names kept") << ours << Variable("3"_ba) << Variable("a::b"_ba) << Status::Activated
                                      << QList<int> { 3, 4, 5 } << QStringList { u"a"_s, QString(), u"b"_s } << QString();
    QTest::newRow("the most sockets") << ours << Variable("4096"_ba) << unset << Status::Activated
                                      << QList<int>() << QStringList() << QString(); // checked by count below

    QTest::newRow("LISTEN_PID not a number") << Variable("12a"_ba) << Variable("1"_ba) << unset << Status::Invalid
                                             << QList<int>() << QStringList()
                                             << u"LISTEN_PID \"12a\" is not a process id"_s;
    QTest::newRow("LISTEN_PID zero") << Variable("0"_ba) << Variable("1"_ba) << unset << Status::Invalid
                                     << QList<int>() << QStringList() << u"LISTEN_PID \"0\" is not a process id"_s;
    QTest::newRow("LISTEN_PID empty") << Variable(""_ba) << Variable("1"_ba) << unset << Status::Invalid
                                      << QList<int>() << QStringList() << u"LISTEN_PID \"\" is not a process id"_s;
    QTest::newRow("LISTEN_PID with a space") << Variable(" 4242"_ba) << Variable("1"_ba) << unset << Status::Invalid
                                             << QList<int>() << QStringList()
                                             << u"LISTEN_PID \" 4242\" is not a process id"_s;
    QTest::newRow("LISTEN_FDS zero") << ours << Variable("0"_ba) << unset << Status::Invalid << QList<int>()
                                     << QStringList()
                                     << u"LISTEN_FDS \"0\" is not a number of sockets from 1 to 4096"_s;
    QTest::newRow("LISTEN_FDS negative") << ours << Variable("-1"_ba) << unset << Status::Invalid << QList<int>()
                                         << QStringList()
                                         << u"LISTEN_FDS \"-1\" is not a number of sockets from 1 to 4096"_s;
    QTest::newRow("LISTEN_FDS too many") << ours << Variable("4097"_ba) << unset << Status::Invalid << QList<int>()
                                         << QStringList()
                                         << u"LISTEN_FDS \"4097\" is not a number of sockets from 1 to 4096"_s;
    QTest::newRow("LISTEN_FDS beyond int") << ours << Variable("99999999999999999999"_ba) << unset << Status::Invalid
                                           << QList<int>() << QStringList()
                                           << u"LISTEN_FDS \"99999999999999999999\" is not a number of sockets from 1 to 4096"_s;
    QTest::newRow("LISTEN_FDS with text") << ours << Variable("1x"_ba) << unset << Status::Invalid << QList<int>()
                                          << QStringList()
                                          << u"LISTEN_FDS \"1x\" is not a number of sockets from 1 to 4096"_s;
    QTest::newRow("fewer names than sockets") << ours << Variable("2"_ba) << Variable("lab"_ba) << Status::Invalid
                                              << QList<int>() << QStringList()
                                              << u"LISTEN_FDNAMES \"lab\" names 1 sockets, but LISTEN_FDS says 2"_s;
    QTest::newRow("more names than sockets") << ours << Variable("1"_ba) << Variable("a:b"_ba) << Status::Invalid
                                             << QList<int>() << QStringList()
                                             << u"LISTEN_FDNAMES \"a:b\" names 2 sockets, but LISTEN_FDS says 1"_s;
    QTest::newRow("empty LISTEN_FDNAMES names none") << ours << Variable("1"_ba) << Variable(""_ba) << Status::Invalid
                                                     << QList<int>() << QStringList()
                                                     << u"LISTEN_FDNAMES \"\" names 0 sockets, but LISTEN_FDS says 1"_s;
}

void tst_SystemdActivation::parseListenEnvironment()
{
    QFETCH(Variable, pid);
    QFETCH(Variable, fds);
    QFETCH(Variable, names);
    QFETCH(ListenFds::Status, status);
    QFETCH(QList<int>, descriptors);
    QFETCH(QStringList, expectedNames);
    QFETCH(QString, errorString);

    const ListenFds result = SystemdActivation::parseListenEnvironment(pid, fds, names, 4242);
    QCOMPARE(result.status, status);
    QCOMPARE(result.errorString, errorString);
    if (QByteArrayView(QTest::currentDataTag()) == "the most sockets") {
        QCOMPARE(result.descriptors.size(), SystemdActivation::MaxListenFds);
        QCOMPARE(result.descriptors.first(), 3);
        QCOMPARE(result.descriptors.last(), 3 + SystemdActivation::MaxListenFds - 1);
        QCOMPARE(result.names.size(), SystemdActivation::MaxListenFds);
        return;
    }
    QCOMPARE(result.descriptors, descriptors);
    QCOMPARE(result.names, expectedNames);
}

void tst_SystemdActivation::stateIsOneAssignmentALine()
{
    QCOMPARE(SystemdActivation::state("READY=1", {}), "READY=1"_ba);
    QCOMPARE(SystemdActivation::state("READY=1", u"listening on ('', 65432)"_s),
             "READY=1\nSTATUS=listening on ('', 65432)"_ba);
    QCOMPARE(SystemdActivation::state("STOPPING=1", u"draining\n3 requests"_s), "STOPPING=1\nSTATUS=draining 3 requests"_ba);
    QCOMPARE(SystemdActivation::state(nullptr, u"serving 🐰"_s), "STATUS=serving \xf0\x9f\x90\xb0"_ba);
}

#ifdef Q_OS_UNIX

void tst_SystemdActivation::takeListenFdsUnsetsTheVariables_data()
{
    QTest::addColumn<QByteArray>("pid");
    QTest::addColumn<QByteArray>("fds");
    QTest::addColumn<ListenFds::Status>("status");
    const QByteArray ours = QByteArray::number(qint64(::getpid()));
    QTest::newRow("for another process") << QByteArray::number(qint64(::getpid()) + 1) << "1"_ba
                                         << ListenFds::Status::NotActivated;
    QTest::newRow("invalid") << ours << "0"_ba << ListenFds::Status::Invalid;
    // Descriptors 3 to 4000: this process has far fewer open, so one of them is not.
    QTest::newRow("a descriptor that is not open") << ours << "3998"_ba << ListenFds::Status::Invalid;
}

void tst_SystemdActivation::takeListenFdsUnsetsTheVariables()
{
    QFETCH(QByteArray, pid);
    QFETCH(QByteArray, fds);
    QFETCH(ListenFds::Status, status);
    const ScopedVariable listenPid("LISTEN_PID", pid);
    const ScopedVariable listenFds("LISTEN_FDS", fds);
    const ScopedVariable listenFdNames("LISTEN_FDNAMES", Variable("lab"_ba));
    const ScopedVariable listenPidFdId("LISTEN_PIDFDID", Variable("1"_ba));
    const ListenFds result = SystemdActivation::takeListenFds();
    QCOMPARE(result.status, status);
    QVERIFY(!result.errorString.isEmpty());
    for (const char *name : { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PIDFDID" })
        QVERIFY2(!qEnvironmentVariableIsSet(name), name);
}

void tst_SystemdActivation::notifyReachesADatagramSocket_data()
{
    QTest::addColumn<bool>("abstract");
    QTest::newRow("a path") << false;
#    ifdef Q_OS_LINUX
    QTest::newRow("an abstract name") << true;
#    endif
}

void tst_SystemdActivation::notifyReachesADatagramSocket()
{
    QFETCH(bool, abstract);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QByteArray name = abstract
            ? "@wirelab-test-" + QByteArray::number(qint64(::getpid())) + '-'
                    + QByteArray::number(QRandomGenerator::global()->generate())
            : QFile::encodeName(directory.filePath(u"notify"_s));
    NotifyReceiver receiver(name);
    QVERIFY(receiver.isBound());

    const NotifyResult ready = SystemdActivation::notifyTo(name, "READY=1\nSTATUS=listening on ('', 65432)");
    QCOMPARE(ready.status, NotifyResult::Status::Sent);
    QCOMPARE(ready.errorString, QString());
    QCOMPARE(receiver.receive(), "READY=1\nSTATUS=listening on ('', 65432)"_ba);
    QCOMPARE(SystemdActivation::notifyTo(name, "STOPPING=1").status, NotifyResult::Status::Sent);
    QCOMPARE(receiver.receive(), "STOPPING=1"_ba);
}

void tst_SystemdActivation::notifyReadsNotifySocket()
{
    QTemporaryDir directory;
    const QByteArray path = QFile::encodeName(directory.filePath(u"notify"_s));
    NotifyReceiver receiver(path);
    QVERIFY(receiver.isBound());
    {
        const ScopedVariable notifySocket("NOTIFY_SOCKET", std::nullopt);
        QCOMPARE(SystemdActivation::notifyReady().status, NotifyResult::Status::NotRequested);
    }
    const ScopedVariable notifySocket("NOTIFY_SOCKET", path);
    QCOMPARE(SystemdActivation::notifyReady(u"listening on ('127.0.0.1', 65432)"_s).status, NotifyResult::Status::Sent);
    QCOMPARE(SystemdActivation::notifyStatus(u"2 connections"_s).status, NotifyResult::Status::Sent);
    QCOMPARE(SystemdActivation::notifyStopping().status, NotifyResult::Status::Sent);
    QCOMPARE(receiver.receive(), "READY=1\nSTATUS=listening on ('127.0.0.1', 65432)"_ba);
    QCOMPARE(receiver.receive(), "STATUS=2 connections"_ba);
    QCOMPARE(receiver.receive(), "STOPPING=1"_ba);
    // Still set: STOPPING=1 comes long after READY=1 and needs it.
    QVERIFY(qEnvironmentVariableIsSet("NOTIFY_SOCKET"));
}

void tst_SystemdActivation::notifyFailures_data()
{
    QTest::addColumn<QByteArray>("socket");
    QTest::addColumn<QString>("errorString");
    QTest::newRow("a relative path") << "run/notify"_ba
                                     << u"NOTIFY_SOCKET run/notify: neither an absolute path nor an abstract name (@name)"_s;
    QTest::newRow("vsock") << "vsock:2:1234"_ba
                           << u"NOTIFY_SOCKET vsock:2:1234: neither an absolute path nor an abstract name (@name)"_s;
    QTest::newRow("empty") << QByteArray() << u"NOTIFY_SOCKET : neither an absolute path nor an abstract name (@name)"_s;
    QTest::newRow("nobody there") << "/nonexistent/wirelab/notify"_ba
                                  << u"NOTIFY_SOCKET /nonexistent/wirelab/notify: No such file or directory"_s;
    const QByteArray longPath = '/' + QByteArray(107, 'x');
    QTest::newRow("a path too long") << longPath
                                     << u"NOTIFY_SOCKET %1: the path is longer than a socket address holds"_s.arg(QString::fromLatin1(longPath));
}

void tst_SystemdActivation::notifyFailures()
{
    QFETCH(QByteArray, socket);
    QFETCH(QString, errorString);
    const NotifyResult result = SystemdActivation::notifyTo(socket, "READY=1");
    QCOMPARE(result.status, NotifyResult::Status::Failed);
    QCOMPARE(result.errorString, errorString);
}

void tst_SystemdActivation::listeningStreamSocket()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QString why;
    QVERIFY2(SystemdActivation::isListeningStreamSocket(int(server.socketDescriptor()), &why), qPrintable(why));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(10000));
    QVERIFY(!SystemdActivation::isListeningStreamSocket(int(client.socketDescriptor()), &why));
    QCOMPARE(why, u"descriptor %1: not listening (Accept=yes passes connections, not the socket)"_s.arg(client.socketDescriptor()));

    QUdpSocket datagram;
    QVERIFY(datagram.bind(QHostAddress::LocalHost, 0));
    QVERIFY(!SystemdActivation::isListeningStreamSocket(int(datagram.socketDescriptor()), &why));
    QCOMPARE(why, u"descriptor %1: not a stream socket (ListenStream= in the socket unit)"_s.arg(datagram.socketDescriptor()));

    int pipe[2];
    QCOMPARE(::pipe(pipe), 0);
    QVERIFY(!SystemdActivation::isListeningStreamSocket(pipe[0], &why));
    QCOMPARE(why, u"descriptor %1: not a socket"_s.arg(pipe[0]));
    ::close(pipe[0]);
    ::close(pipe[1]);
    QVERIFY(!SystemdActivation::isListeningStreamSocket(pipe[0], &why));
    QCOMPARE(why, u"descriptor %1: Bad file descriptor"_s.arg(pipe[0]));
}

void tst_SystemdActivation::underSystemdSocketActivate()
{
#    ifndef WIRELAB_SYSTEMD_SOCKET_ACTIVATE
    QSKIP("systemd-socket-activate was not found when this was configured (scripts/install-deps.sh installs it)");
#    else
    SocketActivate activate;
    QVERIFY2(activate.start(QStringLiteral(WIRELAB_SYSTEMD_SOCKET_ACTIVATE), QStringLiteral(WIRELAB_ACTIVATION_PROBE)),
             qPrintable(activate.error()));
    NotifyReceiver &receiver = activate.notifications();
    const quint16 port = activate.port();

    // The first connection makes it exec the probe, which accepts this very connection.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(10000));
    QByteArray report;
    const QDeadlineTimer deadline(10000);
    while (client.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        client.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        report += client.readAll();
    }
    report += client.readAll();
    QVERIFY(activate.process().waitForFinished(10000));
    QVERIFY2(activate.process().exitStatus() == QProcess::NormalExit && activate.process().exitCode() == 0,
             activate.log().constData());

    const QByteArray expected = "activated=1 descriptors=1 names=lab environment-unset=1 first=3 cloexec=1 "
                                "listening=1 adopted=1 address=127.0.0.1 port="
            + QByteArray::number(port) + " ready=sent\n";
    QCOMPARE(report, expected);
    QCOMPARE(receiver.receive(), "READY=1\nSTATUS=listening on ('127.0.0.1', " + QByteArray::number(port) + ")");
    QCOMPARE(receiver.receive(), "STOPPING=1"_ba);
#    endif
}

#else // not Q_OS_UNIX

void tst_SystemdActivation::notSupported()
{
    QCOMPARE(SystemdActivation::takeListenFds().status, ListenFds::Status::NotSupported);
    QCOMPARE(SystemdActivation::notifyTo("/run/notify", "READY=1").status, NotifyResult::Status::NotSupported);
    QVERIFY(!SystemdActivation::isListeningStreamSocket(3));
}

#endif

QTEST_GUILESS_MAIN(tst_SystemdActivation)
#include "tst_systemdactivation.moc"
