// A stand-in for wirelab-server under socket activation, started by tst_systemdactivation
// through systemd-socket-activate: it takes its socket as the server will (takeListenFds,
// then QTcpServer::setSocketDescriptor), says READY=1, tells the first client what it found
// in one line of key=value words, says STOPPING=1 and exits.
#include "systemdactivation.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QStringList>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <cstdio>
#include <fcntl.h>

using namespace Wirelab;

namespace {

QString notifyText(const NotifyResult &result)
{
    switch (result.status) {
    case NotifyResult::Status::Sent:
        return QStringLiteral("sent");
    case NotifyResult::Status::NotRequested:
        return QStringLiteral("not-requested");
    case NotifyResult::Status::NotSupported:
        return QStringLiteral("not-supported");
    case NotifyResult::Status::Failed:
        break;
    }
    return QStringLiteral("failed");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const ListenFds fds = SystemdActivation::takeListenFds();
    QStringList report;
    report << QStringLiteral("activated=%1").arg(fds.status == ListenFds::Status::Activated)
           << QStringLiteral("descriptors=%1").arg(fds.descriptors.size())
           << QStringLiteral("names=%1").arg(fds.names.join(QLatin1Char(':')));
    bool unset = true;
    for (const char *name : { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES" })
        unset = unset && !qEnvironmentVariableIsSet(name);
    report << QStringLiteral("environment-unset=%1").arg(unset);
    if (fds.status != ListenFds::Status::Activated || fds.descriptors.isEmpty()) {
        std::fprintf(stderr, "activationprobe: %s (%s)\n",
                     qPrintable(report.join(QLatin1Char(' '))), qPrintable(fds.errorString));
        return 1;
    }
    const int descriptor = fds.descriptors.first();
    report << QStringLiteral("first=%1").arg(descriptor)
           << QStringLiteral("cloexec=%1").arg(bool(::fcntl(descriptor, F_GETFD) & FD_CLOEXEC))
           << QStringLiteral("listening=%1")
                      .arg(SystemdActivation::isListeningStreamSocket(descriptor));

    QTcpServer server;
    report << QStringLiteral("adopted=%1").arg(server.setSocketDescriptor(descriptor))
           << QStringLiteral("address=%1").arg(server.serverAddress().toString())
           << QStringLiteral("port=%1").arg(server.serverPort());
    report << QStringLiteral("ready=%1")
                      .arg(notifyText(SystemdActivation::notifyReady(
                              QStringLiteral("listening on ('%1', %2)")
                                      .arg(server.serverAddress().toString())
                                      .arg(server.serverPort()))));

    // The connection that made systemd-socket-activate start us is waiting in the backlog.
    if (!server.waitForNewConnection(10000))
        return 2;
    QTcpSocket *client = server.nextPendingConnection();
    client->write(report.join(QLatin1Char(' ')).toUtf8() + '\n');
    client->disconnectFromHost();
    if (client->state() != QAbstractSocket::UnconnectedState && !client->waitForDisconnected(10000))
        return 3;
    return SystemdActivation::notifyStopping().status == NotifyResult::Status::Sent ? 0 : 4;
}
