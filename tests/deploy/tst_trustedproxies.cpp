#include "trustedproxies.h"

#include <QtTest/QTest>

using namespace Wirelab;
using namespace Qt::StringLiterals;

class tst_TrustedProxies : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void contains_data();
    void contains();
    void addKeepsOneOfEach();
};

void tst_TrustedProxies::parse_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("network"); // empty: refused
    QTest::addColumn<QString>("error");

    QTest::newRow("one IPv4 address") << u"127.0.0.1"_s << u"127.0.0.1/32"_s << QString();
    QTest::newRow("an IPv4 network") << u"10.0.0.0/8"_s << u"10.0.0.0/8"_s << QString();
    QTest::newRow("every IPv4 address") << u"0.0.0.0/0"_s << u"0.0.0.0/0"_s << QString();
    QTest::newRow("a /32") << u"192.168.1.7/32"_s << u"192.168.1.7/32"_s << QString();
    QTest::newRow("one IPv6 address") << u"::1"_s << u"::1/128"_s << QString();
    QTest::newRow("an IPv6 network in long form") << u"2001:0DB8:0:0:0:0:0:0/32"_s << u"2001:db8::/32"_s << QString();
    QTest::newRow("an IPv4-mapped network is IPv4") << u"::ffff:10.0.0.0/104"_s << u"10.0.0.0/8"_s << QString();
    QTest::newRow("an IPv4-mapped address is IPv4") << u"::ffff:127.0.0.1"_s << u"127.0.0.1/32"_s << QString();

    QTest::newRow("empty") << QString() << QString() << u"trusted proxy \"\": expected ADDR or ADDR/PREFIX"_s;
    QTest::newRow("a host name") << u"localhost"_s << QString()
                                 << u"trusted proxy \"localhost\": not an IPv4 address (four numbers 0-255, no leading zeros)"_s;
    QTest::newRow("inet_aton's short form") << u"10.1"_s << QString()
                                            << u"trusted proxy \"10.1\": not an IPv4 address (four numbers 0-255, no leading zeros)"_s;
    QTest::newRow("octal-looking") << u"010.0.0.1"_s << QString()
                                   << u"trusted proxy \"010.0.0.1\": not an IPv4 address (four numbers 0-255, no leading zeros)"_s;
    QTest::newRow("hex-looking") << u"0x7f.0.0.1"_s << QString()
                                 << u"trusted proxy \"0x7f.0.0.1\": not an IPv4 address (four numbers 0-255, no leading zeros)"_s;
    QTest::newRow("spaces") << u" 10.0.0.1"_s << QString()
                            << u"trusted proxy \" 10.0.0.1\": not an IPv4 address (four numbers 0-255, no leading zeros)"_s;
    QTest::newRow("a zone") << u"fe80::1%eth0"_s << QString() << u"trusted proxy \"fe80::1%eth0\": not an IPv6 address"_s;
    QTest::newRow("bad IPv6") << u"1::2::3"_s << QString() << u"trusted proxy \"1::2::3\": not an IPv6 address"_s;
    QTest::newRow("non-Latin-1 in the address") << u"１0.0.0.1"_s << QString() << u"trusted proxy \"１0.0.0.1\": expected ADDR or ADDR/PREFIX"_s;
    QTest::newRow("non-Latin-1 in the prefix") << u"10.0.0.0/８"_s << QString()
                                               << u"trusted proxy \"10.0.0.0/８\": the prefix \"８\" is not a number from 0 to 32"_s;
    QTest::newRow("IPv4 prefix 33") << u"10.0.0.0/33"_s << QString()
                                    << u"trusted proxy \"10.0.0.0/33\": the prefix \"33\" is not a number from 0 to 32"_s;
    QTest::newRow("IPv6 prefix 129") << u"::/129"_s << QString()
                                     << u"trusted proxy \"::/129\": the prefix \"129\" is not a number from 0 to 128"_s;
    QTest::newRow("a netmask") << u"10.0.0.0/255.0.0.0"_s << QString()
                               << u"trusted proxy \"10.0.0.0/255.0.0.0\": the prefix \"255.0.0.0\" is not a number from 0 to 32"_s;
    QTest::newRow("an empty prefix") << u"10.0.0.0/"_s << QString()
                                     << u"trusted proxy \"10.0.0.0/\": the prefix \"\" is not a number from 0 to 32"_s;
    QTest::newRow("a prefix with a leading zero") << u"10.0.0.0/08"_s << QString()
                                                  << u"trusted proxy \"10.0.0.0/08\": the prefix \"08\" is not a number from 0 to 32"_s;
    QTest::newRow("two slashes") << u"10.0.0.0/8/8"_s << QString() << u"trusted proxy \"10.0.0.0/8/8\": more than one '/'"_s;
    QTest::newRow("host bits set, IPv4") << u"10.1.2.3/8"_s << QString()
                                         << u"trusted proxy \"10.1.2.3/8\": bits are set past the /8 prefix; the network is 10.0.0.0/8"_s;
    QTest::newRow("host bits set, IPv6") << u"2001:db8::1/64"_s << QString()
                                         << u"trusted proxy \"2001:db8::1/64\": bits are set past the /64 prefix; the network is 2001:db8::/64"_s;
}

void tst_TrustedProxies::parse()
{
    QFETCH(QString, spec);
    QFETCH(QString, network);
    QFETCH(QString, error);
    QString errorMessage;
    const std::optional<TrustedProxies::Network> parsed = TrustedProxies::parse(spec, &errorMessage);
    QCOMPARE(parsed ? parsed->toString() : QString(), network);
    QCOMPARE(errorMessage, error);

    TrustedProxies proxies;
    QCOMPARE(proxies.add(spec), !network.isEmpty());
    QCOMPARE(proxies.toStringList(), network.isEmpty() ? QStringList() : QStringList { network });
}

void tst_TrustedProxies::contains_data()
{
    QTest::addColumn<QStringList>("specs");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("trusted");

    const QStringList loopback = { u"127.0.0.1"_s, u"::1"_s };
    QTest::newRow("loopback v4") << loopback << u"127.0.0.1"_s << true;
    QTest::newRow("loopback v4 seen by a dual-stack socket") << loopback << u"::ffff:127.0.0.1"_s << true;
    QTest::newRow("loopback v6") << loopback << u"::1"_s << true;
    QTest::newRow("another loopback address") << loopback << u"127.0.0.2"_s << false;
    QTest::newRow("a client") << loopback << u"203.0.113.9"_s << false;
    QTest::newRow("nothing trusted") << QStringList() << u"127.0.0.1"_s << false;

    const QStringList networks = { u"10.0.0.0/8"_s, u"2001:db8::/32"_s };
    QTest::newRow("inside the IPv4 network") << networks << u"10.255.0.1"_s << true;
    QTest::newRow("the IPv4 network's first address") << networks << u"10.0.0.0"_s << true;
    QTest::newRow("just past the IPv4 network") << networks << u"11.0.0.0"_s << false;
    QTest::newRow("just before the IPv4 network") << networks << u"9.255.255.255"_s << false;
    QTest::newRow("inside the IPv4 network, mapped") << networks << u"::ffff:10.1.2.3"_s << true;
    QTest::newRow("inside the IPv6 network") << networks << u"2001:db8:ffff::1"_s << true;
    QTest::newRow("just past the IPv6 network") << networks << u"2001:db9::"_s << false;
    QTest::newRow("an IPv6 address that is not mapped") << networks << u"::10.1.2.3"_s << false;

    QTest::newRow("every IPv4 address, an IPv4 peer") << QStringList { u"0.0.0.0/0"_s } << u"192.0.2.1"_s << true;
    QTest::newRow("every IPv4 address, an IPv6 peer") << QStringList { u"0.0.0.0/0"_s } << u"2001:db8::1"_s << false;
}

void tst_TrustedProxies::contains()
{
    QFETCH(QStringList, specs);
    QFETCH(QString, peer);
    QFETCH(bool, trusted);
    TrustedProxies proxies;
    for (const QString &spec : specs)
        QVERIFY(proxies.add(spec));
    const QHostAddress address(peer);
    QVERIFY(!address.isNull());
    QCOMPARE(proxies.contains(address), trusted);
}

void tst_TrustedProxies::addKeepsOneOfEach()
{
    TrustedProxies proxies;
    QVERIFY(proxies.isEmpty());
    QVERIFY(proxies.add(u"127.0.0.1"_s));
    QVERIFY(proxies.add(u"127.0.0.1/32"_s));
    QVERIFY(proxies.add(u"::ffff:127.0.0.1"_s));
    QVERIFY(!proxies.add(u"127.0.0.1/99"_s));
    QCOMPARE(proxies.toStringList(), QStringList { u"127.0.0.1/32"_s });
    QVERIFY(!proxies.isEmpty());
}

QTEST_APPLESS_MAIN(tst_TrustedProxies)
#include "tst_trustedproxies.moc"
