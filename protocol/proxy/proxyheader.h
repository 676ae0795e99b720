#ifndef WIRELAB_PROXYHEADER_H
#define WIRELAB_PROXYHEADER_H

#include "proxyaddress.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// The PROXY protocol (haproxy's doc/proxy-protocol.txt, versions 1 and 2): a header that a
// proxy such as HAProxy sends before anything else on a connection it relays, naming the
// client it relays for. Both versions, as this parser reads them:
//
//   v1 = "PROXY" SP ( "TCP4" SP ip4 SP ip4 SP port SP port
//                   / "TCP6" SP ip6 SP ip6 SP port SP port
//                   / "UNKNOWN" *anything-but-CRLF ) CRLF          ; at most 107 bytes
//        ip4  = four decimal numbers 0-255, no leading zeros, three dots between
//        ip6  = groups of 1-4 hex digits, one "::" at most, an ip4 tail allowed
//               (what inet_ntop writes, so what a v1 sender written in C sends)
//        port = a decimal number 0-65535, no leading zeros
//   v2 = signature (12 bytes: 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A)
//        version-command (1 byte: 0x2 in the high nibble; 0x0 LOCAL, 0x1 PROXY in the low)
//        family-transport (1 byte: family 0 UNSPEC, 1 INET, 2 INET6, 3 UNIX in the high
//                          nibble; transport 0 UNSPEC, 1 STREAM, 2 DGRAM in the low)
//        length (2 bytes, big-endian: the bytes that follow and belong to the header)
//        addresses (INET STREAM: 4+4+2+2 bytes; INET6 STREAM: 16+16+2+2; source first)
//        TLVs to the end of length (type: 1 byte, length: 2 bytes big-endian, value)
//
// Only TCP over IPv4 and IPv6 carry addresses we use. A v2 LOCAL header (a proxy's own
// health check) and the other valid family and transport pairs (UDP, UNIX) are what the
// spec calls "fall back to UNSPEC": the connection's own endpoints stand.

// One end of the relayed connection.
struct ProxyEndpoint
{
    QString address;         // RFC 5952 text: "192.168.0.1", "2001:db8::1", "::ffff:10.0.0.1"
    QByteArray addressBytes; // the same in network order: 4 bytes (TCP4) or 16 (TCP6)
    quint16 port = 0;

    friend bool operator==(const ProxyEndpoint &a, const ProxyEndpoint &b)
    {
        return a.address == b.address && a.addressBytes == b.addressBytes && a.port == b.port;
    }
    friend bool operator!=(const ProxyEndpoint &a, const ProxyEndpoint &b) { return !(a == b); }
};

// A v2 type-length-value after the addresses (PP2_TYPE_ALPN 0x01, AUTHORITY 0x02, CRC32C
// 0x03, NOOP 0x04, UNIQUE_ID 0x05, SSL 0x20, NETNS 0x30, ...). Kept, not interpreted.
struct ProxyTlv
{
    quint8 type = 0;
    QByteArray value;

    friend bool operator==(const ProxyTlv &a, const ProxyTlv &b)
    {
        return a.type == b.type && a.value == b.value;
    }
};

struct ProxyHeader
{
    enum class Command {
        Local, // v2 only: the proxy's own connection (a health check); use the real endpoints
        Proxy, // relayed for a client: source and destination say who
    };
    enum class Family {
        Unspec,  // v2: AF_UNSPEC, or a valid pair we do not carry (UDP, UNIX); or a LOCAL header
        Tcp4,    // TCP over IPv4: the endpoints are set
        Tcp6,    // TCP over IPv6: the endpoints are set
        Unknown, // v1 "PROXY UNKNOWN": the sender could not say; use the real endpoints
    };

    int version = 1; // 1 (text) or 2 (binary)
    Command command = Command::Proxy;
    Family family = Family::Unknown;
    quint8 familyByte = 0; // v2's 14th byte as sent (0x11 TCP4, 0x21 TCP6, ...); v1: 0
    ProxyEndpoint source;      // the client, as the proxy saw it
    ProxyEndpoint destination; // the address the client connected to (the proxy's)
    QList<ProxyTlv> tlvs;      // v2 only
    qsizetype size = 0; // bytes of the stream the header used; the lab's message follows

    // True when source and destination name the relayed client: a PROXY command over TCP.
    bool hasAddresses() const { return family == Family::Tcp4 || family == Family::Tcp6; }

    friend bool operator==(const ProxyHeader &a, const ProxyHeader &b);
    friend bool operator!=(const ProxyHeader &a, const ProxyHeader &b) { return !(a == b); }
};

// What breaks the PROXY protocol, with the stream offset of the first offending byte. As
// with DecodeError, the adapter decides what to do with it (the spec: abort the connection).
struct ProxyError
{
    enum class Kind {
        NotProxyHeader, // starts with neither "PROXY" nor the v2 signature's first byte
        V1TooLong,      // no CRLF in the first 107 bytes
        V1Malformed,    // a v1 line that breaks the grammar (reason says where and how)
        V2BadSignature, // starts like the v2 signature (0x0D) but is not it
        V2BadVersion,   // the version nibble is not 2
        V2BadCommand,   // the command nibble is neither LOCAL (0) nor PROXY (1)
        V2BadFamily,    // family over 3 (UNIX) or transport over 2 (DGRAM)
        V2BadLength,    // the length is shorter than the addresses of TCP4 (12) or TCP6 (36)
        V2TooLarge,     // 16 + length is over ProxyLimits::maxV2Bytes
        V2BadTlv,       // a TLV runs past the length the header declared
        Truncated,      // the peer closed before the header was complete
    };

    Kind kind = Kind::NotProxyHeader;
    QString reason;    // one sentence an administrator understands
    qint64 offset = 0; // stream offset of the first byte concerned

    friend bool operator==(const ProxyError &a, const ProxyError &b)
    {
        return a.kind == b.kind && a.reason == b.reason && a.offset == b.offset;
    }
};

QString kindName(ProxyError::Kind kind);
QString familyName(ProxyHeader::Family family); // "TCP4", "TCP6", "UNSPEC", "UNKNOWN"

} // namespace Wirelab

#endif // WIRELAB_PROXYHEADER_H
