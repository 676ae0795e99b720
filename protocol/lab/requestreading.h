#ifndef WIRELAB_REQUESTREADING_H
#define WIRELAB_REQUESTREADING_H

#include "messagedecoder.h"
#include "transcript.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>
#include <QtCore/QStringList>

namespace Wirelab {

// What the lab's server makes of the bytes a client sends, said before they are sent: the
// length it reads from the prefix, where it stops and why, the number it reads, what it
// answers. The lab bench shows it as the bytes are edited, and beside the answer after.
// It is our server's own logic (MessageDecoder and ServerExchange), run without a socket.
class RequestReading
{
    Q_DECLARE_TR_FUNCTIONS(RequestReading)
public:
    // What the lab's server answers and logs once the bytes have all arrived; if they are
    // not a whole request it waits (waitsForMore), and this is what it does once the client
    // closes. The log is its transcript line and its problem line, as the built-in server's.
    struct ServerSide
    {
        QByteArray answer;
        QStringList log;
        bool waitsForMore = false;
    };

    // One sentence after another, as a student would tell it.
    static QStringList explain(QByteArrayView bytes, const DecoderLimits &limits = {});
    static ServerSide labServer(QByteArrayView bytes, const Transcript::Peer &peer = {},
                                const DecoderLimits &limits = {});
    // The lab client's reading of an answer: "result: 15308642", the text, or the echo.
    static QString answerText(QByteArrayView answer);
};

} // namespace Wirelab

#endif // WIRELAB_REQUESTREADING_H
