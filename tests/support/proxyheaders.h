#ifndef WIRELAB_PROXYHEADERS_H
#define WIRELAB_PROXYHEADERS_H

#include "proxyaddress.h"
#include "proxyheader.h"
#include "proxyheaderencoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

// The headers a test that stands in for HAProxy sends, built from address text and written
// by the encoder of protocol/proxy (encodeProxyHeaderV1/V2).
namespace ProxyHeaders {

inline Wirelab::ProxyEndpoint endpoint(const QString &address, quint16 port)
{
    const QByteArray text = address.toLatin1();
    uchar bytes[16] = {};
    const bool ipv6 = text.contains(':');
    const bool parsed = ipv6 ? Wirelab::parseIpv6(text, bytes) : Wirelab::parseIpv4(text, bytes);
    if (!parsed)
        qFatal("not an address: %s", text.constData());
    const QByteArray addressBytes(reinterpret_cast<const char *>(bytes), ipv6 ? 16 : 4);
    return { Wirelab::proxyAddressText(addressBytes), addressBytes, port };
}

// A PROXY command for a client relayed over TCP (IPv4 or IPv6, by the addresses' text).
inline Wirelab::ProxyHeader relayed(const QString &source, quint16 sourcePort,
                                    const QString &destination, quint16 destinationPort)
{
    Wirelab::ProxyHeader header;
    header.command = Wirelab::ProxyHeader::Command::Proxy;
    header.source = endpoint(source, sourcePort);
    header.destination = endpoint(destination, destinationPort);
    header.family = header.source.addressBytes.size() == 4 ? Wirelab::ProxyHeader::Family::Tcp4
                                                           : Wirelab::ProxyHeader::Family::Tcp6;
    return header;
}

// v2's LOCAL command, as HAProxy's health checks send it (familyByte 0: UNSPEC).
inline Wirelab::ProxyHeader local()
{
    Wirelab::ProxyHeader header;
    header.version = 2;
    header.command = Wirelab::ProxyHeader::Command::Local;
    header.family = Wirelab::ProxyHeader::Family::Unspec;
    return header;
}

inline QByteArray v1(const QString &source, quint16 sourcePort, const QString &destination,
                     quint16 destinationPort)
{
    return Wirelab::encodeProxyHeaderV1(relayed(source, sourcePort, destination, destinationPort));
}

inline QByteArray v2(const QString &source, quint16 sourcePort, const QString &destination,
                     quint16 destinationPort)
{
    return Wirelab::encodeProxyHeaderV2(relayed(source, sourcePort, destination, destinationPort));
}

} // namespace ProxyHeaders

#endif // WIRELAB_PROXYHEADERS_H
