// libFuzzer target for the server's per-connection logic (ServerExchange, behind the PROXY
// protocol's ProxiedExchange as the server runs it), driven through its public seam instead
// of a socket: bytes arrive in fuzzer-chosen chunks, the peer may close or time out, and the
// connection may come directly, through a trusted proxy (a PROXY header first) or from an
// untrusted peer. Whatever comes in, the server answers exactly once if anything came (at
// most once in all), every answer is a well-formed message, and once it has decided to close
// it stays closed and silent.
#include "fuzzcheck.h"
#include "messagedecoder.h"
#include "proxiedexchange.h"

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
    // 0x08: through a trusted proxy; 0x04: from an untrusted peer (the lab's messages, which
    // begin with 0x00, come directly).
    const ProxiedExchange::Source source = data[0] & 0x08 ? ProxiedExchange::Source::TrustedProxy
            : data[0] & 0x04                             ? ProxiedExchange::Source::UntrustedPeer
                                                         : ProxiedExchange::Source::Direct;
    ProxiedExchange exchange(settings, [] { return Transcript::Peer { QStringLiteral("127.0.0.1"), 4242 }; });
    int replies = 0;
    bool closed = false;
    check(exchange.accepted(source), replies, closed);

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
    // A PROXY header and nothing after it is a connection that sent no request.
    const bool onlyAHeader = exchange.proxyHeader() && exchange.proxyHeader()->size == input.size();
    const bool sentNothing = input.isEmpty() || onlyAHeader;
    const bool refusedAtOnce = source == ProxiedExchange::Source::UntrustedPeer;
    WIRELAB_FUZZ_CHECK(replies == (sentNothing && !timedOut && !refusedAtOnce ? 0 : 1));
    // A connection named in the transcript is closed in it too; one refused before its
    // header named anyone is in neither; with no transcript there is no such line.
    WIRELAB_FUZZ_CHECK(exchange.closingLine().isEmpty()
                       == (!settings.logTraffic
                           || (source != ProxiedExchange::Source::Direct && !exchange.proxyHeader())));
    // Once closed, nothing more comes out of it.
    const ServerExchange::Actions after = exchange.bytesReceived(input);
    WIRELAB_FUZZ_CHECK(!after.hasReply() && !after.close && after.traffic.isEmpty() && after.problem.isEmpty());
    return 0;
}
