// libFuzzer target for the server's per-connection logic (ServerExchange), driven through
// its public seam instead of a socket: bytes arrive in fuzzer-chosen chunks, the peer may
// close or time out. Whatever comes in, the server answers exactly once if anything came (at
// most once in all), every answer is a well-formed message, and once it has decided to close
// it stays closed and silent.
#include "fuzzcheck.h"
#include "messagedecoder.h"
#include "serverexchange.h"

using namespace Wirelab;

namespace {

void check(const ServerExchange::Actions &actions, int &replies, bool &closed)
{
    if (actions.hasReply()) {
        WIRELAB_FUZZ_CHECK(!closed);
        WIRELAB_FUZZ_CHECK(actions.close);
        ++replies;
        MessageDecoder decoder({ DecoderLimits::HeaderBytesCeiling, DecoderLimits::ContentBytesCeiling });
        decoder.feed(actions.replyBytes());
        decoder.finish();
        const DecodeResult answer = decoder.next();
        WIRELAB_FUZZ_CHECK(answer.status == DecodeResult::Status::MessageReady);
        WIRELAB_FUZZ_CHECK(answer.message.size() == actions.replyBytes().size());
    }
    if (actions.close)
        closed = true;
    WIRELAB_FUZZ_CHECK(replies <= 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    ServerExchange::Settings settings;
    settings.limits = { data[0] & 0x80 ? 32 : 8192, data[0] & 0x40 ? 8 : 1 << 20 };
    settings.logTraffic = data[0] & 0x20;
    ServerExchange exchange(settings, { QStringLiteral("127.0.0.1"), 4242 });
    int replies = 0;
    bool closed = false;
    check(exchange.accepted(), replies, closed);

    const qsizetype chunkSize = 1 + data[1] % 32;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    for (qsizetype at = 0; at < input.size(); at += chunkSize)
        check(exchange.bytesReceived(input.sliced(at, qMin(chunkSize, input.size() - at))), replies, closed);
    const bool timedOut = data[0] & 0x10;
    if (timedOut)
        check(exchange.timedOut(QStringLiteral("idle")), replies, closed);
    check(exchange.peerClosed(), replies, closed);
    // A connection always ends closed, and a client that sent anything (or timed out) has
    // had exactly one answer, whatever it sent.
    WIRELAB_FUZZ_CHECK(closed && !exchange.isReading());
    WIRELAB_FUZZ_CHECK(replies == (input.isEmpty() && !timedOut ? 0 : 1));
    // Once closed, nothing more comes out of it.
    const ServerExchange::Actions after = exchange.bytesReceived(input);
    WIRELAB_FUZZ_CHECK(!after.hasReply() && !after.close && after.traffic.isEmpty() && after.problem.isEmpty());
    return 0;
}
