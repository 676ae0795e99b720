#include "labrequests.h"
#include "serverprocess.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>

#include <csignal>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

// docs/DEPLOY.md's recipe, run: a real HAProxy on 127.0.0.1 with the page's haproxy.cfg (only
// its addresses and ports replaced) in front of two wirelab-server backends that speak the
// PROXY protocol, 2,000 requests through it, and one backend stopped with SIGTERM and started
// again on its port meanwhile. Every request must be answered byte for byte, and the
// backends' transcripts must name the clients (this test's own ports), not HAProxy.
class tst_HAProxy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void requestsThroughABackendRestart();
};

namespace {

constexpr int RequestCount = 2000;
constexpr int Concurrency = 24;
constexpr int StopBackendAfter = 500; // answered requests before lab1 gets SIGTERM
constexpr qint64 RequestTimeoutMs = 10000; // one request, connect to close
constexpr int RunTimeoutMs = 120000; // the whole load

// The first ```haproxy block of docs/DEPLOY.md.
QString documentedConfig(QString *error)
{
    QFile file(QStringLiteral(WIRELAB_DEPLOY_MD));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString());
        return {};
    }
    const QString text = QString::fromUtf8(file.readAll());
    const qsizetype start = text.indexOf(u"\n```haproxy\n"_s);
    const qsizetype end = text.indexOf(u"\n```\n"_s, start + 1);
    if (start < 0 || end < 0) {
        *error = u"no ```haproxy block in %1"_s.arg(file.fileName());
        return {};
    }
    return text.mid(start + 12, end - start - 11);
}

// The documented configuration with its addresses and ports made this machine's: nothing
// else changes, so that what is tested is what the page says.
QString localConfig(QString config, quint16 frontend, quint16 lab1, quint16 lab2,
                    const QString &statsSocket, QString *error)
{
    const QList<std::pair<QString, QString>> replacements {
        { u"    bind :65432\n"_s, u"    bind 127.0.0.1:%1\n"_s.arg(frontend) },
        { u"    server lab1 10.0.0.11:65432\n"_s, u"    server lab1 127.0.0.1:%1\n"_s.arg(lab1) },
        { u"    server lab2 10.0.0.12:65432\n"_s, u"    server lab2 127.0.0.1:%1\n"_s.arg(lab2) },
        { u"    stats socket /run/haproxy/admin.sock "_s,
          u"    stats socket %1 "_s.arg(statsSocket) },
    };
    for (const auto &[from, to] : replacements) {
        if (config.count(from) != 1) {
            *error = u"docs/DEPLOY.md's haproxy.cfg has no line \"%1\" to point at this test's servers"_s
                             .arg(from.trimmed());
            return {};
        }
        config.replace(from, to);
    }
    return config;
}

// HAProxy in the foreground, its log (option tcplog, "log stdout") on its standard output.
class HAProxy
{
public:
    ~HAProxy()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // HAProxy refuses "bind 127.0.0.1:0" ("invalid port '0'"), so the frontend takes a port
    // the system has just chosen and given back; if something took it in between, HAProxy
    // says "cannot bind socket" and exits, and another is tried.
    bool start(const QString &documented, quint16 lab1, quint16 lab2, const QString &directory,
               QString *error)
    {
        m_statsSocket = directory + u"/admin.sock"_s;
        for (int attempt = 0; attempt < 5; ++attempt) {
            {
                QTcpServer probe;
                if (!probe.listen(QHostAddress::LocalHost, 0)) {
                    *error = u"no free port"_s;
                    return false;
                }
                m_port = probe.serverPort();
            }
            const QString config
                    = localConfig(documented, m_port, lab1, lab2, m_statsSocket, error);
            if (config.isEmpty())
                return false;
            QFile file(directory + u"/haproxy.cfg"_s);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
                || file.write(config.toUtf8()) < 0) {
                *error = u"cannot write haproxy.cfg"_s;
                return false;
            }
            file.close();
            QFile::remove(m_statsSocket);
            m_log.clear();
            m_process.start(QStringLiteral(WIRELAB_HAPROXY),
                            { u"-db"_s, u"-f"_s, file.fileName() });
            if (!m_process.waitForStarted(10000)) {
                *error = u"haproxy did not start: "_s + m_process.errorString();
                return false;
            }
            // Up once its runtime API answers; or gone, and its alert says why.
            QDeadlineTimer deadline(10000);
            while (m_process.state() == QProcess::Running && !deadline.hasExpired()
                   && stat().isEmpty())
                m_process.waitForFinished(50);
            if (m_process.state() == QProcess::Running && !stat().isEmpty())
                return true;
            m_process.kill();
            m_process.waitForFinished(5000);
            const QByteArray said = log();
            if (!said.contains("cannot bind socket")) {
                *error = u"haproxy did not come up: "_s + QString::fromUtf8(said);
                return false;
            }
        }
        *error = u"every frontend port tried was taken"_s;
        return false;
    }

    quint16 port() const { return m_port; }
    QProcess &process() { return m_process; }
    QByteArray log()
    {
        m_log += m_process.readAllStandardOutput() + m_process.readAllStandardError();
        return m_log;
    }

    // "show stat" of the runtime API: one CSV line for each frontend, backend and server.
    QList<QStringList> stat()
    {
        QLocalSocket api;
        api.connectToServer(m_statsSocket);
        if (!api.waitForConnected(2000))
            return {};
        api.write("show stat\n");
        QByteArray reply;
        QDeadlineTimer deadline(5000);
        while (api.state() == QLocalSocket::ConnectedState && !deadline.hasExpired()) {
            api.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            reply += api.readAll();
        }
        reply += api.readAll();
        QList<QStringList> rows;
        for (const QByteArray &line : reply.split('\n')) {
            if (!line.isEmpty())
                rows.append(QString::fromUtf8(line).split(u','));
        }
        return rows;
    }

    // A backend server's "status" and "check_status", as the runtime API says them.
    QString serverState(const QString &server)
    {
        const QList<QStringList> rows = stat();
        if (rows.isEmpty() || !rows.first().first().startsWith(u"# "_s))
            return u"(no stats)"_s;
        QStringList header = rows.first();
        header.first().remove(0, 2);
        const qsizetype status = header.indexOf(u"status"_s);
        const qsizetype check = header.indexOf(u"check_status"_s);
        for (const QStringList &row : rows) {
            if (row.size() > std::max(status, check) && row[0] == u"wirelab-servers"_s
                && row[1] == server)
                return row[status] + u' ' + row[check];
        }
        return u"(no such server)"_s;
    }

private:
    QProcess m_process;
    QByteArray m_log;
    QString m_statsSocket;
    quint16 m_port = 0;
};

// The clients: RequestCount requests, Concurrency at a time, each on a connection of its own,
// each a search for a value of its own ("req-17") so that the transcripts can be read back
// request by request. One coarse timer bounds every request in time.
class Clients : public QObject
{
public:
    struct Request
    {
        QString value;
        QByteArray bytes;
        quint16 localPort = 0; // the client's port, which the backend must name
        QByteArray received;
        QString failure; // empty: answered byte for byte
        qint64 startedAt = 0;
        qint64 milliseconds = 0; // connect to close
        bool done = false;
    };

    Clients(quint16 port, int count) : m_port(port)
    {
        for (int i = 0; i < count; ++i) {
            Request request;
            request.value = u"req-%1"_s.arg(i);
            request.bytes = LabRequests::request(u"search"_s, request.value);
            m_requests.push_back(request);
        }
        m_clock.start();
        m_tick.setInterval(250);
        connect(&m_tick, &QTimer::timeout, this, &Clients::checkDeadlines);
    }

    void start()
    {
        m_tick.start();
        while (m_running < Concurrency && m_next < int(m_requests.size()))
            launch();
    }
    int finished() const { return m_finished; }
    const std::vector<Request> &requests() const { return m_requests; }
    std::function<void(int finished)> onFinished;

private:
    void launch()
    {
        const int index = m_next++;
        ++m_running;
        Request &request = m_requests[size_t(index)];
        request.startedAt = m_clock.elapsed();
        auto *socket = new QTcpSocket(this);
        m_sockets.insert(index, socket);
        connect(socket, &QTcpSocket::connected, this, [this, socket, index] {
            Request &request = m_requests[size_t(index)];
            request.localPort = socket->localPort();
            socket->write(request.bytes);
        });
        connect(socket, &QTcpSocket::readyRead, this,
                [this, socket, index] { m_requests[size_t(index)].received += socket->readAll(); });
        connect(socket, &QTcpSocket::disconnected, this, [this, index] { complete(index, {}); });
        connect(socket, &QTcpSocket::errorOccurred, this,
                [this, socket, index](QAbstractSocket::SocketError error) {
                    if (error != QAbstractSocket::RemoteHostClosedError) // disconnected() follows
                                                                         // that one
                        complete(index, socket->errorString());
                });
        socket->connectToHost(QHostAddress::LocalHost, m_port);
    }

    void complete(int index, const QString &error)
    {
        Request &request = m_requests[size_t(index)];
        if (request.done)
            return;
        request.done = true;
        request.milliseconds = m_clock.elapsed() - request.startedAt;
        QTcpSocket *socket = m_sockets.take(index);
        if (socket->isReadable())
            request.received += socket->readAll();
        const QByteArray expected = LabRequests::answerTo(request.bytes);
        if (!error.isEmpty())
            request.failure
                    = u"%1 (%2 bytes of the answer)"_s.arg(error).arg(request.received.size());
        else if (request.received != expected)
            request.failure = u"closed after %1 bytes, not the %2-byte answer"_s
                                      .arg(request.received.size())
                                      .arg(expected.size());
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        --m_running;
        ++m_finished;
        if (onFinished)
            onFinished(m_finished);
        start();
    }

    void checkDeadlines()
    {
        const QList<int> open = m_sockets.keys();
        for (const int index : open) {
            if (m_clock.elapsed() - m_requests[size_t(index)].startedAt > RequestTimeoutMs)
                complete(index, u"no answer within %1 ms"_s.arg(RequestTimeoutMs));
        }
    }

    quint16 m_port;
    std::vector<Request> m_requests;
    QHash<int, QTcpSocket *> m_sockets;
    QTimer m_tick;
    QElapsedTimer m_clock;
    int m_next = 0;
    int m_running = 0;
    int m_finished = 0;
};

QByteArray fileContents(const QString &name)
{
    QFile file(name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList backendArguments(const QString &logFile)
{
    return { u"--proxy-protocol"_s,
             u"--trusted-proxy"_s,
             u"127.0.0.1"_s,
             u"--threads"_s,
             u"2"_s,
             u"--log-file"_s,
             logFile };
}

} // namespace

void tst_HAProxy::initTestCase()
{
    // Never skipped: where haproxy is missing the test says so and fails.
    QVERIFY2(QByteArrayView(WIRELAB_HAPROXY).size() > 0
                     && QFile::exists(QStringLiteral(WIRELAB_HAPROXY)),
             "haproxy is not installed (it was not found when this build was configured): run "
             "scripts/install-deps.sh, which installs it, then configure again");
}

void tst_HAProxy::requestsThroughABackendRestart()
{
    QString error;
    const QString documented = documentedConfig(&error);
    QVERIFY2(!documented.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString lab1Log = directory.filePath(u"lab1.log"_s);
    const QString lab1AgainLog = directory.filePath(u"lab1-again.log"_s);
    const QString lab2Log = directory.filePath(u"lab2.log"_s);

    auto lab1 = std::make_unique<ServerProcess>(backendArguments(lab1Log));
    QVERIFY2(lab1->start(), qPrintable(lab1->error()));
    ServerProcess lab2(backendArguments(lab2Log));
    QVERIFY2(lab2.start(), qPrintable(lab2.error()));
    const quint16 lab1Port = lab1->port();

    HAProxy haproxy;
    QVERIFY2(haproxy.start(documented, lab1Port, lab2.port(), directory.path(), &error),
             qPrintable(error));
    // Both backends up, each by its health check: the lab's double 7654321, answered.
    QTRY_COMPARE_WITH_TIMEOUT(haproxy.serverState(u"lab1"_s), u"UP L7OK"_s, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(haproxy.serverState(u"lab2"_s), u"UP L7OK"_s, 20000);

    // The load, and lab1 stopped (SIGTERM: it stops accepting and answers what it has
    // begun) and started again on its port as soon as it has exited.
    Clients clients(haproxy.port(), RequestCount);
    std::unique_ptr<ServerProcess> lab1Again;
    QElapsedTimer stopping;
    qint64 drainMs = -1;
    int finishedAtStop = -1, finishedAtRestart = -1;
    QObject::connect(&lab1->process(), &QProcess::finished, &clients, [&] {
        drainMs = stopping.elapsed();
        finishedAtRestart = clients.finished();
        lab1Again = std::make_unique<ServerProcess>(backendArguments(lab1AgainLog), lab1Port);
        if (!lab1Again->start())
            qWarning("lab1 did not start again on port %d: %s", lab1Port,
                     qPrintable(lab1Again->error()));
    });
    clients.onFinished = [&](int finished) {
        if (finishedAtStop < 0 && finished >= StopBackendAfter) {
            finishedAtStop = finished;
            stopping.start();
            ::kill(pid_t(lab1->pid()), SIGTERM);
        }
    };
    QElapsedTimer run;
    run.start();
    clients.start();
    QTRY_VERIFY_WITH_TIMEOUT(clients.finished() == RequestCount, RunTimeoutMs);
    const qint64 runMs = run.elapsed();

    QVERIFY2(lab1Again && lab1Again->port() == lab1Port, "lab1 was not started again on its port");
    QCOMPARE(lab1->process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(lab1->process().exitCode(), 0);

    // HAProxy logs each connection as it ends (option tcplog), a line a client, read here to
    // say what happened to a request that failed. Under load it drops lines that do not fit
    // in its standard output's pipe, so that it is waited for only a little, and not counted
    // on.
    const auto clientLines = [](const QByteArray &log) {
        QHash<quint16, QByteArray> lines;
        for (const QByteArray &line : log.split('\n')) {
            if (line.startsWith("127.0.0.1:") && line.contains(" wirelab wirelab-servers/"))
                lines.insert(quint16(line.mid(10, line.indexOf(' ') - 10).toUInt()), line);
        }
        return lines;
    };
    QHash<quint16, QByteArray> haproxyLines;
    [[maybe_unused]] const bool allLogged = QTest::qWaitFor(
            [&] { return (haproxyLines = clientLines(haproxy.log())).size() >= RequestCount; },
            2000);

    // Every request answered, byte for byte.
    QStringList failures;
    for (const Clients::Request &request : clients.requests()) {
        if (!request.failure.isEmpty())
            failures.append(u"%1 (client port %2): %3; haproxy: %4"_s.arg(request.value)
                                    .arg(request.localPort)
                                    .arg(request.failure,
                                         QString::fromUtf8(haproxyLines.value(request.localPort))));
    }
    QVERIFY2(failures.isEmpty(),
             qPrintable(u"%1 of %2 requests failed:\n  %3\nlab1 said: %4"_s.arg(failures.size())
                                .arg(RequestCount)
                                .arg(failures.mid(0, 20).join(u"\n  "_s))
                                .arg(QString::fromUtf8(lab1->process().readAllStandardError()))));

    // The transcripts, complete once the backends have exited, name each client by the port
    // it had here: the PROXY protocol header's source, not HAProxy's own connection.
    QCOMPARE(lab2.terminate(), 0);
    QCOMPARE(lab1Again->terminate(), 0);
    const QByteArray transcripts[]
            = { fileContents(lab1Log), fileContents(lab1AgainLog), fileContents(lab2Log) };
    int served[3] = { 0, 0, 0 };
    for (const Clients::Request &request : clients.requests()) {
        const QByteArray line
                = u"received request {'action': 'search', 'value': '%1'} from ('127.0.0.1', %2)\n"_s
                          .arg(request.value)
                          .arg(request.localPort)
                          .toUtf8();
        int where = -1;
        for (int i = 0; i < 3; ++i) {
            if (transcripts[i].contains(line)) {
                QVERIFY2(where < 0, line.constData()); // served once
                where = i;
            }
        }
        QVERIFY2(where >= 0,
                 qPrintable(u"no transcript names the client: "_s + QString::fromUtf8(line)));
        ++served[where];
    }
    QVERIFY2(served[0] > 0 && served[2] > 0, "both backends must have served clients");
    QVERIFY2(served[1] > 0, "lab1 must have served clients again after its restart");

    // What HAProxy did meanwhile, from its log (option tcplog): connections it sent to
    // another server than first chosen ("+" before the retries), and those that ended in
    // anything but a normal close ("--").
    int redispatched = 0, abnormal = 0;
    for (const QByteArray &line : std::as_const(haproxyLines)) {
        // client [date] frontend backend/server Tw/Tc/Tt bytes state conns/.../retries queues
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 9)
            continue;
        if (fields[7].contains("/+"))
            ++redispatched;
        if (fields[6] != "--")
            ++abnormal;
    }
    qint64 slowest = 0;
    int overHalfASecond = 0;
    for (const Clients::Request &request : clients.requests()) {
        slowest = std::max(slowest, request.milliseconds);
        overHalfASecond += request.milliseconds > 500 ? 1 : 0;
    }
    qInfo("%d requests in %lld ms, %d at a time; lab1 stopped after %d, exited %lld ms after "
          "SIGTERM and was "
          "serving again after %d; served by lab1 %d, lab1 again %d, lab2 %d; %d took over 500 ms, "
          "the slowest "
          "%lld ms; haproxy logged %d connections, %d redispatched, %d not closed normally",
          RequestCount, runMs, Concurrency, finishedAtStop, drainMs, finishedAtRestart, served[0],
          served[1], served[2], overHalfASecond, slowest, int(haproxyLines.size()), redispatched,
          abnormal);
}

QTEST_GUILESS_MAIN(tst_HAProxy)
#include "tst_haproxy.moc"
