#include "byteediting.h"
#include "bytediff.h"
#include "codesnippets.h"
#include "datainspection.h"
#include "exchangerecord.h"
#include "labmistakes.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "messageoutline.h"

#include <QtCore/QProcess>
#include <QtTest/QtTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;
using Type = DataInspection::Type;

namespace {

QByteArray labRequest(const QString &action, const QString &value, ByteOrder order = ByteOrder::Little)
{
    return encodeMessage(Lab::buildRequest(action, value, order).message).bytes;
}

// The lab client's request for double 7654321 on a little-endian host, written out.
const QByteArray doubleRequest
        = "\x00\x7f"_ba
          + R"({"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10})"
          + "double\x00t\xcb\xb1"_ba;

} // namespace

class tst_BenchModel : public QObject
{
    Q_OBJECT

private slots:
    void parseHex_data();
    void parseHex();
    void parseText_data();
    void parseText();
    void textRoundTrips();
    void overwrite();

    void inspectorValues_data();
    void inspectorValues();
    void inspectorNeedsBytes();
    void utf8Sequence_data();
    void utf8Sequence();
    void encodeValue_data();
    void encodeValue();
    void byteorderNote();

    void pythonSnippetGolden();
    void pythonSnippetRebuildsTheBytes_data();
    void pythonSnippetRebuildsTheBytes();
    void cppSnippetGolden();
    void cppStringLiteralSplitsHexEscapes();
    void cppSnippetRebuildsTheBytes();
    void everyCopyFormat_data();
    void everyCopyFormat();

    void diffSame();
    void diffFirstDifference();
    void diffTakesTheDeclaredByteorder();
    void diffNothingCameBack();
    void compareTwoExchanges();
};

void tst_BenchModel::parseHex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("errorColumn"); // -1: read whole
    QTest::newRow("spaces") << u"00 7f 7b 22"_s << "\x00\x7f{\""_ba << qsizetype(-1);
    QTest::newRow("colons, upper case") << u"00:7F:7b"_s << "\x00\x7f{"_ba << qsizetype(-1);
    QTest::newRow("0x and commas") << u"0x00, 0x7f, 0x7b"_s << "\x00\x7f{"_ba << qsizetype(-1);
    QTest::newRow("\\x escapes") << u"\\x00\\x7f"_s << "\x00\x7f"_ba << qsizetype(-1);
    QTest::newRow("no separators") << u"007f7b22"_s << "\x00\x7f{\""_ba << qsizetype(-1);
    QTest::newRow("lines, tabs, dashes") << u"00-7f\n\t7b ;22"_s << "\x00\x7f{\""_ba << qsizetype(-1);
    QTest::newRow("0x with one digit") << u"0x0 0x7"_s << "\x00\x07"_ba << qsizetype(-1);
    QTest::newRow("hexdump -C")
            << u"00000000  00 7f 7b 22 62 79 74 65  6f 72 64 65 72 22 3a 20  |..{\"byteorder\": |\n"
               "00000010  22 6c 69 74 74 6c 65 22                           |\"little\"|\n"
               "00000018\n"_s
            << "\x00\x7f{\"byteorder\": \"little\""_ba << qsizetype(-1);
    QTest::newRow("empty") << QString() << QByteArray() << qsizetype(-1);
    QTest::newRow("odd number of digits") << u"00 7"_s << QByteArray() << qsizetype(3);
    QTest::newRow("not a hex digit") << u"00 zz"_s << QByteArray() << qsizetype(3);
    QTest::newRow("0x with three digits") << u"0x123"_s << QByteArray() << qsizetype(2);
}

void tst_BenchModel::parseHex()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, errorColumn);
    const ByteEditing::Parsed parsed = ByteEditing::parseHex(text);
    QCOMPARE(parsed.ok(), errorColumn < 0);
    QCOMPARE(parsed.column, errorColumn);
    QCOMPARE(parsed.bytes, bytes);
}

void tst_BenchModel::parseText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("errorColumn");

    // Python's bytes literals.
    QTest::newRow("b'' with \\x") << uR"(b'\x00\x7f{"byteorder"')"_s << "\x00\x7f{\"byteorder\""_ba << qsizetype(-1);
    QTest::newRow("b\"\" with a single quote") << uR"(b"it's")"_s << "it's"_ba << qsizetype(-1);
    QTest::newRow("\\n \\r \\t \\\\") << uR"(b'a\nb\rc\td\\e')"_s << "a\nb\rc\td\\e"_ba << qsizetype(-1);
    QTest::newRow("escaped quotes") << uR"(b'\'\"')"_s << "'\""_ba << qsizetype(-1);
    QTest::newRow("octal and \\0") << uR"(b'\0\101\7')"_s << "\x00" "A\x07"_ba << qsizetype(-1);
    QTest::newRow("an unknown escape kept") << uR"(b'\q')"_s << "\\q"_ba << qsizetype(-1);
    QTest::newRow("adjacent literals") << uR"(b'ab' b"cd"  B'ef')"_s << "abcdef"_ba << qsizetype(-1);
    QTest::newRow("raw") << uR"(rb'\x00')"_s << "\\x00"_ba << qsizetype(-1);
    QTest::newRow("the lab client's sending line")
            << uR"(sending b'\x00\x7f{"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10}double\x00t\xcb\xb1' to ('127.0.0.1', 65432))"_s
            << doubleRequest << qsizetype(-1);
    QTest::newRow("non-ASCII in a literal") << u"b'caf\u00e9'"_s << QByteArray() << qsizetype(5);
    QTest::newRow("no closing quote") << u"b'abc"_s << QByteArray() << qsizetype(1);
    QTest::newRow("text after the literal") << u"b'a' and more"_s << QByteArray() << qsizetype(5);
    QTest::newRow("\\x with one digit") << uR"(b'\x7')"_s << QByteArray() << qsizetype(2);

    // PacketSender's mixed ASCII.
    QTest::newRow("mixed: \\XX") << uR"(\00\7f{"a": 1})"_s << "\x00\x7f{\"a\": 1}"_ba << qsizetype(-1);
    QTest::newRow("mixed: \\xXX, \\n, \\\\") << uR"(\x41\n\\)"_s << "A\n\\"_ba << qsizetype(-1);
    QTest::newRow("mixed: text as UTF-8") << u"\U0001f430 caf\u00e9"_s << "\xf0\x9f\x90\xb0 caf\xc3\xa9"_ba << qsizetype(-1);
    QTest::newRow("mixed: not an escape") << uR"(ab\q)"_s << QByteArray() << qsizetype(2);
}

void tst_BenchModel::parseText()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, errorColumn);
    const ByteEditing::Parsed parsed = ByteEditing::parseText(text);
    QVERIFY2(parsed.ok() == (errorColumn < 0), qPrintable(parsed.error));
    QCOMPARE(parsed.column, errorColumn);
    QCOMPARE(parsed.bytes, bytes);
}

void tst_BenchModel::textRoundTrips()
{
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(char(i));
    for (const QByteArray &bytes : { everyByte, doubleRequest, labRequest(u"search"_s, u"\U0001f436"_s),
                                     "it's \"quoted\""_ba, QByteArray() }) {
        const ByteEditing::Parsed parsed = ByteEditing::parseText(ByteEditing::text(bytes));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.bytes, bytes);
    }
    QCOMPARE(ByteEditing::parseHexOrText(u"00 7f"_s).bytes, "\x00\x7f"_ba);
    QCOMPARE(ByteEditing::parseHexOrText(u"b'\\x00'"_s).bytes, "\x00"_ba);
}

void tst_BenchModel::overwrite()
{
    QCOMPARE(ByteEditing::overwrite("abcdef"_ba, 2, "XY"), "abXYef"_ba);
    QCOMPARE(ByteEditing::overwrite("abc"_ba, 2, "XYZ"), "abXYZ"_ba);
    QCOMPARE(ByteEditing::overwrite("abc"_ba, 3, "X"), "abcX"_ba);
}

void tst_BenchModel::inspectorValues_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Type>("type");
    QTest::addColumn<QString>("bigEndian");
    QTest::addColumn<QString>("littleEndian");
    const QByteArray prefix = "\x00\x7f"_ba;
    const QByteArray number = "\x00t\xcb\xb1"_ba; // 7654321, big-endian
    QTest::newRow("u8 of 00") << prefix << Type::U8 << u"0"_s << u"0"_s;
    QTest::newRow("u16 of the prefix 00 7f: 127 and 32512") << prefix << Type::U16 << u"127"_s << u"32512"_s;
    QTest::newRow("i16 of ff fe") << "\xff\xfe"_ba << Type::I16 << u"-2"_s << u"-257"_s;
    QTest::newRow("i8 of ff") << "\xff"_ba << Type::I8 << u"-1"_s << u"-1"_s;
    QTest::newRow("u32 of 00 74 cb b1") << number << Type::U32 << u"7654321"_s << u"2982900736"_s;
    QTest::newRow("i32 of 00 74 cb b1") << number << Type::I32 << u"7654321"_s << u"-1312066560"_s;
    QTest::newRow("u64") << "\x00\x00\x00\x00\x00\x00\x01\x00"_ba << Type::U64 << u"256"_s << u"281474976710656"_s;
    QTest::newRow("i64 of ff..fe") << "\xff\xff\xff\xff\xff\xff\xff\xfe"_ba << Type::I64 << u"-2"_s
                                   << u"-72057594037927937"_s;
    QTest::newRow("float32 of 3f 80 00 00") << "\x3f\x80\x00\x00"_ba << Type::Float32 << u"1.0"_s << u"4.6006e-41"_s;
    QTest::newRow("float32 of 00 74 cb b1") << number << Type::Float32 << u"1.0725988e-38"_s << u"-5.9212653e-09"_s;
    QTest::newRow("float64 of 3f f0 ..") << "\x3f\xf0\x00\x00\x00\x00\x00\x00"_ba << Type::Float64 << u"1.0"_s
                                         << u"3.03865e-319"_s;
    QTest::newRow("bits") << prefix << Type::Bits << u"00000000"_s << u"00000000"_s;
}

void tst_BenchModel::inspectorValues()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Type, type);
    QFETCH(QString, bigEndian);
    QFETCH(QString, littleEndian);
    const QList<DataInspection::Row> rows = DataInspection::inspect(bytes, { 0, 1 });
    const auto row = std::find_if(rows.cbegin(), rows.cend(), [&](const DataInspection::Row &r) { return r.type == type; });
    QVERIFY(row != rows.cend());
    QVERIFY(row->available);
    QCOMPARE(row->bigEndian, bigEndian);
    QCOMPARE(row->littleEndian, littleEndian);
    QCOMPARE(row->span.offset, 0);
}

void tst_BenchModel::inspectorNeedsBytes()
{
    const QList<DataInspection::Row> rows = DataInspection::inspect("\x00\x7f\x7b"_ba, { 1, 1 });
    QCOMPARE(rows.size(), DataInspection::types().size());
    for (const DataInspection::Row &row : rows) {
        if (row.type == Type::U32) {
            QVERIFY(!row.available);
            QCOMPARE(row.bigEndian, u"needs 4 bytes, 2 left"_s);
        }
        if (row.type == Type::U16)
            QCOMPARE(row.bigEndian, u"32635"_s); // 7f 7b
    }
    // A selection: its own bits and text.
    const QList<DataInspection::Row> selected = DataInspection::inspect("ab\x7f"_ba, { 0, 2 });
    for (const DataInspection::Row &row : selected) {
        if (row.type == Type::Bits)
            QCOMPARE(row.bigEndian, u"01100001 01100010"_s);
        if (row.type == Type::Utf8)
            QCOMPARE(row.bigEndian, u"'ab'"_s);
    }
    QVERIFY(DataInspection::inspect("ab"_ba, { 5, 1 }).isEmpty());
}

void tst_BenchModel::utf8Sequence_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qsizetype>("start");
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<QString>("description");
    const QByteArray rabbit = "x\xf0\x9f\x90\xb0y"_ba;
    for (qsizetype offset = 1; offset <= 4; ++offset)
        QTest::addRow("the rabbit, from its byte %d", int(offset))
                << rabbit << offset << true << qsizetype(1) << qsizetype(4) << u"U+1F430 \U0001f430 (f0 9f 90 b0)"_s;
    QTest::newRow("ASCII") << rabbit << qsizetype(0) << true << qsizetype(0) << qsizetype(1) << u"U+0078 x (78)"_s;
    QTest::newRow("a new line") << "\n"_ba << qsizetype(0) << true << qsizetype(0) << qsizetype(1) << u"U+000A '\\n' (0a)"_s;
    QTest::newRow("a continuation byte alone") << "a\x90"_ba << qsizetype(1) << false << qsizetype(1) << qsizetype(1)
                                               << u"90: a continuation byte without its lead byte (not UTF-8)"_s;
    QTest::newRow("ff is never UTF-8") << "\xff"_ba << qsizetype(0) << false << qsizetype(0) << qsizetype(1)
                                       << u"ff: never a byte of UTF-8"_s;
    QTest::newRow("cut off at the end") << "\xf0\x9f"_ba << qsizetype(1) << false << qsizetype(0) << qsizetype(2)
                                        << u"f0 9f: a 4-byte sequence cut off at the end"_s;
    QTest::newRow("é, two bytes") << "caf\xc3\xa9"_ba << qsizetype(4) << true << qsizetype(3) << qsizetype(2)
                                  << u"U+00E9 \u00e9 (c3 a9)"_s;
}

void tst_BenchModel::utf8Sequence()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, offset);
    QFETCH(bool, valid);
    QFETCH(qsizetype, start);
    QFETCH(qsizetype, length);
    QFETCH(QString, description);
    const DataInspection::Utf8Sequence sequence = DataInspection::utf8At(bytes, offset);
    QCOMPARE(sequence.valid, valid);
    QCOMPARE(sequence.span.offset, start);
    QCOMPARE(sequence.span.length, length);
    QCOMPARE(sequence.description, description);
}

void tst_BenchModel::encodeValue_data()
{
    QTest::addColumn<Type>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<ByteOrder>("order");
    QTest::addColumn<QByteArray>("bytes"); // empty: refused
    QTest::newRow("i32 7654321 big") << Type::I32 << u"7654321"_s << ByteOrder::Big << "\x00t\xcb\xb1"_ba;
    QTest::newRow("i32 7654321 little") << Type::I32 << u"7654321"_s << ByteOrder::Little << "\xb1\xcbt\x00"_ba;
    QTest::newRow("u16 0x7f big") << Type::U16 << u"0x7f"_s << ByteOrder::Big << "\x00\x7f"_ba;
    QTest::newRow("u16 127 little") << Type::U16 << u"127"_s << ByteOrder::Little << "\x7f\x00"_ba;
    QTest::newRow("i8 -1") << Type::I8 << u"-1"_s << ByteOrder::Big << "\xff"_ba;
    QTest::newRow("u8 256 is too big") << Type::U8 << u"256"_s << ByteOrder::Big << QByteArray();
    QTest::newRow("u32 -1 is refused") << Type::U32 << u"-1"_s << ByteOrder::Big << QByteArray();
    QTest::newRow("i16 -32768") << Type::I16 << u"-32768"_s << ByteOrder::Big << "\x80\x00"_ba;
    QTest::newRow("i16 -32769 is too small") << Type::I16 << u"-32769"_s << ByteOrder::Big << QByteArray();
    QTest::newRow("i64 smallest") << Type::I64 << u"-9223372036854775808"_s << ByteOrder::Big
                                  << "\x80\x00\x00\x00\x00\x00\x00\x00"_ba;
    QTest::newRow("u64 largest") << Type::U64 << u"18446744073709551615"_s << ByteOrder::Little
                                 << "\xff\xff\xff\xff\xff\xff\xff\xff"_ba;
    QTest::newRow("float32 1.5 big") << Type::Float32 << u"1.5"_s << ByteOrder::Big << "\x3f\xc0\x00\x00"_ba;
    QTest::newRow("float64 1 little") << Type::Float64 << u"1"_s << ByteOrder::Little
                                      << "\x00\x00\x00\x00\x00\x00\xf0\x3f"_ba;
    QTest::newRow("float32 1e39 is too large") << Type::Float32 << u"1e39"_s << ByteOrder::Big << QByteArray();
    QTest::newRow("not a number") << Type::Float64 << u"one"_s << ByteOrder::Big << QByteArray();
    QTest::newRow("UTF-8 rabbit") << Type::Utf8 << u"\U0001f430"_s << ByteOrder::Big << "\xf0\x9f\x90\xb0"_ba;
    QTest::newRow("bits") << Type::Bits << u"01111111 00000001"_s << ByteOrder::Big << "\x7f\x01"_ba;
    QTest::newRow("bits, not eight") << Type::Bits << u"0111"_s << ByteOrder::Big << QByteArray();
}

void tst_BenchModel::encodeValue()
{
    QFETCH(Type, type);
    QFETCH(QString, text);
    QFETCH(ByteOrder, order);
    QFETCH(QByteArray, bytes);
    const DataInspection::Encoded encoded = DataInspection::encode(type, text, order);
    QCOMPARE(encoded.ok(), !bytes.isEmpty());
    QCOMPARE(encoded.bytes, bytes);
}

void tst_BenchModel::byteorderNote()
{
    const QString note = DataInspection::byteorderNote(MessageOutline::decode(doubleRequest));
    QVERIFY2(note.startsWith(u"The header says \"byteorder\": \"little\"."_s), qPrintable(note));
    QVERIFY(note.contains(u"does not govern the wire"_s));
    const QByteArray without = LabMistakes::apply(LabMistakes::Mistake::MissingByteorder, QByteArrayView(doubleRequest)).bytes;
    QVERIFY(DataInspection::byteorderNote(MessageOutline::decode(without)).startsWith(u"This header has no \"byteorder\""_s));
}

void tst_BenchModel::pythonSnippetGolden()
{
    QCOMPARE(CodeSnippets::python(doubleRequest),
             uR"(import json
import struct

content = struct.pack(">6si", b'double', 7654321)
header = json.dumps({'byteorder': 'little', 'content-type': 'binary/custom-client-binary-type', 'content-encoding': 'binary', 'content-length': len(content)}, ensure_ascii=False).encode("utf-8")
message = struct.pack(">H", len(header)) + header + content
)"_s);
    QCOMPARE(CodeSnippets::python(labRequest(u"search"_s, u"morpheus"_s)).section(QLatin1Char('\n'), 3, 3),
             uR"(content = json.dumps({'action': 'search', 'value': 'morpheus'}, ensure_ascii=False).encode("utf-8"))"_s);
    QCOMPARE(CodeSnippets::python("\x00\x7f"_ba), uR"(message = b'\x00\x7f')"_s + u"\n"_s);
    const QString littleEndian = CodeSnippets::python(
            LabMistakes::apply(LabMistakes::Mistake::PrefixLittleEndian, QByteArrayView(doubleRequest)).bytes);
    QVERIFY(littleEndian.contains(uR"(message = struct.pack("<H", len(header)) + header + content)"_s));
}

void tst_BenchModel::pythonSnippetRebuildsTheBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("double 7654321") << doubleRequest;
    QTest::newRow("negate -300, big-endian host") << labRequest(u"negate"_s, u"-300"_s, ByteOrder::Big);
    QTest::newRow("search morpheus") << labRequest(u"search"_s, u"morpheus"_s);
    QTest::newRow("search 🐶") << labRequest(u"search"_s, u"\U0001f436"_s);
    QTest::newRow("search with quotes and a backslash") << labRequest(u"search"_s, u"say \"hi\" \\o/\n"_s);
    QTest::newRow("binary 😃") << labRequest(u"binary"_s, u"\U0001f603"_s);
    QTest::newRow("a selection: 3 bytes") << "\x00\x7f{"_ba;
    QTest::newRow("keys in another order, no spaces")
            << LabMistakes::frame(R"({"content-length":2,"byteorder":"big","content-type":"text/json","content-encoding":"utf-8"})",
                                  "{}");
    for (LabMistakes::Mistake mistake : LabMistakes::all()) {
        const LabMistakes::Result result = LabMistakes::apply(mistake, QByteArrayView(doubleRequest));
        if (result.ok())
            QTest::newRow(qPrintable(LabMistakes::id(mistake))) << result.bytes;
    }
}

void tst_BenchModel::pythonSnippetRebuildsTheBytes()
{
    QFETCH(QByteArray, bytes);
#ifndef PYTHON3_EXECUTABLE
    QSKIP("built without python3");
#else
    const QString python = QStringLiteral(PYTHON3_EXECUTABLE);
    if (python.isEmpty())
        QSKIP("python3 was not found when the build was configured (scripts/install-deps.sh installs it)");
    QProcess process;
    process.start(python, { u"-c"_s, CodeSnippets::python(bytes) + u"import sys\nsys.stdout.buffer.write(message)\n"_s });
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.readAllStandardError(), QByteArray());
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardOutput(), bytes);
#endif
}

void tst_BenchModel::cppSnippetGolden()
{
    QCOMPARE(CodeSnippets::cpp(doubleRequest),
             uR"(// #include <QtCore/QByteArray>, <QtCore/QDataStream>, <QtCore/QIODevice>
QByteArray content;
{
    QDataStream stream(&content, QIODevice::WriteOnly);
    stream.setByteOrder(QDataStream::BigEndian); // ">6si": network order
    stream.writeRawData("double", 6);
    stream << qint32(7654321);
}
// The header as text: QJsonDocument::toJson would sort the keys and leave out
// the spaces json.dumps writes.
const QByteArray header = QByteArray("{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}", 127);
QByteArray message;
{
    QDataStream stream(&message, QIODevice::WriteOnly);
    stream.setByteOrder(QDataStream::BigEndian); // the 2-byte length is ">H"
    stream << quint16(header.size());
    stream.writeRawData(header.constData(), int(header.size()));
    stream.writeRawData(content.constData(), int(content.size()));
}
)"_s);
    QCOMPARE(CodeSnippets::cpp("\x00\x7f"_ba), uR"(// #include <QtCore/QByteArray>, <QtCore/QDataStream>, <QtCore/QIODevice>
const QByteArray message = QByteArray("\x00\x7f", 2);
)"_s);
}

void tst_BenchModel::cppStringLiteralSplitsHexEscapes()
{
    // "\x00d" would be the one character 0x0d.
    QCOMPARE(CodeSnippets::cppStringLiteral("\x00" "d{"_ba), uR"("\x00" "d{")"_s);
    QCOMPARE(CodeSnippets::cppStringLiteral("\x00g\"\\\n"_ba), uR"("\x00g\"\\\n")"_s);
}

void tst_BenchModel::cppSnippetRebuildsTheBytes()
{
    // The snippets compiled with this build's compiler and QtCore, and run.
    const QList<QByteArray> messages = {
        doubleRequest,
        labRequest(u"search"_s, u"\U0001f436"_s),
        LabMistakes::apply(LabMistakes::Mistake::PrefixLittleEndian, QByteArrayView(doubleRequest)).bytes,
        LabMistakes::apply(LabMistakes::Mistake::TwoMessages, QByteArrayView(doubleRequest)).bytes,
        LabMistakes::apply(LabMistakes::Mistake::HeaderPythonRepr, QByteArrayView(doubleRequest)).bytes,
        "\x00\x05{}"_ba,
    };
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    QString program = u"#include <QtCore/QByteArray>\n#include <QtCore/QDataStream>\n#include <QtCore/QIODevice>\n"
                      "#include <cstdio>\n\n"_s;
    for (int i = 0; i < messages.size(); ++i)
        program += u"static QByteArray snippet%1()\n{\n%2return message;\n}\n\n"_s.arg(i).arg(CodeSnippets::cpp(messages[i]));
    program += u"int main()\n{\n"_s;
    for (int i = 0; i < messages.size(); ++i)
        program += u"    std::puts(snippet%1().toHex().constData());\n"_s.arg(i);
    program += u"    return 0;\n}\n"_s;
    QFile source(directory.filePath(u"snippets.cpp"_s));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write(program.toUtf8());
    source.close();

    QStringList arguments = { u"-std=c++17"_s, u"-fPIC"_s, source.fileName(), u"-o"_s, directory.filePath(u"snippets"_s) };
    for (const QString &include : QStringLiteral(QTCORE_INCLUDES).split(QLatin1Char('|'), Qt::SkipEmptyParts))
        arguments.append(u"-I"_s + include);
    arguments.append(QStringLiteral(QTCORE_LIBRARY));
    QProcess compiler;
    compiler.start(QStringLiteral(CXX_COMPILER), arguments);
    QVERIFY(compiler.waitForFinished(120000));
    QVERIFY2(compiler.exitCode() == 0, compiler.readAllStandardError().constData());
    QProcess run;
    run.start(directory.filePath(u"snippets"_s), {});
    QVERIFY(run.waitForFinished(30000));
    const QList<QByteArray> lines = run.readAllStandardOutput().split('\n');
    QCOMPARE(lines.size(), messages.size() + 1);
    for (int i = 0; i < messages.size(); ++i)
        QCOMPARE(lines[i], messages[i].toHex());
}

void tst_BenchModel::everyCopyFormat_data()
{
    QTest::addColumn<CodeSnippets::Format>("format");
    QTest::addColumn<QString>("text");
    // Not a message: the prefix announces 5 bytes of header and 2 follow.
    QTest::newRow("hex") << CodeSnippets::Format::Hex << u"00 05 7b 7d"_s;
    QTest::newRow("b'' literal") << CodeSnippets::Format::PythonLiteral << u"b'\\x00\\x05{}'"_s;
    QTest::newRow("C array") << CodeSnippets::Format::CArray
                             << u"const unsigned char message[4] = {\n    0x00, 0x05, 0x7b, 0x7d,\n};\n"_s;
    QTest::newRow("hexdump -C") << CodeSnippets::Format::Hexdump
                                << u"00000000  00 05 7b 7d                                       |..{}|\n00000004\n"_s;
    QTest::newRow("Python") << CodeSnippets::Format::Python << u"message = b'\\x00\\x05{}'\n"_s;
    QTest::newRow("C++") << CodeSnippets::Format::Cpp
                         << u"// #include <QtCore/QByteArray>, <QtCore/QDataStream>, <QtCore/QIODevice>\n"
                            "const QByteArray message = QByteArray(\"\\x00\\x05{}\", 4);\n"_s;
}

void tst_BenchModel::everyCopyFormat()
{
    QFETCH(CodeSnippets::Format, format);
    QFETCH(QString, text);
    QCOMPARE(CodeSnippets::text(format, "\x00\x05{}"_ba), text);
    QVERIFY(!CodeSnippets::name(format).isEmpty());
}

void tst_BenchModel::diffSame()
{
    const ByteDiff::Comparison same = ByteDiff::compare(doubleRequest, doubleRequest, u"lab:"_s, u"actual:"_s);
    QVERIFY(same.same);
    QCOMPARE(same.at, -1);
    QCOMPARE(same.summary, u"Same bytes as lab (139 bytes)."_s);
}

void tst_BenchModel::diffFirstDifference()
{
    const QByteArray lab = ByteDiff::labAnswer(doubleRequest);
    QByteArray wrong = lab;
    wrong[wrong.size() - 1] = char(wrong[wrong.size() - 1] + 1); // the int32's last byte
    const ByteDiff::Comparison diff = ByteDiff::compare(lab, wrong, u"lab:"_s, u"actual:"_s);
    QVERIFY(!diff.same);
    QCOMPARE(diff.at, lab.size() - 1);
    QCOMPARE(diff.field, u"content int32 (\">i\")"_s);
    QCOMPARE(diff.summary, u"First difference at byte %1 (content int32 (\">i\")): actual has 63 where lab has 62."_s.arg(lab.size() - 1));
    QCOMPARE(diff.lines.size(), 3);
    QVERIFY(diff.lines[0].startsWith(u"lab:    …b'"_s));
    QVERIFY(diff.lines[1].startsWith(u"actual: …b'"_s));
    // The caret stands under the byte's repr: "c" of "c", the last byte (0x63 is 'c').
    const qsizetype caret = diff.lines[2].indexOf(QLatin1Char('^'));
    QCOMPARE(diff.lines[2].trimmed(), u"^"_s);
    QCOMPARE(diff.lines[1].mid(caret, 2), u"c'"_s);
    QCOMPARE(diff.lines[0].mid(caret, 2), u"b'"_s);
}

void tst_BenchModel::diffTakesTheDeclaredByteorder()
{
    // A server on a big-endian host answers "big": as right as "little".
    Message big = Lab::answerRequest(MessageOutline::decode(doubleRequest).message().value(), Lab::SearchTable::builtIn(),
                                     ByteOrder::Big);
    const QByteArray bigAnswer = encodeMessage(big).bytes;
    QCOMPARE(ByteDiff::labAnswer(doubleRequest, bigAnswer), bigAnswer);
    ExchangeRecord record;
    record.requestBytes = doubleRequest;
    record.responseBytes = bigAnswer;
    const ByteDiff::Comparison diff = ByteDiff::againstLab(record);
    QVERIFY(diff.same);
    QCOMPARE(diff.summary, u"Same bytes as the lab's server would send (%1 bytes)."_s.arg(bigAnswer.size()));
}

void tst_BenchModel::diffNothingCameBack()
{
    ExchangeRecord record;
    record.requestBytes = doubleRequest.chopped(5);
    const ByteDiff::Comparison diff = ByteDiff::againstLab(record);
    QVERIFY(!diff.same);
    QCOMPARE(diff.at, 0);
    QVERIFY2(diff.summary.startsWith(u"Nothing came back; the lab's server answers \"Error: The connection ended"_s),
             qPrintable(diff.summary));
}

void tst_BenchModel::compareTwoExchanges()
{
    ExchangeRecord first;
    first.requestBytes = doubleRequest;
    first.responseBytes = ByteDiff::labAnswer(doubleRequest);
    ExchangeRecord second = first;
    second.requestBytes = LabMistakes::apply(LabMistakes::Mistake::Int32LittleEndian, QByteArrayView(doubleRequest)).bytes;
    second.responseBytes = ByteDiff::labAnswer(second.requestBytes);
    const QString text = ByteDiff::compareExchanges(first, second);
    QVERIFY2(text.startsWith(u"Requests: First difference at byte 135 (content int32 (\">i\")): second has b1 where first has 00."_s),
             qPrintable(text));
    QVERIFY(text.contains(u"Answers: First difference at byte"_s));
}

QTEST_APPLESS_MAIN(tst_BenchModel)
#include "tst_benchmodel.moc"
