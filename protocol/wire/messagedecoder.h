#ifndef WIRELAB_MESSAGEDECODER_H
#define WIRELAB_MESSAGEDECODER_H

#include "decodeerror.h"
#include "message.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QJsonObject>

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
    // The widest limits: for showing whatever a peer sent, not for serving it.
    static DecoderLimits ceilings() { return { HeaderBytesCeiling, ContentBytesCeiling }; }
};

// A complete message as the decoder saw it.
struct DecodedMessage
{
    Message message;
    MessageLayout layout;
    qint64 streamOffset = 0; // where the message's first byte stands in the stream
    // text/json: the content as QJsonDocument read it, and its text in UTF-8 (the content
    // itself for a UTF-8 content), from which what QJsonObject forgets can be read: the order
    // of nested keys, 1.0 as against 1, integers beyond 2^53.
    QJsonObject jsonContent;
    QByteArray jsonText;

    qsizetype size() const { return layout.content.end(); }
    // The JSON text of a top-level key's value as written (the last one, if written twice);
    // empty if there is no such key.
    QByteArrayView jsonValueText(const QString &key) const;
    // text/json: the content's top-level keys, in the order written (a repeated key twice),
    // with their spans in the message's bytes as they came, whatever the encoding. Read from
    // the text when asked, since a content may have a million keys nobody looks at.
    QList<FieldSpan> contentFields() const;
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

// Where a decoder stands in the message it is reading: what a window shows while a message
// arrives over several reads (waiting for the prefix; the header, k of N bytes; the content,
// k of L bytes), in the decoder's own terms rather than re-derived by whoever shows it.
struct DecoderProgress
{
    enum class Stage {
        LengthPrefix, // waiting for the 2-byte prefix: arrived is 0 or 1 of partLength 2
        Header,       // the prefix is read: the header is partLength bytes, arrived of them here
        Content,      // the header is read: the content is partLength bytes, arrived of them here
        Failed,       // next() reported an error, which stays; layout is what was read of it
        Finished,     // finish() came at a message boundary: nothing more will be read
    };
    Stage stage = Stage::LengthPrefix;
    qint64 arrived = 0;    // bytes of the part being read that have arrived
    qint64 partLength = 2; // the size of that part: 2, the header's, the content's
    qint64 messageOffset = 0; // stream offset of the message being read
    int messagesRead = 0;     // messages next() has handed out so far
    // The spans known so far, in the message's offsets: the prefix's; the header's once the
    // prefix is read; the header's keys and the content's once the header is read.
    MessageLayout layout;
};

// Sans-I/O decoder of the framing and the JSON header: bytes in, messages or typed errors out.
// No sockets, no timers, and nothing of the lab's commands; the caller decides what to do
// with an error (h11's split between parsing and I/O). Linear in the input: every byte is
// copied once into the buffer, and a message's content leaves the decoder without another
// copy. A content-length is never reserved up front: the buffer grows as bytes arrive.
class MessageDecoder
{
public:
    // Where the header's keys stand (MessageLayout::headerFields) is for showing a message and
    // for saying where a refused header went wrong: always found, or (a server, which only
    // answers) only for a header that is refused, which saves a scan of every header.
    enum class HeaderFieldSpans { Always, WhenRefused };

    explicit MessageDecoder(DecoderLimits limits = {},
                            HeaderFieldSpans spans = HeaderFieldSpans::Always);

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
    // Where the decoder stands, as of the last next(): bytes fed since then count towards the
    // part it was waiting for (call next() first to have them parsed).
    DecoderProgress progress() const;

private:
    enum class Stage { LengthPrefix, Header, Content };

    DecodeResult fail(DecodeError::Kind kind, const QString &reason, qint64 offset,
                      qint64 length = 1, const QString &field = {});
    DecodeResult failTruncated();
    DecodeResult parseHeader();
    DecodeResult checkHeader(QByteArrayView headerBytes); // parseHeader()'s checks
    // The message's header keys (layout.headerFields), found now if they are still to be.
    const QList<FieldSpan> &scanHeaderFields();
    DecodeResult parseJsonContent();
    DecodeResult takeMessage();

    DecoderLimits m_limits;
    HeaderFieldSpans m_headerFieldSpans;
    bool m_headerFieldsPending = false; // the header is text, its keys not found yet
    QByteArray m_buffer; // bytes fed and not yet taken; m_buffer[0] is stream offset m_consumed
    qint64 m_consumed = 0;
    Stage m_stage = Stage::LengthPrefix;
    bool m_finished = false;
    bool m_failed = false;
    int m_messagesRead = 0;
    DecodeResult m_failure;
    DecodedMessage m_current; // header and layout of the message being read
};

} // namespace Wirelab

#endif // WIRELAB_MESSAGEDECODER_H
