#ifndef WIRELAB_LABREQUESTS_H
#define WIRELAB_LABREQUESTS_H

#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

// The lab client's request for an action and value, and the lab server's answer to it, as
// bytes: what a test sends, and what must come back byte for byte.
namespace LabRequests {

inline QByteArray request(const QString &action, const QString &value)
{
    return Wirelab::encodeMessage(Wirelab::Lab::buildRequest(action, value).message).bytes;
}

inline QByteArray answerTo(const QByteArray &requestBytes)
{
    Wirelab::MessageDecoder decoder;
    decoder.feed(requestBytes);
    return Wirelab::encodeMessage(Wirelab::Lab::answerRequest(decoder.next().message,
                                                              Wirelab::Lab::SearchTable::builtIn()))
            .bytes;
}

} // namespace LabRequests

#endif // WIRELAB_LABREQUESTS_H
