#include "pcapngreader.h"
#include "pcapngwriter.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

using Event = Conversation::Event;
using Kind = Conversation::Event::Kind;
using Side = Conversation::Side;

namespace {

// Hex with spaces and line breaks for reading, as the fields are laid out.
QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text).replace(' ', "").replace('\n', ""));
}

const QDateTime start(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
constexpr quint64 startMicroseconds = 1767323045678000; // start, since the epoch

Conversation conversation(QList<Event> events, const QString &client = u"192.0.2.1"_s,
                          const QString &server = u"192.0.2.2"_s)
{
    return { { client, 50000 }, { server, 65432 }, start, std::move(events) };
}

Event connected(qint64 at, const QString &comment = {})
{
    return { Kind::Connected, Side::Client, at, {}, comment };
}
Event data(Side from, qint64 at, const QByteArray &bytes)
{
    return { Kind::Data, from, at, bytes, {} };
}
Event fin(Side from, qint64 at)
{
    return { Kind::Fin, from, at, {}, {} };
}
Event reset(Side from, qint64 at)
{
    return { Kind::Reset, from, at, {}, {} };
}

// One packet as a line: direction, flags, sequence and acknowledgement relative to each
// side's first, payload length. ">" is client to server.
QStringList outline(const Conversation &c)
{
    const PcapngReader::File file = PcapngReader::read(PcapngWriter::capture({ c }));
    QStringList lines;
    quint32 clientFirst = 0;
    quint32 serverFirst = 0;
    for (const PcapngReader::Packet &packet : file.packets) {
        const bool out = packet.sourcePort() == c.client.port;
        if (packet.tcpFlags() & 0x02)
            (out ? clientFirst : serverFirst) = packet.sequence();
        const quint32 seq = packet.sequence() - (out ? clientFirst : serverFirst);
        const quint32 ack = packet.acknowledgement()
                                    ? packet.acknowledgement() - (out ? serverFirst : clientFirst)
                                    : 0;
        lines << u"%1 %2 seq=%3 ack=%4 len=%5"_s.arg(out ? u">"_s : u"<"_s, packet.flagNames())
                         .arg(seq)
                         .arg(ack)
                         .arg(packet.payload().size());
    }
    return lines;
}

} // namespace

class tst_PcapngWriter : public QObject
{
    Q_OBJECT

private slots:
    void goldenBytes();
    void segments_data();
    void segments();
    void checksums_data();
    void checksums();
    void directionsTimesAndComments();
    void largeWritesAreSplit();
    void addresses_data();
    void addresses();
    void severalConversations();
    void writeFile();
};

void tst_PcapngWriter::goldenBytes()
{
    const Conversation c
            = conversation({ connected(1000, u"hi"_s), data(Side::Client, 2000, "abc") });
    const QByteArray bytes = PcapngWriter::capture({ c });

    const QByteArray sectionHeader
            = hex("0a0d0d0a 2c000000" // section header block, 44 bytes
                  "4d3c2b1a 0100 0000" // byte-order magic (little-endian), version 1.0
                  "ffffffff ffffffff" // section length not given
                  "0400 0700 57697265 6c616200" // shb_userappl "Wirelab" (7 bytes and 1 of padding)
                  "0000 0000" // end of options
                  "2c000000");
    const QByteArray interfaceDescription
            = hex("01000000 6c000000" // interface description block, 108 bytes
                  "6500 0000 00000400" // LINKTYPE_RAW (101), reserved, snapshot length 262144
                  "0200 0700 77697265 6c616200" // if_name "wirelab"
                  "0300 3b00") // if_description, 59 bytes
              + "TCP/IP synthesised by Wirelab from what its socket reported"_ba + '\0'
              + hex("0900 0100 06000000" // if_tsresol 6: microseconds
                    "0000 0000"
                    "6c000000");
    const QByteArray syn = hex(
            "06000000 60000000" // enhanced packet block, 96 bytes
            "00000000" // interface 0
            "5e470600 984f57f6" // 2026-01-02T03:04:05.679000Z (start + 1000 us), high word first
            "2c000000 2c000000" // 44 bytes captured, 44 on the wire
            // IPv4: 20-byte header, 44 bytes, id 0, don't fragment, TTL 64, TCP, checksum b6c8
            "4500 002c 0000 4000 40 06 b6c8 c0000201 c0000202"
            // TCP 50000 -> 65432, seq 0x3a1f0000, ack 0, 24-byte header, SYN, window 65535,
            // checksum 1cf6, urgent 0, MSS 65495
            "c350 ff98 3a1f0000 00000000 60 02 ffff 1cf6 0000 0204 ffd7"
            "0200 0400 02000000" // epb_flags: outbound
            "0100 0200 6869 0000" // opt_comment "hi"
            "0000 0000"
            "60000000");
    const QByteArray firstData
            = hex("06000000 58000000" // 88 bytes
                  "00000000"
                  "5e470600 805357f6" // start + 2000 us
                  "2b000000 2b000000" // 43 bytes
                  "4500 002b 0002 4000 40 06 b6c7 c0000201 c0000202" // id 2: the client's third
                  // seq 1, ack 1 (relative), 20-byte header, PSH ACK, checksum ee29, "abc"
                  "c350 ff98 3a1f0001 7c2e0001 50 18 ffff ee29 0000 616263 00"
                  "0200 0400 02000000"
                  "0000 0000"
                  "58000000");
    qsizetype at = 0;
    for (const QByteArray *expected : { &sectionHeader, &interfaceDescription, &syn }) {
        QCOMPARE(bytes.mid(at, expected->size()).toHex(' '), expected->toHex(' '));
        at += expected->size();
    }
    // SYN/ACK and ACK, then the data.
    const PcapngReader::File file = PcapngReader::read(bytes);
    QVERIFY2(file.valid, qPrintable(file.error));
    QCOMPARE(file.packets.size(), 5); // SYN, SYN/ACK, ACK, data, the server's pure ACK
    const qsizetype dataAt = bytes.indexOf(hex("5e470600 805357f6")) - 12;
    QCOMPARE(bytes.mid(dataAt, firstData.size()).toHex(' '), firstData.toHex(' '));
}

void tst_PcapngWriter::segments_data()
{
    QTest::addColumn<Conversation>("conversation");
    QTest::addColumn<QStringList>("expected");
    const QStringList handshake { u"> SYN seq=0 ack=0 len=0"_s, u"< SYN ACK seq=0 ack=1 len=0"_s,
                                  u"> ACK seq=1 ack=1 len=0"_s };

    // The lab's exchange: the answer carries the ACK of the request; the client closes
    // first (ClientExchange stops once the answer is whole), then the server.
    QTest::newRow("lab exchange, client closes first")
            << conversation({ connected(100), data(Side::Client, 200, QByteArray(139, 'q')),
                              data(Side::Server, 900, QByteArray(141, 'a')), fin(Side::Client, 950),
                              fin(Side::Server, 1000) })
            << handshake
                       + QStringList { u"> PSH ACK seq=1 ack=1 len=139"_s,
                                       u"< PSH ACK seq=1 ack=140 len=141"_s,
                                       u"> FIN ACK seq=140 ack=142 len=0"_s,
                                       u"< FIN ACK seq=142 ack=141 len=0"_s,
                                       u"> ACK seq=141 ack=143 len=0"_s };
    QTest::newRow("server closes first")
            << conversation({ connected(100), data(Side::Client, 200, "req"),
                              data(Side::Server, 300, "ans"), fin(Side::Server, 310),
                              fin(Side::Client, 400) })
            << handshake + QStringList { u"> PSH ACK seq=1 ack=1 len=3"_s,
                                         u"< PSH ACK seq=1 ack=4 len=3"_s,
                                         u"> ACK seq=4 ack=4 len=0"_s,
                                         u"< FIN ACK seq=4 ack=4 len=0"_s,
                                         u"> FIN ACK seq=4 ack=5 len=0"_s,
                                         u"< ACK seq=5 ack=5 len=0"_s };
    // The server's answer comes after the delayed-ACK time: it acknowledges the request
    // first. The last FIN is acknowledged by the side that already closed.
    QTest::newRow("slow answer gets a pure ACK first")
            << conversation({ connected(0), data(Side::Client, 10, "req"),
                              data(Side::Server, 50'011, "ans"), fin(Side::Client, 50'020) })
            << handshake
                       + QStringList { u"> PSH ACK seq=1 ack=1 len=3"_s,
                                       u"< ACK seq=1 ack=4 len=0"_s,
                                       u"< PSH ACK seq=1 ack=4 len=3"_s,
                                       u"> FIN ACK seq=4 ack=4 len=0"_s,
                                       u"< ACK seq=4 ack=5 len=0"_s };
    QTest::newRow("one-byte writes, each acknowledged")
            << conversation(
                       { connected(0), data(Side::Client, 1, "a"), data(Side::Client, 2, "b") })
            << handshake
                       + QStringList { u"> PSH ACK seq=1 ack=1 len=1"_s,
                                       u"< ACK seq=1 ack=2 len=0"_s,
                                       u"> PSH ACK seq=2 ack=1 len=1"_s,
                                       u"< ACK seq=1 ack=3 len=0"_s };
    QTest::newRow("refused") << conversation({ reset(Side::Server, 30) })
                             << QStringList { u"> SYN seq=0 ack=0 len=0"_s,
                                              u"< RST ACK seq=0 ack=1 len=0"_s };
    QTest::newRow("reset by the client mid-answer, nothing after it")
            << conversation({ connected(0), data(Side::Client, 1, "req"),
                              data(Side::Server, 2, "an"), reset(Side::Client, 3),
                              data(Side::Server, 4, "s"), fin(Side::Server, 5) })
            << handshake
                       + QStringList { u"> PSH ACK seq=1 ack=1 len=3"_s,
                                       u"< PSH ACK seq=1 ack=4 len=2"_s,
                                       u"> RST ACK seq=4 ack=3 len=0"_s };
    QTest::newRow("reset by the server")
            << conversation({ connected(0), data(Side::Client, 1, "req"), reset(Side::Server, 2) })
            << handshake
                       + QStringList { u"> PSH ACK seq=1 ack=1 len=3"_s,
                                       u"< RST ACK seq=1 ack=4 len=0"_s };
    QTest::newRow("data before Connected implies the handshake")
            << conversation({ data(Side::Client, 5, "x") })
            << handshake
                       + QStringList { u"> PSH ACK seq=1 ack=1 len=1"_s,
                                       u"< ACK seq=1 ack=2 len=0"_s };
    QTest::newRow("data and FIN after a side's own FIN are left out")
            << conversation({ connected(0), fin(Side::Client, 1), data(Side::Client, 2, "late"),
                              fin(Side::Client, 3), data(Side::Server, 4, "ok") })
            << handshake
                       + QStringList { u"> FIN ACK seq=1 ack=1 len=0"_s,
                                       u"< ACK seq=1 ack=2 len=0"_s,
                                       u"< PSH ACK seq=1 ack=2 len=2"_s,
                                       u"> ACK seq=2 ack=3 len=0"_s };
    QTest::newRow("a client that never connected sent nothing")
            << conversation({ reset(Side::Client, 3) }) << QStringList();
    QTest::newRow("no events") << conversation({}) << QStringList();
}

void tst_PcapngWriter::segments()
{
    QFETCH(Conversation, conversation);
    QFETCH(QStringList, expected);
    QCOMPARE(outline(conversation), expected);
}

void tst_PcapngWriter::checksums_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("server");
    QTest::newRow("IPv4") << u"127.0.0.1"_s << u"127.0.0.1"_s;
    QTest::newRow("IPv4, high bytes") << u"255.254.253.252"_s << u"10.0.0.255"_s;
    QTest::newRow("IPv6 loopback") << u"::1"_s << u"::1"_s;
    QTest::newRow("IPv6") << u"2001:db8:ffff::fe01"_s << u"fe80::1"_s;
}

// Every header's checksum checked the receiver's way, by PcapngReader's own sum, for
// payloads of even and odd length, with and without bytes that carry in the sum.
void tst_PcapngWriter::checksums()
{
    QFETCH(QString, client);
    QFETCH(QString, server);
    const Conversation c = conversation({ connected(0), data(Side::Client, 1, "\xff\xff\xff"_ba),
                                          data(Side::Server, 2, QByteArray(1000, '\xfe')),
                                          data(Side::Client, 3, QByteArray(65495, '\xff')),
                                          fin(Side::Client, 4), fin(Side::Server, 5) },
                                        client, server);
    const PcapngReader::File file = PcapngReader::read(PcapngWriter::capture({ c }));
    QVERIFY2(file.valid, qPrintable(file.error));
    QCOMPARE(file.packets.size(), 10);
    for (const PcapngReader::Packet &packet : file.packets) {
        QVERIFY2(PcapngReader::ipChecksumIsRight(packet), qPrintable(packet.flagNames()));
        QVERIFY2(PcapngReader::tcpChecksumIsRight(packet), qPrintable(packet.flagNames()));
        QCOMPARE(packet.isIPv6(), client.contains(u':'));
        // The IP header says the datagram's true length.
        const qsizetype declared
                = packet.isIPv6() ? 40 + qFromBigEndian<quint16>(packet.data.constData() + 4)
                                  : qFromBigEndian<quint16>(packet.data.constData() + 2);
        QCOMPARE(declared, packet.data.size());
    }
}

void tst_PcapngWriter::directionsTimesAndComments()
{
    Conversation c
            = conversation({ connected(250, u"connected"_s), data(Side::Client, 300, "req"),
                             data(Side::Server, 1'000'000, "ans"), fin(Side::Client, 1'000'100),
                             reset(Side::Server, 1'000'200), fin(Side::Server, 1'000'300) });
    c.events[5].comment = u"after the reset: goes on the last packet"_s;
    c.events[2].comment = u"two\nlines é"_s;
    const PcapngReader::File file = PcapngReader::read(PcapngWriter::capture({ c }));
    QVERIFY2(file.valid, qPrintable(file.error));
    QCOMPARE(file.linkType, quint16(101));
    QList<quint64> times;
    QList<quint32> directions;
    QList<QStringList> comments;
    for (const PcapngReader::Packet &packet : file.packets) {
        times << packet.timestamp - startMicroseconds;
        directions << packet.flags;
        comments << packet.comments;
    }
    // SYN, SYN/ACK, ACK; request; pure ACK (the answer is late); answer; FIN; RST (which
    // acknowledges the FIN).
    QCOMPARE(times, (QList<quint64> { 250, 250, 250, 300, 300, 1'000'000, 1'000'100, 1'000'200 }));
    QCOMPARE(directions, (QList<quint32> { 2, 1, 2, 2, 1, 1, 2, 1 }));
    QCOMPARE(comments[0], QStringList { u"connected"_s });
    QCOMPARE(comments[5], QStringList { u"two\nlines é"_s });
    QCOMPARE(comments[7], QStringList { u"after the reset: goes on the last packet"_s });
    for (int i : { 1, 2, 3, 4, 6 })
        QVERIFY(comments[i].isEmpty());
}

void tst_PcapngWriter::largeWritesAreSplit()
{
    const QByteArray big(2 * PcapngWriter::MaxSegmentPayload + 10, 'x');
    const Conversation c = conversation({ connected(0), data(Side::Server, 1, big) });
    const QStringList lines = outline(c).mid(3);
    QCOMPARE(lines,
             (QStringList { u"< ACK seq=1 ack=1 len=65495"_s, u"> ACK seq=1 ack=65496 len=0"_s,
                            u"< ACK seq=65496 ack=1 len=65495"_s, u"> ACK seq=1 ack=130991 len=0"_s,
                            u"< PSH ACK seq=130991 ack=1 len=10"_s,
                            u"> ACK seq=1 ack=131001 len=0"_s }));
    QByteArray received;
    for (const PcapngReader::Packet &packet :
         PcapngReader::read(PcapngWriter::capture({ c })).packets)
        received += packet.payload();
    QCOMPARE(received, big);
}

void tst_PcapngWriter::addresses_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QByteArray>("clientBytes"); // empty: no packets
    QTest::newRow("IPv4") << u"127.0.0.1"_s << u"127.0.0.2"_s << hex("7f000001");
    QTest::newRow("IPv6 loopback")
            << u"::1"_s << u"::1"_s << hex("00000000000000000000000000000001");
    QTest::newRow("IPv6 full") << u"1:2:3:4:5:6:7:8"_s << u"::"_s
                               << hex("00010002000300040005000600070008");
    QTest::newRow("IPv6 with a zone")
            << u"fe80::1%lo"_s << u"fe80::2"_s << hex("fe800000000000000000000000000001");
    QTest::newRow("IPv6 ending in IPv4")
            << u"64:ff9b::192.0.2.1"_s << u"::1"_s << hex("0064ff9b0000000000000000c0000201");
    QTest::newRow("IPv4-mapped is IPv4 on the wire")
            << u"::ffff:127.0.0.1"_s << u"127.0.0.1"_s << hex("7f000001");
    QTest::newRow("upper-case hex")
            << u"2001:DB8::A"_s << u"::1"_s << hex("20010db800000000000000000000000a");
    QTest::newRow("no address (never connected)") << QString() << QString() << QByteArray();
    QTest::newRow("a host name") << u"localhost"_s << u"127.0.0.1"_s << QByteArray();
    QTest::newRow("three parts") << u"1.2.3"_s << u"127.0.0.1"_s << QByteArray();
    QTest::newRow("part over 255") << u"256.1.1.1"_s << u"127.0.0.1"_s << QByteArray();
    QTest::newRow("a sign") << u"+1.2.3.4"_s << u"127.0.0.1"_s << QByteArray();
    QTest::newRow("two gaps") << u"1::2::3"_s << u"::1"_s << QByteArray();
    QTest::newRow("nine groups") << u"1:2:3:4:5:6:7:8:9"_s << u"::1"_s << QByteArray();
    QTest::newRow("seven groups, no gap") << u"1:2:3:4:5:6:7"_s << u"::1"_s << QByteArray();
    QTest::newRow("group of five digits") << u"12345::1"_s << u"::1"_s << QByteArray();
    QTest::newRow("families differ") << u"::1"_s << u"127.0.0.1"_s << QByteArray();
}

void tst_PcapngWriter::addresses()
{
    QFETCH(QString, client);
    QFETCH(QString, server);
    QFETCH(QByteArray, clientBytes);
    const Conversation c = conversation({ connected(0) }, client, server);
    const PcapngReader::File file = PcapngReader::read(PcapngWriter::capture({ c }));
    QVERIFY2(file.valid, qPrintable(file.error));
    QCOMPARE(file.packets.size(), clientBytes.isEmpty() ? 0 : 3);
    if (!clientBytes.isEmpty())
        QCOMPARE(file.packets[0].sourceAddress().toHex(), clientBytes.toHex());
}

void tst_PcapngWriter::severalConversations()
{
    Conversation first = conversation({ connected(0), data(Side::Client, 1, "one") });
    Conversation second
            = conversation({ connected(0), data(Side::Client, 1, "two") }, u"::1"_s, u"::1"_s);
    second.startTime = start.addSecs(60);
    const PcapngReader::File file = PcapngReader::read(PcapngWriter::capture({ first, second }));
    QCOMPARE(file.packets.size(), 10);
    QCOMPARE(file.packets[3].payload(), "one"_ba);
    QVERIFY(!file.packets[3].isIPv6());
    QCOMPARE(file.packets[8].payload(), "two"_ba);
    QVERIFY(file.packets[8].isIPv6());
    QCOMPARE(file.packets[8].timestamp - file.packets[3].timestamp, quint64(60'000'000));
}

void tst_PcapngWriter::writeFile()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const Conversation c = conversation({ connected(0) });
    const QString fileName = directory.filePath(u"exchange.pcapng"_s);
    QString error;
    QVERIFY(PcapngWriter::writeFile(fileName, { c }, &error));
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), PcapngWriter::capture({ c }));

    const QString unwritable = directory.filePath(u"no/such/folder/exchange.pcapng"_s);
    QVERIFY(!PcapngWriter::writeFile(unwritable, { c }, &error));
    QVERIFY2(error.startsWith(u"Cannot write the capture to "_s + unwritable + u": "_s),
             qPrintable(error));
    QVERIFY(!PcapngWriter::writeFile(unwritable, { c })); // no error string wanted
}

QTEST_GUILESS_MAIN(tst_PcapngWriter)
#include "tst_pcapngwriter.moc"
