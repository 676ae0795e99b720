#include "labrequests.h"
#include "rawclient.h"
#include "socketactivation.h"

#include <QtCore/QProcess>
#include <QtTest/QTest>

#include <csignal>

using namespace Qt::StringLiterals;

// wirelab-server started by socket activation, with no systemd running: under
// systemd-socket-activate, as wirelab-server.socket starts it, and with descriptors a shell
// passes the same way that are no socket to serve on.
class tst_ServerActivation : public QObject
{
    Q_OBJECT

private slots:
    void servesThePassedSocket();
    void refusesWhatItCannotServeOn_data();
    void refusesWhatItCannotServeOn();
};

void tst_ServerActivation::servesThePassedSocket()
{
    SocketActivate activate;
    // No HOST and PORT: the socket is descriptor 3.
    QVERIFY2(activate.start(QStringLiteral(WIRELAB_SYSTEMD_SOCKET_ACTIVATE),
                            QStringLiteral(WIRELAB_SERVER_PATH), { u"--threads"_s, u"2"_s }),
             qPrintable(activate.error()));
    NotifyReceiver &receiver = activate.notifications();
    const QString socket = u"('127.0.0.1', %1)"_s.arg(activate.port());

    // The first client makes systemd-socket-activate exec the server, which serves it from
    // the socket's backlog; the others come once it listens.
    const QByteArray request = LabRequests::request(u"double"_s, u"7654321"_s);
    RawClient first(activate.port());
    QVERIFY(first.waitConnected());
    const quint16 firstPort = first.socket().localPort();
    first.send(request);
    QVERIFY(first.waitClosed());
    QCOMPARE(first.received(), LabRequests::answerTo(request));
    QCOMPARE(receiver.receive(), "READY=1\nSTATUS=listening on " + socket.toUtf8());
    for (int i = 0; i < 10; ++i) {
        const QByteArray search = LabRequests::request(u"search"_s, u"morpheus"_s);
        QCOMPARE(exchange(activate.port(), search), LabRequests::answerTo(search));
    }

    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT(
            (output += activate.process().readAllStandardOutput()).count("closing connection to")
                    == 11,
            5000);
    QVERIFY2(output.startsWith("listening on " + socket.toUtf8()
                               + "\naccepted connection from ('127.0.0.1', "
                               + QByteArray::number(firstPort) + ")\n"),
             output.constData());

    ::kill(pid_t(activate.process().processId()), SIGTERM);
    const std::optional<QByteArray> stopping = receiver.receive();
    QVERIFY(stopping);
    QVERIFY2(stopping->startsWith("STOPPING=1\n"), stopping->constData());
    QVERIFY(activate.process().waitForFinished(10000));
    QCOMPARE(activate.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(activate.process().exitCode(), 0);
    output += activate.process().readAllStandardOutput();
    QVERIFY(output.endsWith("caught keyboard interrupt, exiting\n"));
    QVERIFY2(!activate.log().contains("error"), activate.log().constData());
}

void tst_ServerActivation::refusesWhatItCannotServeOn_data()
{
    // A shell passes descriptors as systemd does (LISTEN_PID is the shell's own process,
    // which exec keeps), so that the server meets what a wrong socket unit would give it.
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");
    QTest::newRow("a file, not a socket")
            << u"exec 3</dev/null; LISTEN_PID=$$ LISTEN_FDS=1 exec \"$0\" \"$@\""_s << QStringList()
            << 1
            << u"wirelab-server: the socket systemd passed cannot be served on: descriptor 3: not a socket"_s;
    QTest::newRow("two sockets")
            << u"exec 3</dev/null 4</dev/null; LISTEN_PID=$$ LISTEN_FDS=2 exec \"$0\" \"$@\""_s
            << QStringList() << 1
            << u"wirelab-server: systemd passed 2 sockets (LISTEN_FDS), and wirelab-server serves on one"_s;
    QTest::newRow("host and port as well")
            << u"exec 3</dev/null; LISTEN_PID=$$ LISTEN_FDS=1 exec \"$0\" \"$@\""_s
            << QStringList { u"127.0.0.1"_s, u"0"_s } << 2
            << u"wirelab-server: systemd passed a listening socket (LISTEN_FDS): leave out host and port"_s;
    QTest::newRow("LISTEN_FDS that is no number")
            << u"LISTEN_PID=$$ LISTEN_FDS=one exec \"$0\" \"$@\""_s << QStringList() << 1
            << u"wirelab-server: socket activation: LISTEN_FDS \"one\" is not a number of sockets"_s;
    QTest::newRow("for another process: HOST and PORT are needed")
            << u"LISTEN_PID=1 LISTEN_FDS=1 exec \"$0\" \"$@\""_s << QStringList() << 2
            << u"wirelab-server: usage: wirelab-server <host> <port>"_s;
}

void tst_ServerActivation::refusesWhatItCannotServeOn()
{
    QFETCH(QString, script);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    QProcess server;
    server.start(u"sh"_s,
                 QStringList { u"-c"_s, script, QStringLiteral(WIRELAB_SERVER_PATH) } + arguments);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    const QByteArray errors = server.readAllStandardError();
    QCOMPARE(server.exitCode(), exitCode);
    QVERIFY2(errors.startsWith(error.toUtf8()), errors.constData());
    QVERIFY(server.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(tst_ServerActivation)
#include "tst_serveractivation.moc"
