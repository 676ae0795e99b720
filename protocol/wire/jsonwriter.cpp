#include "jsonwriter.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QVariant>
#include <cmath>

namespace Wirelab {

namespace {

void appendValue(QByteArray &out, const QJsonValue &value);

void appendEscapedString(QByteArray &out, QStringView text)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    out += '"';
    for (const char c : text.toUtf8()) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += hexDigits[byte >> 4];
                out += hexDigits[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

// Most strings are plain ASCII with nothing to escape: copied in one go.
void appendString(QByteArray &out, QStringView text)
{
    const qsizetype start = out.size();
    out.resize(start + text.size() + 2);
    char *cursor = out.data() + start;
    *cursor++ = '"';
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        if (unit >= 0x80 || unit < 0x20 || unit == u'"' || unit == u'\\') {
            out.truncate(start);
            appendEscapedString(out, text);
            return;
        }
        *cursor++ = char(unit);
    }
    *cursor = '"';
}

void appendNumber(QByteArray &out, const QJsonValue &value)
{
    // QJsonValue remembers whether the number was written as an integer.
    const QVariant number = value.toVariant();
    if (number.typeId() == QMetaType::LongLong) {
        out += QByteArray::number(number.toLongLong());
        return;
    }
    const double real = value.toDouble();
    if (std::isnan(real))
        out += "NaN";
    else if (std::isinf(real))
        out += real > 0 ? "Infinity" : "-Infinity";
    else
        out += shortestRealText(real);
}

void appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: out += "null"; break;
    case QJsonValue::Bool: out += value.toBool() ? "true" : "false"; break;
    case QJsonValue::Double: appendNumber(out, value); break;
    case QJsonValue::String: appendString(out, value.toString()); break;
    case QJsonValue::Array: {
        out += '[';
        bool first = true;
        for (const QJsonValue &element : value.toArray()) {
            if (!first)
                out += ", ";
            first = false;
            appendValue(out, element);
        }
        out += ']';
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        JsonWriter writer(out);
        for (auto it = object.begin(); it != object.end(); ++it)
            writer.addValue(it.key(), it.value());
        writer.close();
        break;
    }
    }
}

} // namespace

JsonWriter::JsonWriter(QByteArray &out) : m_out(out)
{
    m_out += '{';
}

void JsonWriter::addKey(QLatin1String plainKey)
{
    if (!m_first)
        m_out += ", ";
    m_first = false;
    m_out += '"';
    m_out += QByteArrayView(plainKey.data(), plainKey.size());
    m_out += "\": ";
}

void JsonWriter::addString(QLatin1String plainKey, QStringView text)
{
    addKey(plainKey);
    appendString(m_out, text);
}

void JsonWriter::addInteger(QLatin1String plainKey, qint64 number)
{
    addKey(plainKey);
    m_out += QByteArray::number(number);
}

void JsonWriter::addValue(QStringView key, const QJsonValue &value)
{
    if (!m_first)
        m_out += ", ";
    m_first = false;
    appendString(m_out, key);
    m_out += ": ";
    appendValue(m_out, value);
}

void JsonWriter::close()
{
    m_out += '}';
}

QByteArray jsonValueText(const QJsonValue &value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}

QByteArray shortestRealText(double value)
{
    const QByteArray scientific = QByteArray::number(value, 'e', QLocale::FloatingPointShortest);
    const qsizetype ePosition = scientific.indexOf('e');
    const qsizetype digitsStart = scientific.startsWith('-') ? 1 : 0;
    QByteArray digits = scientific.mid(digitsStart, ePosition - digitsStart);
    digits.replace(".", "");
    const int exponent = scientific.mid(ePosition + 1).toInt();
    // QByteArray::number drops the sign of -0.0.
    QByteArray out = std::signbit(value) ? QByteArray("-") : QByteArray();
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1)
            out += '.' + digits.mid(1);
        out += exponent < 0 ? "e-" : "e+";
        const QByteArray magnitude = QByteArray::number(std::abs(exponent));
        out += (magnitude.size() < 2 ? "0" : "") + magnitude;
    } else if (exponent < 0) {
        out += "0." + QByteArray(-exponent - 1, '0') + digits;
    } else {
        const qsizetype integerDigits = exponent + 1;
        if (digits.size() <= integerDigits)
            out += digits + QByteArray(integerDigits - digits.size(), '0') + ".0";
        else
            out += digits.left(integerDigits) + '.' + digits.mid(integerDigits);
    }
    return out;
}

} // namespace Wirelab
