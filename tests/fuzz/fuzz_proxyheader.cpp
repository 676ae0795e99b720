// libFuzzer target for ProxyHeaderParser. For any input, in any chunking, the only outcomes
// allowed are "need more", a header or a typed error with a reason and an offset inside the
// input; whole and chunked input give the same result and the same remainder; a header
// stays within its version's bounds, its addresses are the size its family says, and it
// encodes and parses back to itself.
#include "fuzzcheck.h"
#include "proxyheaderencoder.h"
#include "proxyheaderparser.h"

using namespace Wirelab;

namespace {

struct Outcome
{
    ProxyParseResult result;
    QByteArray remainder;
};

void checkResult(const ProxyParseResult &result, qsizetype fed, const ProxyLimits &limits)
{
    switch (result.status) {
    case ProxyParseResult::Status::NeedMoreData:
        return;
    case ProxyParseResult::Status::Failed:
        WIRELAB_FUZZ_CHECK(!result.error.reason.isEmpty());
        WIRELAB_FUZZ_CHECK(result.error.offset >= 0 && result.error.offset <= fed);
        WIRELAB_FUZZ_CHECK(!kindName(result.error.kind).isEmpty());
        return;
    case ProxyParseResult::Status::HeaderReady: {
        const ProxyHeader &header = result.header;
        WIRELAB_FUZZ_CHECK(header.size <= fed);
        if (header.version == 1) {
            WIRELAB_FUZZ_CHECK(header.size >= 15 && header.size <= ProxyLimits::V1MaxBytes);
            WIRELAB_FUZZ_CHECK(header.command == ProxyHeader::Command::Proxy);
            WIRELAB_FUZZ_CHECK(header.family != ProxyHeader::Family::Unspec);
            WIRELAB_FUZZ_CHECK(header.tlvs.isEmpty());
        } else {
            WIRELAB_FUZZ_CHECK(header.version == 2);
            WIRELAB_FUZZ_CHECK(header.size >= ProxyLimits::V2FixedBytes
                               && header.size <= limits.maxV2Bytes);
            WIRELAB_FUZZ_CHECK(header.family != ProxyHeader::Family::Unknown);
        }
        if (header.hasAddresses()) {
            const qsizetype ipBytes = header.family == ProxyHeader::Family::Tcp4 ? 4 : 16;
            WIRELAB_FUZZ_CHECK(header.command == ProxyHeader::Command::Proxy);
            WIRELAB_FUZZ_CHECK(header.source.addressBytes.size() == ipBytes);
            WIRELAB_FUZZ_CHECK(header.destination.addressBytes.size() == ipBytes);
            WIRELAB_FUZZ_CHECK(header.source.address
                               == proxyAddressText(header.source.addressBytes));
            WIRELAB_FUZZ_CHECK(header.destination.address
                               == proxyAddressText(header.destination.addressBytes));
        } else {
            WIRELAB_FUZZ_CHECK(header.source == ProxyEndpoint());
            WIRELAB_FUZZ_CHECK(header.destination == ProxyEndpoint());
        }
        return;
    }
    }
    WIRELAB_FUZZ_CHECK(!"an unknown status");
}

Outcome parse(QByteArrayView input, qsizetype chunkSize, const ProxyLimits &limits)
{
    ProxyHeaderParser parser(limits);
    Outcome outcome;
    qsizetype fed = 0;
    while (fed < input.size()) {
        const qsizetype size = qMin(chunkSize, input.size() - fed);
        parser.feed(input.sliced(fed, size));
        fed += size;
        outcome.result = parser.next();
        checkResult(outcome.result, fed, limits);
        if (outcome.result.status != ProxyParseResult::Status::NeedMoreData)
            break;
    }
    if (outcome.result.status == ProxyParseResult::Status::NeedMoreData) {
        parser.finish();
        outcome.result = parser.next();
        checkResult(outcome.result, input.size(), limits);
        // At the end of input, "need more" is no longer an answer.
        WIRELAB_FUZZ_CHECK(outcome.result.status != ProxyParseResult::Status::NeedMoreData);
    }
    if (outcome.result.status == ProxyParseResult::Status::HeaderReady) {
        // What the parser holds beyond the header, then what it was never given.
        outcome.remainder = parser.takeRemainder() + input.sliced(fed).toByteArray();
        WIRELAB_FUZZ_CHECK(outcome.remainder == input.sliced(outcome.result.header.size));
    }
    return outcome;
}

// Encoded again, a header reads back the same (its addresses in canonical text; what the
// parser skipped, UNKNOWN's tail or the addresses of UDP, UNIX and LOCAL, left out).
void checkRoundTrip(const ProxyHeader &header)
{
    const QByteArray encoded
            = header.version == 1 ? encodeProxyHeaderV1(header) : encodeProxyHeaderV2(header);
    WIRELAB_FUZZ_CHECK(!encoded.isEmpty());
    const ProxyParseResult again
            = ProxyHeaderParser::parse(encoded, { ProxyLimits::V2BytesCeiling }, true);
    WIRELAB_FUZZ_CHECK(again.status == ProxyParseResult::Status::HeaderReady);
    ProxyHeader expected = header;
    expected.size = encoded.size();
    WIRELAB_FUZZ_CHECK(again.header == expected);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte picks the chunk size and the v2 limit, the rest is the stream.
    const qsizetype chunkSize = 1 + data[0] % 32;
    ProxyLimits limits;
    limits.maxV2Bytes = data[0] & 0x80 ? 64 : ProxyLimits().maxV2Bytes;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const Outcome whole = parse(input, qMax<qsizetype>(1, input.size()), limits);
    const Outcome chunked = parse(input, chunkSize, limits);
    WIRELAB_FUZZ_CHECK(whole.result.status == chunked.result.status);
    WIRELAB_FUZZ_CHECK(whole.result.header == chunked.result.header);
    WIRELAB_FUZZ_CHECK(whole.result.error == chunked.result.error);
    WIRELAB_FUZZ_CHECK(whole.remainder == chunked.remainder);

    // The class and the pure function are the same parse.
    const ProxyParseResult pure = ProxyHeaderParser::parse(input, limits, true);
    WIRELAB_FUZZ_CHECK(pure.status == whole.result.status && pure.header == whole.result.header
                       && pure.error == whole.result.error);

    if (whole.result.status == ProxyParseResult::Status::HeaderReady)
        checkRoundTrip(whole.result.header);
    return 0;
}
