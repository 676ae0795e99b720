#include "codesnippets.h"

#include "byteformats.h"
#include "jsonscanner.h"
#include "jsonwriter.h"
#include "labprotocol.h"
#include "message.h"
#include "pythonrepr.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtCore/QtEndian>
#include <optional>

namespace Wirelab {

namespace {

// A message's bytes cut where the lab's code would put them together: the prefix, the header
// (a JSON object), the content its content-length says, and whatever follows.
struct Pieces
{
    bool littleEndianPrefix = false;
    QByteArray header;
    QJsonObject headerObject;
    QByteArray content;
    QByteArray trailing;
};

std::optional<Pieces> split(QByteArrayView bytes)
{
    if (bytes.size() < 3)
        return std::nullopt;
    for (const bool littleEndian : { false, true }) {
        const quint16 length = littleEndian ? qFromLittleEndian<quint16>(bytes.data())
                                            : qFromBigEndian<quint16>(bytes.data());
        if (length == 0 || 2 + length > bytes.size())
            continue;
        const QByteArray header = bytes.sliced(2, length).toByteArray();
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(header, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            continue;
        Pieces pieces { littleEndian, header, document.object(), {}, {} };
        const QByteArrayView rest = bytes.sliced(2 + length);
        const QJsonValue declared = pieces.headerObject.value(QLatin1String(HeaderKey::ContentLength));
        const qint64 contentLength = declared.isDouble() ? qint64(declared.toDouble()) : -1;
        if (contentLength >= 0 && contentLength <= rest.size() && declared.toDouble() == double(contentLength)) {
            pieces.content = rest.first(contentLength).toByteArray();
            pieces.trailing = rest.sliced(contentLength).toByteArray();
        } else {
            pieces.content = rest.toByteArray();
        }
        return pieces;
    }
    return std::nullopt;
}

// A JSON object's text as a Python dict that json.dumps(..., ensure_ascii=False) turns back
// into exactly that text, or nullopt if json.dumps would write other bytes (other spacing,
// a key twice, nested keys out of order, \u escapes). lengthOf: a content-length equal to
// it is written len(content).
std::optional<QString> pythonDict(const QByteArray &json, const QJsonObject &object,
                                  std::optional<qsizetype> lengthOf)
{
    const QList<FieldSpan> fields = scanObjectFields(json);
    QByteArray rewritten;
    JsonWriter writer(rewritten);
    QSet<QString> seen;
    for (const FieldSpan &field : fields) {
        if (seen.contains(field.name))
            return std::nullopt;
        seen.insert(field.name);
        writer.addValue(field.name, object.value(field.name));
    }
    writer.close();
    if (rewritten != json)
        return std::nullopt;
    QStringList items;
    for (const FieldSpan &field : fields) {
        const QByteArrayView valueText = QByteArrayView(json).sliced(field.value.offset, field.value.length);
        std::optional<QString> value = PythonRepr::jsonText(valueText);
        if (!value)
            return std::nullopt;
        if (lengthOf && field.name == QLatin1String(HeaderKey::ContentLength)
            && valueText == QByteArray::number(*lengthOf))
            value = QStringLiteral("len(content)");
        items.append(PythonRepr::string(field.name) + QStringLiteral(": ") + *value);
    }
    return QLatin1Char('{') + items.join(QStringLiteral(", ")) + QLatin1Char('}');
}

// The ">6si" content of a binary double or negate request, exactly 10 bytes; none otherwise.
std::optional<Lab::ArithmeticContent> arithmeticContent(const Pieces &pieces)
{
    const QString contentType = pieces.headerObject.value(QLatin1String(HeaderKey::ContentType)).toString();
    if (pieces.content.size() != Lab::ArithmeticContentSize || contentType == QLatin1String(ContentType::TextJson))
        return std::nullopt;
    return Lab::unpackArithmetic(pieces.content);
}

QString pythonContent(const Pieces &pieces)
{
    if (const std::optional<Lab::ArithmeticContent> arithmetic = arithmeticContent(pieces)) {
        return QStringLiteral("content = struct.pack(\">6si\", %1, %2)\n")
                .arg(PythonRepr::bytes(arithmetic->name))
                .arg(arithmetic->value);
    }
    const QJsonValue encoding = pieces.headerObject.value(QLatin1String(HeaderKey::ContentEncoding));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(pieces.content, &error);
    if (error.error == QJsonParseError::NoError && document.isObject()
        && encoding == QJsonValue(QLatin1String(ContentEncoding::Utf8))) {
        if (const std::optional<QString> dict = pythonDict(pieces.content, document.object(), std::nullopt))
            return QStringLiteral("content = json.dumps(%1, ensure_ascii=False).encode(\"utf-8\")\n").arg(*dict);
    }
    return QStringLiteral("content = %1\n").arg(PythonRepr::bytes(pieces.content));
}

QString cppBytes(QByteArrayView bytes)
{
    return QStringLiteral("QByteArray(%1, %2)").arg(CodeSnippets::cppStringLiteral(bytes)).arg(bytes.size());
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

QList<CodeSnippets::Format> CodeSnippets::formats()
{
    return { Format::Python, Format::PythonLiteral, Format::Cpp, Format::CArray, Format::Hex, Format::Hexdump };
}

QString CodeSnippets::name(Format format)
{
    switch (format) {
    case Format::Python: return tr("&Python (struct.pack and json.dumps)");
    case Format::PythonLiteral: return tr("Python &bytes literal b''");
    case Format::Cpp: return tr("C&++ (Qt, QDataStream)");
    case Format::CArray: return tr("&C array");
    case Format::Hex: return tr("&Hex");
    case Format::Hexdump: return tr("he&xdump -C");
    }
    return {};
}

QString CodeSnippets::text(Format format, QByteArrayView bytes)
{
    switch (format) {
    case Format::Python: return python(bytes);
    case Format::PythonLiteral: return ByteFormats::pythonLiteral(bytes);
    case Format::Cpp: return cpp(bytes);
    case Format::CArray: return ByteFormats::cArray(bytes);
    case Format::Hex: return ByteFormats::hex(bytes);
    case Format::Hexdump: return ByteFormats::hexdump(bytes);
    }
    return {};
}

QString CodeSnippets::python(QByteArrayView bytes)
{
    const std::optional<Pieces> pieces = split(bytes);
    if (!pieces)
        return QStringLiteral("message = %1\n").arg(PythonRepr::bytes(bytes));
    QString code = QStringLiteral("import json\nimport struct\n\n");
    code += pythonContent(*pieces);
    if (const std::optional<QString> dict = pythonDict(pieces->header, pieces->headerObject, pieces->content.size()))
        code += QStringLiteral("header = json.dumps(%1, ensure_ascii=False).encode(\"utf-8\")\n").arg(*dict);
    else
        code += QStringLiteral("header = %1  # not what json.dumps writes\n").arg(PythonRepr::bytes(pieces->header));
    if (pieces->littleEndianPrefix)
        code += QStringLiteral("message = struct.pack(\"<H\", len(header)) + header + content"
                               "  # \"<H\": little-endian, where the lab packs \">H\"\n");
    else
        code += QStringLiteral("message = struct.pack(\">H\", len(header)) + header + content\n");
    if (!pieces->trailing.isEmpty())
        code += QStringLiteral("message += %1  # after the message\n").arg(PythonRepr::bytes(pieces->trailing));
    return code;
}

QString CodeSnippets::cpp(QByteArrayView bytes)
{
    const QString includes = QStringLiteral("// #include <QtCore/QByteArray>, <QtCore/QDataStream>, <QtCore/QIODevice>\n");
    const std::optional<Pieces> pieces = split(bytes);
    if (!pieces)
        return includes + QStringLiteral("const QByteArray message = %1;\n").arg(cppBytes(bytes));
    QString code = includes;
    if (const std::optional<Lab::ArithmeticContent> arithmetic = arithmeticContent(*pieces)) {
        code += QStringLiteral("QByteArray content;\n"
                               "{\n"
                               "    QDataStream stream(&content, QIODevice::WriteOnly);\n"
                               "    stream.setByteOrder(QDataStream::BigEndian); // \">6si\": network order\n"
                               "    stream.writeRawData(%1, 6);\n"
                               "    stream << qint32(%2);\n"
                               "}\n")
                        .arg(cppStringLiteral(arithmetic->name))
                        .arg(arithmetic->value);
    } else {
        code += QStringLiteral("const QByteArray content = %1;\n").arg(cppBytes(pieces->content));
    }
    code += QStringLiteral("// The header as text: QJsonDocument::toJson would sort the keys and leave out\n"
                           "// the spaces json.dumps writes.\n"
                           "const QByteArray header = %1;\n")
                    .arg(cppBytes(pieces->header));
    code += QStringLiteral("QByteArray message;\n"
                           "{\n"
                           "    QDataStream stream(&message, QIODevice::WriteOnly);\n");
    code += pieces->littleEndianPrefix
            ? QStringLiteral("    stream.setByteOrder(QDataStream::LittleEndian); // \"<H\", where the lab's is big-endian\n")
            : QStringLiteral("    stream.setByteOrder(QDataStream::BigEndian); // the 2-byte length is \">H\"\n");
    code += QStringLiteral("    stream << quint16(header.size());\n"
                           "    stream.writeRawData(header.constData(), int(header.size()));\n"
                           "    stream.writeRawData(content.constData(), int(content.size()));\n"
                           "}\n");
    if (!pieces->trailing.isEmpty())
        code += QStringLiteral("message += %1; // after the message\n").arg(cppBytes(pieces->trailing));
    return code;
}

QString CodeSnippets::cppStringLiteral(QByteArrayView bytes)
{
    QStringList pieces;
    QString piece;
    bool afterHexEscape = false;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        QString out;
        if (c == '"' || c == '\\')
            out = QStringLiteral("\\") + QLatin1Char(c);
        else if (c == '\n')
            out = QStringLiteral("\\n");
        else if (c == '\t')
            out = QStringLiteral("\\t");
        else if (c == '\r')
            out = QStringLiteral("\\r");
        else if (byte >= 0x20 && byte < 0x7f)
            out = QLatin1Char(c);
        else
            out = QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
        // "\x00d" would be one escape: a hex escape runs on over every hex digit after it.
        if (afterHexEscape && out.size() == 1 && isHexDigit(c)) {
            pieces.append(piece);
            piece.clear();
        }
        piece += out;
        afterHexEscape = out.startsWith(QLatin1String("\\x"));
    }
    pieces.append(piece);
    QStringList quoted;
    for (const QString &text : pieces)
        quoted.append(QLatin1Char('"') + text + QLatin1Char('"'));
    return quoted.join(QLatin1Char(' '));
}

} // namespace Wirelab
