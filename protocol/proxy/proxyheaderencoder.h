#ifndef WIRELAB_PROXYHEADERENCODER_H
#define WIRELAB_PROXYHEADERENCODER_H

#include "proxyheader.h"

#include <QtCore/QByteArray>

namespace Wirelab {

// The bytes a proxy would send for a header, the other way round from ProxyHeaderParser:
// for tests and test clients that stand in for HAProxy (the server itself only reads).
// The addresses come from addressBytes; header.size is ignored.

// "PROXY TCP4|TCP6 src dst sport dport\r\n", or "PROXY UNKNOWN\r\n" for Family::Unknown.
// Empty if the header cannot be said in v1 (a LOCAL command, an UNSPEC family, or address
// bytes of the wrong size).
QByteArray encodeProxyHeaderV1(const ProxyHeader &header);

// The binary header: Tcp4 and Tcp6 with their addresses (0x11, 0x21), anything else as
// header.familyByte with no addresses; then the TLVs. Empty if the addresses have the wrong
// size or it would be longer than ProxyLimits::V2BytesCeiling.
QByteArray encodeProxyHeaderV2(const ProxyHeader &header);

} // namespace Wirelab

#endif // WIRELAB_PROXYHEADERENCODER_H
