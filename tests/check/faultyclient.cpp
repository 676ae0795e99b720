// A lab client with faults a test can switch on, for grading wirelab-check's client mode.
//
//   wirelab-test-faulty-client [--fault NAME] HOST PORT ACTION VALUE
//
// Without a fault it prints what the lab's client prints ("got result: ...", "result:  N",
// "got response: b'...'"). Faults:
//   little-endian-int     double/negate's int32 packed "<i"
//   wrong-content-length  the request's header says one byte more than its content has
//   no-reassembly         reads the answer once; if that is not all of it, gives up

#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "transcript.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QtEndian>
#include <QtNetwork/QTcpSocket>

#include <cstdio>

using namespace Wirelab;

namespace {

constexpr int TimeoutMs = 10000;

void printLine(FILE *stream, const QString &line)
{
    fprintf(stream, "%s\n", line.toUtf8().constData());
    fflush(stream);
}

QByteArray requestBytes(const QString &fault, const QString &action, const QString &value)
{
    Message request = Lab::buildRequest(action, value).message;
    if (fault == QLatin1String("little-endian-int") && Lab::isArithmetic(action))
        std::reverse(request.content.begin() + 6, request.content.end());
    QByteArray bytes = encodeMessage(request).bytes;
    if (fault == QLatin1String("wrong-content-length")) {
        const QByteArray from
                = "\"content-length\": " + QByteArray::number(request.content.size()) + "}";
        const QByteArray to
                = "\"content-length\": " + QByteArray::number(request.content.size() + 1) + "}";
        const qsizetype headerEnd = 2 + qFromBigEndian<quint16>(bytes.constData());
        const QByteArray header = bytes.mid(2, headerEnd - 2).replace(from, to);
        QByteArray prefix(2, Qt::Uninitialized);
        qToBigEndian<quint16>(quint16(header.size()), prefix.data());
        bytes = prefix + header + bytes.mid(headerEnd);
    }
    return bytes;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    QString fault;
    if (arguments.size() >= 2 && arguments[0] == QLatin1String("--fault")) {
        fault = arguments[1];
        arguments = arguments.mid(2);
    }
    if (arguments.size() != 4) {
        printLine(
                stderr,
                QStringLiteral(
                        "usage: wirelab-test-faulty-client [--fault NAME] HOST PORT ACTION VALUE"));
        return 2;
    }
    const Transcript::Peer peer { arguments[0], quint16(arguments[1].toUInt()) };
    QTcpSocket socket;
    socket.connectToHost(peer.host, peer.port);
    if (!socket.waitForConnected(TimeoutMs)) {
        printLine(stderr, QStringLiteral("error: %1").arg(socket.errorString()));
        return 1;
    }
    socket.write(requestBytes(fault, arguments[2], arguments[3]));
    socket.flush();

    MessageDecoder decoder;
    QDeadlineTimer deadline(TimeoutMs);
    while (!deadline.hasExpired()) {
        const bool readable = socket.waitForReadyRead(int(deadline.remainingTime()));
        decoder.feed(socket.readAll());
        if (!readable)
            decoder.finish();
        const DecodeResult result = decoder.next();
        if (result.status == DecodeResult::Status::MessageReady) {
            for (const QString &line : Transcript::receivedResponse(result.message, peer))
                printLine(stdout, line);
            return 0;
        }
        if (result.status == DecodeResult::Status::Failed) {
            printLine(stderr, QStringLiteral("error: %1").arg(result.error.reason));
            return 1;
        }
        if (fault == QLatin1String("no-reassembly")) {
            printLine(stderr, QStringLiteral("error: the answer did not come in one piece"));
            return 1;
        }
        if (!readable)
            break;
    }
    printLine(stderr, QStringLiteral("error: no whole answer"));
    return 1;
}
