// A lab server with faults a test can switch on, for grading wirelab-check itself: each
// fault is a mistake students make, and the test checks that the case meant to catch it does.
//
//   wirelab-test-faulty-server [--fault NAME[,NAME...]] HOST PORT
//
// Prints "listening on ('HOST', PORT)" first, as wirelab-server does. Faults:
//   little-endian-int     the int32 of "result" packed "<i"
//   little-endian-prefix  the answer's 2-byte length prefix packed "<H"
//   wrong-double          double N answers 2N + 1
//   wrong-negate          negate N answers N
//   wrong-content-length  the answer's header says one byte more than its content has
//   misquote-miss         No match for 'V'. instead of No match for "V".
//   echo-count            echoes 11 bytes of the request instead of 10
//   drop-chunked          a request that does not arrive in one read is dropped (closed)
//   exit-on-bad           a request that cannot be decoded makes the server exit
//   sorted-keys           text/json answers' headers with sorted keys and no spaces
//   ascii-escape          text/json contents with non-ASCII written as \uXXXX escapes
//   utf8-only             a text/json request in any encoding but UTF-8 is refused
//   silent                reads the request and never answers

#include "jsonwriter.h"
#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtCore/QtEndian>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <cstdio>
#include <cstdlib>

using namespace Wirelab;

namespace {

QSet<QString> faults;

bool has(const char *fault)
{
    return faults.contains(QLatin1String(fault));
}

QByteArray frame(const QByteArray &header, const QByteArray &content)
{
    QByteArray prefix(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), prefix.data());
    return prefix + header + content;
}

QByteArray asciiEscaped(const QString &text)
{
    QByteArray out;
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += '\\' + QByteArray(1, char(c.unicode()));
        else if (c.unicode() < 0x80)
            out += char(c.unicode());
        else
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toLatin1();
    }
    return out;
}

Message applyContentFaults(const DecodedMessage &request, Message answer)
{
    const QByteArray &content = request.message.content;
    if (const std::optional<Lab::ArithmeticContent> arithmetic = Lab::unpackArithmetic(content)) {
        if (arithmetic->name == "double" && has("wrong-double"))
            answer.content = Lab::packArithmetic(Lab::ResultTag, arithmetic->value * 2 + 1);
        if (arithmetic->name == "negate" && has("wrong-negate"))
            answer.content = Lab::packArithmetic(Lab::ResultTag, arithmetic->value);
        if (has("little-endian-int") && answer.content.startsWith(Lab::ResultTag)
            && answer.content.size() == 10)
            std::reverse(answer.content.begin() + 6, answer.content.end());
    }
    if (has("echo-count") && answer.content.startsWith(Lab::EchoPrefix))
        answer.content = Lab::EchoPrefix + content.left(11);
    if (answer.header.isTextJson() && (has("misquote-miss") || has("ascii-escape"))) {
        QString result = QJsonDocument::fromJson(answer.content)
                                 .object()
                                 .value(QLatin1String("result"))
                                 .toString();
        if (has("misquote-miss") && result.startsWith(QLatin1String("No match for \"")))
            result = QStringLiteral("No match for '%1'.").arg(result.mid(14, result.size() - 16));
        if (has("ascii-escape")) {
            answer.content = "{\"result\": \"" + asciiEscaped(result) + "\"}";
        } else {
            answer.content.clear();
            JsonWriter writer(answer.content);
            writer.addString(QLatin1String("result"), result);
            writer.close();
        }
    }
    return answer;
}

QByteArray encode(const Message &answer)
{
    QByteArray bytes = encodeMessage(answer).bytes;
    if (has("sorted-keys") && answer.header.isTextJson()) {
        const QJsonObject header { { QStringLiteral("byteorder"), answer.header.byteorder },
                                   { QStringLiteral("content-type"), answer.header.contentType },
                                   { QStringLiteral("content-encoding"),
                                     answer.header.contentEncoding },
                                   { QStringLiteral("content-length"), answer.content.size() } };
        bytes = frame(QJsonDocument(header).toJson(QJsonDocument::Compact), answer.content);
    }
    if (has("wrong-content-length")) {
        const QByteArray from
                = "\"content-length\": " + QByteArray::number(answer.content.size()) + "}";
        const QByteArray to
                = "\"content-length\": " + QByteArray::number(answer.content.size() + 1) + "}";
        const qsizetype headerEnd = 2 + qFromBigEndian<quint16>(bytes.constData());
        QByteArray header = bytes.mid(2, headerEnd - 2).replace(from, to);
        bytes = frame(header, bytes.mid(headerEnd));
    }
    if (has("little-endian-prefix"))
        std::swap(bytes[0], bytes[1]);
    return bytes;
}

void serve(QTcpSocket *socket)
{
    auto *decoder = new MessageDecoder;
    QObject::connect(socket, &QObject::destroyed, [decoder] { delete decoder; });
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, decoder] {
        if (has("silent")) {
            socket->readAll();
            return;
        }
        decoder->feed(socket->readAll());
        const DecodeResult result = decoder->next();
        if (result.status == DecodeResult::Status::NeedMoreData) {
            // Loopback hands a whole request written at once to one read: only a request
            // sent in pieces gets here with a part of itself.
            if (has("drop-chunked"))
                socket->disconnectFromHost();
            return;
        }
        socket->disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
        Message answer;
        if (result.status == DecodeResult::Status::Failed) {
            if (has("exit-on-bad"))
                std::exit(3);
            answer = Lab::errorResponse(result.error);
        } else if (has("utf8-only") && result.message.message.header.isTextJson()
                   && result.message.message.header.contentEncoding != QLatin1String("utf-8")) {
            answer = Lab::errorResponse(QStringLiteral("only utf-8 is understood here"));
        } else {
            answer = applyContentFaults(
                    result.message,
                    Lab::answerRequest(result.message, Lab::SearchTable::builtIn()));
        }
        socket->write(encode(answer));
        socket->disconnectFromHost();
    });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    if (arguments.size() >= 2 && arguments[0] == QLatin1String("--fault")) {
        for (const QString &fault : arguments[1].split(QLatin1Char(','), Qt::SkipEmptyParts))
            faults.insert(fault);
        arguments = arguments.mid(2);
    }
    if (arguments.size() != 2) {
        fprintf(stderr, "usage: wirelab-test-faulty-server [--fault NAME,...] HOST PORT\n");
        return 2;
    }
    QTcpServer server;
    if (!server.listen(QHostAddress(arguments[0]), quint16(arguments[1].toUInt()))) {
        fprintf(stderr, "cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &QTcpServer::newConnection, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection())
            serve(socket);
    });
    printf("listening on ('%s', %u)\n", qPrintable(arguments[0]), unsigned(server.serverPort()));
    fflush(stdout);
    return app.exec();
}
