// libFuzzer target for MessageDecoder. The only outcomes allowed for any input, in any
// chunking, are messages, "need more", a clean end or a typed error; a decoded message
// encodes and decodes back to itself; whole and chunked input give the same messages; a
// UTF-8 text/json content is the object QJsonDocument reads in it, whichever path read it,
// and Python's repr() of it can be read from its text.
#include "fuzzcheck.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "pythonrepr.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QList>

using namespace Wirelab;

namespace {

struct Outcome
{
    QList<Message> messages;
    DecodeResult::Status last = DecodeResult::Status::NeedMoreData;
    DecodeError::Kind errorKind = DecodeError::Kind::HeaderNotJson;
    qint64 errorOffset = -1;
};

// The decoder reads a flat object in one pass of its own and anything else with
// QJsonDocument; both must agree with QJsonDocument, key by key and as a whole.
void checkJsonContent(const DecodedMessage &decoded)
{
    const Header &header = decoded.message.header;
    if (!header.isTextJson() || header.contentEncoding != QLatin1String(ContentEncoding::Utf8))
        return;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(decoded.message.content, &error);
    WIRELAB_FUZZ_CHECK(error.error == QJsonParseError::NoError && document.isObject());
    const QJsonObject expected = document.object();
    for (auto it = expected.begin(); it != expected.end(); ++it)
        WIRELAB_FUZZ_CHECK(decoded.jsonContentValue(it.key()) == it.value());
    WIRELAB_FUZZ_CHECK(decoded.jsonContent() == expected);
    // Python's view of the same text is read from the text: it must follow QJsonDocument.
    WIRELAB_FUZZ_CHECK(PythonRepr::jsonText(decoded.message.content).has_value());
    for (const FieldSpan &field : decoded.layout.contentFields)
        WIRELAB_FUZZ_CHECK(PythonRepr::strOfJsonText(decoded.jsonContentText(field.name)).has_value());
}

Outcome decode(QByteArrayView input, qsizetype chunkSize, const DecoderLimits &limits)
{
    Outcome outcome;
    MessageDecoder decoder(limits);
    const auto drain = [&] {
        for (;;) {
            const DecodeResult result = decoder.next();
            outcome.last = result.status;
            switch (result.status) {
            case DecodeResult::Status::MessageReady:
                WIRELAB_FUZZ_CHECK(result.message.size() > 2);
                WIRELAB_FUZZ_CHECK(result.message.message.content.size() <= limits.maxContentBytes);
                outcome.messages.append(result.message.message);
                checkJsonContent(result.message);
                continue;
            case DecodeResult::Status::Failed:
                WIRELAB_FUZZ_CHECK(!result.error.reason.isEmpty());
                WIRELAB_FUZZ_CHECK(result.error.offset >= 0 && result.error.offset <= input.size());
                outcome.errorKind = result.error.kind;
                outcome.errorOffset = result.error.offset;
                return false;
            case DecodeResult::Status::Finished:
                return false;
            case DecodeResult::Status::NeedMoreData:
                return true;
            }
            WIRELAB_FUZZ_CHECK(!"an unknown status");
        }
    };
    for (qsizetype at = 0; at < input.size(); at += chunkSize) {
        decoder.feed(input.sliced(at, qMin(chunkSize, input.size() - at)));
        // Never holds more than one message's worth beyond what it was given.
        WIRELAB_FUZZ_CHECK(decoder.bufferedBytes() <= input.size());
        if (!drain())
            return outcome;
    }
    decoder.finish();
    drain();
    WIRELAB_FUZZ_CHECK(outcome.last == DecodeResult::Status::Finished
                       || outcome.last == DecodeResult::Status::Failed);
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte picks the chunk size and the limits, the rest is the stream.
    const qsizetype chunkSize = 1 + data[0] % 64;
    const DecoderLimits limits { data[0] & 0x80 ? 64 : 8192, data[0] & 0x40 ? 16 : 1 << 20 };
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const Outcome whole = decode(input, qMax<qsizetype>(1, input.size()), limits);
    const Outcome chunked = decode(input, chunkSize, limits);
    WIRELAB_FUZZ_CHECK(whole.messages == chunked.messages);
    WIRELAB_FUZZ_CHECK(whole.last == chunked.last);
    WIRELAB_FUZZ_CHECK(whole.errorKind == chunked.errorKind);
    WIRELAB_FUZZ_CHECK(whole.errorOffset == chunked.errorOffset);

    for (const Message &message : whole.messages) {
        const EncodeResult encoded = encodeMessage(message);
        if (!encoded.ok())
            continue; // re-encoding can lengthen a header written near the 65535 ceiling
        MessageDecoder again({ DecoderLimits::HeaderBytesCeiling, DecoderLimits::ContentBytesCeiling });
        again.feed(encoded.bytes);
        const DecodeResult result = again.next();
        WIRELAB_FUZZ_CHECK(result.status == DecodeResult::Status::MessageReady);
        WIRELAB_FUZZ_CHECK(result.message.message == message);
        WIRELAB_FUZZ_CHECK(result.message.size() == encoded.bytes.size());
    }
    return 0;
}
