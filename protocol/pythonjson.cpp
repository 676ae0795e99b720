#include "pythonjson.h"

#include "pythonrepr.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QVariant>

namespace Wirelab::PythonJson {
namespace {

void appendValue(QByteArray &out, const QJsonValue &value);

// json.dumps(ensure_ascii=False) escapes only '"', '\\' and the C0 controls; everything
// else, DEL and emoji included, goes out as raw UTF-8.
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

// Most strings are plain ASCII with nothing to escape: copy them in one go.
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
    // QJsonValue remembers whether the number was an integer; Python writes 41 and 41.0
    // differently, so we must too.
    const QVariant number = value.toVariant();
    if (number.typeId() == QMetaType::LongLong) {
        out += QByteArray::number(number.toLongLong());
        return;
    }
    const double real = value.toDouble();
    if (qIsNaN(real))
        out += "NaN";
    else if (qIsInf(real))
        out += real > 0 ? "Infinity" : "-Infinity";
    else
        out += PythonRepr::floatNumber(real).toLatin1();
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
        ObjectWriter writer(out);
        for (auto it = object.begin(); it != object.end(); ++it)
            writer.addValue(it.key(), it.value());
        writer.close();
        break;
    }
    }
}

} // namespace

QByteArray dumps(const QJsonValue &value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}

QByteArray dumps(const OrderedObject &object)
{
    QByteArray out;
    out.reserve(128);
    ObjectWriter writer(out);
    for (const auto &[key, value] : object)
        writer.addValue(key, value);
    writer.close();
    return out;
}

ObjectWriter::ObjectWriter(QByteArray &out) : m_out(out)
{
    m_out += '{';
}

void ObjectWriter::addKey(QStringView key)
{
    if (!m_first)
        m_out += ", ";
    m_first = false;
    appendString(m_out, key);
    m_out += ": ";
}

void ObjectWriter::addKey(QLatin1String plainKey)
{
    if (!m_first)
        m_out += ", ";
    m_first = false;
    m_out += '"';
    m_out += QByteArrayView(plainKey.data(), plainKey.size());
    m_out += "\": ";
}

void ObjectWriter::addString(QLatin1String plainKey, QStringView text)
{
    addKey(plainKey);
    appendString(m_out, text);
}

void ObjectWriter::addString(QStringView key, QStringView text)
{
    addKey(key);
    appendString(m_out, text);
}

void ObjectWriter::addInteger(QLatin1String plainKey, qint64 number)
{
    addKey(plainKey);
    m_out += QByteArray::number(number);
}

void ObjectWriter::addValue(QStringView key, const QJsonValue &value)
{
    addKey(key);
    appendValue(m_out, value);
}

void ObjectWriter::close()
{
    m_out += '}';
}

} // namespace Wirelab::PythonJson
