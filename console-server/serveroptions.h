#ifndef WIRELAB_SERVEROPTIONS_H
#define WIRELAB_SERVEROPTIONS_H

#include "server.h"

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtNetwork/QHostAddress>

namespace Wirelab {

// wirelab-server's command line: the lab's "HOST PORT" and a flag for every limit.
struct ServerOptions
{
    enum class Outcome { Run, ShowHelp, ShowVersion, UsageError };

    // A search table is a JSON object of answers; a teaching one is a few kilobytes.
    // --max-search-table raises the bound for bigger ones.
    static constexpr qint64 DefaultMaxSearchTableBytes = qint64(16) << 20;

    Outcome outcome = Outcome::Run;
    QString errorMessage; // for UsageError
    QString helpText;
    QString hostAsGiven;  // printed back as the lab prints it: ('', 65432)
    QHostAddress address;
    quint16 port = 0;
    bool listenOnPassedSocket = false; // no host and port: systemd passed the socket
    ServerConfig config;
    QString logFile;
    bool quiet = false;
    bool verbose = false;
    bool qtEventDispatcher = false; // --qt-event-dispatcher: not the epoll one (Linux)

    // socketPassed: systemd passed a listening socket (LISTEN_FDS), so host and port are
    // left out.
    static ServerOptions parse(const QStringList &arguments, bool socketPassed = false);
};

} // namespace Wirelab

#endif // WIRELAB_SERVEROPTIONS_H
