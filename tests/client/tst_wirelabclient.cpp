#include "clientexchange.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "pcapngreader.h"
#include "pythonrepr.h"
#include "serverprocess.h"
#include "stubserver.h"

#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace Wirelab;

Q_DECLARE_METATYPE(Wirelab::ClientExchange::Failure)

namespace {

struct ClientRun
{
    int exitCode = -1;
    QStringList lines;
    QByteArray errors;
};

// Runs wirelab-client while this thread's event loop keeps serving the stub server.
ClientRun runClient(const QStringList &arguments)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(WIRELAB_CLIENT_PATH), arguments);
    ClientRun run;
    if (!finished.wait(30000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.lines = QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    run.errors = process.readAllStandardError();
    return run;
}

// A text/json answer with the given content, as a server of any kind might send it.
QByteArray jsonAnswer(const QByteArray &content)
{
    const QByteArray header = R"({"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": )"
            + QByteArray::number(content.size()) + "}";
    return QByteArray(1, char(header.size() >> 8)) + char(header.size() & 0xff) + header + content;
}

QByteArray labAnswer(const QString &action, const QString &value)
{
    MessageDecoder decoder;
    decoder.feed(encodeMessage(Lab::buildRequest(action, value).message).bytes);
    return encodeMessage(Lab::answerRequest(decoder.next().message, Lab::SearchTable::builtIn())).bytes;
}

} // namespace

class tst_WirelabClient : public QObject
{
    Q_OBJECT

private slots:
    void labTranscript_data();
    void labTranscript();
    void quietPrintsOnlyTheResult();
    void errorExits_data();
    void errorExits();
    void controlCharactersAreEscaped();
    void quietPrintsABigAnswerOnce();
    void timeoutBoundsThePrinting();
    void timeoutBoundsAnOutputNobodyReads();
    void exchangeWithoutKeepingBytes();
    void usageErrors_data();
    void usageErrors();
    void argumentNotUtf8IsRefused();
    void endToEndThroughWirelabServer_data();
    void endToEndThroughWirelabServer();
    void exchangeSignals();
    void exchangeFailures_data();
    void exchangeFailures();
    void exchangeRecordsItsConversation();
    void exchangeRecordsARefusal();
    void captureOption_data();
    void captureOption();
    void captureNotWritable_data();
    void captureNotWritable();
};

void tst_WirelabClient::labTranscript_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expectedRequest");
    QTest::addColumn<QStringList>("expectedTail"); // the lines after "sending ..."
    const QString received = u"received binary/custom-server-binary-type response from ('localhost', PORT)"_s;
    // The lab text's sample runs, against a server giving the lab's answers.
    QTest::newRow("double 7654321")
            << u"double"_s << u"7654321"_s
            << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}double\x00t\xcb\xb1"_ba
            << QStringList { received, u"got response: b'result\\x00\\xe9\\x97b'"_s, u"result:  15308642"_s };
    QTest::newRow("negate 7654321")
            << u"negate"_s << u"7654321"_s
            << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}negate\x00t\xcb\xb1"_ba
            << QStringList { received, u"got response: b'result\\xff\\x8b4O'"_s, u"result:  -7654321"_s };
    QTest::newRow("negate -300")
            << u"negate"_s << u"-300"_s
            << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}negate\xff\xff\xfe\xd4"_ba
            << QStringList { received, u"got response: b'result\\x00\\x00\\x01,'"_s, u"result:  300"_s };
    QTest::newRow("search morpheus")
            << u"search"_s << u"morpheus"_s
            << "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 41}{\"action\": \"search\", \"value\": \"morpheus\"}"_ba
            << QStringList { u"received response {'result': 'Follow the white rabbit. 🐰'} from ('localhost', PORT)"_s,
                             u"got result: Follow the white rabbit. 🐰"_s };
    QTest::newRow("search dog")
            << u"search"_s << u"🐶"_s
            << "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 37}{\"action\": \"search\", \"value\": \"\xf0\x9f\x90\xb6\"}"_ba
            << QStringList { u"received response {'result': '🐾 Playing ball! 🏐'} from ('localhost', PORT)"_s,
                             u"got result: 🐾 Playing ball! 🏐"_s };
    QTest::newRow("binary smiley")
            << u"binary"_s << u"😃"_s
            << "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}binary\xf0\x9f\x98\x83"_ba
            << QStringList { received, u"got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'"_s };
}

void tst_WirelabClient::labTranscript()
{
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QByteArray, expectedRequest);
    QFETCH(QStringList, expectedTail);

    StubServer server(StubServer::Behaviour::Answer, labAnswer(action, value), expectedRequest.size());
    const QString port = QString::number(server.serverPort());
    const ClientRun run = runClient({ "localhost", port, action, value });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(server.request(), expectedRequest);

    QStringList expected { u"starting connection to ('localhost', PORT)"_s,
                           u"sending "_s + PythonRepr::bytes(expectedRequest) + u" to ('localhost', PORT)"_s };
    expected += expectedTail;
    expected << u"closing connection to ('localhost', PORT)"_s;
    expected.replaceInStrings(u"PORT"_s, port);
    QCOMPARE(run.lines, expected);
}

void tst_WirelabClient::quietPrintsOnlyTheResult()
{
    StubServer doubling(StubServer::Behaviour::Answer, labAnswer(u"double"_s, u"21"_s), 139);
    const ClientRun number = runClient({ "--quiet", "127.0.0.1", QString::number(doubling.serverPort()), "double", "21" });
    QCOMPARE(number.exitCode, 0);
    QCOMPARE(number.lines, QStringList { u"42"_s });

    StubServer searching(StubServer::Behaviour::Answer, labAnswer(u"search"_s, u"ring"_s), 139);
    const ClientRun text = runClient({ "--quiet", "127.0.0.1", QString::number(searching.serverPort()), "search", "ring" });
    QCOMPARE(text.lines, QStringList { u"In the caves beneath the Misty Mountains. 💍"_s });
}

void tst_WirelabClient::errorExits_data()
{
    QTest::addColumn<int>("behaviour"); // -1: nothing listens
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("connection refused") << -1 << QByteArray() << u"127.0.0.1"_s << QStringList()
                                        << 3 << "refused"_ba;
    QTest::newRow("unknown host") << -1 << QByteArray() << u"no-such-host.invalid"_s << QStringList()
                                  << 4 << "not found"_ba;
    QTest::newRow("timeout") << int(StubServer::Behaviour::Silent) << QByteArray() << u"127.0.0.1"_s
                             << QStringList { "--timeout", "0.3" } << 5 << "No whole response within 0.3 s"_ba;
    QTest::newRow("closed before a whole answer")
            << int(StubServer::Behaviour::AnswerThenClose) << labAnswer(u"double"_s, u"1"_s).left(40)
            << u"127.0.0.1"_s << QStringList() << 6 << "closed the connection before a whole response"_ba;
    QTest::newRow("closed without answering") << int(StubServer::Behaviour::AnswerThenClose) << QByteArray()
                                              << u"127.0.0.1"_s << QStringList() << 6
                                              << "without answering"_ba;
    QTest::newRow("malformed answer") << int(StubServer::Behaviour::Answer) << "\x00\x05hello"_ba
                                      << u"127.0.0.1"_s << QStringList() << 7 << "not valid JSON"_ba;
}

void tst_WirelabClient::errorExits()
{
    QFETCH(int, behaviour);
    QFETCH(QByteArray, answer);
    QFETCH(QString, host);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);

    quint16 port = 0;
    std::unique_ptr<StubServer> server;
    if (behaviour >= 0) {
        server = std::make_unique<StubServer>(StubServer::Behaviour(behaviour), answer);
        port = server->serverPort();
    } else {
        QTcpServer closed; // a port nobody listens on: take one, then let it go
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        port = closed.serverPort();
    }
    const ClientRun run = runClient(options + QStringList { host, QString::number(port), "double", "1" });
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.errors.contains(message), run.errors.constData());
    QVERIFY(!run.errors.contains("Traceback"));
}

void tst_WirelabClient::controlCharactersAreEscaped()
{
    // A server's text may hold what a terminal acts on: colours, a cursor move, a false line.
    const QByteArray answer = jsonAnswer(R"({"result": "red \u001b[31m\nfake line\tand \u200b"})");
    StubServer server(StubServer::Behaviour::Answer, answer, 100);
    const QString port = QString::number(server.serverPort());
    const ClientRun run = runClient({ "127.0.0.1", port, "search", "x" });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.lines.size(), 5);
    QCOMPARE(run.lines[2], u"received response {'result': 'red \\x1b[31m\\nfake line\\tand \\u200b'} from ('127.0.0.1', %1)"_s.arg(port));
    QCOMPARE(run.lines[3], u"got result: red \\x1b[31m\\nfake line\\tand \\u200b"_s);

    // --raw: as Python's print() writes it.
    const ClientRun raw = runClient({ "--raw", "127.0.0.1", port, "search", "x" });
    QCOMPARE(raw.exitCode, 0);
    QCOMPARE(raw.lines.size(), 6);
    QCOMPARE(raw.lines[3], u"got result: red \x1b[31m"_s);
    QCOMPARE(raw.lines[4], u"fake line\tand \u200b"_s);

    // A content type is the server's text too.
    const QByteArray header = R"({"byteorder": "big", "content-type": "bin\u001b[2J", "content-encoding": "binary", "content-length": 2})";
    StubServer typed(StubServer::Behaviour::Answer, QByteArray(1, '\0') + char(header.size()) + header + "ok", 100);
    const ClientRun binary = runClient({ "127.0.0.1", QString::number(typed.serverPort()), "search", "x" });
    QCOMPARE(binary.exitCode, 0);
    QVERIFY2(binary.lines.size() > 2 && binary.lines[2].startsWith(u"received bin\\x1b[2J response from"_s),
             qPrintable(binary.lines.join(u'\n')));
}

void tst_WirelabClient::quietPrintsABigAnswerOnce()
{
    const QByteArray big(2'000'000, 'x');
    StubServer server(StubServer::Behaviour::Answer, jsonAnswer(R"({"result": ")" + big + R"("})"), 100);
    const ClientRun run = runClient({ "--quiet", "127.0.0.1", QString::number(server.serverPort()), "search", "x" });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.lines, QStringList { QString::fromLatin1(big) });
}

void tst_WirelabClient::timeoutBoundsThePrinting()
{
    // A million keys take seconds to print: far longer than the whole exchange may.
    QByteArray content = "{\"result\": 0";
    for (int i = 0; i < 1'000'000; ++i)
        content += ", \"k" + QByteArray::number(i) + "\": " + QByteArray::number(i);
    content += "}";
    StubServer server(StubServer::Behaviour::Answer, jsonAnswer(content), 100);
    const ClientRun run = runClient({ "--timeout", "0.2", "127.0.0.1", QString::number(server.serverPort()), "search", "x" });
    QCOMPARE(run.exitCode, 5);
    // Where the deadline finds it depends on the machine's speed: receiving, decoding (one
    // call, which the watchdog ends) or printing.
    QVERIFY2(run.errors.contains("could not be printed within 0.2 s") || run.errors.contains("No whole response within 0.2 s")
                     || run.errors.contains("the answer is too big to handle in time"),
             run.errors.constData());
    QVERIFY(!run.lines.join(u'\n').contains(u"'k999999': 999999"_s));
}

void tst_WirelabClient::timeoutBoundsAnOutputNobodyReads()
{
#ifdef Q_OS_UNIX
    // Standard output is a pipe that nobody reads: the transcript fills it and the client
    // blocks in write(). --timeout still ends it, with its own exit code.
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    StubServer server(StubServer::Behaviour::Answer, jsonAnswer(R"({"result": ")" + QByteArray(1'000'000, 'x') + R"("})"), 100);
    QProcess process;
    process.setStandardOutputFile(QStringLiteral("/dev/fd/%1").arg(fds[1]));
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(WIRELAB_CLIENT_PATH),
                  { "--timeout", "0.5", "127.0.0.1", QString::number(server.serverPort()), "search", "x" });
    const bool ended = finished.wait(30000);
    ::close(fds[0]);
    ::close(fds[1]);
    QVERIFY(ended);
    QCOMPARE(process.exitCode(), 5);
    QVERIFY(process.readAllStandardError().contains("did not end within --timeout"));
#else
    QSKIP("needs a POSIX pipe");
#endif
}

void tst_WirelabClient::exchangeWithoutKeepingBytes()
{
    const QByteArray request = encodeMessage(Lab::buildRequest(u"double"_s, u"21"_s).message).bytes;
    StubServer server(StubServer::Behaviour::Answer, labAnswer(u"double"_s, u"21"_s), request.size());
    ClientExchange exchange;
    exchange.setKeepsBytes(false);
    QSignalSpy received(&exchange, &ClientExchange::responseReceived);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    QVERIFY(finished.wait(10000));
    QCOMPARE(received.size(), 1);
    QCOMPARE(Lab::summarizeResponse(received[0][0].value<DecodedMessage>()).resultNumber, std::optional<qint32>(42));
    QVERIFY(received[0][1].toByteArray().isEmpty());
    for (const Conversation::Event &event : exchange.conversation().events)
        QVERIFY(event.bytes.isEmpty());
}

void tst_WirelabClient::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("double abc") << QStringList { "127.0.0.1", "1", "double", "abc" }
                                << "double needs a whole number"_ba;
    QTest::newRow("negate beyond int32") << QStringList { "127.0.0.1", "1", "negate", "2147483648" }
                                         << "negate needs a whole number"_ba;
    QTest::newRow("three arguments") << QStringList { "127.0.0.1", "1", "search" }
                                     << "usage: wirelab-client <host> <port> <action> <value>"_ba;
    QTest::newRow("bad port") << QStringList { "127.0.0.1", "port", "search", "x" } << "not a port"_ba;
    QTest::newRow("port 0") << QStringList { "127.0.0.1", "0", "search", "x" }
                            << "wirelab-client: not a port number (1 to 65535): '0'"_ba;
    QTest::newRow("bad timeout") << QStringList { "--timeout", "-1", "127.0.0.1", "1", "search", "x" }
                                 << "--timeout"_ba;
    for (const char *timeout : { "nan", "inf", "-inf", "0", "0.0001", "86401", "ten" })
        QTest::addRow("--timeout %s", timeout) << QStringList { "--timeout", timeout, "127.0.0.1", "1", "search", "x" }
                                               << "--timeout takes a number of seconds, from 0.001 to 86400"_ba;
    QTest::newRow("empty capture file") << QStringList { "--capture", "", "127.0.0.1", "1", "search", "x" }
                                        << "wirelab-client: --capture needs a file name"_ba;
}

void tst_WirelabClient::argumentNotUtf8IsRefused()
{
    // QProcess can only pass text: a shell hands over the raw byte 0xff.
    QProcess process;
    process.start(u"/bin/sh"_s, { u"-c"_s, u"exec \"$0\" 127.0.0.1 1 search \"$(printf '\\377abc')\""_s,
                                  QStringLiteral(WIRELAB_CLIENT_PATH) });
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(process.readAllStandardOutput(), QByteArray()); // refused before connecting
    QCOMPARE(process.readAllStandardError(), "wirelab-client: argument 4 is not valid UTF-8 text: b'\\xffabc'\n"_ba);
}

void tst_WirelabClient::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const ClientRun run = runClient(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.lines.isEmpty()); // refused before connecting
    QVERIFY2(run.errors.contains(message), run.errors.constData());
}

void tst_WirelabClient::endToEndThroughWirelabServer_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("lastResultLine");
    QTest::newRow("search morpheus") << u"search"_s << u"morpheus"_s << u"got result: Follow the white rabbit. 🐰"_s;
    QTest::newRow("search ring") << u"search"_s << u"ring"_s << u"got result: In the caves beneath the Misty Mountains. 💍"_s;
    QTest::newRow("search dog") << u"search"_s << u"🐶"_s << u"got result: 🐾 Playing ball! 🏐"_s;
    QTest::newRow("search unknown") << u"search"_s << u"neo"_s << u"got result: No match for \"neo\"."_s;
    QTest::newRow("double") << u"double"_s << u"7654321"_s << u"result:  15308642"_s;
    QTest::newRow("negate") << u"negate"_s << u"-300"_s << u"result:  300"_s;
    QTest::newRow("double overflow") << u"double"_s << u"2000000000"_s
                                     << u"got result: Error: double of 2000000000 is 4000000000, which does not fit in a 32-bit signed integer."_s;
    QTest::newRow("other action") << u"hello"_s << u"world"_s
                                  << u"got response: b'First 10 bytes of request: helloworld'"_s;
}

void tst_WirelabClient::endToEndThroughWirelabServer()
{
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QString, lastResultLine);
    ServerProcess server({ "--quiet" });
    QVERIFY2(server.start(), qPrintable(server.error()));
    const ClientRun run = runClient({ "127.0.0.1", QString::number(server.port()), action, value });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.lines.size() >= 4);
    QCOMPARE(run.lines[run.lines.size() - 2], lastResultLine);
}

void tst_WirelabClient::exchangeSignals()
{
    const QByteArray request = encodeMessage(Lab::buildRequest(u"double"_s, u"7654321"_s).message).bytes;
    const QByteArray answer = labAnswer(u"double"_s, u"7654321"_s);
    StubServer server(StubServer::Behaviour::Answer, answer, request.size());
    ClientExchange exchange;
    QSignalSpy connected(&exchange, &ClientExchange::connected);
    QSignalSpy sent(&exchange, &ClientExchange::requestSent);
    QSignalSpy received(&exchange, &ClientExchange::responseReceived);
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    QVERIFY(exchange.isRunning());
    QVERIFY(finished.wait(10000));
    QCOMPARE(connected.size(), 1);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(received.size(), 1);
    QCOMPARE(received[0][1].toByteArray(), answer);
    const auto response = received[0][0].value<DecodedMessage>();
    QCOMPARE(Lab::summarizeResponse(response).resultNumber, std::optional<qint32>(15308642));
    QVERIFY(!exchange.isRunning());
}

void tst_WirelabClient::exchangeFailures_data()
{
    QTest::addColumn<int>("behaviour");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<ClientExchange::Failure>("failure");
    QTest::addColumn<qint64>("errorOffset"); // -1: no DecodeError
    QTest::newRow("garbage") << int(StubServer::Behaviour::Answer) << "\x00\x03{x}"_ba
                             << ClientExchange::Failure::MalformedResponse << 4ll; // where QJsonParseError stopped
    QTest::newRow("closed early") << int(StubServer::Behaviour::AnswerThenClose) << "\x00\x10{"_ba
                                  << ClientExchange::Failure::ClosedEarly << 3ll;
    QTest::newRow("silent") << int(StubServer::Behaviour::Silent) << QByteArray()
                            << ClientExchange::Failure::Timeout << -1ll;
}

void tst_WirelabClient::exchangeFailures()
{
    QFETCH(int, behaviour);
    QFETCH(QByteArray, answer);
    QFETCH(ClientExchange::Failure, failure);
    QFETCH(qint64, errorOffset);
    StubServer server(StubServer::Behaviour(behaviour), answer);
    ClientExchange exchange;
    exchange.setTimeout(std::chrono::milliseconds(300));
    QSignalSpy failed(&exchange, &ClientExchange::failed);
    exchange.start(u"127.0.0.1"_s, server.serverPort(), "x"_ba);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed[0][0].value<ClientExchange::Failure>(), failure);
    QVERIFY(!failed[0][1].toString().isEmpty());
    const auto decoded = failed[0][2].value<DecodeResult>();
    QCOMPARE(decoded.status == DecodeResult::Status::Failed, errorOffset >= 0);
    if (errorOffset >= 0)
        QCOMPARE(decoded.error.offset, errorOffset);
    QCOMPARE(failed[0][3].toByteArray(), answer);
}

void tst_WirelabClient::exchangeRecordsItsConversation()
{
    using Kind = Conversation::Event::Kind;
    using Side = Conversation::Side;
    const QByteArray request = encodeMessage(Lab::buildRequest(u"negate"_s, u"-300"_s).message).bytes;
    const QByteArray answer = labAnswer(u"negate"_s, u"-300"_s);
    StubServer server(StubServer::Behaviour::Answer, answer, request.size());
    ClientExchange exchange;
    QSignalSpy finished(&exchange, &ClientExchange::finished);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    exchange.start(u"127.0.0.1"_s, server.serverPort(), request);
    QVERIFY(finished.wait(10000));

    const Conversation c = exchange.conversation();
    QCOMPARE(c.client.address, u"127.0.0.1"_s);
    QVERIFY(c.client.port != 0);
    QCOMPARE(c.server, (Conversation::Endpoint { u"127.0.0.1"_s, server.serverPort() }));
    QVERIFY(c.startTime >= before.addMSecs(-1));
    QCOMPARE(c.bytesFrom(Side::Client), request);
    QCOMPARE(c.bytesFrom(Side::Server), answer);
    QVERIFY(!c.events.isEmpty());
    QCOMPARE(c.events.first().kind, Kind::Connected);
    // The client stops once the answer is whole; the server's FIN may have come first.
    QCOMPARE(c.events.last().kind, Kind::Fin);
    QCOMPARE(c.events.last().from, Side::Client);
    for (const Conversation::Event &event : c.events)
        QVERIFY(event.kind != Kind::Reset && event.comment.isEmpty());
}

void tst_WirelabClient::exchangeRecordsARefusal()
{
    QTcpServer closed; // a port nobody listens on
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    ClientExchange exchange;
    QSignalSpy failed(&exchange, &ClientExchange::failed);
    exchange.start(u"127.0.0.1"_s, port, "x"_ba);
    QVERIFY(failed.wait(10000));
    const QList<Conversation::Event> events = exchange.conversation().events;
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].kind, Conversation::Event::Kind::Reset);
    QCOMPARE(events[0].from, Conversation::Side::Server);
    QVERIFY(events[0].comment.contains(u"refused"_s));
}

void tst_WirelabClient::captureOption_data()
{
    QTest::addColumn<int>("behaviour");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("comment"); // on the last data packet; empty: none
    QTest::newRow("answered") << int(StubServer::Behaviour::Answer) << labAnswer(u"double"_s, u"7654321"_s)
                              << 0 << QString();
    QTest::newRow("malformed answer") << int(StubServer::Behaviour::Answer) << "\x00\x05hello"_ba << 7
                                      << u"The response is malformed"_s;
    QTest::newRow("closed early") << int(StubServer::Behaviour::AnswerThenClose)
                                  << labAnswer(u"double"_s, u"7654321"_s).left(40) << 6
                                  << u"closed the connection before a whole response arrived"_s;
}

// The file wirelab-client writes, read back by a reader of our own: the request and the
// answer as they travelled, in order, between the client's port and the server's.
void tst_WirelabClient::captureOption()
{
    QFETCH(int, behaviour);
    QFETCH(QByteArray, answer);
    QFETCH(int, exitCode);
    QFETCH(QString, comment);
    const QByteArray request = encodeMessage(Lab::buildRequest(u"double"_s, u"7654321"_s).message).bytes;
    StubServer server(StubServer::Behaviour(behaviour), answer, request.size());
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString fileName = directory.filePath(u"exchange.pcapng"_s);
    const ClientRun run = runClient({ "--capture", fileName, "127.0.0.1", QString::number(server.serverPort()),
                                      "double", "7654321" });
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(!run.errors.contains("capture"), run.errors.constData());

    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const PcapngReader::File capture = PcapngReader::read(file.readAll());
    QVERIFY2(capture.valid, qPrintable(capture.error));
    QVERIFY(capture.packets.size() >= 6);
    QCOMPARE(capture.packets[0].flagNames(), u"SYN"_s);
    QCOMPARE(capture.packets[0].destinationPort(), server.serverPort());
    QByteArray sent;
    QByteArray received;
    QStringList comments;
    for (const PcapngReader::Packet &packet : capture.packets) {
        const bool outbound = packet.flags == 2;
        QCOMPARE(outbound, packet.destinationPort() == server.serverPort());
        (outbound ? sent : received) += packet.payload();
        comments += packet.comments;
    }
    QCOMPARE(sent, request);
    QCOMPARE(received, answer);
    if (comment.isEmpty()) {
        QCOMPARE(comments, QStringList());
    } else {
        QCOMPARE(comments.size(), 1);
        QVERIFY2(comments[0].contains(comment), qPrintable(comments[0]));
    }
}

void tst_WirelabClient::captureNotWritable_data()
{
    QTest::addColumn<bool>("serverRuns");
    QTest::addColumn<int>("exitCode");
    // Only an exchange that succeeded says, in its exit code, that its capture was lost.
    QTest::newRow("exchange answered") << true << 9;
    QTest::newRow("exchange refused") << false << 3;
}

void tst_WirelabClient::captureNotWritable()
{
    QFETCH(bool, serverRuns);
    QFETCH(int, exitCode);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString fileName = directory.filePath(u"no/such/folder/exchange.pcapng"_s);
    StubServer server(StubServer::Behaviour::Answer, labAnswer(u"double"_s, u"1"_s), 139);
    const quint16 port = server.serverPort();
    if (!serverRuns)
        server.close();
    const ClientRun run = runClient({ "--capture", fileName, "127.0.0.1", QString::number(port), "double", "1" });
    QCOMPARE(run.exitCode, exitCode);
    const QByteArray message = "wirelab-client: Cannot write the capture to " + fileName.toUtf8() + ": ";
    QVERIFY2(run.errors.contains(message), run.errors.constData());
    QCOMPARE(run.lines.isEmpty(), false); // the transcript is there all the same
}

QTEST_GUILESS_MAIN(tst_WirelabClient)
#include "tst_wirelabclient.moc"
