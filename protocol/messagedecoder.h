#ifndef WIRELAB_MESSAGEDECODER_H
#define WIRELAB_MESSAGEDECODER_H

#include "decodeerror.h"
#include "jsonlayout.h"
#include "message.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QJsonObject>

#include <optional>

namespace Wirelab {

struct DecoderLimits
{
    // A lab header is about 130 bytes; 8 KiB leaves room for extra keys while keeping a
    // hostile prefix (up to 65535) from making us buffer much. Settable up to 65535, the
    // most the 2-byte prefix can say.
    qsizetype maxHeaderBytes = 8 * 1024;
    // The lab's contents are tens of bytes; 1 MiB is generous for teaching and bounds what
    // one connection can make us hold. Settable up to 1 GiB.
    qint64 maxContentBytes = 1024 * 1024;

    static constexpr qsizetype HeaderBytesCeiling = 65535;
    static constexpr qint64 ContentBytesCeiling = qint64(1) << 30;
    // Clamps both limits into [1, ceiling].
    DecoderLimits clamped() const;
};

// A complete message as the decoder saw it.
struct DecodedMessage
{
    Message message;
    MessageLayout layout;
    qint64 streamOffset = 0; // where the message's first byte stands in the stream
    qsizetype size() const { return layout.content.end(); }

    // text/json content as an object (empty for any other content); the key order as
    // written is in layout.contentFields. A flat content, as every lab message's is, is kept
    // as the fields the decoder read and becomes a QJsonObject only when asked for one:
    // building it costs more than decoding the rest of the message, and answering a request
    // reads two keys. (The object is then cached: not for use from two threads at once.)
    QJsonObject jsonContent() const;
    QJsonValue jsonContentValue(const QString &key) const; // Undefined if absent
    // The JSON text of a key's value as written (the last one, if written twice), for a
    // UTF-8 content; empty if absent or the content is in another encoding.
    QByteArrayView jsonContentText(const QString &key) const;
    void setJsonContent(const QJsonObject &object);
    void setJsonContentFields(QList<JsonField> fields);

private:
    QList<JsonField> m_jsonContentFields;
    mutable std::optional<QJsonObject> m_jsonContent;
};

struct DecodeResult
{
    enum class Status {
        NeedMoreData, // feed more bytes (or call finish())
        MessageReady, // message holds a complete message
        Failed,       // error says why; every later next() says the same
        Finished,     // finish() was called at a message boundary: a clean end
    };
    Status status = Status::NeedMoreData;
    // MessageReady: the message. Failed: what was read of it before the error, for display
    // (the layout's spans as the message declared them, which may run past what arrived).
    DecodedMessage message;
    DecodeError error;
};

// Sans-I/O decoder: bytes in, messages or typed errors out. No sockets, no timers; the
// caller decides what to do with an error (h11's split between parsing and I/O).
// Linear in the input: every byte is copied once into the buffer (which grows by mremap,
// not by copying, once it is big), and a
// message's content leaves the decoder without another copy.
class MessageDecoder
{
public:
    explicit MessageDecoder(DecoderLimits limits = {});

    void feed(QByteArrayView bytes); // only appends; next() does the parsing
    void finish();                   // the peer closed its side: end of input is an input
    DecodeResult next();

    const DecoderLimits &limits() const { return m_limits; }
    // Bytes fed and not yet handed out as a message.
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    // Memory the buffer holds: at most about twice what was fed, whatever a header claims.
    qsizetype reservedBytes() const { return m_buffer.capacity(); }
    // Stream offset of the next byte the decoder will look at.
    qint64 streamOffset() const { return m_consumed; }
    bool isInsideMessage() const { return m_stage != Stage::LengthPrefix || !m_buffer.isEmpty(); }
    bool hasFailed() const { return m_failed; }

private:
    enum class Stage { LengthPrefix, Header, Content };

    DecodeResult fail(DecodeError::Kind kind, const QString &reason, qint64 offset,
                      const QString &field = {});
    DecodeResult parseHeader();
    DecodeResult takeMessage();
    DecodeResult takeContent(); // the message, once its content is checked

    DecoderLimits m_limits;
    QByteArray m_buffer; // bytes fed and not yet taken; m_buffer[0] is stream offset m_consumed
    qint64 m_consumed = 0;
    Stage m_stage = Stage::LengthPrefix;
    bool m_finished = false;
    bool m_failed = false;
    DecodeResult m_failure;
    qsizetype m_headerLength = 0;
    DecodedMessage m_current; // header and layout of the message being read
};

} // namespace Wirelab

#endif // WIRELAB_MESSAGEDECODER_H
