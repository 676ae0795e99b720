#include "decodehelpers.h"
#include "labsamples.h"
#include "proxiedexchange.h"
#include "proxyheaders.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

Q_DECLARE_METATYPE(ProxiedExchange::Source)
Q_DECLARE_METATYPE(ServerExchange::Problem)

// A server connection's logic with the PROXY protocol in front of it, without a socket:
// the header in any chunking, then the lab's request; what is answered, logged and closed.
class tst_ProxiedExchange : public QObject
{
    Q_OBJECT

private slots:
    void connections_data();
    void connections();
    void busyWhileAwaitingTheHeader();
    void laterEventsAfterARefusalSayNothing();
    void directIsTheServerExchange();
};

namespace {

using Source = ProxiedExchange::Source;
using Problem = ServerExchange::Problem;

// The connection's own peer: the proxy, as the socket sees it.
const Transcript::Peer proxyPeer { u"127.0.0.1"_s, 50000 };

// Everything a connection produced, as one text: two runs are the same run when these are
// equal, however the bytes were cut.
struct Outcome
{
    QString result; // the answer's result, "(none)" if there was none
    QStringList traffic; // every transcript line, the closing one last
    QString problem;
    Problem problemKind = Problem::None;
    bool closed = false;

    bool operator==(const Outcome &other) const
    {
        return result == other.result && traffic == other.traffic && problem == other.problem
               && problemKind == other.problemKind && closed == other.closed;
    }
};

void take(const ServerExchange::Actions &actions, Outcome *outcome)
{
    outcome->traffic += actions.traffic;
    if (actions.hasReply()) {
        if (outcome->result != u"(none)"_s)
            qFatal("answered twice");
        outcome->result = DecodeHelpers::resultOf(actions.replyBytes());
    }
    if (!actions.problem.isEmpty()) {
        outcome->problem = actions.problem;
        outcome->problemKind = actions.problemKind;
    }
    outcome->closed = outcome->closed || actions.close;
}

// As the session drives it: accepted, each chunk as a read brings it, then the event.
Outcome run(Source source, const QList<QByteArray> &chunks, const QString &event)
{
    ProxiedExchange exchange(ServerExchange::Settings {}, [] { return proxyPeer; });
    Outcome outcome;
    outcome.result = u"(none)"_s;
    take(exchange.accepted(source), &outcome);
    for (const QByteArray &chunk : chunks) {
        if (outcome.closed)
            break;
        take(exchange.bytesReceived(chunk), &outcome);
    }
    if (!outcome.closed && event == u"close"_s)
        take(exchange.peerClosed(), &outcome);
    else if (!outcome.closed && event == u"timeout"_s)
        take(exchange.timedOut(u"no header in time"_s), &outcome);
    if (outcome.closed && !exchange.closingLine().isEmpty())
        outcome.traffic.append(exchange.closingLine());
    if (outcome.closed != !exchange.isReading())
        qFatal("closed, but still reading (or the other way round)");
    return outcome;
}

QByteArray labSearch()
{
    return labRequests()[0].bytes; // search morpheus
}

QStringList servedLines(const QString &peer)
{
    return {
        u"accepted connection from "_s + peer,
        u"received request {'action': 'search', 'value': 'morpheus'} from "_s + peer,
        u"sending b'\\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", "
        "\"content-encoding\": \"utf-8\", \"content-length\": 43}{\"result\": \"Follow the white "
        "rabbit. \\xf0\\x9f\\x90\\xb0\"}' to "_s
                + peer,
        u"closing connection to "_s + peer
    };
}

} // namespace

void tst_ProxiedExchange::connections_data()
{
    QTest::addColumn<Source>("source");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("event"); // "close", "timeout" or "" (none)
    QTest::addColumn<QString>("result");
    QTest::addColumn<QStringList>("traffic"); // all of it; for refusals, what it must not hold
    QTest::addColumn<QString>("problem"); // a part of it
    QTest::addColumn<Problem>("problemKind");

    const QString morpheus = u"Follow the white rabbit. 🐰"_s;
    const QString proxy = u"('127.0.0.1', 50000)"_s;

    QTest::newRow("direct: the lab's request, no header")
            << Source::Direct << labSearch() << QString() << morpheus << servedLines(proxy)
            << QString() << Problem::None;
    QTest::newRow("v1 TCP4: the client it names")
            << Source::TrustedProxy
            << ProxyHeaders::v1(u"203.0.113.7"_s, 51234, u"192.0.2.1"_s, 65432) + labSearch()
            << QString() << morpheus << servedLines(u"('203.0.113.7', 51234)"_s) << QString()
            << Problem::None;
    QTest::newRow("v1 TCP6: the client it names")
            << Source::TrustedProxy
            << ProxyHeaders::v1(u"2001:db8::7"_s, 4000, u"2001:db8::1"_s, 65432) + labSearch()
            << QString() << morpheus << servedLines(u"('2001:db8::7', 4000)"_s) << QString()
            << Problem::None;
    QTest::newRow("v2 TCP4: the client it names")
            << Source::TrustedProxy
            << ProxyHeaders::v2(u"198.51.100.20"_s, 61000, u"10.0.0.10"_s, 65432) + labSearch()
            << QString() << morpheus << servedLines(u"('198.51.100.20', 61000)"_s) << QString()
            << Problem::None;
    QTest::newRow("v2 TCP6: the client it names")
            << Source::TrustedProxy
            << ProxyHeaders::v2(u"2001:db8:0:1::20"_s, 1, u"2001:db8::10"_s, 65432) + labSearch()
            << QString() << morpheus << servedLines(u"('2001:db8:0:1::20', 1)"_s) << QString()
            << Problem::None;
    QTest::newRow("v2 TCP6, IPv4-mapped: written as the IPv4 address it is")
            << Source::TrustedProxy
            << ProxyHeaders::v2(u"::ffff:198.51.100.3"_s, 7000, u"::ffff:10.0.0.10"_s, 65432)
                       + labSearch()
            << QString() << morpheus << servedLines(u"('198.51.100.3', 7000)"_s) << QString()
            << Problem::None;
    ProxyHeader withTlvs = ProxyHeaders::relayed(u"192.0.2.99"_s, 2000, u"192.0.2.1"_s, 65432);
    withTlvs.tlvs = { { 0x05, "unique-id"_ba }, { 0x04, QByteArray(20, '\0') } };
    QTest::newRow("v2 with TLVs: kept, not in the way")
            << Source::TrustedProxy << encodeProxyHeaderV2(withTlvs) + labSearch() << QString()
            << morpheus << servedLines(u"('192.0.2.99', 2000)"_s) << QString() << Problem::None;
    QTest::newRow("v2 LOCAL (a health check): the proxy's own connection")
            << Source::TrustedProxy << encodeProxyHeaderV2(ProxyHeaders::local()) + labSearch()
            << QString() << morpheus << servedLines(proxy) << QString() << Problem::None;
    ProxyHeader unspec = ProxyHeaders::local();
    unspec.command = ProxyHeader::Command::Proxy;
    QTest::newRow("v2 PROXY over UNSPEC: the connection's own peer")
            << Source::TrustedProxy << encodeProxyHeaderV2(unspec) + labSearch() << QString()
            << morpheus << servedLines(proxy) << QString() << Problem::None;
    QTest::newRow("v1 UNKNOWN: the connection's own peer")
            << Source::TrustedProxy << "PROXY UNKNOWN\r\n"_ba + labSearch() << QString() << morpheus
            << servedLines(proxy) << QString() << Problem::None;
    QTest::newRow("v2 LOCAL, then closed: nothing to answer, nothing wrong")
            << Source::TrustedProxy << encodeProxyHeaderV2(ProxyHeaders::local()) << u"close"_s
            << u"(none)"_s
            << QStringList { u"accepted connection from "_s + proxy,
                             u"closing connection to "_s + proxy }
            << QString() << Problem::None;
    QTest::newRow("closed before a byte: nothing at all")
            << Source::TrustedProxy << QByteArray() << u"close"_s << u"(none)"_s << QStringList()
            << QString() << Problem::None;
    QTest::newRow("the client's request cut short after the header: answered, naming it")
            << Source::TrustedProxy
            << ProxyHeaders::v1(u"203.0.113.7"_s, 51234, u"192.0.2.1"_s, 65432)
                       + labSearch().left(20)
            << u"close"_s << u"Error: The connection ended in the middle of the message's header"_s
            << QStringList { u"accepted connection from ('203.0.113.7', 51234)"_s }
            << u"bad request from ('203.0.113.7', 51234)"_s << Problem::BadRequest;

    // Refusals: answered in the lab's shape, named by the connection's own peer, in no
    // transcript line but the answer's.
    const QStringList notServed { u"accepted connection from "_s + proxy,
                                  u"closing connection to "_s + proxy };
    QTest::newRow("untrusted peer: refused unread")
            << Source::UntrustedPeer << labSearch() << QString()
            << u"Error: not a trusted proxy: this server takes connections only through its proxies"_s
            << notServed << u"refusing ('127.0.0.1', 50000): not a trusted proxy"_s
            << Problem::ProxyRefused;
    QTest::newRow("trusted peer without a header: the lab's request is not one")
            << Source::TrustedProxy << labSearch() << QString()
            << u"Error: bad PROXY protocol header: not a PROXY protocol header"_s << notServed
            << u"(NotProxyHeader at byte 0)"_s << Problem::ProxyRefused;
    QTest::newRow("v1 malformed: a source address of three numbers")
            << Source::TrustedProxy << "PROXY TCP4 10.0.1 10.0.0.10 5000 65432\r\n"_ba + labSearch()
            << QString()
            << u"Error: bad PROXY protocol header: v1 PROXY header: the source address \"10.0.1\""_s
            << notServed << u"(V1Malformed at byte 11)"_s << Problem::ProxyRefused;
    QTest::newRow("v1 without its CRLF in 107 bytes")
            << Source::TrustedProxy << "PROXY UNKNOWN "_ba + QByteArray(100, 'x') << QString()
            << u"Error: bad PROXY protocol header:"_s << notServed << u"(V1TooLong at byte"_s
            << Problem::ProxyRefused;
    QByteArray badVersion = encodeProxyHeaderV2(ProxyHeaders::local());
    badVersion[12] = '\x30';
    QTest::newRow("v2 of version 3")
            << Source::TrustedProxy << badVersion + labSearch() << QString()
            << u"Error: bad PROXY protocol header:"_s << notServed << u"(V2BadVersion at byte 12)"_s
            << Problem::ProxyRefused;
    const QByteArray v2Header = ProxyHeaders::v2(u"203.0.113.7"_s, 51234, u"192.0.2.1"_s, 65432);
    QTest::newRow("header cut off by the close")
            << Source::TrustedProxy << v2Header.left(20) << u"close"_s
            << u"Error: bad PROXY protocol header: the connection closed after 20 bytes of a v2 PROXY protocol header"_s
            << notServed << u"(Truncated at byte 20)"_s << Problem::ProxyRefused;
    QTest::newRow("header timed out")
            << Source::TrustedProxy << v2Header.left(20) << u"timeout"_s
            << u"Error: no header in time"_s << notServed
            << u"closing connection to ('127.0.0.1', 50000): no header in time"_s
            << Problem::Timeout;
}

void tst_ProxiedExchange::connections()
{
    QFETCH(Source, source);
    QFETCH(QByteArray, stream);
    QFETCH(QString, event);
    QFETCH(QString, result);
    QFETCH(QStringList, traffic);
    QFETCH(QString, problem);
    QFETCH(Problem, problemKind);

    const Outcome whole = run(source, { stream }, event);
    QVERIFY2(whole.result.startsWith(result), qPrintable(whole.result));
    QVERIFY(whole.closed || event.isEmpty());
    QCOMPARE(whole.problemKind, problemKind);
    QVERIFY2(whole.problem.contains(problem), qPrintable(whole.problem));
    if (problemKind == Problem::ProxyRefused || problemKind == Problem::Timeout) {
        QCOMPARE(whole.traffic.size(), 1); // "sending b'...' to" the peer
        QVERIFY2(whole.traffic.first().startsWith(u"sending b'"_s),
                 qPrintable(whole.traffic.first()));
        for (const QString &line : traffic)
            QVERIFY(!whole.traffic.contains(line));
    } else if (problemKind == Problem::BadRequest) {
        QCOMPARE(whole.traffic.first(), traffic.first());
    } else {
        QCOMPARE(whole.traffic, traffic);
    }
    // Byte by byte and cut anywhere in two: the same connection.
    QCOMPARE(run(source, DecodeHelpers::bytewise(stream), event), whole);
    for (const QList<QByteArray> &split : DecodeHelpers::everySplit(stream))
        QCOMPARE(run(source, split, event), whole);
}

void tst_ProxiedExchange::busyWhileAwaitingTheHeader()
{
    ProxiedExchange exchange(ServerExchange::Settings {}, [] { return proxyPeer; });
    QVERIFY(exchange.accepted(Source::TrustedProxy).traffic.isEmpty());
    QVERIFY(exchange.isAwaitingProxyHeader());
    QVERIFY(exchange.bytesReceived("PROXY TCP4 "_ba).traffic.isEmpty());
    const ServerExchange::Actions actions = exchange.refuse(u"full"_s);
    QCOMPARE(DecodeHelpers::resultOf(actions.replyBytes()), u"Error: server busy: full"_s);
    QCOMPARE(actions.problemKind, Problem::Busy);
    QVERIFY(!exchange.isAwaitingProxyHeader());
    QVERIFY(exchange.closingLine().isEmpty());
}

void tst_ProxiedExchange::laterEventsAfterARefusalSayNothing()
{
    ProxiedExchange exchange(ServerExchange::Settings {}, [] { return proxyPeer; });
    exchange.accepted(Source::TrustedProxy);
    QVERIFY(exchange.bytesReceived("GET / HTTP/1.1\r\n"_ba).hasReply());
    for (const ServerExchange::Actions &later :
         { exchange.bytesReceived(labSearch()), exchange.peerClosed(), exchange.timedOut(u"x"_s),
           exchange.refuse(u"x"_s) }) {
        QVERIFY(!later.hasReply());
        QVERIFY(!later.close);
        QVERIFY(later.traffic.isEmpty());
        QVERIFY(later.problem.isEmpty());
    }
    QVERIFY(!exchange.proxyHeader());
}

void tst_ProxiedExchange::directIsTheServerExchange()
{
    // Without the PROXY protocol, bytes that look like a header are the lab's to refuse.
    ProxiedExchange proxied(ServerExchange::Settings {}, [] { return proxyPeer; });
    ServerExchange plain(ServerExchange::Settings {}, proxyPeer);
    const QByteArray bytes
            = ProxyHeaders::v1(u"203.0.113.7"_s, 51234, u"192.0.2.1"_s, 65432) + labSearch();
    QCOMPARE(proxied.accepted(Source::Direct).traffic, plain.accepted().traffic);
    const ServerExchange::Actions viaProxied = proxied.bytesReceived(bytes);
    const ServerExchange::Actions viaPlain = plain.bytesReceived(bytes);
    QCOMPARE(viaProxied.replyBytes(), viaPlain.replyBytes());
    QCOMPARE(viaProxied.problem, viaPlain.problem);
    QCOMPARE(viaProxied.traffic, viaPlain.traffic);
    QCOMPARE(proxied.closingLine(), plain.closingLine());
    QVERIFY(!proxied.proxyHeader());
}

QTEST_APPLESS_MAIN(tst_ProxiedExchange)
#include "tst_proxiedexchange.moc"
