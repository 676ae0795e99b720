#include "conversation.h"
#include "conversationrecorder.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimeZone>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

using Event = Conversation::Event;
using Kind = Conversation::Event::Kind;
using Side = Conversation::Side;

namespace {

Conversation sample()
{
    Conversation c;
    c.client = { u"::1"_s, 50123 };
    c.server = { u"::1"_s, 65432 };
    c.startTime = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    c.events = {
        { Kind::Connected, Side::Client, 120, {}, u"connected to the lab server"_s },
        { Kind::Data, Side::Client, 180, "\x00g{\"by"_ba, {} },
        { Kind::Data, Side::Client, 181, "teorder\": ...}"_ba, {} },
        { Kind::Data, Side::Server, 900, "\x00\x7f\xff"_ba, u"answer: é 🐰"_s },
        { Kind::Fin, Side::Server, 950, {}, {} },
        { Kind::Reset,
          Side::Client,
          9'007'199'254'740'992,
          {},
          {} }, // 2^53 us: the most JSON holds exactly
    };
    return c;
}

QJsonObject parsed(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class tst_Conversation : public QObject
{
    Q_OBJECT

private slots:
    void jsonRoundTrip();
    void jsonGolden();
    void fromJsonRefuses_data();
    void fromJsonRefuses();
    void bytesFrom();
    void recorderStampsEvents();
    void recorderRules();
};

void tst_Conversation::jsonRoundTrip()
{
    const Conversation original = sample();
    // Through the text of a history file, not only the object.
    const QByteArray text = QJsonDocument(original.toJson()).toJson();
    const std::optional<Conversation> back
            = Conversation::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY(back.has_value());
    QCOMPARE(back->client, original.client);
    QCOMPARE(back->server, original.server);
    QCOMPARE(back->startTime, original.startTime);
    QCOMPARE(back->startTime.timeSpec(), Qt::UTC);
    QCOMPARE(back->events.size(), original.events.size());
    for (qsizetype i = 0; i < original.events.size(); ++i)
        QVERIFY2(back->events[i] == original.events[i], qPrintable(QString::number(i)));
    QVERIFY(*back == original);
}

void tst_Conversation::jsonGolden()
{
    Conversation c;
    c.client = { u"127.0.0.1"_s, 40000 };
    c.server = { u"127.0.0.1"_s, 65432 };
    c.startTime
            = QDateTime(QDate(2026, 1, 2), QTime(4, 5, 6, 7), QTimeZone(3600)); // 03:05:06.007 UTC
    c.events = { { Kind::Connected, Side::Client, 5, {}, {} },
                 { Kind::Data, Side::Client, 6, "hi"_ba, u"note"_s },
                 { Kind::Fin, Side::Server, 7, {}, {} } };
    const QJsonObject expected = parsed(R"({
        "client": {"address": "127.0.0.1", "port": 40000},
        "server": {"address": "127.0.0.1", "port": 65432},
        "start": "2026-01-02T03:05:06.007Z",
        "events": [
            {"event": "connected", "from": "client", "microseconds": 5},
            {"event": "data", "from": "client", "microseconds": 6, "bytes": "aGk=", "comment": "note"},
            {"event": "fin", "from": "server", "microseconds": 7}
        ]})");
    QVERIFY(!expected.isEmpty());
    QCOMPARE(c.toJson(), expected);
}

void tst_Conversation::fromJsonRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray good
            = R"({"client": {"address": "::1", "port": 1}, "server": {"address": "::1", "port": 2},
                                 "start": "2026-01-02T03:05:06.007Z", "events": [EVENT]})";
    const auto with
            = [&good](const char *event) { return QByteArray(good).replace("EVENT", event); };
    QVERIFY(Conversation::fromJson(
            parsed(with(R"({"event": "fin", "from": "server", "microseconds": 0})"))));

    QTest::newRow("not an object") << "[]"_ba;
    QTest::newRow("no client")
            << R"({"server": {"address": "::1", "port": 2}, "start": "2026-01-02T03:05:06Z", "events": []})"_ba;
    QTest::newRow("port not a number")
            << QByteArray(good).replace(R"("port": 1)", R"("port": "1")").replace("EVENT", "");
    QTest::newRow("port over 65535")
            << QByteArray(good).replace(R"("port": 1)", R"("port": 65536)").replace("EVENT", "");
    QTest::newRow("port negative")
            << QByteArray(good).replace(R"("port": 1)", R"("port": -1)").replace("EVENT", "");
    QTest::newRow("port with a fraction")
            << QByteArray(good).replace(R"("port": 1)", R"("port": 1.5)").replace("EVENT", "");
    QTest::newRow("address not a string")
            << QByteArray(good)
                       .replace(R"("address": "::1")", R"("address": 1)")
                       .replace("EVENT", "");
    QTest::newRow("start not a time") << QByteArray(good)
                                                 .replace("2026-01-02T03:05:06.007Z", "yesterday")
                                                 .replace("EVENT", "");
    QTest::newRow("events not an array") << QByteArray(good).replace("[EVENT]", "{}");
    QTest::newRow("event not an object") << with("1");
    QTest::newRow("unknown event")
            << with(R"({"event": "syn", "from": "client", "microseconds": 0})");
    QTest::newRow("unknown side") << with(R"({"event": "fin", "from": "both", "microseconds": 0})");
    QTest::newRow("no time") << with(R"({"event": "fin", "from": "client"})");
    QTest::newRow("negative time")
            << with(R"({"event": "fin", "from": "client", "microseconds": -1})");
    QTest::newRow("time beyond 2^53")
            << with(R"({"event": "fin", "from": "client", "microseconds": 1e17})");
    QTest::newRow("bytes not base64")
            << with(R"({"event": "data", "from": "client", "microseconds": 0, "bytes": "a*b"})");
    QTest::newRow("bytes not a string")
            << with(R"({"event": "data", "from": "client", "microseconds": 0, "bytes": 5})");
    QTest::newRow("comment not a string")
            << with(R"({"event": "fin", "from": "client", "microseconds": 0, "comment": []})");
}

void tst_Conversation::fromJsonRefuses()
{
    QFETCH(QByteArray, json);
    QCOMPARE(Conversation::fromJson(parsed(json)).has_value(), false);
}

void tst_Conversation::bytesFrom()
{
    const Conversation c = sample();
    QCOMPARE(c.bytesFrom(Side::Client), "\x00g{\"byteorder\": ...}"_ba);
    QCOMPARE(c.bytesFrom(Side::Server), "\x00\x7f\xff"_ba);
}

void tst_Conversation::recorderStampsEvents()
{
    ConversationRecorder recorder;
    QVERIFY(!recorder.isStarted());
    recorder.connected(); // before start(): nothing to record into
    QVERIFY(recorder.conversation().events.isEmpty());

    const QDateTime before = QDateTime::currentDateTimeUtc();
    recorder.start();
    recorder.setEndpoints({ u"127.0.0.1"_s, 40000 }, { u"127.0.0.1"_s, 65432 });
    recorder.connected();
    recorder.data(Side::Client, "req");
    recorder.data(Side::Server, "ans");
    recorder.fin(Side::Client);
    const Conversation &c = recorder.conversation();
    QVERIFY(c.startTime >= before.addMSecs(-1) && c.startTime <= QDateTime::currentDateTimeUtc());
    QCOMPARE(c.startTime.timeSpec(), Qt::UTC);
    QCOMPARE(c.client, (Conversation::Endpoint { u"127.0.0.1"_s, 40000 }));
    QList<Kind> kinds;
    for (const Event &event : c.events)
        kinds << event.kind;
    QCOMPARE(kinds, (QList<Kind> { Kind::Connected, Kind::Data, Kind::Data, Kind::Fin }));
    QCOMPARE(c.events[2].from, Side::Server);
    QCOMPARE(c.events[2].bytes, "ans"_ba);
    for (qsizetype i = 1; i < c.events.size(); ++i)
        QVERIFY(c.events[i].microseconds >= c.events[i - 1].microseconds);
    QVERIFY(c.events[0].microseconds >= 0);

    recorder.start(); // a new conversation forgets the old one
    QVERIFY(recorder.conversation().events.isEmpty());
    QCOMPARE(recorder.conversation().client, Conversation::Endpoint());
}

void tst_Conversation::recorderRules()
{
    ConversationRecorder recorder;
    recorder.start();
    recorder.comment(u"before anything"_s); // kept for the first event
    recorder.connected();
    recorder.data(Side::Client, {}); // no bytes: no event
    recorder.fin(Side::Client);
    recorder.fin(Side::Client); // once per side
    recorder.data(Side::Client, "late"); // after its own FIN: not recorded
    QVERIFY(recorder.hasClosed(Side::Client));
    QVERIFY(!recorder.hasClosed(Side::Server));
    recorder.data(Side::Server, "still talking");
    recorder.comment(u"one"_s);
    recorder.comment(u"two"_s);
    recorder.reset(Side::Server);
    recorder.fin(Side::Server); // after a reset: nothing
    recorder.data(Side::Server, "x");
    QVERIFY(recorder.hasClosed(Side::Server));

    const QList<Event> &events = recorder.conversation().events;
    QCOMPARE(events.size(), 4);
    QCOMPARE(events[0].comment, u"before anything"_s);
    QCOMPARE(events[1].kind, Kind::Fin);
    QCOMPARE(events[2].comment, u"one\ntwo"_s);
    QCOMPARE(events[3].kind, Kind::Reset);
    QCOMPARE(events[3].from, Side::Server);
}

QTEST_GUILESS_MAIN(tst_Conversation)
#include "tst_conversation.moc"
