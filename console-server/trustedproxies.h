#ifndef WIRELAB_TRUSTEDPROXIES_H
#define WIRELAB_TRUSTEDPROXIES_H

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtNetwork/QHostAddress>

#include <optional>

namespace Wirelab {

// The proxies whose PROXY protocol headers the server believes: --trusted-proxy
// ADDR[/PREFIX], repeatable. The spec asks a receiver to take the header only from sources
// it was told to trust, never to guess, so the addresses are read strictly (as in a v1
// header: four decimal numbers without leading zeros, or IPv6 groups; not inet_aton's
// "10.1" or octal "010.0.0.1", which QHostAddress would take) and a prefix that leaves host
// bits set is refused rather than silently widened.
class TrustedProxies
{
public:
    struct Network
    {
        QHostAddress address; // the network's first address
        int prefixLength = 0; // 0-32 for IPv4, 0-128 for IPv6

        QString toString() const; // "10.0.0.0/8", "::1/128"
        friend bool operator==(const Network &a, const Network &b)
        {
            return a.address == b.address && a.prefixLength == b.prefixLength;
        }
    };

    // One ADDR[/PREFIX]; without a prefix, the one address. An IPv4-mapped IPv6 network
    // (::ffff:10.0.0.0/104) is kept as the IPv4 network it names. nullopt, and a sentence
    // in *errorMessage, when it is not one.
    static std::optional<Network> parse(const QString &spec, QString *errorMessage = nullptr);

    bool add(const QString &spec, QString *errorMessage = nullptr); // false: nothing added
    void add(const Network &network);

    // Whether a peer is one of them. A peer an IPv6 socket saw as ::ffff:a.b.c.d is matched
    // as the IPv4 address it is.
    bool contains(const QHostAddress &peer) const;

    bool isEmpty() const { return m_networks.isEmpty(); }
    const QList<Network> &networks() const { return m_networks; }
    QStringList toStringList() const;

private:
    QList<Network> m_networks;
};

} // namespace Wirelab

#endif // WIRELAB_TRUSTEDPROXIES_H
