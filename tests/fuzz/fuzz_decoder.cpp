// libFuzzer target for MessageDecoder. The only outcomes allowed for any input, in any
// chunking, are messages, "need more", a clean end or a typed error; a decoded message
// encodes and decodes back to itself; whole and chunked input give the same messages, and so
// does a decoder that finds header key spans only for a refused header (the same error, at
// the same place, with the same keys); a
// text/json content's scanned keys and spans agree with the values QJsonDocument read, and
// Python's repr() of it can be read from its text.
#include "fuzzcheck.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "jsonscanner.h"
#include "pythonrepr.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSet>
#include <QtCore/QList>

using namespace Wirelab;

namespace {

struct Outcome
{
    QList<Message> messages;
    DecodeResult::Status last = DecodeResult::Status::NeedMoreData;
    DecodeError::Kind errorKind = DecodeError::Kind::HeaderNotJson;
    qint64 errorOffset = -1;
    QList<qint64> refusedHeaderFields; // each key's and value's offset and length
};

// The decoder's values come from QJsonDocument and its spans from the scanner: they must
// agree. Every key QJsonDocument read is among the keys scanned, and the last value scanned
// for it, read back from its own bytes, is the value QJsonDocument holds; Python's view of
// the whole text and of each value can be read from the text.
void checkJsonContent(const DecodedMessage &decoded)
{
    if (!decoded.message.header.isTextJson())
        return;
    const QJsonObject &object = decoded.jsonContent;
    const QByteArrayView text = decoded.jsonText;
    const QList<FieldSpan> fields = scanObjectFields(text);
    QSet<QString> scanned;
    for (const FieldSpan &field : fields)
        scanned.insert(field.name);
    WIRELAB_FUZZ_CHECK(scanned.size() == object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QByteArrayView valueText = decoded.jsonValueText(it.key());
        WIRELAB_FUZZ_CHECK(!valueText.isEmpty());
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + valueText.toByteArray() + ']');
        WIRELAB_FUZZ_CHECK(wrapped.array().size() == 1 && wrapped.array().first() == it.value());
        WIRELAB_FUZZ_CHECK(PythonRepr::strOfJsonText(valueText).has_value());
    }
    WIRELAB_FUZZ_CHECK(PythonRepr::jsonText(text).has_value());
    WIRELAB_FUZZ_CHECK(decoded.contentFields().size() == fields.size());
}

Outcome decode(QByteArrayView input, qsizetype chunkSize, const DecoderLimits &limits,
               MessageDecoder::HeaderFieldSpans spans = MessageDecoder::HeaderFieldSpans::Always)
{
    Outcome outcome;
    MessageDecoder decoder(limits, spans);
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
                for (const FieldSpan &field : result.message.layout.headerFields)
                    outcome.refusedHeaderFields << field.key.offset << field.key.length
                                                << field.value.offset << field.value.length;
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
    WIRELAB_FUZZ_CHECK(whole.refusedHeaderFields == chunked.refusedHeaderFields);
    const Outcome server = decode(input, chunkSize, limits, MessageDecoder::HeaderFieldSpans::WhenRefused);
    WIRELAB_FUZZ_CHECK(server.messages == chunked.messages);
    WIRELAB_FUZZ_CHECK(server.last == chunked.last);
    WIRELAB_FUZZ_CHECK(server.errorKind == chunked.errorKind);
    WIRELAB_FUZZ_CHECK(server.errorOffset == chunked.errorOffset);
    WIRELAB_FUZZ_CHECK(server.refusedHeaderFields == chunked.refusedHeaderFields);

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
