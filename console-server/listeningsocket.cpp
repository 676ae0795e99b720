#include "listeningsocket.h"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Wirelab {

namespace {

ListeningSocket failure(int descriptor, const char *what)
{
    const int error = errno;
    if (descriptor >= 0)
        ::close(descriptor);
    return { -1, 0, QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(strerror(error))) };
}

} // namespace

ListeningSocket ListeningSocket::open(const QHostAddress &address, quint16 port, Sharing sharing)
{
    const bool dualStack = address == QHostAddress::Any;
    const bool ipv6 = dualStack || address.protocol() == QAbstractSocket::IPv6Protocol;

    sockaddr_storage storage {};
    socklen_t length = 0;
    if (ipv6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = dualStack ? QHostAddress(QHostAddress::AnyIPv6).toIPv6Address()
                                           : address.toIPv6Address();
        memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }

    const int descriptor = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (descriptor < 0) {
        if (dualStack && errno == EAFNOSUPPORT) // no IPv6 on this host: IPv4 alone
            return open(QHostAddress::AnyIPv4, port, sharing);
        return failure(descriptor, "socket");
    }
    const int on = 1;
    const int off = 0;
    // SO_REUSEADDR as the lab server sets it: a restart does not wait for TIME_WAIT.
    ::setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (sharing == Sharing::Shared)
        ::setsockopt(descriptor, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    if (dualStack)
        ::setsockopt(descriptor, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    if (::bind(descriptor, reinterpret_cast<sockaddr *>(&storage), length) < 0)
        return failure(descriptor, "bind");
    if (::listen(descriptor, SOMAXCONN) < 0)
        return failure(descriptor, "listen");

    sockaddr_storage bound {};
    socklen_t boundLength = sizeof(bound);
    ::getsockname(descriptor, reinterpret_cast<sockaddr *>(&bound), &boundLength);
    return { descriptor, portOf(bound), QString() };
}

quint16 ListeningSocket::portOf(const sockaddr_storage &address)
{
    return address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port)
                                         : ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
}

void ListeningSocket::close(qintptr descriptor)
{
    if (descriptor >= 0)
        ::close(int(descriptor));
}

} // namespace Wirelab
