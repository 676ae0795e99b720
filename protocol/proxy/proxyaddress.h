#ifndef WIRELAB_PROXYADDRESS_H
#define WIRELAB_PROXYADDRESS_H

#include <QtCore/QByteArrayView>
#include <QtCore/QString>

namespace Wirelab {

// Addresses and numbers as a v1 PROXY header writes them (proxyheader.h has the grammar),
// read strictly: what a person could read two ways is refused, not guessed. The server's
// --trusted-proxy reads its addresses the same way.

// A decimal number of at most maxDigits digits, with no sign and no leading zero ("0"
// itself is fine): the spec forbids leading zeros so that nobody reads them as octal.
bool parseDecimal(QByteArrayView text, int maxDigits, quint32 maxValue, quint32 *value);

// Exactly four decimal numbers 0-255 with three dots between them, into 4 bytes in network
// order. Not "10.1", not "010.0.0.1", not "0x7f.0.0.1", which inet_aton would take.
bool parseIpv4(QByteArrayView text, uchar *bytes);

// Groups of 1-4 hex digits (the groups of "ffff:f...f:ffff" in the spec, as inet_ntop
// shortens them), one "::" at most, and a dotted IPv4 tail (inet_ntop writes ::ffff:1.2.3.4),
// into 16 bytes. No zone ("%eth0"): a PROXY header has none.
bool parseIpv6(QByteArrayView text, uchar *bytes);

// Network-order address bytes as text, as inet_ntop and Python write them: dotted IPv4, and
// RFC 5952 IPv6 (lower case, the longest run of two or more zero groups as "::", IPv4-mapped
// addresses as ::ffff:a.b.c.d). Empty for any other size.
QString proxyAddressText(QByteArrayView addressBytes);

} // namespace Wirelab

#endif // WIRELAB_PROXYADDRESS_H
