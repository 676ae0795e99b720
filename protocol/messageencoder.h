#ifndef WIRELAB_MESSAGEENCODER_H
#define WIRELAB_MESSAGEENCODER_H

#include "message.h"

#include <QtCore/QByteArray>
#include <optional>

namespace Wirelab {

// Our own misuse, as opposed to a peer's DecodeError (h11's LocalProtocolError).
struct EncodeError
{
    enum class Kind { HeaderTooLarge };
    Kind kind = Kind::HeaderTooLarge;
    QString reason;
};

struct EncodeResult
{
    QByteArray bytes;
    std::optional<EncodeError> error;
    bool ok() const { return !error.has_value(); }
};

// The JSON header exactly as the lab's _create_message() writes it: the four keys in the
// order byteorder, content-type, content-encoding, content-length, then any extra keys.
QByteArray encodeHeader(const Header &header, qint64 contentLength);

// Prefix + header + content. Fails only if the header is over 65535 bytes.
EncodeResult encodeMessage(const Message &message);

// The layout of a message we encoded, for showing our own bytes annotated.
MessageLayout layoutOf(const QByteArray &encodedMessage);

} // namespace Wirelab

#endif // WIRELAB_MESSAGEENCODER_H
