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

// The request's answer, or nothing while it is incomplete.
QByteArray answerTo(const QByteArray &request)
{
    if (request.size() < 2)
        return {};
    const qsizetype headerLength = qFromBigEndian<quint16>(request.constData());
    if (request.size() < 2 + headerLength)
        return {};
    const QByteArray header = request.mid(2, headerLength);
    const qsizetype digitsAt = header.indexOf("\"content-length\": ") + 18;
    if (digitsAt < 18)
        return {};
    qsizetype digitsEnd = digitsAt;
    while (digitsEnd < header.size() && header[digitsEnd] >= '0' && header[digitsEnd] <= '9')
        ++digitsEnd;
    const qsizetype contentLength = header.mid(digitsAt, digitsEnd - digitsAt).toLongLong();
    if (request.size() < 2 + headerLength + contentLength)
        return {};
    const QByteArray content = request.mid(2 + headerLength);
    if (header.contains("text/json"))
        return searchAnswers().value(content, answer("text/json", "{\"result\": \"Error\"}"));
    if (content.size() == 10 && (content.startsWith("double") || content.startsWith("negate"))) {
        const qint64 value = qFromBigEndian<qint32>(content.constData() + 6);
        QByteArray result = "result" + QByteArray(4, Qt::Uninitialized);
        qToBigEndian<qint32>(qint32(content.startsWith("double") ? value * 2 : -value), result.data() + 6);
        return answer("binary/custom-server-binary-type", result);
    }
    return answer("binary/custom-server-binary-type", "First 10 bytes of request: " + content.left(10));
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
    if (!server.listen(QHostAddress(QString::fromLocal8Bit(argv[1])), quint16(atoi(argv[2])))) {
        fprintf(stderr, "qt-yardstick: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    printf("listening on ('%s', %u)\n", argv[1], server.serverPort());
    fflush(stdout);
    return QCoreApplication::exec();
}
