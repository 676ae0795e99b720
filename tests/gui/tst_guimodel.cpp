#include "byteformats.h"
#include "historyfile.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "messageoutline.h"
#include "outlinemodel.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// The window's model, without a widget: what every view of a message renders, one exchange,
// history files and the byte formats for copying.
class tst_GuiModel : public QObject
{
    Q_OBJECT

private slots:
    void outlineOfTheLabsDouble();
    void outlineOfASearchAnswer();
    void outlineOfWhatCameAfterTheMessage();
    void outlineOfALittleEndianPrefix();
    void outlineOfAnOversizedContentLength();
    void outlineOfALatin1Answer();
    void outlineOfAnHttpAnswer();
    void outlineModelFollowsTheOutline();
    void headlines_data();
    void headlines();
    void historyLineNamesTheEndpoint();
    void historyRoundTrip();
    void historyFilesThatAreRefused_data();
    void historyFilesThatAreRefused();
    void historyWithDamagedEntriesSaysWhich();
    void historyKeptWithinItsBounds();
    void byteFormats();
};

namespace {

QByteArray frame(const QByteArray &header, const QByteArray &content = {})
{
    QByteArray prefix(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), prefix.data());
    return prefix + header + content;
}

QByteArray labRequest(const QString &action, const QString &value)
{
    return encodeMessage(Lab::buildRequest(action, value).message).bytes;
}

QByteArray labAnswer(const QString &action, const QString &value)
{
    MessageDecoder decoder;
    decoder.feed(labRequest(action, value));
    return encodeMessage(Lab::answerRequest(decoder.next().message, Lab::SearchTable::builtIn())).bytes;
}

const OutlineRow *find(const QList<OutlineRow> &rows, const QString &label)
{
    for (const OutlineRow &row : rows) {
        if (row.label == label)
            return &row;
        if (const OutlineRow *found = find(row.children, label))
            return found;
    }
    return nullptr;
}

QByteArray slice(const QByteArray &bytes, const Span &span)
{
    return bytes.mid(span.offset, span.length);
}

ExchangeRecord answered(const QString &action, const QString &value)
{
    ExchangeRecord record;
    record.time = QDateTime::currentDateTime();
    record.host = u"127.0.0.1"_s;
    record.port = 65432;
    record.action = action;
    record.value = value;
    record.requestBytes = labRequest(action, value);
    record.responseBytes = labAnswer(action, value);
    record.ending = ExchangeRecord::Ending::Answered;
    record.request = MessageOutline::decode(record.requestBytes);
    record.response = MessageOutline::decode(record.responseBytes);
    record.transcript = { u"starting connection to ('127.0.0.1', 65432)"_s };
    return record;
}

} // namespace

void tst_GuiModel::outlineOfTheLabsDouble()
{
    const QByteArray bytes = labRequest(u"double"_s, u"7654321"_s);
    const MessageOutline outline = MessageOutline::decode(bytes);
    QVERIFY(outline.message());
    QVERIFY(!outline.error());
    const OutlineRow *prefix = find(outline.rows(), u"Length prefix"_s);
    QVERIFY(prefix);
    QCOMPARE(prefix->value, u"127 bytes of header (0x007f, big-endian)"_s);
    QCOMPARE(prefix->span, (Span { 0, 2 }));
    const OutlineRow *length = find(outline.rows(), u"content-length"_s);
    QVERIFY(length);
    QCOMPARE(length->value, u"10"_s);
    QCOMPARE(slice(bytes, length->span), "\"content-length\": 10"_ba);
    const OutlineRow *name = find(outline.rows(), u"name (6s)"_s);
    QCOMPARE(name->value, u"b'double'"_s);
    QCOMPARE(name->role, OutlineRole::Name);
    const OutlineRow *value = find(outline.rows(), u"value (i)"_s);
    QCOMPARE(value->value, u"7654321 (0x0074cbb1, big-endian int32)"_s);
    QCOMPARE(value->span, (Span { 135, 4 }));
    // The innermost region of each byte: the hex view's colour and tooltip.
    QCOMPARE(outline.regionAt(0)->role, OutlineRole::LengthPrefix);
    QCOMPARE(outline.regionAt(3)->role, OutlineRole::HeaderKey);
    QCOMPARE(outline.regionAt(136)->role, OutlineRole::Integer);
    QCOMPARE(outline.regionAt(136)->name, u"int32, big-endian: 7654321"_s);
    QCOMPARE(outline.row(outline.rowPathAt(136))->label, u"value (i)"_s);
    QCOMPARE(outline.row(outline.rowPathAt(1))->label, u"Length prefix"_s);
    QCOMPARE(outline.trailingBytes(), 0);
}

void tst_GuiModel::outlineOfASearchAnswer()
{
    const MessageOutline outline = MessageOutline::decode(labAnswer(u"search"_s, u"morpheus"_s));
    const OutlineRow *result = find(outline.rows(), u"result"_s);
    QVERIFY(result);
    QCOMPARE(result->value, u"'Follow the white rabbit. 🐰'"_s); // as Python prints it
}

void tst_GuiModel::outlineOfWhatCameAfterTheMessage()
{
    const QByteArray answer = labAnswer(u"negate"_s, u"5"_s);
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(answer + "xyz");
    const MessageOutline outline(answer + "xyz", decoder.next());
    QCOMPARE(outline.trailingBytes(), 3);
    const OutlineRow *after = find(outline.rows(), u"After the message"_s);
    QVERIFY(after);
    QCOMPARE(after->value, u"3 bytes after the message (not read: the lab reads one message per connection)"_s);
    QCOMPARE(after->span, (Span { answer.size(), 3 }));
    QCOMPARE(outline.regionAt(answer.size() + 1)->role, OutlineRole::Trailing);
}

void tst_GuiModel::outlineOfALittleEndianPrefix()
{
    // The student's most common mistake: "<H". The reason says so, and its bytes are the prefix.
    QByteArray bytes = labAnswer(u"double"_s, u"1"_s);
    std::swap(bytes[0], bytes[1]);
    const MessageOutline outline = MessageOutline::decode(bytes);
    QVERIFY(outline.error());
    QVERIFY2(outline.error()->reason.contains(u"Read little-endian it would be 127"_s), qPrintable(outline.error()->reason));
    QCOMPARE(outline.errorSpan(), (Span { 0, 2 }));
    QCOMPARE(find(outline.rows(), u"Error"_s)->span, (Span { 0, 2 }));
}

void tst_GuiModel::outlineOfAnOversizedContentLength()
{
    // One limit, one reason, and the content-length's value is what is highlighted.
    const QByteArray header = R"({"byteorder": "big", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 99999999999})";
    const QByteArray bytes = frame(header);
    const MessageOutline outline = MessageOutline::decode(bytes);
    QCOMPARE(outline.error()->kind, DecodeError::Kind::ContentTooLarge);
    QCOMPARE(slice(bytes, outline.errorSpan()), "99999999999"_ba);
    QVERIFY(outline.error()->reason.contains(u"the limit is 1073741824 bytes"_s));
    QVERIFY(find(outline.rows(), u"content-length"_s));
}

void tst_GuiModel::outlineOfALatin1Answer()
{
    const QByteArray content = "{\"result\": \"caf\xe9\"}";
    const QByteArray bytes = frame(R"({"byteorder": "big", "content-type": "text/json", "content-encoding": "latin-1", "content-length": )"
                                           + QByteArray::number(content.size()) + "}",
                                   content);
    const MessageOutline outline = MessageOutline::decode(bytes);
    const OutlineRow *result = find(outline.rows(), u"result"_s);
    QVERIFY(result);
    QCOMPARE(result->value, u"'café'"_s);
    QCOMPARE(slice(bytes, result->span), "\"result\": \"caf\xe9\""_ba);
}

void tst_GuiModel::outlineOfAnHttpAnswer()
{
    const MessageOutline outline = MessageOutline::decode("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"_ba);
    QVERIFY(outline.error());
    QVERIFY2(outline.error()->reason.contains(u"that is HTTP, not the lab's protocol"_s), qPrintable(outline.error()->reason));
}

void tst_GuiModel::outlineModelFollowsTheOutline()
{
    OutlineModel model;
    const QByteArray bytes = labRequest(u"search"_s, u"neo"_s);
    model.setOutline(MessageOutline::decode(bytes));
    QCOMPARE(model.rowCount(), 3); // prefix, header, content
    const QModelIndex header = model.indexOfLabel(u"JSON header"_s);
    QCOMPARE(model.rowCount(header), 4);
    QCOMPARE(model.index(0, 0, header).data().toString(), u"byteorder"_s);
    QCOMPARE(model.index(0, 1, header).data().toString(), u"\"little\""_s);
    QCOMPARE(model.parent(model.index(0, 0, header)), header);
    const QModelIndex value = model.indexAt(bytes.size() - 2); // inside "neo"
    QCOMPARE(value.data().toString(), u"value"_s);
    QCOMPARE(slice(bytes, model.bytesOf(value)), "\"value\": \"neo\""_ba);
    QCOMPARE(OutlineRole(value.data(OutlineModel::RoleRole).toInt()), OutlineRole::Content);
}

void tst_GuiModel::headlines_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("ending");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    using Kind = ExchangeRecord::Headline::Kind;
    using Ending = ExchangeRecord::Ending;
    const auto json = [](const QByteArray &content) {
        return frame(R"({"byteorder": "big", "content-type": "text/json", "content-encoding": "utf-8", "content-length": )"
                             + QByteArray::number(content.size()) + "}",
                     content);
    };
    QTest::newRow("a number") << labAnswer(u"double"_s, u"21"_s) << int(Ending::Answered) << u"result: 42"_s << int(Kind::Result);
    QTest::newRow("a search") << labAnswer(u"search"_s, u"ring"_s) << int(Ending::Answered)
                              << u"In the caves beneath the Misty Mountains. 💍"_s << int(Kind::Result);
    QTest::newRow("the lab's error shape") << json(R"({"result": "Error: invalid action"})") << int(Ending::Answered)
                                           << u"Error: invalid action"_s << int(Kind::Error);
    QTest::newRow("null is None") << json(R"({"result": null})") << int(Ending::Answered) << u"None"_s << int(Kind::Result);
    QTest::newRow("missing is not null") << json(R"({"other": 1})") << int(Ending::Answered)
                                         << u"The answer has no \"result\" key (the lab client prints None all the same)."_s
                                         << int(Kind::Error);
    QTest::newRow("cancelled is not an error") << QByteArray() << int(Ending::Cancelled)
                                               << u"Cancelled: no answer was waited for."_s << int(Kind::Note);
}

void tst_GuiModel::headlines()
{
    QFETCH(QByteArray, response);
    QFETCH(int, ending);
    QFETCH(QString, text);
    QFETCH(int, kind);
    ExchangeRecord record;
    record.ending = ExchangeRecord::Ending(ending);
    record.response = MessageOutline::decode(response);
    QCOMPARE(record.headline().text, text);
    QCOMPARE(int(record.headline().kind), kind);
}

void tst_GuiModel::historyLineNamesTheEndpoint()
{
    ExchangeRecord record = answered(u"double"_s, u"2"_s);
    QVERIFY2(record.historyLine().contains(u"127.0.0.1:65432  double 2  →  result: 4"_s), qPrintable(record.historyLine()));
    record.host = u"::1"_s;
    QVERIFY(record.historyLine().contains(u"[::1]:65432"_s));
}

void tst_GuiModel::historyRoundTrip()
{
    QList<ExchangeRecord> records = { answered(u"double"_s, u"2"_s), answered(u"search"_s, u"ring"_s) };
    records[1].ending = ExchangeRecord::Ending::Failed;
    records[1].error = u"The server closed the connection."_s;
    const QByteArray json = HistoryFile::toJson(records);
    // Readable by a person too: every message as hexdump -C lines.
    const QJsonObject first = QJsonDocument::fromJson(json).object().value(u"exchanges"_s).toArray().first().toObject();
    QCOMPARE(first.value(u"request-hexdump"_s).toArray().first().toString().left(61),
             u"00000000  00 7f 7b 22 62 79 74 65  6f 72 64 65 72 22 3a 20  |"_s);
    QString whyNot;
    const std::optional<HistoryFile::Contents> read = HistoryFile::fromJson(json, &whyNot);
    QVERIFY2(read, qPrintable(whyNot));
    QVERIFY(read->skipped.isEmpty());
    QCOMPARE(read->records.size(), 2);
    QCOMPARE(read->records[0].responseBytes, records[0].responseBytes);
    QCOMPARE(read->records[0].headline().text, u"result: 4"_s);
    QCOMPARE(read->records[1].ending, ExchangeRecord::Ending::Failed);
    QCOMPARE(read->records[1].headline().text, u"Error: The server closed the connection."_s);
    QCOMPARE(read->records[1].transcript, records[1].transcript);
    QCOMPARE(read->records[0].historyLine(), records[0].historyLine());
}

void tst_GuiModel::historyFilesThatAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    const QByteArray good = HistoryFile::toJson({ answered(u"double"_s, u"2"_s) });
    QTest::newRow("empty") << QByteArray() << u"it is empty"_s;
    QTest::newRow("cut off") << good.left(good.size() / 2) << u"it is damaged: it ends early"_s;
    QTest::newRow("not JSON") << "hello"_ba << u"it is damaged"_s;
    QTest::newRow("JSON, not ours") << "{\"exchanges\": []}"_ba << u"it is not a Wirelab history file"_s;
    QTest::newRow("ours, without exchanges") << "{\"wirelab-history\": 1}"_ba << u"it holds no list of exchanges"_s;
    QTest::newRow("ours, with none") << "{\"wirelab-history\": 2, \"exchanges\": []}"_ba << u"it holds no exchanges"_s;
    QTest::newRow("from a newer Wirelab") << "{\"wirelab-history\": 99, \"exchanges\": [{}]}"_ba << u"newer Wirelab"_s;
    QTest::newRow("no entry readable")
            << R"({"wirelab-history": 1, "exchanges": [{"time": "2026-01-02T03:04:05.000", "request": "not base64!", "response": ""}]})"_ba
            << u"none of its 1 exchange(s) can be read (exchange 1: its request is missing or not base64)"_s;
}

void tst_GuiModel::historyFilesThatAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    QString whyNot;
    QVERIFY(!HistoryFile::fromJson(json, &whyNot));
    QVERIFY2(whyNot.contains(reason), qPrintable(whyNot));
}

void tst_GuiModel::historyWithDamagedEntriesSaysWhich()
{
    QList<ExchangeRecord> records;
    for (int i = 0; i < 6; ++i)
        records.append(answered(u"double"_s, QString::number(i)));
    QJsonObject top = QJsonDocument::fromJson(HistoryFile::toJson(records)).object();
    QJsonArray exchanges = top.value(u"exchanges"_s).toArray();
    QJsonObject second = exchanges[1].toObject();
    second.insert(u"time"_s, u"yesterday"_s);
    exchanges[1] = second;
    QJsonObject fifth = exchanges[4].toObject();
    fifth.insert(u"port"_s, 70000);
    exchanges[4] = fifth;
    top.insert(u"exchanges"_s, exchanges);
    QString whyNot;
    const std::optional<HistoryFile::Contents> read = HistoryFile::fromJson(QJsonDocument(top).toJson(), &whyNot);
    QVERIFY2(read, qPrintable(whyNot));
    QCOMPARE(read->records.size(), 4);
    QCOMPARE(read->skipped, (QStringList { u"exchange 2: its time is missing or not a time"_s,
                                           u"exchange 5: its port is not a port"_s }));
}

void tst_GuiModel::historyKeptWithinItsBounds()
{
    QList<ExchangeRecord> records;
    for (int i = 0; i < HistoryFile::KeptExchanges + 50; ++i)
        records.append(answered(u"double"_s, QString::number(i)));
    const QList<ExchangeRecord> kept = HistoryFile::toKeep(records);
    QCOMPARE(kept.size(), HistoryFile::KeptExchanges);
    QCOMPARE(kept.last().value, records.last().value); // the newest
    ExchangeRecord big = answered(u"binary"_s, u"x"_s);
    big.responseBytes = QByteArray(HistoryFile::KeptBytes, 'x');
    records.append(big);
    QVERIFY(HistoryFile::toKeep(records).isEmpty() || HistoryFile::toKeep(records).size() == 1);
}

void tst_GuiModel::byteFormats()
{
    const QByteArray bytes = "\x00\x7f{\"a\"}\n"_ba;
    QCOMPARE(ByteFormats::hex(bytes), u"00 7f 7b 22 61 22 7d 0a"_s);
    QCOMPARE(ByteFormats::pythonLiteral(bytes), u"b'\\x00\\x7f{\"a\"}\\n'"_s);
    QCOMPARE(ByteFormats::cArray(bytes, u"m"_s),
             u"const unsigned char m[8] = {\n    0x00, 0x7f, 0x7b, 0x22, 0x61, 0x22, 0x7d, 0x0a,\n};\n"_s);
    // As hexdump -C prints it (checked with util-linux's hexdump).
    QCOMPARE(ByteFormats::hexdump(QByteArray("0123456789abcdefXY")),
             u"00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
             "00000010  58 59                                             |XY|\n"
             "00000012\n"_s);
}

QTEST_APPLESS_MAIN(tst_GuiModel)
#include "tst_guimodel.moc"
