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

    Outcome outcome = Outcome::Run;
    QString errorMessage; // for UsageError
    QString helpText;
    QString hostAsGiven;  // printed back as the lab prints it: ('', 65432)
    QHostAddress address;
    quint16 port = 0;
    ServerConfig config;
    QString logFile;
    bool quiet = false;
    bool verbose = false;

    static ServerOptions parse(const QStringList &arguments);
};

} // namespace Wirelab

#endif // WIRELAB_SERVEROPTIONS_H
