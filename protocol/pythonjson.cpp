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
void appendString(QByteArray &out, const QString &text)
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

template<typename Pairs>
void appendObject(QByteArray &out, const Pairs &pairs)
{
    out += '{';
    bool first = true;
    for (const auto &[key, value] : pairs) {
        if (!first)
            out += ", ";
        first = false;
        appendString(out, key);
        out += ": ";
        appendValue(out, value);
    }
    out += '}';
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
        OrderedObject pairs;
        pairs.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            pairs.append({ it.key(), it.value() });
        appendObject(out, pairs);
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
    appendObject(out, object);
    return out;
}

} // namespace Wirelab::PythonJson
