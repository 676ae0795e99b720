#ifndef WIRELAB_MESSAGEENCODER_H
#define WIRELAB_MESSAGEENCODER_H

#include "message.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <optional>

namespace Wirelab {

// Our own misuse, as opposed to a peer's DecodeError (h11's LocalProtocolError): a header
// longer than the 2-byte prefix can say.
struct EncodeError
{
    QString reason;
};

struct EncodeResult
{
    QByteArray bytes;
    std::optional<EncodeError> error;
    bool ok() const { return !error.has_value(); }
};

// Prefix + header + content, as the lab's _create_message() writes them: the header's four
// keys in the order byteorder, content-type, content-encoding, content-length, then any
// extra keys. Fails only if the header is over 65535 bytes.
EncodeResult encodeMessage(const Message &message);
// The prefix and the header alone, for sending a big content from where it already is
// (a search table's answer) without copying it behind them.
EncodeResult encodeHead(const Message &message);
// The JSON header alone, written as encodeMessage() writes it but declaring contentLength, and
// without omittedKey if one is named: the header of a message that lies about itself (the
// GUI's lab bench, the checker's faulty requests). No limit is checked: the caller frames it.
QByteArray encodeHeaderText(const Header &header, qint64 contentLength,
                            QLatin1String omittedKey = QLatin1String());

} // namespace Wirelab

#endif // WIRELAB_MESSAGEENCODER_H
