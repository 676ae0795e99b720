#include "labprotocol.h"
#include "labsamples.h"
#include "messageencoder.h"
#include "pcapngwriter.h"
#include "stubserver.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Wirelab;

using Event = Conversation::Event;
using Kind = Conversation::Event::Kind;
using Side = Conversation::Side;

// What tshark made of one Wirelab message: its wirelab.* fields (a field that occurs twice
// has both values, in order) and the frame it was shown in.
struct DissectedMessage
{
    int frame = 0;
    int stream = 0;
    QMap<QString, QStringList> fields;
};

struct Expert
{
    QString name; // the expert field's abbreviation: wirelab.HeaderTooLarge, tcp.analysis...
    QString message;
    qint64 severity = 0;
};

struct Dissection
{
    bool ok = false;
    QString error;
    QList<DissectedMessage> messages;
    QList<Expert> experts;
    int packets = 0;
    QStringList badChecksums; // "frame N: ip" for every header whose checksum is not Good
};

namespace {

// Wireshark's severities (epan/proto.h PI_*): chat and note are what valid traffic has.
constexpr qint64 SeverityWarn = 0x00600000;
constexpr qint64 SeverityError = 0x00800000;

QString tsharkProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("tshark"));
}

// tshark -T json writes values as strings, a repeated key as an array (--no-duplicate-keys).
QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    if (value.isString())
        strings << value.toString();
    for (const QJsonValue &item : value.toArray())
        strings += stringsOf(item);
    return strings;
}

void collectFields(const QJsonObject &object, QMap<QString, QStringList> &fields)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().startsWith(u"wirelab."_s) && !it.key().endsWith(u"_tree"_s))
            fields[it.key()] += stringsOf(it.value());
        const QJsonArray children
                = it.value().isArray() ? it.value().toArray() : QJsonArray { it.value() };
        for (const QJsonValue &child : children) {
            if (child.isObject() && it.key() != u"_ws.expert"_s)
                collectFields(child.toObject(), fields);
        }
    }
}

void collectExperts(const QJsonValue &value, QList<Expert> &experts)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectExperts(item, experts);
        return;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != u"_ws.expert"_s) {
            collectExperts(it.value(), experts);
            continue;
        }
        const QJsonArray entries
                = it.value().isArray() ? it.value().toArray() : QJsonArray { it.value() };
        for (const QJsonValue &entry : entries) {
            const QJsonObject info = entry.toObject();
            Expert expert;
            for (auto field = info.begin(); field != info.end(); ++field) {
                if (!field.key().startsWith(u"_ws.expert"_s))
                    expert.name = field.key();
            }
            expert.message = info.value(u"_ws.expert.message"_s).toString();
            expert.severity = info.value(u"_ws.expert.severity"_s).toString().toLongLong();
            experts << expert;
        }
    }
}

// Runs tshark with our dissector over capture, checksum validation on, and reads its JSON.
// HOME and XDG_CONFIG_HOME point into a fresh folder: no personal plugin (a wirelab.lua
// installed there would register the protocol twice) or preference of this machine counts.
Dissection dissect(const QByteArray &capture)
{
    Dissection result;
    QTemporaryDir directory;
    const QString fileName = directory.filePath(u"capture.pcapng"_s);
    QFile file(fileName);
    if (!directory.isValid() || !file.open(QIODevice::WriteOnly)
        || file.write(capture) != capture.size()) {
        result.error = u"cannot write the capture"_s;
        return result;
    }
    file.close();
    QProcess tshark;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, directory.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, directory.filePath(u"config"_s));
    tshark.setProcessEnvironment(environment);
    tshark.start(tsharkProgram(),
                 { u"-X"_s, QStringLiteral("lua_script:" WIRELAB_LUA_PATH), u"-o"_s,
                   u"tcp.check_checksum:TRUE"_s, u"-o"_s, u"ip.check_checksum:TRUE"_s, u"-r"_s,
                   fileName, u"-T"_s, u"json"_s, u"--no-duplicate-keys"_s });
    if (!tshark.waitForFinished(60000)) {
        result.error = u"tshark did not finish: "_s + tshark.errorString();
        return result;
    }
    const QByteArray errors = tshark.readAllStandardError();
    QJsonParseError parseError;
    const QJsonDocument document
            = QJsonDocument::fromJson(tshark.readAllStandardOutput(), &parseError);
    if (tshark.exitCode() != 0 || parseError.error != QJsonParseError::NoError
        || errors.contains("Lua")) {
        result.error
                = u"tshark exit %1: %2"_s.arg(tshark.exitCode()).arg(QString::fromUtf8(errors));
        return result;
    }
    const QJsonArray packets = document.array();
    result.packets = int(packets.size());
    for (const QJsonValue &packet : packets) {
        const QJsonObject layers = packet[u"_source"_s][u"layers"_s].toObject();
        const int frame = layers[u"frame"_s][u"frame.number"_s].toString().toInt();
        const QJsonObject tcp = layers[u"tcp"_s].toObject();
        const int stream = tcp[u"tcp.stream"_s].toString().toInt();
        const QJsonValue wirelab = layers[u"wirelab"_s];
        for (const QJsonValue &layer :
             wirelab.isArray() ? wirelab.toArray() : QJsonArray { wirelab }) {
            DissectedMessage message { frame, stream, {} };
            collectFields(layer.toObject(), message.fields);
            if (!message.fields.isEmpty())
                result.messages << message;
        }
        collectExperts(QJsonValue(layers), result.experts);
        const QJsonObject ip = layers[u"ip"_s].toObject();
        if (!ip.isEmpty() && ip[u"ip.checksum.status"_s].toString() != u"1"_s)
            result.badChecksums << u"frame %1: ip"_s.arg(frame);
        if (tcp[u"tcp.checksum.status"_s].toString() != u"1"_s)
            result.badChecksums << u"frame %1: tcp"_s.arg(frame);
    }
    result.ok = true;
    return result;
}

// A conversation as the lab has it, each side's bytes written in pieces of chop bytes (0:
// whole) a few microseconds apart.
Conversation exchange(const QByteArray &request, const QByteArray &response, quint16 clientPort,
                      int chop = 0, const QString &address = u"127.0.0.1"_s)
{
    Conversation c { { address, clientPort },
                     { address, 65432 },
                     QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC),
                     {} };
    qint64 at = 100;
    c.events << Event { Kind::Connected, Side::Client, at, {}, {} };
    const auto send = [&](Side from, const QByteArray &bytes) {
        const qsizetype piece = chop > 0 ? chop : qMax<qsizetype>(1, bytes.size());
        for (qsizetype offset = 0; offset < bytes.size(); offset += piece)
            c.events << Event { Kind::Data, from, at += 10, bytes.mid(offset, piece), {} };
    };
    send(Side::Client, request);
    send(Side::Server, response);
    c.events << Event { Kind::Fin, Side::Client, at += 10, {}, {} };
    c.events << Event { Kind::Fin, Side::Server, at += 10, {}, {} };
    return c;
}

const LabSample &sample(const QList<LabSample> &samples, const char *name)
{
    for (const LabSample &s : samples) {
        if (qstrcmp(s.name, name) == 0)
            return s;
    }
    qFatal("no lab sample %s", name);
}

// What the dissector shows of every message: the header and content come from the bytes.
QMap<QString, QStringList> expectedFields(const QByteArray &bytes,
                                          QMap<QString, QStringList> fields)
{
    const int headerLength = quint8(bytes[0]) << 8 | quint8(bytes[1]);
    fields[u"wirelab.header_length"_s] = QStringList { QString::number(headerLength) };
    fields[u"wirelab.header"_s] = QStringList { QString::fromUtf8(bytes.mid(2, headerLength)) };
    fields[u"wirelab.content"_s]
            = QStringList { QString::fromLatin1(bytes.mid(2 + headerLength).toHex(':')) };
    return fields;
}

// The samples in both byteorders, each a conversation of its own on its own client port.
QList<Conversation> labConversations(int chop)
{
    QList<Conversation> conversations;
    quint16 port = 40000;
    for (const LabSample &request : labRequests())
        conversations << exchange(request.bytes, sample(labResponses(), request.name).bytes, port++,
                                  chop);
    // Two requests in one write, and two answers: several messages in one segment.
    const QByteArray morpheus = sample(labRequests(), "search morpheus (little)").bytes;
    const QByteArray doubling = sample(labRequests(), "double 7654321 (little)").bytes;
    conversations << exchange(morpheus + doubling,
                              sample(labResponses(), "search morpheus (little)").bytes
                                      + sample(labResponses(), "double 7654321 (little)").bytes,
                              port++, chop);
    conversations << exchange(morpheus, sample(labResponses(), "search morpheus (little)").bytes,
                              port++, chop, u"::1"_s);
    return conversations;
}

struct Mistake
{
    const char *name;
    QByteArray bytes; // what the client sends before it closes
    const char *kind; // DecodeError::Kind, or the lab's CommandTooShort
    const char *says; // a part of the expert's text
};

QByteArray framed(const QByteArray &header, const QByteArray &content = {})
{
    QByteArray prefix(2, '\0');
    qToBigEndian<quint16>(quint16(header.size()), prefix.data());
    return prefix + header + content;
}

QByteArray textHeader(const QByteArray &contentLength, const QByteArray &encoding = "utf-8")
{
    return R"({"byteorder": "little", "content-type": "text/json", "content-encoding": ")"
           + encoding + R"(", "content-length": )" + contentLength + "}";
}

const QList<Mistake> &mistakeTable()
{
    const QByteArray morpheus = sample(labRequests(), "search morpheus (little)").bytes;
    QByteArray littleEndian = morpheus;
    std::swap(littleEndian[0], littleEndian[1]);
    static const QList<Mistake> list = {
        { "prefix packed little-endian", littleEndian, "HeaderTooLarge",
          R"(Read little-endian it would be 103: the prefix must be big-endian (struct.pack(">H", ...)).)" },
        { "no prefix", morpheus.mid(2), "HeaderTooLarge", "is the 2-byte length prefix missing?" },
        { "prefix 0", "\x00\x00{}"_ba, "HeaderLengthZero", "The 2-byte length prefix is 0" },
        { "header not UTF-8", framed("{\"\xff\": 1}"), "HeaderNotUtf8",
          "not valid UTF-8 text (byte 2" },
        { "header not JSON", framed("hello"), "HeaderNotJson", "The header is not valid JSON" },
        // Escaped, not raw: moc 6.4 loses its way in this one as a raw string.
        { "header cut inside a string", framed("{\"byteorder\": \"lit"), "HeaderNotJson",
          "unterminated string" },
        { "header an array", framed("[1, 2]"), "HeaderNotObject", "must be a JSON object" },
        { "header a string", framed(R"("text")"), "HeaderNotObject", "must be a JSON object" },
        { "no content-length",
          framed(R"({"byteorder": "big", "content-type": "text/json", "content-encoding": "utf-8"})",
                 "{}"),
          "MissingField", R"(Missing required header "content-length".)" },
        { "no byteorder",
          framed(R"({"content-type": "text/json", "content-encoding": "utf-8", "content-length": 2})",
                 "{}"),
          "MissingField", R"(Missing required header "byteorder".)" },
        { "content-type a number",
          framed(R"({"byteorder": "big", "content-type": 5, "content-encoding": "utf-8", "content-length": 2})",
                 "{}"),
          "InvalidField", R"("content-type" must be a string.)" },
        { "content-length a string", framed(textHeader(R"("2")"), "{}"), "InvalidContentLength",
          R"(not "2".)" },
        { "content-length negative", framed(textHeader("-1"), "{}"), "InvalidContentLength",
          "not -1." },
        { "content-length with a fraction", framed(textHeader("2.5"), "{}"), "InvalidContentLength",
          "not 2.5." },
        { "content-length over the limit", framed(textHeader("2000000"), "{}"), "ContentTooLarge",
          "The content-length is 2000000 bytes; the limit is 1048576 bytes." },
        { "content-length past the end", framed(textHeader("41"), R"({"action": "search")"),
          "TruncatedAtEof",
          "ended in the middle of the message's content: 19 of its 41 bytes arrived." },
        { "header past the end", morpheus.left(50), "TruncatedAtEof",
          "ended in the middle of the message's header: 48 of its 103 bytes arrived." },
        { "prefix past the end", "\x00"_ba, "TruncatedAtEof",
          "ended in the middle of the message's length prefix: 1 of its 2 bytes arrived." },
        { "text/json sent as binary", framed(textHeader("2", "binary"), "{}"),
          "UnsupportedEncoding",
          R"(The content-encoding "binary" is not one text/json content can use.)" },
        { "content not UTF-8", framed(textHeader("3"), "{\xff}"), "ContentNotText",
          "not valid UTF-8" },
        { "content not ASCII", framed(textHeader("3", "ascii"), "{\xe9}"), "ContentNotText",
          "not valid ascii text" },
        { "content not JSON", framed(textHeader("6"), "{x: 1}"), "ContentNotJson",
          "not valid JSON: expected a key at byte 1 of the content." },
        { "content empty", framed(textHeader("0")), "ContentNotJson", "not valid JSON" },
        { "content an array", framed(textHeader("3"), "[1]"), "ContentNotObject",
          "must be a JSON object" },
        { "double too short",
          framed(R"({"byteorder": "big", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 8})",
                 "double12"),
          "CommandTooShort", "double needs 10 bytes of content" },
    };
    return list;
}

QStringList wirelabExperts(const Dissection &dissection)
{
    QStringList names;
    for (const Expert &expert : dissection.experts) {
        if (expert.name.startsWith(u"wirelab."_s))
            names << expert.name;
    }
    return names;
}

QStringList warnings(const Dissection &dissection)
{
    QStringList found;
    for (const Expert &expert : dissection.experts) {
        if (expert.severity >= SeverityWarn)
            found << expert.name + u": "_s + expert.message;
    }
    return found;
}

// The messages of a dissection, one line each, frame numbers left out: what must not
// depend on how the bytes were cut into segments.
QStringList outline(const Dissection &dissection)
{
    QStringList lines;
    for (const DissectedMessage &message : dissection.messages) {
        QStringList parts { QString::number(message.stream) };
        for (auto it = message.fields.cbegin(); it != message.fields.cend(); ++it)
            parts << it.key() + u"="_s + it.value().join(u'|');
        lines << parts.join(u"  "_s);
    }
    return lines;
}

} // namespace

class tst_Wireshark : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void labSamples_data();
    void labSamples();
    void wholeAndChopped_data();
    void wholeAndChopped();
    void mistakes_data();
    void mistakes();
    void jsonAsTheDecoderReadsIt_data();
    void jsonAsTheDecoderReadsIt();
    void resetCutsAMessageShort();
    void heuristicsOnAnyPort();
    void realClientCapture_data();
    void realClientCapture();

private:
    Dissection m_whole; // the lab conversations, each message in one segment
};

void tst_Wireshark::initTestCase()
{
    if (tsharkProgram().isEmpty())
        QFAIL("tshark is not installed: run scripts/install-deps.sh (as root), which installs "
              "Debian's tshark, and run the tests again.");
    m_whole = dissect(PcapngWriter::capture(labConversations(0)));
    QVERIFY2(m_whole.ok, qPrintable(m_whole.error));
}

void tst_Wireshark::labSamples_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("stream");
    QTest::addColumn<QStringList>("request"); // key=value of the fields beyond header and content
    QTest::addColumn<QStringList>("response");
    const QStringList search { u"content_type=text/json"_s, u"content_encoding=utf-8"_s };
    const QStringList asked { u"content_type=binary/custom-client-binary-type"_s,
                              u"content_encoding=binary"_s, u"content_length=10"_s };
    const QStringList answered { u"content_type=binary/custom-server-binary-type"_s,
                                 u"content_encoding=binary"_s };
    const QStringList result = answered + QStringList { u"content_length=10"_s, u"command=result"_s };
    // What each of the lab's samples means, whichever byteorder its sender had.
    const struct
    {
        const char *sample;
        QStringList request;
        QStringList response;
    } meanings[] = {
        { "search morpheus", search + QStringList { u"content_length=41"_s, u"action=search"_s, u"value=morpheus"_s },
          search + QStringList { u"content_length=43"_s, u"result=Follow the white rabbit. 🐰"_s } },
        { "search dog", search + QStringList { u"content_length=37"_s, u"action=search"_s, u"value=🐶"_s },
          search + QStringList { u"content_length=37"_s, u"result=🐾 Playing ball! 🏐"_s } },
        { "binary smiley", asked + QStringList { u"command=binary"_s },
          answered + QStringList { u"content_length=37"_s } },
        { "double 7654321", asked + QStringList { u"command=double"_s, u"int32=7654321"_s },
          result + QStringList { u"int32=15308642"_s } },
        { "negate 7654321", asked + QStringList { u"command=negate"_s, u"int32=7654321"_s },
          result + QStringList { u"int32=-7654321"_s } },
        { "negate -300", asked + QStringList { u"command=negate"_s, u"int32=-300"_s },
          result + QStringList { u"int32=300"_s } },
    };
    int stream = 0;
    for (const LabSample &request : labRequests()) {
        const QString name = QString::fromLatin1(request.name);
        const QString byteorder = u"byteorder="_s + QLatin1String(request.byteorder);
        for (const auto &meaning : meanings) {
            if (name.startsWith(QLatin1String(meaning.sample)))
                QTest::newRow(request.name)
                        << name << stream
                        << meaning.request + QStringList { byteorder, u"is_request=1"_s }
                        << meaning.response + QStringList { byteorder, u"is_request=0"_s };
        }
        ++stream;
    }
}

QMap<QString, QStringList> fieldMap(const QByteArray &bytes, const QStringList &pairs)
{
    QMap<QString, QStringList> fields;
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(u'=');
        fields[u"wirelab."_s + pair.left(equals)] << pair.mid(equals + 1);
    }
    return expectedFields(bytes, fields);
}

// The lab text's own bytes, as a capture from each side, dissect to what the lab means.
void tst_Wireshark::labSamples()
{
    QFETCH(QString, name);
    QFETCH(int, stream);
    QFETCH(QStringList, request);
    QFETCH(QStringList, response);
    QList<DissectedMessage> messages;
    for (const DissectedMessage &message : m_whole.messages) {
        if (message.stream == stream)
            messages << message;
    }
    QCOMPARE(messages.size(), 2);
    const QByteArray requestBytes = sample(labRequests(), name.toLatin1().constData()).bytes;
    const QByteArray responseBytes = sample(labResponses(), name.toLatin1().constData()).bytes;
    QCOMPARE(messages[0].fields, fieldMap(requestBytes, request));
    QCOMPARE(messages[1].fields, fieldMap(responseBytes, response));
    // The request in the client's data segment (frame 4), the answer in the server's (5).
    QCOMPARE(messages[1].frame - messages[0].frame, 1);
}

void tst_Wireshark::wholeAndChopped_data()
{
    QTest::addColumn<int>("chop");
    QTest::newRow("1-byte segments") << 1;
    QTest::newRow("2-byte segments") << 2;
    QTest::newRow("7-byte segments") << 7;
    QTest::newRow("101-byte segments (inside the header)") << 101;
}

// Wireshark's own rule for dissectors: the same bytes in any segments, the same fields;
// and valid traffic, however cut, raises no warning and has only good checksums.
void tst_Wireshark::wholeAndChopped()
{
    QFETCH(int, chop);
    const Dissection chopped = dissect(PcapngWriter::capture(labConversations(chop)));
    QVERIFY2(chopped.ok, qPrintable(chopped.error));
    QVERIFY(chopped.packets > m_whole.packets);
    QCOMPARE(outline(chopped), outline(m_whole));
    QCOMPARE(outline(m_whole).size(), 2 * labRequests().size() + 4 + 2);
    for (const Dissection *dissection : { &std::as_const(m_whole), &chopped }) {
        QCOMPARE(warnings(*dissection), QStringList());
        QCOMPARE(wirelabExperts(*dissection), QStringList());
        QCOMPARE(dissection->badChecksums, QStringList());
    }
}

void tst_Wireshark::mistakes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("says");
    for (const Mistake &mistake : mistakeTable())
        QTest::newRow(mistake.name) << mistake.bytes << QString::fromLatin1(mistake.kind)
                                    << QString::fromUtf8(mistake.says);
}

// Each mistake the decoder knows gives its expert info, an error, once, whole or cut into
// 1-byte segments; nothing else in the capture is an error or a warning.
void tst_Wireshark::mistakes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, kind);
    QFETCH(QString, says);
    for (int chop : { 0, 1 }) {
        const Dissection dissection
                = dissect(PcapngWriter::capture({ exchange(bytes, {}, 40000, chop) }));
        QVERIFY2(dissection.ok, qPrintable(dissection.error));
        QCOMPARE(wirelabExperts(dissection), QStringList { u"wirelab."_s + kind });
        for (const Expert &expert : dissection.experts) {
            if (expert.name.startsWith(u"wirelab."_s)) {
                QVERIFY2(expert.message.contains(says), qPrintable(expert.message));
                QCOMPARE(expert.severity, SeverityError);
            } else {
                QVERIFY2(expert.severity < SeverityWarn,
                         qPrintable(expert.name + u": "_s + expert.message));
            }
        }
        QCOMPARE(dissection.badChecksums, QStringList());
    }
}

void tst_Wireshark::jsonAsTheDecoderReadsIt_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected"); // key=value, some of the message's fields
    QTest::newRow("escapes and a surrogate pair")
            << framed(textHeader("63"),
                      R"({"action": "search", "value": "\ud83d\udc36 \"a\/b\" \u00e9\\"})")
            << QStringList { u"action=search"_s, u"value=🐶 \"a/b\" é\\"_s };
    QTest::newRow("a value that is not a string, as written")
            << framed(textHeader("55"),
                      R"({"action": "double", "value": {"n": [1, -2.5e3, null]}})")
            << QStringList { u"action=double"_s, u"value={\"n\": [1, -2.5e3, null]}"_s };
    QTest::newRow("a key written twice: the last counts")
            << framed(textHeader("48"), R"({"action": "search", "value": "a", "value": "b"})")
            << QStringList { u"value=b"_s };
    QTest::newRow("header in another order and spacing, with an extra key")
            << framed("{ \"content-length\" : 2 "
                      ",\n\t\"content-encoding\":\"utf-8\",\"content-type\":\"text/json\","
                      "\"byteorder\":\"big\", \"extra\": [true, {}]}",
                      "{}")
            << QStringList { u"content_length=2"_s, u"byteorder=big"_s,
                             u"content_encoding=utf-8"_s };
    QTest::newRow("content-length 2.0 is 2")
            << framed(textHeader("2.0"), "{}") << QStringList { u"content_length=2"_s };
    QTest::newRow("latin-1 content")
            << framed(textHeader("18", "latin-1"), "{\"result\": \"caf\xe9\"}")
            << QStringList { u"result=café"_s };
    QTest::newRow("Python's utf8 spelling") << framed(textHeader("13", "UTF8"), R"({"result": 1})")
                                            << QStringList { u"result=1"_s };
}

// The dissector's own JSON reader against what the decoder (QJsonDocument) accepts.
void tst_Wireshark::jsonAsTheDecoderReadsIt()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    const Dissection dissection = dissect(PcapngWriter::capture({ exchange(bytes, {}, 40000) }));
    QVERIFY2(dissection.ok, qPrintable(dissection.error));
    QCOMPARE(wirelabExperts(dissection), QStringList());
    QCOMPARE(dissection.messages.size(), 1);
    for (const QString &pair : expected) {
        const qsizetype equals = pair.indexOf(u'=');
        QCOMPARE(dissection.messages[0].fields.value(u"wirelab."_s + pair.left(equals)),
                 QStringList { pair.mid(equals + 1) });
    }
}

// A reset from the server ends the client's message too, counted from what it acknowledges.
void tst_Wireshark::resetCutsAMessageShort()
{
    const QByteArray request
            = sample(labRequests(), "double 7654321 (big)").bytes.left(2 + 124 + 8);
    for (int chop : { 0, 1, 3 }) {
        Conversation c = exchange(request, {}, 40000, chop);
        c.events.removeLast(); // the FINs: the server resets instead
        c.events.last() = Event { Kind::Reset, Side::Server, c.events.last().microseconds, {}, {} };
        const Dissection dissection = dissect(PcapngWriter::capture({ c }));
        QVERIFY2(dissection.ok, qPrintable(dissection.error));
        QCOMPARE(wirelabExperts(dissection), QStringList { u"wirelab.TruncatedAtEof"_s });
        for (const Expert &expert : dissection.experts) {
            if (expert.name.startsWith(u"wirelab."_s))
                QCOMPARE(
                        expert.message,
                        u"The connection ended in the middle of the message's content: 8 of its 10 bytes arrived."_s);
        }
    }
}

// Off port 65432, a message whose header is whole in its first segment is found, and its
// answer with it (the conversation is the dissector's from then on).
void tst_Wireshark::heuristicsOnAnyPort()
{
    Conversation c = exchange(sample(labRequests(), "negate -300 (big)").bytes,
                              sample(labResponses(), "negate -300 (big)").bytes, 40000);
    c.server.port = 9000;
    const Dissection dissection = dissect(PcapngWriter::capture({ c }));
    QVERIFY2(dissection.ok, qPrintable(dissection.error));
    QCOMPARE(dissection.messages.size(), 2);
    QCOMPARE(dissection.messages[0].fields.value(u"wirelab.int32"_s), QStringList { u"-300"_s });
    QCOMPARE(dissection.messages[1].fields.value(u"wirelab.int32"_s), QStringList { u"300"_s });
    QCOMPARE(dissection.messages[1].fields.value(u"wirelab.is_request"_s), QStringList { u"0"_s });

    // Not the protocol: the same port with other bytes is left alone.
    c.events[1].bytes = "GET / HTTP/1.0\r\n\r\n";
    c.events[2].bytes = "\x00\x05hello"_ba;
    const Dissection other = dissect(PcapngWriter::capture({ c }));
    QVERIFY2(other.ok, qPrintable(other.error));
    QCOMPARE(other.messages.size(), 0);
}

void tst_Wireshark::realClientCapture_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("sampleName"); // the lab's answer
    QTest::addColumn<QString>("requestField");
    QTest::addColumn<QString>("responseField");
    QTest::newRow("double 7654321") << u"double"_s << u"7654321"_s << u"double 7654321 (little)"_s
                                    << u"wirelab.int32=7654321"_s << u"wirelab.int32=15308642"_s;
    QTest::newRow("search morpheus")
            << u"search"_s << u"morpheus"_s << u"search morpheus (little)"_s
            << u"wirelab.value=morpheus"_s << u"wirelab.result=Follow the white rabbit. 🐰"_s;
}

// A real wirelab-client, a real socket, a server in this test answering the lab's bytes on
// a port the system chose (so the heuristics find it): its --capture file dissects clean.
void tst_Wireshark::realClientCapture()
{
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QString, sampleName);
    QFETCH(QString, requestField);
    QFETCH(QString, responseField);
    const QByteArray request = encodeMessage(Lab::buildRequest(action, value).message).bytes;
    const QByteArray answer = sample(labResponses(), sampleName.toLatin1().constData()).bytes;
    StubServer server(StubServer::Behaviour::Answer, answer, request.size());
    QVERIFY(server.isListening());
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString fileName = directory.filePath(u"exchange.pcapng"_s);
    QProcess client;
    QSignalSpy finished(&client, &QProcess::finished);
    client.start(QStringLiteral(WIRELAB_CLIENT_PATH),
                 { u"--quiet"_s, u"--capture"_s, fileName, u"127.0.0.1"_s,
                   QString::number(server.serverPort()), action, value });
    QVERIFY(finished.wait(30000)); // the stub server needs this thread's event loop
    QCOMPARE(client.exitCode(), 0);
    QCOMPARE(server.request(), request);

    QFile file(fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Dissection dissection = dissect(file.readAll());
    QVERIFY2(dissection.ok, qPrintable(dissection.error));
    QCOMPARE(dissection.messages.size(), 2);
    const auto has = [](const DissectedMessage &message, const QString &pair) {
        const qsizetype equals = pair.indexOf(u'=');
        return message.fields.value(pair.left(equals)) == QStringList { pair.mid(equals + 1) };
    };
    QVERIFY(has(dissection.messages[0], requestField));
    QVERIFY(has(dissection.messages[0], u"wirelab.is_request=1"_s));
    QVERIFY(has(dissection.messages[1], responseField));
    QVERIFY(has(dissection.messages[1], u"wirelab.is_request=0"_s));
    QCOMPARE(warnings(dissection), QStringList());
    QCOMPARE(wirelabExperts(dissection), QStringList());
    QCOMPARE(dissection.badChecksums, QStringList());
}

QTEST_GUILESS_MAIN(tst_Wireshark)
#include "tst_wireshark.moc"
