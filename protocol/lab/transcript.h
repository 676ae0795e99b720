#ifndef WIRELAB_TRANSCRIPT_H
#define WIRELAB_TRANSCRIPT_H

#include "messagedecoder.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QString>
#include <QtCore/QStringList>

// The lines the lab's programs print, word for word, so a student can put ours beside them.
namespace Wirelab::Transcript {

struct Peer
{
    QString host;
    quint16 port = 0;
    QString repr() const; // ('127.0.0.1', 65432)
};

QString listeningOn(const Peer &local);
QString acceptedConnection(const Peer &peer);
QString startingConnection(const Peer &peer);
QString sending(QByteArrayView bytes, const Peer &peer);
QString closingConnection(const Peer &peer);
QString caughtKeyboardInterrupt();

// "received request {...} from ..." or "received <type> request from ..."
QString receivedRequest(const DecodedMessage &request, const Peer &peer);
// The client's lines for a response: "received response ...", "got result: ..." or
// "received <type> response from ...", "got response: b'...'", "result:  N".
QStringList receivedResponse(const DecodedMessage &response, const Peer &peer);

// Where writeReceivedResponse() puts its lines: text in pieces, and the end of each line.
class LineSink
{
public:
    virtual ~LineSink() = default;
    virtual bool write(QStringView piece) = 0; // false: stop writing
    virtual bool endLine() = 0;
};
// receivedResponse()'s lines, handed over as they are made, so that the repr() of a huge
// content is never held whole. False if the sink stopped.
bool writeReceivedResponse(const DecodedMessage &response, const Peer &peer, LineSink &sink);

} // namespace Wirelab::Transcript

#endif // WIRELAB_TRANSCRIPT_H
