#include "trustedproxies.h"

#include "proxyaddress.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

// An IPv4 client on a dual-stack socket is ::ffff:a.b.c.d; as a network or a peer it is
// the IPv4 address, so that "--trusted-proxy 127.0.0.1" matches it.
QHostAddress unmapped(const QHostAddress &address)
{
    bool isMapped = false;
    const quint32 ipv4 = address.toIPv4Address(&isMapped);
    if (isMapped && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(ipv4);
    return address;
}

} // namespace

QString TrustedProxies::Network::toString() const
{
    return QStringLiteral("%1/%2").arg(address.toString()).arg(prefixLength);
}

std::optional<TrustedProxies::Network> TrustedProxies::parse(const QString &spec,
                                                             QString *errorMessage)
{
    const auto fail = [&](const QString &why) -> std::optional<Network> {
        if (errorMessage)
            *errorMessage = QStringLiteral("trusted proxy \"%1\": %2").arg(spec, why);
        return std::nullopt;
    };
    const QStringList parts = spec.split(QLatin1Char('/'));
    if (parts.size() > 2)
        return fail(QStringLiteral("more than one '/'"));
    const QByteArray addressText = parts[0].toLatin1();
    if (parts[0].isEmpty() || QString::fromLatin1(addressText) != parts[0])
        return fail(QStringLiteral("expected ADDR or ADDR/PREFIX"));

    uchar bytes[16];
    const bool ipv6 = addressText.contains(':');
    if (ipv6 ? !parseIpv6(addressText, bytes) : !parseIpv4(addressText, bytes)) {
        return fail(ipv6 ? QStringLiteral("not an IPv6 address")
                         : QStringLiteral("not an IPv4 address (four numbers 0-255, no "
                                          "leading zeros)"));
    }
    const int maxPrefix = ipv6 ? 128 : 32;
    quint32 prefix = quint32(maxPrefix);
    if (parts.size() == 2
        && !parseDecimal(QByteArrayView(parts[1].toLatin1()), 3, quint32(maxPrefix), &prefix)) {
        return fail(QStringLiteral("the prefix \"%1\" is not a number from 0 to %2")
                            .arg(parts[1])
                            .arg(maxPrefix));
    }
    const QHostAddress address
            = ipv6 ? QHostAddress(bytes) : QHostAddress(qFromBigEndian<quint32>(bytes));

    // Bits past the prefix would be ignored by any match: "10.1.2.3/8" is a typing mistake
    // or a misunderstanding, and either way not the network it seems to name.
    const int byteCount = ipv6 ? 16 : 4;
    for (int bit = int(prefix); bit < byteCount * 8; ++bit) {
        if (bytes[bit / 8] & (0x80 >> (bit % 8))) {
            const QPair<QHostAddress, int> network = QHostAddress::parseSubnet(
                    QStringLiteral("%1/%2").arg(address.toString()).arg(prefix));
            return fail(QStringLiteral("bits are set past the /%1 prefix; the network is %2/%1")
                                .arg(prefix)
                                .arg(network.first.toString()));
        }
    }
    if (ipv6 && prefix >= 96 && unmapped(address).protocol() == QAbstractSocket::IPv4Protocol)
        return Network { unmapped(address), int(prefix) - 96 };
    return Network { address, int(prefix) };
}

bool TrustedProxies::add(const QString &spec, QString *errorMessage)
{
    const std::optional<Network> network = parse(spec, errorMessage);
    if (network)
        add(*network);
    return network.has_value();
}

void TrustedProxies::add(const Network &network)
{
    if (!m_networks.contains(network))
        m_networks.append(network);
}

bool TrustedProxies::contains(const QHostAddress &peer) const
{
    const QHostAddress address = unmapped(peer);
    for (const Network &network : m_networks) {
        if (address.isInSubnet(network.address, network.prefixLength))
            return true;
    }
    return false;
}

QStringList TrustedProxies::toStringList() const
{
    QStringList list;
    for (const Network &network : m_networks)
        list.append(network.toString());
    return list;
}

} // namespace Wirelab
