#ifndef WIRELAB_PCAPNGWRITER_H
#define WIRELAB_PCAPNGWRITER_H

#include "conversation.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// Conversations as a pcapng capture that Wireshark and tshark open: the TCP/IP a real
// stack would have put on the wire for what the socket reported, synthesised, since a
// program cannot capture its own packets without privileges.
//
// The file (pcapng, IETF draft-ietf-opsawg-pcapng), little-endian:
//   Section Header Block    shb_userappl "Wirelab"
//   Interface Description   link type LINKTYPE_RAW (101: each packet starts with its IPv4
//                           or IPv6 header, so both families share one interface),
//                           timestamps in microseconds
//   Enhanced Packet Block   one per segment: epb_flags says inbound (server to client) or
//                           outbound (client to server), opt_comment carries the event's
//                           comment
//
// The segments of one conversation, in the order of its events:
//   Connected   SYN (with MSS 65495), SYN/ACK, ACK
//   Data        one segment per write or read as recorded, PSH/ACK, split only above
//               MaxSegmentPayload; then a pure ACK from the receiver, unless the
//               receiver's next event is its own data, FIN or RST within DelayedAck (it
//               carries the acknowledgement, as a real stack's delayed ACK does)
//   Fin         FIN/ACK, acknowledged likewise
//   Reset       RST/ACK, and nothing after it; before Connected, from the server: SYN and
//               RST/ACK, a refused connection
// with sequence and acknowledgement numbers that follow the bytes, IPv4 (DF, TTL 64) or
// IPv6 (hop limit 64) headers, and correct IP and TCP checksums. A data event before
// Connected implies the handshake; data or a FIN from a side after its own FIN is left
// out. A conversation whose addresses are not IPv4 or IPv6 text of one family (an
// IPv4-mapped IPv6 address counts as the IPv4 it is on the wire) has no packets: one that
// never connected knows no client address.
class PcapngWriter
{
public:
    // An IPv4 datagram holds at most 65,535 bytes; less its 20-byte header and TCP's 20,
    // this is the most one segment carries (and the MSS Linux announces on loopback).
    static constexpr qsizetype MaxSegmentPayload = 65495;
    // How long a receiver waits to acknowledge, hoping to send the ACK with its own data:
    // Linux's shortest delayed ACK (TCP_DELACK_MIN), 40 ms.
    static constexpr qint64 DelayedAckMicroseconds = 40'000;

    // The whole capture file's bytes, the conversations one after another.
    static QByteArray capture(const QList<Conversation> &conversations);
    // Writes capture(conversations) to fileName (replacing it). False, with a sentence for
    // the user in *errorString, if the file cannot be written.
    static bool writeFile(const QString &fileName, const QList<Conversation> &conversations,
                          QString *errorString = nullptr);
};

} // namespace Wirelab

#endif // WIRELAB_PCAPNGWRITER_H
