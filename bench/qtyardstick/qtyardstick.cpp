// The Qt yardstick: what Qt's own classes can do with the lab's protocol and nothing more. A
// QTcpServer, one QTcpSocket per connection driven by its signals, Qt's own event dispatcher,
// one thread, answers precomputed (no decoder: the end of a request is found by its prefix
// and its "content-length"), no limits, no timeouts, no logging. wirelab-server is measured
// against it (bench/run.sh): anything it costs beyond this is the price of doing it properly.
//
//   qt-yardstick HOST PORT      prints "listening on ('HOST', PORT)" like the lab server
#include <QtCore/QCoreApplication>
#include <QtCore/QHash>
#include <QtCore/QtEndian>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <array>
#include <cstdio>

namespace {

// The lab's answer, in the lab's header format (this machine's byteorder: little).
QByteArray answer(const QByteArray &type, const QByteArray &content)
{
    const QByteArray header = "{\"byteorder\": \"little\", \"content-type\": \"" + type
            + "\", \"content-encoding\": \"" + (type == "text/json" ? "utf-8" : "binary")
            + "\", \"content-length\": " + QByteArray::number(content.size()) + "}";
    QByteArray bytes(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), bytes.data());
    return bytes + header + content;
}

const QHash<QByteArray, QByteArray> &searchAnswers()
{
    static const QHash<QByteArray, QByteArray> answers = {
        { R"({"action": "search", "value": "morpheus"})",
          answer("text/json", "{\"result\": \"Follow the white rabbit. \xf0\x9f\x90\xb0\"}") },
        { R"({"action": "search", "value": "ring"})",
          answer("text/json", "{\"result\": \"In the caves beneath the Misty Mountains. \xf0\x9f\x92\x8d\"}") },
    };
    return answers;
}

// The length prefix and header of a binary answer of `length` content bytes: double's and
// negate's (10) and the echo's (27 to 37), made once.
const QByteArray &binaryHead(qsizetype length)
{
    static const auto heads = [] {
        std::array<QByteArray, 38> made;
        for (qsizetype i = 0; i < qsizetype(made.size()); ++i)
            made[size_t(i)] = answer("binary/custom-server-binary-type", QByteArray(i, '\0')).chopped(i);
        return made;
    }();
    return heads[size_t(length)];
}

// The request's answer, or nothing while it is incomplete.
QByteArray answerTo(const QByteArray &request)
{
    if (request.size() < 2)
        return {};
    const qsizetype headerLength = qFromBigEndian<quint16>(request.constData());
    if (request.size() < 2 + headerLength)
        return {};
    const QByteArrayView header = QByteArrayView(request).sliced(2, headerLength);
    const qsizetype digitsAt = header.indexOf("\"content-length\": ") + 18;
    if (digitsAt < 18)
        return {};
    qsizetype digitsEnd = digitsAt;
    while (digitsEnd < header.size() && header[digitsEnd] >= '0' && header[digitsEnd] <= '9')
        ++digitsEnd;
    const qsizetype contentLength = header.sliced(digitsAt, digitsEnd - digitsAt).toLongLong();
    if (request.size() < 2 + headerLength + contentLength)
        return {};
    const QByteArrayView content = QByteArrayView(request).sliced(2 + headerLength, contentLength);
    if (header.contains("text/json")) {
        static const QByteArray noMatch = answer("text/json", "{\"result\": \"Error\"}");
        return searchAnswers().value(content.toByteArray(), noMatch);
    }
    if (content.size() == 10 && (content.startsWith("double") || content.startsWith("negate"))) {
        const qint64 value = qFromBigEndian<qint32>(content.data() + 6);
        char result[10] = { 'r', 'e', 's', 'u', 'l', 't' };
        qToBigEndian<qint32>(qint32(content.startsWith("double") ? value * 2 : -value), result + 6);
        return binaryHead(10) + QByteArray::fromRawData(result, 10);
    }
    const QByteArray echo = "First 10 bytes of request: "
            + content.first(qMin<qsizetype>(10, content.size())).toByteArray();
    return binaryHead(echo.size()) + echo;
}

class Yardstick : public QTcpServer
{
protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        auto *request = new QByteArray;
        connect(socket, &QTcpSocket::readyRead, socket, [socket, request] {
            *request += socket->readAll();
            const QByteArray reply = answerTo(*request);
            if (!reply.isEmpty()) {
                socket->write(reply);
                socket->disconnectFromHost(); // once the answer is out
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket, [socket, request] {
            delete request;
            socket->deleteLater();
        });
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        fprintf(stderr, "usage: qt-yardstick HOST PORT\n");
        return 2;
    }
    Yardstick server;
    // Qt's default backlog of 50 would be a limit of its own: 64 clients at once could find
    // it full, and a dropped SYN is retried a second later. 4096, as the C yardstick's
    // SOMAXCONN and wirelab-server's.
    server.setListenBacklogSize(4096);
    if (!server.listen(QHostAddress(QString::fromLocal8Bit(argv[1])), quint16(atoi(argv[2])))) {
        fprintf(stderr, "qt-yardstick: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    printf("listening on ('%s', %u)\n", argv[1], server.serverPort());
    fflush(stdout);
    return QCoreApplication::exec();
}
