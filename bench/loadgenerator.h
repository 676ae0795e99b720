#ifndef WIRELAB_LOADGENERATOR_H
#define WIRELAB_LOADGENERATOR_H

#include <QtCore/QByteArray>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <cstdint>
#include <vector>

namespace Wirelab {

// wirelab-bench's load: each request on a new connection (the lab's protocol is one request
// per connection), `concurrency` of them in flight, every answer checked byte for byte.
// One thread with epoll, so that the generator costs the machine as little as it can.
struct LoadSettings
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    int concurrency = 8;
    qint64 requests = 0; // 0: until the time is up
    double seconds = 0;  // 0: until the requests are done
    int idleConnections = 0;
    QByteArray request;
    QByteArray expectedAnswer;
    // Every alternateEvery-th request is this one instead (0: never), e.g. a malformed one
    // whose error answer is known: for a soak that mixes bad clients in with good ones.
    int alternateEvery = 0;
    QByteArray alternateRequest;
    QByteArray alternateAnswer;
    // Slow clients held during the run ("slowloris"): each sends the request one byte every
    // trickleIntervalMs, and is opened again when the server closes it, if trickleReconnect.
    // The measured requests start trickleWarmupMs after they are open.
    int trickleConnections = 0;
    int trickleIntervalMs = 3000;
    bool trickleReconnect = true;
    int trickleWarmupMs = 0;
};

struct LoadReport
{
    qint64 ok = 0;
    qint64 alternateOk = 0; // of ok, how many were the alternate request
    QMap<QString, qint64> errors; // by kind
    double seconds = 0;
    qint64 bytesSent = 0;
    qint64 bytesReceived = 0;
    int idleHeld = 0;
    int trickleHeld = 0;        // slow clients open at the end of the run
    qint64 trickleClosed = 0;   // slow clients the server closed during the run
    std::vector<uint32_t> latenciesMicroseconds;

    qint64 errorCount() const;
    double requestsPerSecond() const { return seconds > 0 ? ok / seconds : 0; }
    uint32_t percentile(double fraction); // sorts the latencies
    qint64 answeredWithin(uint32_t microseconds) const;
};

LoadReport runLoad(const LoadSettings &settings);

} // namespace Wirelab

#endif // WIRELAB_LOADGENERATOR_H
