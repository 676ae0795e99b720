// wirelab-bench: a load generator that speaks the lab's protocol and checks every answer.
#include "labprotocol.h"
#include "loadgenerator.h"
#include "messageencoder.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <cstdio>

using namespace Wirelab;

namespace {

struct Workload
{
    QByteArray request;
    QByteArray answer;
};

// The request of a kind and the lab server's answer to it (this host's byteorder).
std::optional<Workload> workload(const QString &kind, qint64 size)
{
    Message request;
    if (kind == QLatin1String("search"))
        request = Lab::buildRequest(QStringLiteral("search"), QStringLiteral("morpheus")).message;
    else if (kind == QLatin1String("double"))
        request = Lab::buildRequest(QStringLiteral("double"), QStringLiteral("7654321")).message;
    else if (kind == QLatin1String("binary"))
        request = Lab::buildRequest(QStringLiteral("binary"), QString(qMax<qint64>(0, size - 6), QLatin1Char('x'))).message;
    else if (kind == QLatin1String("big"))
        request = Lab::buildRequest(QStringLiteral("big"), QString(qMax<qint64>(0, size - 3), QLatin1Char('x'))).message;
    else
        return std::nullopt;
    MessageDecoder decoder({ DecoderLimits::HeaderBytesCeiling, DecoderLimits::ContentBytesCeiling });
    Workload load;
    load.request = encodeMessage(request).bytes;
    decoder.feed(load.request);
    load.answer = encodeMessage(Lab::answerRequest(decoder.next().message, Lab::SearchTable::builtIn())).bytes;
    return load;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wirelab-bench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WIRELAB_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Loads a lab server over loopback and checks every answer."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption host({ "H", "host" }, "Server address (loopback).", "address", "127.0.0.1");
    const QCommandLineOption port({ "p", "port" }, "Server port.", "port");
    const QCommandLineOption concurrency("c", "Connections in flight (default 8).", "n", "8");
    const QCommandLineOption requests("n", "Requests to make (0: until -d runs out).", "n", "0");
    const QCommandLineOption seconds("d", "Seconds to run (0: until -n is done).", "seconds", "0");
    const QCommandLineOption kind("kind", "search, double, binary or big (default double).", "kind", "double");
    const QCommandLineOption size("size", "Content bytes for binary and big (default 1024).", "bytes", "1024");
    const QCommandLineOption idle("idle", "Idle connections held open during the run (default 0).", "k", "0");
    const QCommandLineOption trickle("trickle", "Slow clients held during the run, each sending its request "
                                                "one byte every --trickle-interval ms (default 0).", "k", "0");
    const QCommandLineOption trickleInterval("trickle-interval", "Milliseconds between a slow client's bytes (default 3000).",
                                             "ms", "3000");
    const QCommandLineOption trickleWarmup("trickle-warmup", "Milliseconds the slow clients run before the measured "
                                                             "requests start (default 5000).", "ms", "5000");
    const QCommandLineOption noReconnect("trickle-no-reconnect", "A slow client the server closes is not opened again "
                                                                 "(it is, with its next byte, by default). With -c 0 "
                                                                 "and -d, only slow clients: an attacker of its own.");
    parser.addOptions({ host, port, concurrency, requests, seconds, kind, size, idle, trickle, trickleInterval,
                        trickleWarmup, noReconnect });
    parser.process(app);

    LoadSettings settings;
    settings.host = parser.value(host);
    settings.port = quint16(parser.value(port).toUInt());
    settings.concurrency = qBound(0, parser.value(concurrency).toInt(), 10000);
    settings.requests = parser.value(requests).toLongLong();
    settings.seconds = qBound(0.0, parser.value(seconds).toDouble(), 3600.0);
    settings.idleConnections = qBound(0, parser.value(idle).toInt(), 100000);
    settings.trickleConnections = qBound(0, parser.value(trickle).toInt(), 100000);
    settings.trickleIntervalMs = qBound(1, parser.value(trickleInterval).toInt(), 600000);
    settings.trickleWarmupMs = settings.trickleConnections ? qBound(0, parser.value(trickleWarmup).toInt(), 600000) : 0;
    settings.trickleReconnect = !parser.isSet(noReconnect);
    if (settings.port == 0 || (settings.requests <= 0 && settings.seconds <= 0)) {
        fprintf(stderr, "wirelab-bench: give -p PORT and -n REQUESTS and/or -d SECONDS\n");
        return 2;
    }
    if (settings.host != QLatin1String("127.0.0.1") && !settings.host.startsWith(QLatin1String("127."))) {
        fprintf(stderr, "wirelab-bench: loopback addresses only (127.0.0.0/8)\n");
        return 2;
    }
    const std::optional<Workload> load = workload(parser.value(kind), parser.value(size).toLongLong());
    if (!load) {
        fprintf(stderr, "wirelab-bench: --kind is search, double, binary or big\n");
        return 2;
    }
    settings.request = load->request;
    settings.expectedAnswer = load->answer;

    LoadReport report = runLoad(settings);
    const double megabytes = double(report.bytesSent + report.bytesReceived) / 1e6;
    printf("requests ok: %lld\n", static_cast<long long>(report.ok));
    printf("errors: %lld\n", static_cast<long long>(report.errorCount()));
    for (auto it = report.errors.cbegin(); it != report.errors.cend(); ++it)
        printf("  %s: %lld\n", qPrintable(it.key()), static_cast<long long>(it.value()));
    printf("idle connections held: %d\n", report.idleHeld);
    if (settings.trickleConnections) {
        printf("slow clients: %d held at the end, %lld closed by the server\n", report.trickleHeld,
               static_cast<long long>(report.trickleClosed));
        printf("answered within 1 s: %lld of %lld started\n", static_cast<long long>(report.answeredWithin(1'000'000)),
               static_cast<long long>(report.ok + report.errorCount()));
    }
    printf("duration: %.3f s\n", report.seconds);
    printf("requests/s: %.0f\n", report.requestsPerSecond());
    const uint32_t p50 = report.percentile(0.50), p90 = report.percentile(0.90),
                   p99 = report.percentile(0.99), max = report.percentile(1.0);
    printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", p50 / 1e3, p90 / 1e3, p99 / 1e3, max / 1e3);
    printf("MB/s: %.1f\n", report.seconds > 0 ? megabytes / report.seconds : 0.0);
    // One line for scripts.
    printf("RESULT ok=%lld errors=%lld rps=%.0f p50_us=%u p90_us=%u p99_us=%u max_us=%u mbps=%.1f seconds=%.3f "
           "within1s=%lld slowheld=%d slowclosed=%lld\n",
           static_cast<long long>(report.ok), static_cast<long long>(report.errorCount()),
           report.requestsPerSecond(), p50, p90, p99, max,
           report.seconds > 0 ? megabytes / report.seconds : 0.0, report.seconds,
           static_cast<long long>(report.answeredWithin(1'000'000)), report.trickleHeld,
           static_cast<long long>(report.trickleClosed));
    if (settings.concurrency == 0)
        return 0; // slow clients only: nothing was measured
    return report.errorCount() == 0 && report.ok > 0 ? 0 : 1;
}
