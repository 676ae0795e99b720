#include "datainspection.h"

#include "byteformats.h"
#include "messageoutline.h"
#include "pythonrepr.h"

#include <QtCore/QtEndian>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace Wirelab {

namespace {

using Type = DataInspection::Type;

template<typename T>
T read(QByteArrayView bytes, bool bigEndian)
{
    return bigEndian ? qFromBigEndian<T>(bytes.data()) : qFromLittleEndian<T>(bytes.data());
}

// float32 at its own shortest digits (0.1, not the 0.10000000149011612 of the double it
// widens to), with Python's ".0" on a whole number.
QString floatText(float value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    char buffer[64];
    const std::to_chars_result end = std::to_chars(buffer, buffer + sizeof buffer, value);
    QString text = QString::fromLatin1(buffer, end.ptr - buffer);
    if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')))
        text += QStringLiteral(".0");
    return text;
}

QString valueText(Type type, QByteArrayView bytes, bool bigEndian)
{
    switch (type) {
    case Type::U8: return QString::number(quint8(bytes[0]));
    case Type::I8: return QString::number(qint8(bytes[0]));
    case Type::U16: return QString::number(read<quint16>(bytes, bigEndian));
    case Type::I16: return QString::number(read<qint16>(bytes, bigEndian));
    case Type::U32: return QString::number(read<quint32>(bytes, bigEndian));
    case Type::I32: return QString::number(read<qint32>(bytes, bigEndian));
    case Type::U64: return QString::number(read<quint64>(bytes, bigEndian));
    case Type::I64: return QString::number(read<qint64>(bytes, bigEndian));
    case Type::Float32: {
        const quint32 raw = read<quint32>(bytes, bigEndian);
        float value;
        std::memcpy(&value, &raw, sizeof value);
        return floatText(value);
    }
    case Type::Float64: {
        const quint64 raw = read<quint64>(bytes, bigEndian);
        double value;
        std::memcpy(&value, &raw, sizeof value);
        return PythonRepr::floatNumber(value);
    }
    case Type::Utf8:
    case Type::Bits:
        break;
    }
    return {};
}

// The length of the UTF-8 sequence a lead byte starts, or 0 if it cannot start one.
int sequenceLength(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        return 2;
    if (lead >= 0xe0 && lead <= 0xef)
        return 3;
    if (lead >= 0xf0 && lead <= 0xf4)
        return 4;
    return 0;
}

bool isContinuation(unsigned char byte)
{
    return (byte & 0xc0) == 0x80;
}

template<typename T>
DataInspection::Encoded packInteger(const QString &text, ByteOrder order)
{
    QString digits = text.trimmed();
    bool negative = false;
    if (digits.startsWith(QLatin1Char('-')) || digits.startsWith(QLatin1Char('+'))) {
        negative = digits.startsWith(QLatin1Char('-'));
        digits.remove(0, 1);
    }
    int base = 10;
    if (digits.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
        base = 16;
        digits.remove(0, 2);
    }
    bool ok = false;
    const quint64 magnitude = digits.toULongLong(&ok, base);
    const bool isSigned = std::numeric_limits<T>::is_signed;
    const quint64 highest = quint64(std::numeric_limits<T>::max());
    // The most negative value's magnitude is one more than the highest.
    const quint64 lowestMagnitude = isSigned ? highest + 1 : 0;
    if (!ok || digits.isEmpty() || (negative ? magnitude > lowestMagnitude : magnitude > highest))
        return { {}, DataInspection::tr("A whole number from %1 to %2.")
                             .arg(QString::number(std::numeric_limits<T>::min()),
                                  QString::number(std::numeric_limits<T>::max())) };
    const T value = negative ? T(0 - magnitude) : T(magnitude);
    QByteArray bytes(sizeof(T), Qt::Uninitialized);
    if (order == ByteOrder::Big)
        qToBigEndian<T>(value, bytes.data());
    else
        qToLittleEndian<T>(value, bytes.data());
    return { bytes, {} };
}

template<typename Float, typename Raw>
DataInspection::Encoded packFloat(const QString &text, ByteOrder order)
{
    const QString trimmed = text.trimmed().toLower();
    double value = 0;
    bool ok = true;
    if (trimmed == QLatin1String("nan"))
        value = std::numeric_limits<double>::quiet_NaN();
    else if (trimmed == QLatin1String("inf") || trimmed == QLatin1String("+inf"))
        value = std::numeric_limits<double>::infinity();
    else if (trimmed == QLatin1String("-inf"))
        value = -std::numeric_limits<double>::infinity();
    else
        value = trimmed.toDouble(&ok);
    if (!ok)
        return { {}, DataInspection::tr("A number such as 1.5, -2e-3, inf or nan.") };
    const Float narrowed = Float(value);
    if (std::isinf(narrowed) && !std::isinf(value))
        return { {}, DataInspection::tr("Too large for a float32 (at most about 3.4e+38).") };
    Raw raw;
    std::memcpy(&raw, &narrowed, sizeof raw);
    QByteArray bytes(sizeof(Raw), Qt::Uninitialized);
    if (order == ByteOrder::Big)
        qToBigEndian<Raw>(raw, bytes.data());
    else
        qToLittleEndian<Raw>(raw, bytes.data());
    return { bytes, {} };
}

} // namespace

QList<DataInspection::Type> DataInspection::types()
{
    return { Type::U8,  Type::I8,  Type::U16,     Type::I16,     Type::U32,  Type::I32,
             Type::U64, Type::I64, Type::Float32, Type::Float64, Type::Utf8, Type::Bits };
}

QString DataInspection::name(Type type)
{
    switch (type) {
    case Type::U8: return QStringLiteral("u8");
    case Type::I8: return QStringLiteral("i8");
    case Type::U16: return QStringLiteral("u16");
    case Type::I16: return QStringLiteral("i16");
    case Type::U32: return QStringLiteral("u32");
    case Type::I32: return QStringLiteral("i32");
    case Type::U64: return QStringLiteral("u64");
    case Type::I64: return QStringLiteral("i64");
    case Type::Float32: return QStringLiteral("float32");
    case Type::Float64: return QStringLiteral("float64");
    case Type::Utf8: return QStringLiteral("UTF-8");
    case Type::Bits: return tr("bits");
    }
    return {};
}

int DataInspection::size(Type type)
{
    switch (type) {
    case Type::U8:
    case Type::I8: return 1;
    case Type::U16:
    case Type::I16: return 2;
    case Type::U32:
    case Type::I32:
    case Type::Float32: return 4;
    case Type::U64:
    case Type::I64:
    case Type::Float64: return 8;
    case Type::Utf8:
    case Type::Bits: return 0;
    }
    return 0;
}

QList<DataInspection::Row> DataInspection::inspect(QByteArrayView bytes, const Span &selection)
{
    QList<Row> rows;
    const qsizetype offset = selection.offset;
    if (offset < 0 || offset >= bytes.size())
        return rows;
    const qsizetype left = bytes.size() - offset;
    for (Type type : types()) {
        Row row { type, {}, {}, {}, false };
        const int needed = size(type);
        if (type == Type::Utf8) {
            if (selection.length > 1) {
                const QByteArrayView selected = bytes.sliced(offset, qMin(selection.length, left));
                const QString text = QString::fromUtf8(selected);
                const bool valid = text.toUtf8() == selected;
                row.bigEndian = valid ? PythonRepr::string(text)
                                      : tr("%1 (not all UTF-8: \uFFFD marks what is not)")
                                                .arg(PythonRepr::string(text));
                row.span = { offset, selected.size() };
                row.available = valid;
            } else {
                const Utf8Sequence sequence = utf8At(bytes, offset);
                row.bigEndian = sequence.description;
                row.span = sequence.span;
                row.available = sequence.valid;
            }
            row.littleEndian = row.bigEndian;
        } else if (type == Type::Bits) {
            const qsizetype count = qBound<qsizetype>(1, selection.length, qMin<qsizetype>(8, left));
            row.span = { offset, count };
            row.bigEndian = row.littleEndian = bits(bytes.sliced(offset, count));
            row.available = true;
        } else if (needed > left) {
            row.bigEndian = row.littleEndian
                    = tr("needs %1 bytes, %n left", nullptr, int(left)).arg(needed);
            row.span = { offset, left };
        } else {
            const QByteArrayView value = bytes.sliced(offset, needed);
            row.bigEndian = valueText(type, value, true);
            row.littleEndian = needed == 1 ? row.bigEndian : valueText(type, value, false);
            row.span = { offset, needed };
            row.available = true;
        }
        rows.append(row);
    }
    return rows;
}

DataInspection::Utf8Sequence DataInspection::utf8At(QByteArrayView bytes, qsizetype offset)
{
    Utf8Sequence sequence;
    if (offset < 0 || offset >= bytes.size())
        return sequence;
    const auto at = [&](qsizetype i) { return static_cast<unsigned char>(bytes[i]); };
    // The lead byte: the byte itself, or up to three bytes back over continuation bytes.
    qsizetype lead = offset;
    while (lead > 0 && offset - lead < 3 && isContinuation(at(lead)))
        --lead;
    int length = sequenceLength(at(lead));
    if (length == 0 || lead + length <= offset) {
        lead = offset;
        length = sequenceLength(at(offset));
    }
    sequence.span = { lead, 1 };
    if (length == 0) {
        sequence.description = isContinuation(at(offset))
                ? tr("%1: a continuation byte without its lead byte (not UTF-8)").arg(ByteFormats::hex(bytes.sliced(offset, 1)))
                : tr("%1: never a byte of UTF-8").arg(ByteFormats::hex(bytes.sliced(offset, 1)));
        return sequence;
    }
    if (lead + length > bytes.size()) {
        sequence.span = { lead, bytes.size() - lead };
        sequence.description = tr("%1: a %2-byte sequence cut off at the end").arg(ByteFormats::hex(bytes.sliced(lead))).arg(length);
        return sequence;
    }
    const QByteArrayView raw = bytes.sliced(lead, length);
    for (int i = 1; i < length; ++i) {
        if (!isContinuation(at(lead + i))) {
            sequence.span = { lead, i };
            sequence.description = tr("%1: the sequence is broken at byte %2 (not UTF-8)")
                                           .arg(ByteFormats::hex(bytes.sliced(lead, i + 1)))
                                           .arg(lead + i);
            return sequence;
        }
    }
    const QString text = QString::fromUtf8(raw);
    const QList<uint> points = text.toUcs4();
    if (points.size() != 1 || text.toUtf8() != raw) {
        sequence.span = { lead, length };
        sequence.description = tr("%1: an overlong or surrogate sequence (not UTF-8)").arg(ByteFormats::hex(raw));
        return sequence;
    }
    const char32_t point = points.first();
    sequence.span = { lead, length };
    sequence.valid = true;
    const QChar::Category category = QChar::category(point);
    const bool prints = category != QChar::Other_Control && category != QChar::Other_Format
                        && category != QChar::Separator_Line && category != QChar::Separator_Paragraph
                        && point != ' ';
    const QString code = QStringLiteral("U+%1").arg(uint(point), point > 0xffff ? 5 : 4, 16, QLatin1Char('0')).toUpper();
    sequence.description = tr("%1 %2 (%3)").arg(code, prints ? text : PythonRepr::string(text), ByteFormats::hex(raw));
    return sequence;
}

QString DataInspection::bits(QByteArrayView bytes)
{
    QStringList groups;
    for (const char byte : bytes)
        groups.append(QStringLiteral("%1").arg(static_cast<unsigned char>(byte), 8, 2, QLatin1Char('0')));
    return groups.join(QLatin1Char(' '));
}

DataInspection::Encoded DataInspection::encode(Type type, const QString &text, ByteOrder order)
{
    switch (type) {
    case Type::U8: return packInteger<quint8>(text, order);
    case Type::I8: return packInteger<qint8>(text, order);
    case Type::U16: return packInteger<quint16>(text, order);
    case Type::I16: return packInteger<qint16>(text, order);
    case Type::U32: return packInteger<quint32>(text, order);
    case Type::I32: return packInteger<qint32>(text, order);
    case Type::U64: return packInteger<quint64>(text, order);
    case Type::I64: return packInteger<qint64>(text, order);
    case Type::Float32: return packFloat<float, quint32>(text, order);
    case Type::Float64: return packFloat<double, quint64>(text, order);
    case Type::Utf8:
        if (text.isEmpty())
            return { {}, tr("Type the text to write.") };
        return { text.toUtf8(), {} };
    case Type::Bits: {
        QString digits = text;
        digits.remove(QLatin1Char(' '));
        if (digits.isEmpty() || digits.size() % 8 != 0
            || std::any_of(digits.cbegin(), digits.cend(),
                           [](QChar c) { return c != QLatin1Char('0') && c != QLatin1Char('1'); }))
            return { {}, tr("0s and 1s, eight a byte (01111111).") };
        QByteArray bytes;
        for (qsizetype i = 0; i < digits.size(); i += 8)
            bytes.append(char(digits.mid(i, 8).toUInt(nullptr, 2)));
        return { bytes, {} };
    }
    }
    return { {}, tr("Unknown type.") };
}

QString DataInspection::byteorderNote(const MessageOutline &outline)
{
    QString declared;
    for (const OutlineRow &row : outline.rows()) {
        if (row.role != OutlineRole::Header)
            continue;
        for (const OutlineRow &child : row.children) {
            if (child.label == QLatin1String(HeaderKey::ByteOrder))
                declared = child.value;
        }
    }
    const QString says = declared.isEmpty()
            ? tr("This header has no \"byteorder\" (the lab's server refuses it for that).")
            : tr("The header says \"byteorder\": %1.").arg(declared);
    return says
           + tr(" It is sys.byteorder of the machine that sent the message (x86 and most ARM "
                "machines are little-endian), and it does not govern the wire: the length prefix "
                "(\">H\") and the int32 of \">6si\" are big-endian whatever it says. No lab "
                "program reads it; the server only checks that it is there.");
}

} // namespace Wirelab
