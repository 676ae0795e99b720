#include "labprotocol.h"
#include "messageencoder.h"
#include "rawclient.h"
#include "serverprocess.h"

#include <QtCore/QTemporaryDir>
#include <QtCore/QTemporaryFile>
#include <QtCore/QTimer>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

#include <csignal>
#include <memory>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

QByteArray frame(const QByteArray &header, const QByteArray &content = {})
{
    QByteArray prefix(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), prefix.data());
    return prefix + header + content;
}

QByteArray header(const QByteArray &contentType, const QByteArray &encoding, qint64 length)
{
    return "{\"byteorder\": \"little\", \"content-type\": \"" + contentType
            + "\", \"content-encoding\": \"" + encoding
            + "\", \"content-length\": " + QByteArray::number(length) + "}";
}

QByteArray request(const QString &action, const QString &value)
{
    return encodeMessage(Lab::buildRequest(action, value).message).bytes;
}

// The lab text's answers (this host is little-endian, as the lab's sample server was).
QByteArray expectedAnswer(const QString &action, const QString &value)
{
    MessageDecoder decoder;
    decoder.feed(request(action, value));
    return encodeMessage(Lab::answerRequest(decoder.next().message, Lab::SearchTable::builtIn())).bytes;
}

} // namespace

class tst_WirelabServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void labCommands_data();
    void labCommands();
    void malformedInput_data();
    void malformedInput();
    void contentTooLargeWhileStillSending();
    void halfCloseAfterRequestIsAnswered();
    void concurrentClients();
    void idleTimeout();
    void requestTimeout();
    void clientThatNeverReads();
    void maxConnections();
    void searchTableFile();
    void transcriptLikeTheLab();
    void sigtermExitsCleanly();
    void sigtermLetsBegunRequestsFinish();
    void outputNobodyReadsStopsNothing();
    void sigtermWhileOutputIsBlocked();
    void sighupOpensTheLogFileAgain();
    void searchTableTooBigIsRefusedUnread();
    void portAlreadyTakenIsRefused();
    void slowAnswerOptions();
    void helpShowsDefaults();
    void usageErrors_data();
    void usageErrors();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void tst_WirelabServer::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringList { "--quiet" });
    QVERIFY2(m_server->start(), qPrintable(m_server->error()));
}

void tst_WirelabServer::labCommands_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("search morpheus") << u"search"_s << u"morpheus"_s
                                     << "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 43}{\"result\": \"Follow the white rabbit. \xf0\x9f\x90\xb0\"}"_ba;
    QTest::newRow("search dog") << u"search"_s << u"🐶"_s
                                << "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 37}{\"result\": \"\xf0\x9f\x90\xbe Playing ball! \xf0\x9f\x8f\x90\"}"_ba;
    QTest::newRow("search ring") << u"search"_s << u"ring"_s << expectedAnswer(u"search"_s, u"ring"_s);
    QTest::newRow("search unknown") << u"search"_s << u"neo"_s << expectedAnswer(u"search"_s, u"neo"_s);
    QTest::newRow("binary smiley") << u"binary"_s << u"😃"_s
                                   << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 37}First 10 bytes of request: binary\xf0\x9f\x98\x83"_ba;
    QTest::newRow("double 7654321") << u"double"_s << u"7654321"_s
                                    << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\x00\xe9\x97" "b"_ba;
    QTest::newRow("negate 7654321") << u"negate"_s << u"7654321"_s
                                    << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\xff\x8b" "4O"_ba;
    QTest::newRow("negate -300") << u"negate"_s << u"-300"_s
                                 << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\x00\x00\x01,"_ba;
    QTest::newRow("double overflow") << u"double"_s << u"2000000000"_s
                                     << expectedAnswer(u"double"_s, u"2000000000"_s);
}

void tst_WirelabServer::labCommands()
{
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QByteArray, answer);
    QCOMPARE(exchange(m_server->port(), request(action, value)), answer);
}

void tst_WirelabServer::malformedInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("halfClose");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("header length zero") << "\x00\x00"_ba << false << u"The 2-byte length prefix is 0"_s;
    QTest::newRow("header length over the limit") << "\xff\xff{\"a\""_ba << false
                                                  << u"announces a 65535-byte header"_s;
    QTest::newRow("prefix packed little-endian") << request(u"double"_s, u"1"_s).replace(0, 2, "\x7f\x00"_ba)
                                                 << false << u"Read little-endian it would be 127"_s;
    QTest::newRow("header not UTF-8") << frame("{\"\xff\": 1}") << false << u"not valid UTF-8"_s;
    QTest::newRow("header not JSON") << frame("{nope}") << false << u"not valid JSON"_s;
    QTest::newRow("header not an object") << frame("[1]") << false << u"must be a JSON object"_s;
    QTest::newRow("missing field") << frame("{\"byteorder\": \"big\"}") << false
                                   << u"Missing required header \"content-length\"."_s;
    QTest::newRow("invalid field") << frame(header("a", "binary", 0).replace("\"a\"", "7"))
                                   << false << u"\"content-type\" must be a string"_s;
    QTest::newRow("invalid content-length") << frame(header("a", "binary", -5)) << false
                                            << u"\"content-length\" must be a whole number"_s;
    QTest::newRow("content too large") << frame(header("a", "binary", 1 << 30)) << false
                                       << u"the limit is 1048576 bytes"_s;
    QTest::newRow("unsupported encoding") << frame(header("text/json", "binary", 2), "{}") << false
                                          << u"is not one text/json content can use"_s;
    QTest::newRow("content not text") << frame(header("text/json", "utf-8", 2), "\xff\xfe") << false
                                      << u"not valid UTF-8"_s;
    QTest::newRow("content not JSON") << frame(header("text/json", "utf-8", 3), "{a}") << false
                                      << u"text/json content is not valid JSON"_s;
    QTest::newRow("content not an object") << frame(header("text/json", "utf-8", 2), "[]") << false
                                           << u"must be a JSON object"_s;
    QTest::newRow("empty text/json content") << frame(header("text/json", "utf-8", 0)) << false
                                             << u"text/json content is not valid JSON"_s;
    QTest::newRow("{} is answered") << frame(header("text/json", "utf-8", 2), "{}") << false
                                    << u"Error: invalid action \"None\"."_s;
    QTest::newRow("double content too short") << frame(header("b", "binary", 6), "double") << false
                                              << u"double needs 10 bytes of content"_s;
    QTest::newRow("truncated at end of input") << frame(header("b", "binary", 10), "dou") << true
                                               << u"The connection ended in the middle of the message's content"_s;
}

void tst_WirelabServer::malformedInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, halfClose);
    QFETCH(QString, expectedError);

    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(bytes);
    if (halfClose)
        ::shutdown(int(client.socket().socketDescriptor()), SHUT_WR);
    QVERIFY(client.waitClosed());
    const DecodeResult answer = client.answer();
    QCOMPARE(answer.status, DecodeResult::Status::MessageReady);
    QCOMPARE(answer.message.message.header.contentType, u"text/json"_s);
    const QString result = client.answerResult();
    QVERIFY2(result.startsWith(u"Error: "_s) && result.contains(expectedError), qPrintable(result));

    // The server serves the next client as if nothing happened.
    QCOMPARE(exchange(m_server->port(), request(u"double"_s, u"21"_s)),
             expectedAnswer(u"double"_s, u"21"_s));
}

void tst_WirelabServer::contentTooLargeWhileStillSending()
{
    // The client announces 2 MiB and keeps sending: the refusal must reach it, not be lost
    // in a reset because unread bytes were pending when the server closed.
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(frame(header("b", "binary", 2 << 20)) + QByteArray(256 * 1024, 'x'));
    QVERIFY(client.waitClosed());
    QVERIFY2(client.answerResult().contains(u"the limit is 1048576 bytes"_s),
             qPrintable(client.answerResult()));
}

void tst_WirelabServer::halfCloseAfterRequestIsAnswered()
{
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(request(u"negate"_s, u"-300"_s));
    ::shutdown(int(client.socket().socketDescriptor()), SHUT_WR);
    QVERIFY(client.waitClosed());
    QCOMPARE(client.received(), expectedAnswer(u"negate"_s, u"-300"_s));
}

void tst_WirelabServer::concurrentClients()
{
    constexpr int clientCount = 200;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_server->port()));
    }
    for (int i = 0; i < clientCount; ++i) {
        QVERIFY(clients[i]->waitConnected());
        clients[i]->send(request(u"double"_s, QString::number(i)));
    }
    for (int i = 0; i < clientCount; ++i) {
        QVERIFY(clients[i]->waitClosed());
        QCOMPARE(clients[i]->received(), expectedAnswer(u"double"_s, QString::number(i)));
    }
}

void tst_WirelabServer::idleTimeout()
{
    ServerProcess server({ "--quiet", "--idle-timeout", "0.3" });
    QVERIFY2(server.start(), qPrintable(server.error()));
    RawClient silent(server.port());
    QVERIFY(silent.waitConnected());
    RawClient stalled(server.port());
    QVERIFY(stalled.waitConnected());
    stalled.send(request(u"search"_s, u"morpheus"_s).left(20));
    QVERIFY(silent.waitClosed());
    QVERIFY(stalled.waitClosed());
    QVERIFY2(silent.answerResult().contains(u"idle timeout"_s), qPrintable(silent.answerResult()));
    QVERIFY(stalled.answerResult().contains(u"idle timeout"_s));
    // The reason is also in the server's error log (written out every 100 ms).
    QByteArray errors;
    QTRY_VERIFY_WITH_TIMEOUT((errors += server.process().readAllStandardError()).count("idle timeout") == 2,
                             5000);
}

void tst_WirelabServer::requestTimeout()
{
    ServerProcess server({ "--quiet", "--idle-timeout", "10", "--request-timeout", "0.5" });
    QVERIFY2(server.start(), qPrintable(server.error()));
    RawClient slow(server.port());
    QVERIFY(slow.waitConnected());
    // A byte at a time, each well inside the idle timeout: only the request timeout ends it.
    const QByteArray bytes = request(u"search"_s, u"morpheus"_s);
    QTimer trickle;
    qsizetype sent = 0;
    connect(&trickle, &QTimer::timeout, [&] {
        if (sent < bytes.size() && slow.socket().state() == QAbstractSocket::ConnectedState)
            slow.send(bytes.mid(sent++, 1));
    });
    trickle.start(50);
    QVERIFY(slow.waitClosed());
    QVERIFY(sent < bytes.size());
    QVERIFY2(slow.answerResult().contains(u"request timeout"_s), qPrintable(slow.answerResult()));
}

void tst_WirelabServer::clientThatNeverReads()
{
    // A search answer of 32 MiB cannot fit in the socket buffers: a client that never
    // reads it is dropped after the write timeout, and others are served meanwhile.
    QTemporaryFile table;
    QVERIFY(table.open());
    table.write("{\"big\": \"" + QByteArray(32 << 20, 'x') + "\"}");
    table.flush();
    ServerProcess server({ "--quiet", "--write-timeout", "0.5", "--max-search-table", "40000000",
                           "--search-table", table.fileName() });
    QVERIFY2(server.start(), qPrintable(server.error()));

    QTcpSocket sleeper;
    sleeper.setReadBufferSize(1); // Qt reads (almost) nothing for us: the kernel buffer fills
    sleeper.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(sleeper.waitForConnected(5000));
    sleeper.write(request(u"search"_s, u"big"_s));
    QVERIFY(sleeper.waitForBytesWritten(5000));

    QCOMPARE(exchange(server.port(), request(u"negate"_s, u"1"_s)), expectedAnswer(u"negate"_s, u"1"_s));
    QByteArray errors;
    QTRY_VERIFY_WITH_TIMEOUT((errors += server.process().readAllStandardError()).contains("within the write timeout"),
                             10000);
}

void tst_WirelabServer::maxConnections()
{
    // With none displaced (--min-rate 0): the next one is told, the first two unaffected.
    ServerProcess server({ "--max-connections", "2", "--min-rate", "0" });
    QVERIFY2(server.start(), qPrintable(server.error()));
    RawClient first(server.port());
    RawClient second(server.port());
    QVERIFY(first.waitConnected());
    QVERIFY(second.waitConnected());
    first.send(request(u"double"_s, u"1"_s).left(5)); // both stay open, mid-request
    second.send(request(u"double"_s, u"2"_s).left(5));
    // Only once the server has taken both is the next one over the limit.
    QTRY_COMPARE_WITH_TIMEOUT(server.standardOutput().count("accepted connection from"), 2, 10000);

    RawClient third(server.port());
    QVERIFY(third.waitConnected());
    QVERIFY(third.waitClosed());
    QVERIFY2(third.answerResult().startsWith(u"Error: server busy"_s), qPrintable(third.answerResult()));

    // The first two are unaffected and finish their requests.
    first.send(request(u"double"_s, u"1"_s).mid(5));
    second.send(request(u"double"_s, u"2"_s).mid(5));
    QVERIFY(first.waitClosed());
    QVERIFY(second.waitClosed());
    QCOMPARE(first.received(), expectedAnswer(u"double"_s, u"1"_s));
    QCOMPARE(second.received(), expectedAnswer(u"double"_s, u"2"_s));
    // And once they are answered there is room again.
    QCOMPARE(exchange(server.port(), request(u"double"_s, u"3"_s)), expectedAnswer(u"double"_s, u"3"_s));
}

void tst_WirelabServer::searchTableFile()
{
    QTemporaryFile table;
    QVERIFY(table.open());
    table.write("{\"neo\": \"The One\"}");
    table.flush();
    ServerProcess server({ "--quiet", "--search-table", table.fileName() });
    QVERIFY2(server.start(), qPrintable(server.error()));
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send(request(u"search"_s, u"neo"_s));
    QVERIFY(client.waitClosed());
    QCOMPARE(client.answerResult(), u"The One"_s);
}

void tst_WirelabServer::transcriptLikeTheLab()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.error()));
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    const QString peer = QStringLiteral("('127.0.0.1', %1)").arg(client.socket().localPort());
    client.send(request(u"search"_s, u"morpheus"_s));
    QVERIFY(client.waitClosed());
    QCOMPARE(server.terminate(), 0);
    const QStringList lines = QString::fromUtf8(server.standardOutput()).split(u'\n', Qt::SkipEmptyParts);
    const QStringList expected {
        QStringLiteral("listening on ('127.0.0.1', %1)").arg(server.port()),
        u"accepted connection from "_s + peer,
        u"received request {'action': 'search', 'value': 'morpheus'} from "_s + peer,
        u"sending b'\\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", "
        "\"content-encoding\": \"utf-8\", \"content-length\": 43}{\"result\": \"Follow the white "
        "rabbit. \\xf0\\x9f\\x90\\xb0\"}' to "_s + peer,
        u"closing connection to "_s + peer,
        u"caught keyboard interrupt, exiting"_s,
    };
    QCOMPARE(lines, expected);
}

void tst_WirelabServer::sigtermExitsCleanly()
{
    ServerProcess server({ "--quiet" });
    QVERIFY2(server.start(), qPrintable(server.error()));
    RawClient open(server.port()); // a connection still open when the signal comes
    QVERIFY(open.waitConnected());
    QCOMPARE(server.terminate(), 0);
    QVERIFY(server.standardOutput().endsWith("caught keyboard interrupt, exiting\n"));
    QVERIFY(open.waitClosed());
}

void tst_WirelabServer::sigtermLetsBegunRequestsFinish()
{
    // SIGTERM: no new connections; one that has begun a request still gets its answer (up
    // to 2 s), one that has sent nothing is closed at once.
    ServerProcess server({ "--quiet", "--threads", "2" });
    QVERIFY2(server.start(), qPrintable(server.error()));
    const QByteArray bytes = request(u"double"_s, u"21"_s);
    RawClient begun(server.port());
    QVERIFY(begun.waitConnected());
    begun.send(bytes.left(10));
    RawClient silent(server.port());
    QVERIFY(silent.waitConnected());
    // Both accepted before the signal: a good request through each worker says so.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(exchange(server.port(), bytes), expectedAnswer(u"double"_s, u"21"_s));
    ::kill(pid_t(server.pid()), SIGTERM);
    QVERIFY(silent.waitClosed(5000));
    QVERIFY(silent.received().isEmpty());
    begun.send(bytes.mid(10));
    QVERIFY(begun.waitClosed(5000));
    QCOMPARE(begun.received(), expectedAnswer(u"double"_s, u"21"_s));
    QVERIFY(server.process().waitForFinished(10000));
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY(server.standardOutput().endsWith("caught keyboard interrupt, exiting\n"));
}

namespace {

// wirelab-server with its standard output and error into a pipe that nobody reads once the
// first line is through: a shell that passes the "listening on" line on, then stops itself
// (SIGSTOP) until SIGCONT, and then copies everything.
struct ServerWithUnreadOutput
{
    QProcess sink;
    QProcess server;
    quint16 port = 0;

    bool start(const QStringList &arguments)
    {
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.setStandardOutputProcess(&sink);
        server.start(QStringLiteral(WIRELAB_SERVER_PATH), arguments + QStringList { u"127.0.0.1"_s, u"0"_s });
        sink.start(u"sh"_s, { u"-c"_s, u"IFS= read -r line; printf '%s\\n' \"$line\"; kill -STOP $$; exec cat"_s });
        if (!sink.waitForStarted(5000) || !server.waitForStarted(5000))
            return false;
        QByteArray first;
        QDeadlineTimer deadline(20000);
        while (!first.contains('\n') && sink.waitForReadyRead(int(deadline.remainingTime())))
            first += sink.readAllStandardOutput();
        const int comma = first.lastIndexOf(", ");
        port = quint16(first.mid(comma + 2, first.indexOf(')') - comma - 2).toUInt());
        return port != 0;
    }
    ~ServerWithUnreadOutput()
    {
        for (QProcess *process : { &server, &sink }) {
            ::kill(pid_t(process->processId()), SIGCONT);
            process->kill();
            process->waitForFinished(5000);
        }
    }
};

// A request the server refuses with a problem line of about 8 KB (its content-type quoted).
QByteArray requestWithALongProblemLine()
{
    const QByteArray header = "{\"byteorder\": \"big\", \"content-type\": \"" + QByteArray(8000, 't')
            + "\", \"content-encoding\": \"gzip\", \"content-length\": 2}";
    QByteArray prefix(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), prefix.data());
    return prefix + header + "{}";
}

} // namespace

void tst_WirelabServer::outputNobodyReadsStopsNothing()
{
    // `wirelab-server ... | less` left paused: the pipe fills within a few requests, and every
    // bad request writes an 8 KB error line. Serving goes on; what does not fit is dropped and
    // counted, and said once the output moves again.
    ServerWithUnreadOutput output;
    QVERIFY(output.start({ u"--threads"_s, u"2"_s }));
    const QByteArray bad = requestWithALongProblemLine();
    const QByteArray good = request(u"negate"_s, u"7654321"_s);
    const QByteArray goodAnswer = expectedAnswer(u"negate"_s, u"7654321"_s);
    for (int i = 0; i < 1200; ++i) { // some 10 MB of log lines, twice what the queues hold
        const QByteArray answer = exchange(output.port, i % 2 ? bad : good);
        if (i % 2)
            QVERIFY2(answer.contains("Error: The content-encoding"), answer.left(200).constData());
        else
            QCOMPARE(answer, goodAnswer);
    }
    ::kill(pid_t(output.sink.processId()), SIGCONT);
    QByteArray text;
    QTRY_VERIFY_WITH_TIMEOUT((text += output.sink.readAllStandardOutput()).contains("lines dropped: output not read"),
                             20000);
    QCOMPARE(exchange(output.port, good), goodAnswer);
}

void tst_WirelabServer::sigtermWhileOutputIsBlocked()
{
    // Blocked output holds up nothing, the stop either.
    ServerWithUnreadOutput output;
    QVERIFY(output.start({}));
    const QByteArray bad = requestWithALongProblemLine();
    for (int i = 0; i < 100; ++i) // the pipe is full after a few
        QVERIFY(exchange(output.port, bad).contains("Error:"));
    ::kill(pid_t(output.server.processId()), SIGTERM);
    QVERIFY(output.server.waitForFinished(5000)); // a bound for a hang, not a measurement
    QCOMPARE(output.server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(output.server.exitCode(), 0);
}

void tst_WirelabServer::sighupOpensTheLogFileAgain()
{
    // logrotate's convention: the file is renamed, SIGHUP, and the server writes to a new
    // one by the old name. Without --log-file SIGHUP is only logged, never fatal.
    QTemporaryDir dir;
    const QString log = dir.filePath(u"wirelab.log"_s);
    ServerProcess server({ "--log-file", log });
    QVERIFY2(server.start(), qPrintable(server.error()));
    const QByteArray bytes = request(u"double"_s, u"1"_s);
    QCOMPARE(exchange(server.port(), bytes), expectedAnswer(u"double"_s, u"1"_s));
    const auto contents = [](const QString &name) {
        QFile file(name);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QTRY_VERIFY_WITH_TIMEOUT(contents(log).contains("closing connection to"), 5000);
    QVERIFY(QFile::rename(log, log + u".1"_s));
    ::kill(pid_t(server.pid()), SIGHUP);
    QByteArray errors;
    QTRY_VERIFY_WITH_TIMEOUT((errors += server.process().readAllStandardError()).contains("SIGHUP"), 5000);
    QCOMPARE(exchange(server.port(), bytes), expectedAnswer(u"double"_s, u"1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(contents(log).contains("closing connection to"), 5000);
    QCOMPARE(contents(log + u".1"_s).count("accepted connection from"), 1);
    QCOMPARE(contents(log).count("accepted connection from"), 1);
    QCOMPARE(server.terminate(), 0);

    ServerProcess plain({ "--quiet" });
    QVERIFY2(plain.start(), qPrintable(plain.error()));
    ::kill(pid_t(plain.pid()), SIGHUP);
    errors.clear();
    QTRY_VERIFY_WITH_TIMEOUT((errors += plain.process().readAllStandardError()).contains("SIGHUP ignored"), 5000);
    QCOMPARE(exchange(plain.port(), bytes), expectedAnswer(u"double"_s, u"1"_s));
    QCOMPARE(plain.terminate(), 0);
}

void tst_WirelabServer::searchTableTooBigIsRefusedUnread()
{
    // A file over --max-search-table is refused by its size, before a byte is read: a sparse
    // 20 GB file costs nothing.
    QTemporaryFile table;
    QVERIFY(table.open());
    QVERIFY(table.resize(qint64(20) << 30));
    QProcess server;
    server.start(QStringLiteral(WIRELAB_SERVER_PATH), { u"--search-table"_s, table.fileName(), u"127.0.0.1"_s, u"0"_s });
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 2);
    QVERIFY(server.readAllStandardError().contains("is over 16777216 bytes (--max-search-table raises the limit)"));
}

void tst_WirelabServer::portAlreadyTakenIsRefused()
{
    // The workers share their port with SO_REUSEPORT; a second server must not join them
    // and take half of the first one's clients.
    ServerProcess first({ "--quiet", "--threads", "2" });
    QVERIFY2(first.start(), qPrintable(first.error()));
    QProcess second;
    second.start(QStringLiteral(WIRELAB_SERVER_PATH), { "--quiet", "127.0.0.1", QString::number(first.port()) });
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitCode(), 1);
    const QByteArray error = second.readAllStandardError();
    QVERIFY2(error.contains("Address already in use"), error.constData());
    for (int i = 0; i < 4; ++i)
        QCOMPARE(exchange(first.port(), request(u"double"_s, u"4"_s)), expectedAnswer(u"double"_s, u"4"_s));
}

void tst_WirelabServer::slowAnswerOptions()
{
    // --answer-chunk and --answer-delay: the same bytes, in 9-byte chunks 2 ms apart.
    ServerProcess slow({ "--quiet", "--answer-chunk", "9", "--answer-delay", "0.002" });
    QVERIFY2(slow.start(), qPrintable(slow.error()));
    QCOMPARE(exchange(slow.port(), request(u"search"_s, u"morpheus"_s)), expectedAnswer(u"search"_s, u"morpheus"_s));
    QCOMPARE(exchange(slow.port(), request(u"negate"_s, u"-300"_s)), expectedAnswer(u"negate"_s, u"-300"_s));
}

void tst_WirelabServer::helpShowsDefaults()
{
    QProcess process;
    process.start(QStringLiteral(WIRELAB_SERVER_PATH), { "--help" });
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput().simplified();
    for (const char *expected : { "--max-connections <n>", "(default: 16384)", "--min-rate <bytes>",
                                  "(default: 500)", "--max-buffered <bytes>", "(default: 268435456)", "--idle-timeout",
                                  "(default: 10)", "(default: 30)", "--max-header",
                                  "(default: 8192)", "(default: 1048576)", "--search-table",
                                  "--threads", "(default: the number of cores)", "--quiet",
                                  "--log-file", "--version", "--proxy-protocol",
                                  "--trusted-proxy <addr[/prefix]>", "--proxy-header-timeout",
                                  "(default: 3)", "LISTEN_FDS", "--answer-chunk <bytes>",
                                  "--answer-delay <seconds>", "(default: 0)" })
        QVERIFY2(help.contains(expected), expected);
}

void tst_WirelabServer::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no arguments") << QStringList();
    QTest::newRow("port not a number") << QStringList { "127.0.0.1", "http" };
    QTest::newRow("port too large") << QStringList { "127.0.0.1", "65536" };
    QTest::newRow("bad address") << QStringList { "not an address", "0" };
    QTest::newRow("unknown option") << QStringList { "--frobnicate", "127.0.0.1", "0" };
    QTest::newRow("max-header over 65535") << QStringList { "--max-header", "70000", "127.0.0.1", "0" };
    QTest::newRow("zero timeout") << QStringList { "--idle-timeout", "0", "127.0.0.1", "0" };
    QTest::newRow("nan timeout") << QStringList { "--request-timeout", "nan", "127.0.0.1", "0" };
    QTest::newRow("a timeout under a millisecond") << QStringList { "--write-timeout", "1e-9", "127.0.0.1", "0" };
    QTest::newRow("an empty log file name") << QStringList { "--log-file", "", "127.0.0.1", "0" };
    QTest::newRow("a search table that never ends") << QStringList { "--search-table", "/dev/zero", "127.0.0.1", "0" };
    QTest::newRow("missing search table") << QStringList { "--search-table", "/nonexistent", "127.0.0.1", "0" };
    QTest::newRow("proxy protocol without a trusted proxy") << QStringList { "--proxy-protocol", "127.0.0.1", "0" };
    QTest::newRow("a trusted proxy without the proxy protocol") << QStringList { "--trusted-proxy", "10.0.0.1", "127.0.0.1", "0" };
    QTest::newRow("a trusted proxy that is no address")
            << QStringList { "--proxy-protocol", "--trusted-proxy", "10.1", "127.0.0.1", "0" };
    QTest::newRow("a trusted network with host bits set")
            << QStringList { "--proxy-protocol", "--trusted-proxy", "10.1.2.3/8", "127.0.0.1", "0" };
    QTest::newRow("one good trusted proxy and one bad")
            << QStringList { "--proxy-protocol", "--trusted-proxy", "::1", "--trusted-proxy", "::1/129", "127.0.0.1", "0" };
    QTest::newRow("a zero header timeout")
            << QStringList { "--proxy-protocol", "--trusted-proxy", "::1", "--proxy-header-timeout", "0", "127.0.0.1", "0" };
    QTest::newRow("only a host") << QStringList { "127.0.0.1" };
    QTest::newRow("a negative answer chunk") << QStringList { "--answer-chunk", "-1", "127.0.0.1", "0" };
    QTest::newRow("an answer chunk that is no number") << QStringList { "--answer-chunk", "ten", "127.0.0.1", "0" };
    QTest::newRow("a negative answer delay") << QStringList { "--answer-delay", "-1", "127.0.0.1", "0" };
    QTest::newRow("an answer delay under a millisecond") << QStringList { "--answer-delay", "1e-9", "127.0.0.1", "0" };
    QTest::newRow("an answer delay of nan") << QStringList { "--answer-delay", "nan", "127.0.0.1", "0" };
}

void tst_WirelabServer::usageErrors()
{
    QFETCH(QStringList, arguments);
    QProcess process;
    process.start(QStringLiteral(WIRELAB_SERVER_PATH), arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY(!process.readAllStandardError().isEmpty());
}

QTEST_GUILESS_MAIN(tst_WirelabServer)
#include "tst_wirelabserver.moc"
