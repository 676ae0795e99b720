#ifndef WIRELAB_PCAPNGREADER_H
#define WIRELAB_PCAPNGREADER_H

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QtEndian>

// A reader of the pcapng files PcapngWriter makes, written apart from it (from the pcapng
// draft and RFCs 791, 793 and 8200) so that tests check the writer against something that
// is not the writer: blocks, options, and each packet's IP and TCP fields.
namespace PcapngReader {

struct Packet
{
    quint64 timestamp = 0; // microseconds since the epoch
    quint32 flags = 0; // epb_flags; bits 0-1: 1 inbound, 2 outbound
    QStringList comments;
    QByteArray data; // the IP datagram

    bool isIPv6() const { return !data.isEmpty() && (quint8(data[0]) >> 4) == 6; }
    int ipHeaderLength() const { return isIPv6() ? 40 : (quint8(data[0]) & 0x0f) * 4; }
    QByteArray tcp() const { return data.mid(ipHeaderLength()); }
    quint16 sourcePort() const { return qFromBigEndian<quint16>(tcp().constData()); }
    quint16 destinationPort() const { return qFromBigEndian<quint16>(tcp().constData() + 2); }
    quint32 sequence() const { return qFromBigEndian<quint32>(tcp().constData() + 4); }
    quint32 acknowledgement() const { return qFromBigEndian<quint32>(tcp().constData() + 8); }
    int tcpHeaderLength() const { return (quint8(tcp()[12]) >> 4) * 4; }
    quint8 tcpFlags() const { return quint8(tcp()[13]); }
    QByteArray payload() const { return tcp().mid(tcpHeaderLength()); }
    QByteArray sourceAddress() const { return isIPv6() ? data.mid(8, 16) : data.mid(12, 4); }
    QByteArray destinationAddress() const { return isIPv6() ? data.mid(24, 16) : data.mid(16, 4); }

    // "SYN", "SYN ACK", "PSH ACK", "FIN ACK", "RST ACK", "ACK": for readable expectations.
    QString flagNames() const
    {
        static const struct
        {
            quint8 bit;
            const char *name;
        } names[] = {
            { 0x02, "SYN" }, { 0x01, "FIN" }, { 0x04, "RST" }, { 0x08, "PSH" }, { 0x10, "ACK" },
        };
        QStringList words;
        for (const auto &entry : names) {
            if (tcpFlags() & entry.bit)
                words << QLatin1String(entry.name);
        }
        return words.join(QLatin1Char(' '));
    }
};

struct File
{
    bool valid = false;
    QString error;
    quint16 linkType = 0;
    QList<Packet> packets;
};

inline quint32 le32(const QByteArray &bytes, qsizetype at)
{
    return qFromLittleEndian<quint32>(bytes.constData() + at);
}

inline quint16 le16(const QByteArray &bytes, qsizetype at)
{
    return qFromLittleEndian<quint16>(bytes.constData() + at);
}

// Options from `at` to `end`: code -> values (a code may come more than once).
inline QList<QPair<quint16, QByteArray>> readOptions(const QByteArray &bytes, qsizetype at,
                                                     qsizetype end)
{
    QList<QPair<quint16, QByteArray>> options;
    while (at + 4 <= end) {
        const quint16 code = le16(bytes, at);
        const quint16 length = le16(bytes, at + 2);
        if (code == 0)
            break;
        options.append({ code, bytes.mid(at + 4, length) });
        at += 4 + ((length + 3) / 4) * 4;
    }
    return options;
}

inline File read(const QByteArray &bytes)
{
    File file;
    qsizetype at = 0;
    bool sawSection = false;
    while (at < bytes.size()) {
        if (at + 12 > bytes.size()) {
            file.error = QStringLiteral("a block is cut short at %1").arg(at);
            return file;
        }
        const quint32 type = le32(bytes, at);
        const quint32 length = le32(bytes, at + 4);
        if (length % 4 != 0 || length < 12 || at + length > bytes.size()
            || le32(bytes, at + length - 4) != length) {
            file.error = QStringLiteral("block at %1: bad total length %2").arg(at).arg(length);
            return file;
        }
        const qsizetype end = at + length - 4;
        if (type == 0x0A0D0D0A) {
            if (le32(bytes, at + 8) != 0x1A2B3C4D) {
                file.error = QStringLiteral("section header: not little-endian");
                return file;
            }
            sawSection = true;
        } else if (type == 1) {
            file.linkType = le16(bytes, at + 8);
        } else if (type == 6) {
            Packet packet;
            packet.timestamp = quint64(le32(bytes, at + 12)) << 32 | le32(bytes, at + 16);
            const quint32 captured = le32(bytes, at + 20);
            packet.data = bytes.mid(at + 28, captured);
            const qsizetype optionsAt = at + 28 + ((captured + 3) / 4) * 4;
            for (const auto &[code, value] : readOptions(bytes, optionsAt, end)) {
                if (code == 2 && value.size() == 4)
                    packet.flags = le32(value, 0);
                else if (code == 1)
                    packet.comments << QString::fromUtf8(value);
            }
            file.packets.append(packet);
        }
        at += length;
    }
    file.valid = sawSection;
    if (!sawSection)
        file.error = QStringLiteral("no section header block");
    return file;
}

// The Internet checksum as RFC 1071 defines it, done the slow way (one 32-bit sum folded
// once at the end) so as not to share the writer's code: a header or segment whose checksum
// is right sums, with its checksum field, to 0xffff.
inline quint16 onesComplementSum(const QByteArray &bytes)
{
    quint32 sum = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i)
        sum += (i % 2 == 0) ? quint32(quint8(bytes[i])) * 256 : quint32(quint8(bytes[i]));
    while (sum > 0xffff)
        sum = (sum >> 16) + (sum & 0xffff);
    return quint16(sum);
}

inline bool ipChecksumIsRight(const Packet &packet)
{
    return packet.isIPv6()
           || onesComplementSum(packet.data.left(packet.ipHeaderLength())) == 0xffff;
}

inline bool tcpChecksumIsRight(const Packet &packet)
{
    const QByteArray tcp = packet.tcp();
    QByteArray pseudo = packet.sourceAddress() + packet.destinationAddress();
    QByteArray length(4, '\0');
    qToBigEndian<quint32>(quint32(tcp.size()), length.data());
    pseudo += packet.isIPv6() ? length + QByteArray("\0\0\0\x06", 4)
                              : QByteArray("\0\x06", 2) + length.right(2);
    return onesComplementSum(pseudo + tcp) == 0xffff;
}

} // namespace PcapngReader

#endif // WIRELAB_PCAPNGREADER_H
