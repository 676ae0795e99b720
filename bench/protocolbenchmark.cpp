// Google Benchmark programs for the protocol library: encode and decode of each lab
// message (ns per message), and decode throughput of a 16 MiB content in 4 KiB and 64 KiB
// chunks (bytes per second), and a hostile content of many keys (linear, not quadratic).
#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "transcript.h"

#include <benchmark/benchmark.h>

using namespace Wirelab;

namespace {

Message labRequest(int which)
{
    static const char *const requests[][2] = {
        { "search", "morpheus" }, { "double", "7654321" }, { "negate", "-300" }, { "binary", "\xf0\x9f\x98\x83" },
    };
    return Lab::buildRequest(QString::fromUtf8(requests[which][0]), QString::fromUtf8(requests[which][1])).message;
}

const char *labRequestName(int which)
{
    static const char *const names[] = { "search morpheus", "double 7654321", "negate -300", "binary smiley" };
    return names[which];
}

void encodeRequest(benchmark::State &state)
{
    const Message message = labRequest(int(state.range(0)));
    state.SetLabel(labRequestName(int(state.range(0))));
    for (auto _ : state)
        benchmark::DoNotOptimize(encodeMessage(message));
}

void decodeRequest(benchmark::State &state)
{
    const QByteArray bytes = encodeMessage(labRequest(int(state.range(0)))).bytes;
    state.SetLabel(labRequestName(int(state.range(0))));
    for (auto _ : state) {
        MessageDecoder decoder;
        decoder.feed(bytes);
        benchmark::DoNotOptimize(decoder.next());
    }
}

// The round trip the issue measures: a lab request encoded, then decoded.
void encodeAndDecodeRequest(benchmark::State &state)
{
    const Message message = labRequest(int(state.range(0)));
    state.SetLabel(labRequestName(int(state.range(0))));
    for (auto _ : state) {
        MessageDecoder decoder;
        decoder.feed(encodeMessage(message).bytes);
        benchmark::DoNotOptimize(decoder.next());
    }
}

void answerRequest(benchmark::State &state)
{
    MessageDecoder decoder;
    decoder.feed(encodeMessage(labRequest(int(state.range(0)))).bytes);
    const DecodedMessage request = decoder.next().message;
    const Lab::SearchTable table = Lab::SearchTable::builtIn();
    state.SetLabel(labRequestName(int(state.range(0))));
    for (auto _ : state)
        benchmark::DoNotOptimize(encodeMessage(Lab::answerRequest(request, table)));
}

void decodeBigContent(benchmark::State &state)
{
    const qsizetype contentSize = 16 * 1024 * 1024;
    const qsizetype chunk = qsizetype(state.range(0));
    Message message;
    message.header = { QStringLiteral("little"), QStringLiteral("binary/x"), QStringLiteral("binary"), {} };
    message.content = QByteArray(contentSize, 'x');
    const QByteArray bytes = encodeMessage(message).bytes;
    for (auto _ : state) {
        MessageDecoder decoder({ 8192, contentSize });
        DecodeResult result;
        for (qsizetype at = 0; at < bytes.size(); at += chunk) {
            decoder.feed(QByteArrayView(bytes).sliced(at, qMin(chunk, bytes.size() - at)));
            result = decoder.next();
        }
        if (result.status != DecodeResult::Status::MessageReady)
            state.SkipWithError("did not decode");
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(state.iterations() * bytes.size());
}

// A hostile content: one JSON object of N small keys, decoded and logged as the server
// logs it. The cost must grow with N, not with N squared.
void decodeAndLogManyKeys(benchmark::State &state)
{
    const int keys = int(state.range(0));
    QByteArray content = "{";
    for (int i = 0; i < keys; ++i)
        content += (i ? ",\"k" : "\"k") + QByteArray::number(i) + "\":" + QByteArray::number(i);
    content += "}";
    Message message;
    message.header = { QStringLiteral("little"), QStringLiteral("text/json"), QStringLiteral("utf-8"), {} };
    message.content = content;
    const QByteArray bytes = encodeMessage(message).bytes;
    for (auto _ : state) {
        MessageDecoder decoder({ 8192, 16 << 20 });
        decoder.feed(bytes);
        const DecodeResult result = decoder.next();
        if (result.status != DecodeResult::Status::MessageReady)
            state.SkipWithError("did not decode");
        benchmark::DoNotOptimize(Transcript::receivedRequest(result.message, { QStringLiteral("127.0.0.1"), 1 }));
    }
    state.SetComplexityN(keys);
}

} // namespace

BENCHMARK(encodeRequest)->DenseRange(0, 3);
BENCHMARK(decodeRequest)->DenseRange(0, 3);
BENCHMARK(encodeAndDecodeRequest)->DenseRange(0, 3);
BENCHMARK(answerRequest)->DenseRange(0, 3);
BENCHMARK(decodeBigContent)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);
BENCHMARK(decodeAndLogManyKeys)->RangeMultiplier(10)->Range(1000, 100000)->Unit(benchmark::kMillisecond)->Complexity();

BENCHMARK_MAIN();
