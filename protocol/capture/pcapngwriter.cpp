#include "pcapngwriter.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSaveFile>
#include <QtCore/QStringList>
#include <QtCore/QtEndian>
#include <algorithm>
#include <array>
#include <optional>

namespace Wirelab {
namespace {

using Event = Conversation::Event;
using Kind = Conversation::Event::Kind;
using Side = Conversation::Side;

// ---- Addresses -------------------------------------------------------------------------

struct IpAddress
{
    bool isIPv6 = false;
    std::array<quint8, 16> bytes {}; // IPv4: the first 4
};

bool allOf(QStringView text, bool (*accepted)(QChar))
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), accepted);
}

bool isDecimalDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isHexDigit(QChar c)
{
    return isDecimalDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

std::optional<std::array<quint8, 4>> parseIPv4(QStringView text)
{
    const QList<QStringView> parts = text.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    std::array<quint8, 4> bytes {};
    for (int i = 0; i < 4; ++i) {
        const QStringView part = parts[i];
        if (part.size() > 3 || !allOf(part, isDecimalDigit) || part.toUInt() > 255)
            return std::nullopt;
        const uint value = part.toUInt();
        bytes[i] = quint8(value);
    }
    return bytes;
}

// RFC 4291 section 2.2 text: eight groups of hex digits, one "::" for a run of zero groups,
// the last 32 bits as dotted IPv4, and a zone ("%lo") that only says which interface.
std::optional<std::array<quint8, 16>> parseIPv6(QStringView text)
{
    if (const qsizetype zone = text.indexOf(u'%'); zone >= 0)
        text = text.left(zone);
    const qsizetype gap = text.indexOf(u"::");
    if (gap >= 0 && text.indexOf(u"::", gap + 1) >= 0)
        return std::nullopt;
    const auto groupsOf = [](QStringView part, QList<quint16> &groups) {
        if (part.isEmpty())
            return true;
        const QList<QStringView> pieces = part.split(u':');
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            const QStringView piece = pieces[i];
            if (i == pieces.size() - 1 && piece.contains(u'.')) {
                const std::optional<std::array<quint8, 4>> ipv4 = parseIPv4(piece);
                if (!ipv4)
                    return false;
                groups << quint16((*ipv4)[0] << 8 | (*ipv4)[1])
                       << quint16((*ipv4)[2] << 8 | (*ipv4)[3]);
                continue;
            }
            if (piece.size() > 4 || !allOf(piece, isHexDigit))
                return false;
            groups << quint16(piece.toUInt(nullptr, 16));
        }
        return true;
    };
    QList<quint16> head;
    QList<quint16> tail;
    if (!groupsOf(gap >= 0 ? text.left(gap) : text, head)
        || !groupsOf(gap >= 0 ? text.sliced(gap + 2) : QStringView(), tail))
        return std::nullopt;
    const qsizetype zeros = 8 - head.size() - tail.size();
    if ((gap < 0 && zeros != 0) || (gap >= 0 && zeros < 1))
        return std::nullopt;
    const QList<quint16> groups = head + QList<quint16>(zeros, 0) + tail;
    std::array<quint8, 16> bytes {};
    for (int i = 0; i < 8; ++i) {
        bytes[2 * i] = quint8(groups[i] >> 8);
        bytes[2 * i + 1] = quint8(groups[i]);
    }
    return bytes;
}

std::optional<IpAddress> parseAddress(const QString &text)
{
    IpAddress address;
    if (const auto ipv4 = parseIPv4(text)) {
        std::copy(ipv4->begin(), ipv4->end(), address.bytes.begin());
        return address;
    }
    const auto ipv6 = parseIPv6(text);
    if (!ipv6)
        return std::nullopt;
    // ::ffff:a.b.c.d is a dual-stack socket's name for an IPv4 peer: IPv4 on the wire.
    static constexpr std::array<quint8, 12> mappedPrefix {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
    };
    if (std::equal(mappedPrefix.begin(), mappedPrefix.end(), ipv6->begin())) {
        std::copy(ipv6->begin() + 12, ipv6->end(), address.bytes.begin());
        return address;
    }
    address.isIPv6 = true;
    address.bytes = *ipv6;
    return address;
}

// ---- Bytes -----------------------------------------------------------------------------

void appendBigEndian16(QByteArray &bytes, quint16 value)
{
    bytes.append(char(value >> 8)).append(char(value));
}

void appendBigEndian32(QByteArray &bytes, quint32 value)
{
    appendBigEndian16(bytes, quint16(value >> 16));
    appendBigEndian16(bytes, quint16(value));
}

void appendLittleEndian16(QByteArray &bytes, quint16 value)
{
    bytes.append(char(value)).append(char(value >> 8));
}

void appendLittleEndian32(QByteArray &bytes, quint32 value)
{
    appendLittleEndian16(bytes, quint16(value));
    appendLittleEndian16(bytes, quint16(value >> 16));
}

void setBigEndian16(QByteArray &bytes, qsizetype at, quint16 value)
{
    bytes[at] = char(value >> 8);
    bytes[at + 1] = char(value);
}

// RFC 1071: the ones' complement sum of 16-bit big-endian words, an odd byte padded with 0.
quint64 sumOfWords(QByteArrayView bytes, quint64 sum = 0)
{
    const auto *data = reinterpret_cast<const quint8 *>(bytes.data());
    qsizetype i = 0;
    for (; i + 1 < bytes.size(); i += 2)
        sum += quint64(data[i]) << 8 | data[i + 1];
    if (i < bytes.size())
        sum += quint64(data[i]) << 8;
    return sum;
}

quint16 checksumOf(quint64 sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

// ---- Segments --------------------------------------------------------------------------

namespace TcpFlag {
constexpr quint8 Fin = 0x01;
constexpr quint8 Syn = 0x02;
constexpr quint8 Rst = 0x04;
constexpr quint8 Psh = 0x08;
constexpr quint8 Ack = 0x10;
} // namespace TcpFlag

// Fixed initial sequence numbers (a real stack draws them at random): the same conversation
// makes the same file, and Wireshark shows relative numbers anyway.
constexpr quint32 ClientInitialSequence = 0x3a1f0000;
constexpr quint32 ServerInitialSequence = 0x7c2e0000;
constexpr quint16 Window = 65535; // no window scaling: the most a TCP header can say
constexpr quint8 TimeToLive = 64;

struct Segment
{
    Side from = Side::Client;
    qint64 microseconds = 0;
    quint8 flags = 0;
    quint32 sequence = 0;
    quint32 acknowledgement = 0;
    QByteArray payload;
    QStringList comments;
};

constexpr Side peerOf(Side side)
{
    return side == Side::Client ? Side::Server : Side::Client;
}

// What TCP would have sent for one conversation's events (see the header for the rules).
class SegmentBuilder
{
public:
    QList<Segment> build(const QList<Event> &events)
    {
        for (qsizetype i = 0; i < events.size(); ++i) {
            const Event &event = events[i];
            if (!event.comment.isEmpty())
                m_comments << event.comment;
            if (m_reset)
                continue;
            const Event *next = i + 1 < events.size() ? &events[i + 1] : nullptr;
            switch (event.kind) {
            case Kind::Connected:
                if (!m_open)
                    handshake(event.microseconds);
                break;
            case Kind::Data:
                data(event, next);
                break;
            case Kind::Fin:
                fin(event, next);
                break;
            case Kind::Reset:
                reset(event);
                break;
            }
        }
        // Comments of events that made no packet go on the last packet there is.
        if (!m_comments.isEmpty() && !m_segments.isEmpty())
            m_segments.last().comments += m_comments;
        return m_segments;
    }

private:
    struct Sender
    {
        quint32 nextSequence = 0;
        bool finSent = false;
    };

    Sender &sender(Side side) { return m_senders[int(side)]; }

    void send(Side from, qint64 microseconds, quint8 flags, const QByteArray &payload = {})
    {
        Segment segment;
        segment.from = from;
        segment.microseconds = microseconds;
        segment.flags = flags;
        segment.sequence = sender(from).nextSequence;
        segment.payload = payload;
        segment.comments = std::exchange(m_comments, {});
        if (flags & TcpFlag::Ack)
            segment.acknowledgement = sender(peerOf(from)).nextSequence;
        // SYN and FIN each take one sequence number, as if they were a byte.
        sender(from).nextSequence
                += quint32(payload.size()) + ((flags & (TcpFlag::Syn | TcpFlag::Fin)) ? 1 : 0);
        m_segments.append(std::move(segment));
    }

    void handshake(qint64 microseconds)
    {
        send(Side::Client, microseconds, TcpFlag::Syn);
        send(Side::Server, microseconds, TcpFlag::Syn | TcpFlag::Ack);
        send(Side::Client, microseconds, TcpFlag::Ack);
        m_open = true;
    }

    // A real receiver acknowledges at once unless it is about to send something itself.
    void acknowledge(Side receiver, qint64 microseconds, const Event *next)
    {
        const bool carried
                = next && next->from == receiver
                  && next->microseconds - microseconds <= PcapngWriter::DelayedAckMicroseconds
                  && ((next->kind == Kind::Data && !next->bytes.isEmpty()
                       && !sender(receiver).finSent)
                      || (next->kind == Kind::Fin && !sender(receiver).finSent)
                      || next->kind == Kind::Reset);
        if (!carried)
            send(receiver, microseconds, TcpFlag::Ack);
    }

    void data(const Event &event, const Event *next)
    {
        if (event.bytes.isEmpty() || (m_open && sender(event.from).finSent))
            return;
        if (!m_open)
            handshake(event.microseconds);
        const qsizetype size = event.bytes.size();
        for (qsizetype offset = 0; offset < size; offset += PcapngWriter::MaxSegmentPayload) {
            const qsizetype length = qMin(PcapngWriter::MaxSegmentPayload, size - offset);
            const bool last = offset + length == size;
            send(event.from, event.microseconds, TcpFlag::Ack | (last ? TcpFlag::Psh : 0),
                 event.bytes.sliced(offset, length));
            acknowledge(peerOf(event.from), event.microseconds, last ? next : nullptr);
        }
    }

    void fin(const Event &event, const Event *next)
    {
        if (!m_open)
            handshake(event.microseconds);
        if (sender(event.from).finSent)
            return;
        send(event.from, event.microseconds, TcpFlag::Fin | TcpFlag::Ack);
        sender(event.from).finSent = true;
        acknowledge(peerOf(event.from), event.microseconds, next);
    }

    void reset(const Event &event)
    {
        if (m_open) {
            send(event.from, event.microseconds, TcpFlag::Rst | TcpFlag::Ack);
        } else if (event.from == Side::Server) {
            // Refused: RFC 793's reply to a SYN on a closed port, <SEQ=0><ACK=SYN+1><RST,ACK>.
            send(Side::Client, event.microseconds, TcpFlag::Syn);
            sender(Side::Server).nextSequence = 0;
            send(Side::Server, event.microseconds, TcpFlag::Rst | TcpFlag::Ack);
        }
        m_reset = true; // a client's reset before connecting sent nothing
    }

    Sender m_senders[2] { { ClientInitialSequence, false }, { ServerInitialSequence, false } };
    QList<Segment> m_segments;
    QStringList m_comments; // for the next packet
    bool m_open = false;
    bool m_reset = false;
};

// ---- Packets ---------------------------------------------------------------------------

// The TCP header and payload of a segment, its checksum over the pseudo-header of
// RFC 793 (IPv4) or RFC 8200 section 8.1 (IPv6).
QByteArray tcpSegment(const Segment &segment, quint16 sourcePort, quint16 destinationPort,
                      const IpAddress &source, const IpAddress &destination)
{
    const bool mss = segment.flags & TcpFlag::Syn; // every SYN says its MSS
    const int headerLength = mss ? 24 : 20;
    QByteArray tcp;
    tcp.reserve(headerLength + segment.payload.size());
    appendBigEndian16(tcp, sourcePort);
    appendBigEndian16(tcp, destinationPort);
    appendBigEndian32(tcp, segment.sequence);
    appendBigEndian32(tcp, segment.acknowledgement);
    tcp.append(char((headerLength / 4) << 4)).append(char(segment.flags));
    appendBigEndian16(tcp, Window);
    appendBigEndian16(tcp, 0); // checksum, below
    appendBigEndian16(tcp, 0); // urgent pointer
    if (mss) {
        tcp.append(char(2)).append(char(4)); // kind 2, length 4: maximum segment size
        appendBigEndian16(tcp, quint16(PcapngWriter::MaxSegmentPayload));
    }
    tcp += segment.payload;

    const int addressLength = source.isIPv6 ? 16 : 4;
    QByteArray pseudoHeader;
    pseudoHeader.append(reinterpret_cast<const char *>(source.bytes.data()), addressLength);
    pseudoHeader.append(reinterpret_cast<const char *>(destination.bytes.data()), addressLength);
    if (source.isIPv6) {
        appendBigEndian32(pseudoHeader, quint32(tcp.size()));
        appendBigEndian32(pseudoHeader, 6); // three zero bytes, next header 6
    } else {
        appendBigEndian16(pseudoHeader, 6); // a zero byte, protocol 6
        appendBigEndian16(pseudoHeader, quint16(tcp.size()));
    }
    setBigEndian16(tcp, 16, checksumOf(sumOfWords(tcp, sumOfWords(pseudoHeader))));
    return tcp;
}

QByteArray ipPacket(const QByteArray &tcp, const IpAddress &source, const IpAddress &destination,
                    quint16 identification)
{
    QByteArray packet;
    if (source.isIPv6) {
        packet.reserve(40 + tcp.size());
        appendBigEndian32(packet, 0x6000'0000); // version 6, traffic class 0, flow label 0
        appendBigEndian16(packet, quint16(tcp.size()));
        packet.append(char(6)).append(char(TimeToLive)); // next header TCP, hop limit
        packet.append(reinterpret_cast<const char *>(source.bytes.data()), 16);
        packet.append(reinterpret_cast<const char *>(destination.bytes.data()), 16);
    } else {
        packet.reserve(20 + tcp.size());
        packet.append(char(0x45)).append(char(0)); // version 4, 20-byte header; DSCP 0
        appendBigEndian16(packet, quint16(20 + tcp.size()));
        appendBigEndian16(packet, identification);
        appendBigEndian16(packet, 0x4000); // don't fragment, as stacks with path MTU discovery set
        packet.append(char(TimeToLive)).append(char(6));
        appendBigEndian16(packet, 0); // checksum, below
        packet.append(reinterpret_cast<const char *>(source.bytes.data()), 4);
        packet.append(reinterpret_cast<const char *>(destination.bytes.data()), 4);
        setBigEndian16(packet, 10, checksumOf(sumOfWords(packet)));
    }
    return packet + tcp;
}

// ---- pcapng blocks ---------------------------------------------------------------------

namespace BlockType {
constexpr quint32 SectionHeader = 0x0A0D0D0A;
constexpr quint32 InterfaceDescription = 0x00000001;
constexpr quint32 EnhancedPacket = 0x00000006;
} // namespace BlockType

namespace OptionCode {
constexpr quint16 EndOfOptions = 0;
constexpr quint16 Comment = 1;
constexpr quint16 UserApplication = 4; // shb_userappl
constexpr quint16 InterfaceName = 2; // if_name
constexpr quint16 InterfaceDescription = 3; // if_description
constexpr quint16 TimestampResolution = 9; // if_tsresol
constexpr quint16 Flags = 2; // epb_flags
} // namespace OptionCode

constexpr quint16 LinkTypeRaw = 101; // LINKTYPE_RAW: the packet is an IPv4 or IPv6 datagram
constexpr quint32 SnapshotLength = 262144; // Wireshark's own default; our packets are under 65,536
constexpr quint32 DirectionInbound = 1; // epb_flags bits 0-1
constexpr quint32 DirectionOutbound = 2;

void appendPadded(QByteArray &bytes, const QByteArray &data)
{
    bytes += data;
    bytes.append((4 - data.size() % 4) % 4, '\0');
}

void appendOption(QByteArray &options, quint16 code, const QByteArray &value)
{
    appendLittleEndian16(options, code);
    appendLittleEndian16(options, quint16(value.size()));
    appendPadded(options, value);
}

// An option's length is 16 bits: a longer text is cut at the last whole character that fits.
QByteArray optionText(const QString &text)
{
    constexpr qsizetype MaxOptionLength = 65535;
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() > MaxOptionLength) {
        qsizetype cut = MaxOptionLength;
        while (cut > 0 && (quint8(utf8[cut]) & 0xC0) == 0x80) // a continuation byte
            --cut;
        utf8.truncate(cut);
    }
    return utf8;
}

QByteArray littleEndian32(quint32 value)
{
    QByteArray bytes;
    appendLittleEndian32(bytes, value);
    return bytes;
}

// Type, total length, body, total length again (the length lets a reader go backwards).
QByteArray block(quint32 type, const QByteArray &body, QByteArray options)
{
    if (!options.isEmpty())
        appendOption(options, OptionCode::EndOfOptions, {});
    const quint32 totalLength = quint32(12 + body.size() + options.size());
    QByteArray bytes;
    bytes.reserve(totalLength);
    appendLittleEndian32(bytes, type);
    appendLittleEndian32(bytes, totalLength);
    bytes += body;
    bytes += options;
    appendLittleEndian32(bytes, totalLength);
    return bytes;
}

QByteArray sectionHeader()
{
    QByteArray body;
    appendLittleEndian32(body, 0x1A2B3C4D); // byte-order magic, written in our (little) order
    appendLittleEndian16(body, 1); // version 1.0
    appendLittleEndian16(body, 0);
    appendLittleEndian32(body, 0xFFFFFFFF); // section length: not given
    appendLittleEndian32(body, 0xFFFFFFFF);
    QByteArray options;
    appendOption(options, OptionCode::UserApplication, QByteArrayLiteral("Wirelab"));
    return block(BlockType::SectionHeader, body, options);
}

QByteArray interfaceDescription()
{
    QByteArray body;
    appendLittleEndian16(body, LinkTypeRaw);
    appendLittleEndian16(body, 0); // reserved
    appendLittleEndian32(body, SnapshotLength);
    QByteArray options;
    appendOption(options, OptionCode::InterfaceName, QByteArrayLiteral("wirelab"));
    appendOption(options, OptionCode::InterfaceDescription,
                 QByteArrayLiteral("TCP/IP synthesised by Wirelab from what its socket reported"));
    appendOption(options, OptionCode::TimestampResolution, QByteArray(1, char(6))); // 10^-6 s
    return block(BlockType::InterfaceDescription, body, options);
}

QByteArray enhancedPacket(const QByteArray &packet, quint64 microsecondsSinceEpoch,
                          quint32 direction, const QStringList &comments)
{
    QByteArray body;
    appendLittleEndian32(body, 0); // interface 0
    appendLittleEndian32(body, quint32(microsecondsSinceEpoch >> 32));
    appendLittleEndian32(body, quint32(microsecondsSinceEpoch));
    appendLittleEndian32(body, quint32(packet.size())); // captured
    appendLittleEndian32(body, quint32(packet.size())); // on the wire
    appendPadded(body, packet);
    QByteArray options;
    appendOption(options, OptionCode::Flags, littleEndian32(direction));
    for (const QString &comment : comments)
        appendOption(options, OptionCode::Comment, optionText(comment));
    return block(BlockType::EnhancedPacket, body, options);
}

QByteArray packetsOf(const Conversation &conversation)
{
    const std::optional<IpAddress> client = parseAddress(conversation.client.address);
    const std::optional<IpAddress> server = parseAddress(conversation.server.address);
    if (!client || !server || client->isIPv6 != server->isIPv6)
        return {};
    const quint64 start = conversation.startTime.isValid()
                                  ? quint64(conversation.startTime.toMSecsSinceEpoch()) * 1000
                                  : 0;
    quint16 identification[2] = { 0, 0 }; // IPv4's per-direction datagram counter
    QByteArray bytes;
    for (const Segment &segment : SegmentBuilder().build(conversation.events)) {
        const bool fromClient = segment.from == Side::Client;
        const IpAddress &source = fromClient ? *client : *server;
        const IpAddress &destination = fromClient ? *server : *client;
        const QByteArray tcp = tcpSegment(
                segment, fromClient ? conversation.client.port : conversation.server.port,
                fromClient ? conversation.server.port : conversation.client.port, source,
                destination);
        const QByteArray packet
                = ipPacket(tcp, source, destination, identification[int(segment.from)]++);
        bytes += enhancedPacket(packet, start + quint64(qMax<qint64>(0, segment.microseconds)),
                                fromClient ? DirectionOutbound : DirectionInbound,
                                segment.comments);
    }
    return bytes;
}

} // namespace

QByteArray PcapngWriter::capture(const QList<Conversation> &conversations)
{
    QByteArray bytes = sectionHeader() + interfaceDescription();
    for (const Conversation &conversation : conversations)
        bytes += packetsOf(conversation);
    return bytes;
}

bool PcapngWriter::writeFile(const QString &fileName, const QList<Conversation> &conversations,
                             QString *errorString)
{
    // QSaveFile: a capture that cannot be written whole leaves the old file as it was.
    QSaveFile file(fileName);
    const QByteArray bytes = capture(conversations);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    if (errorString)
        *errorString = QCoreApplication::translate("Wirelab::PcapngWriter",
                                                   "Cannot write the capture to %1: %2.")
                               .arg(fileName, file.errorString());
    return false;
}

} // namespace Wirelab
