#ifndef WIRELAB_SERVER_H
#define WIRELAB_SERVER_H

#include "labprotocol.h"
#include "messagedecoder.h"

#include <QtCore/QObject>
#include <QtNetwork/QHostAddress>
#include <chrono>

namespace Wirelab {

struct ServerConfig
{
    DecoderLimits limits;
    int maxConnections = 1024;
    std::chrono::milliseconds idleTimeout{10'000};    // no byte from a client mid-request
    std::chrono::milliseconds requestTimeout{30'000}; // a whole request, first byte to last
    std::chrono::milliseconds writeTimeout{10'000};   // a client that does not read its answer
    Lab::SearchTable searchTable = Lab::SearchTable::builtIn();
    int threads = 1;       // worker threads, each with its own event loop
    bool logTraffic = true; // the lab's per-connection lines; errors are always reported
    // Worker threads use EpollEventDispatcher instead of Qt's own (Linux only).
    bool epollEventDispatcher = false;
};

// The lab server's engine: accepts connections, answers one request per connection, then
// closes. Used by wirelab-server and by the GUI's built-in server.
class Server : public QObject
{
    Q_OBJECT
public:
    explicit Server(ServerConfig config = {}, QObject *parent = nullptr);
    ~Server() override;

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // Stops accepting and closes every open connection.
    void close();
    int openConnections() const;

signals:
    // One transcript line, as the lab server prints it ("accepted connection from ...").
    void trafficLogged(const QString &line);
    // Something went wrong with one client (always reported, even when traffic is not).
    void problemLogged(const QString &line);

private:
    class Private;
    Private *d;
};

} // namespace Wirelab

#endif // WIRELAB_SERVER_H
