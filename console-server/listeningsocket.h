#ifndef WIRELAB_LISTENINGSOCKET_H
#define WIRELAB_LISTENINGSOCKET_H

#include <QtCore/QString>
#include <QtNetwork/QHostAddress>

#include <sys/socket.h>

namespace Wirelab {

// A listening TCP socket made by hand, because QTcpServer cannot set SO_REUSEPORT: with it
// each worker thread listens on the same port and the kernel shares the connections out.
struct ListeningSocket
{
    qintptr descriptor = -1;
    quint16 port = 0;
    QString errorString;

    // Shared: SO_REUSEPORT, so that the workers' sockets can share the port. Exclusive:
    // fails if anything listens on the port, SO_REUSEPORT sockets included.
    enum class Sharing { Exclusive, Shared };

    // QHostAddress::Any listens on IPv6 and IPv4 both (IPV6_V6ONLY off).
    static ListeningSocket open(const QHostAddress &address, quint16 port, Sharing sharing);
    static void close(qintptr descriptor);
    // The port of an IPv4 or IPv6 socket address.
    static quint16 portOf(const sockaddr_storage &address);
};

} // namespace Wirelab

#endif // WIRELAB_LISTENINGSOCKET_H
