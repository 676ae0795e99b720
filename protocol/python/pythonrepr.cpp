#include "pythonrepr.h"

#include "jsonscanner.h"
#include "jsonwriter.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QVariant>
#include <algorithm>
#include <cmath>

namespace Wirelab::PythonRepr {
namespace {

constexpr char hexDigits[] = "0123456789abcdef";

void appendHexEscape(QString &out, char prefix, char32_t value, int digits)
{
    out += QLatin1Char('\\');
    out += QLatin1Char(prefix);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += QLatin1Char(hexDigits[(value >> shift) & 0xf]);
}

// Python picks double quotes only when the text has a single quote and no double quote.
template<typename Container>
char chooseQuote(const Container &text, typename Container::value_type single,
                 typename Container::value_type dbl)
{
    return text.contains(single) && !text.contains(dbl) ? '"' : '\'';
}

// str.isprintable(): everything but the "Other" and "Separator" categories, space excepted.
bool isPrintable(char32_t codePoint)
{
    if (codePoint == U' ')
        return true;
    switch (QChar::category(codePoint)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

// What Python prints for what json.loads() makes of a JSON text, read from the text itself
// through the JSON scanner: numbers exactly as written (1.0 stays a float, 10**20 an int),
// every object's keys in written order, a repeated key's last value in its first place.
class PythonLiteralWriter
{
public:
    explicit PythonLiteralWriter(QByteArrayView text) : m_scanner(text) { }

    // repr() of the whole text, or for str(), a top-level string as it is.
    std::optional<QString> write(bool strOfString)
    {
        QString out;
        const JsonScanner::Token first = m_scanner.next();
        if (strOfString && first == JsonScanner::Token::String)
            out = m_scanner.stringValue();
        else if (!writeValue(first, out, 0))
            return std::nullopt;
        if (!m_scanner.atEnd())
            return std::nullopt;
        return out;
    }

private:
    static constexpr int MaxDepth = 1024; // QJsonDocument's own nesting limit

    bool writeValue(JsonScanner::Token token, QString &out, int depth)
    {
        using Token = JsonScanner::Token;
        if (depth > MaxDepth)
            return false;
        switch (token) {
        case Token::BeginObject: return writeObject(out, depth);
        case Token::BeginArray: return writeArray(out, depth);
        case Token::String: out += string(m_scanner.stringValue()); return true;
        case Token::Number: return writeNumber(m_scanner.tokenText(), out);
        case Token::True: out += QLatin1String("True"); return true;
        case Token::False: out += QLatin1String("False"); return true;
        case Token::Null: out += QLatin1String("None"); return true;
        default: return false;
        }
    }

    bool writeObject(QString &out, int depth)
    {
        QStringList keys; // a dict keeps a key where it was first written
        QStringList values;
        QHash<QString, qsizetype> places; // of keys, so that many keys cost one pass
        for (JsonScanner::Token token = m_scanner.next(); token != JsonScanner::Token::EndObject;
             token = m_scanner.next()) {
            if (token != JsonScanner::Token::Key)
                return false;
            const QString key = m_scanner.stringValue();
            QString value;
            if (!writeValue(m_scanner.next(), value, depth + 1))
                return false;
            if (const auto earlier = places.constFind(key); earlier != places.cend()) {
                values[*earlier] = value;
            } else {
                places.insert(key, keys.size());
                keys.append(key);
                values.append(value);
            }
        }
        out += QLatin1Char('{');
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (i > 0)
                out += QLatin1String(", ");
            out += string(keys[i]) + QLatin1String(": ") + values[i];
        }
        out += QLatin1Char('}');
        return true;
    }

    bool writeArray(QString &out, int depth)
    {
        out += QLatin1Char('[');
        bool first = true;
        for (JsonScanner::Token token = m_scanner.next(); token != JsonScanner::Token::EndArray;
             token = m_scanner.next()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            if (!writeValue(token, out, depth + 1))
                return false;
        }
        out += QLatin1Char(']');
        return true;
    }

    // An int is written as its digits, however many ("-0" is 0); anything with a fraction or
    // an exponent is a float, and repr() of a float has its own rules.
    static bool writeNumber(QByteArrayView literal, QString &out)
    {
        if (literal.contains('.') || literal.contains('e') || literal.contains('E')) {
            bool ok = false;
            const double value = literal.toDouble(&ok);
            out += floatNumber(value);
            return ok;
        }
        const bool negativeZero = literal.size() > 1 && literal[0] == '-'
                && std::all_of(literal.begin() + 1, literal.end(), [](char c) { return c == '0'; });
        out += QString::fromLatin1(negativeZero ? literal.sliced(1) : literal);
        return true;
    }

    JsonScanner m_scanner;
};

} // namespace

QString bytes(QByteArrayView data)
{
    const char quote = chooseQuote(data, '\'', '"');
    QString out;
    out.reserve(data.size() + 3);
    out += QLatin1String("b");
    out += QLatin1Char(quote);
    for (const char c : data) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == quote || c == '\\') {
            out += QLatin1Char('\\');
            out += QLatin1Char(c);
        } else if (c == '\t') {
            out += QLatin1String("\\t");
        } else if (c == '\n') {
            out += QLatin1String("\\n");
        } else if (c == '\r') {
            out += QLatin1String("\\r");
        } else if (byte < 0x20 || byte >= 0x7f) {
            appendHexEscape(out, 'x', byte, 2);
        } else {
            out += QLatin1Char(c);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

QString string(const QString &text)
{
    const char quote = chooseQuote(text, QLatin1Char('\''), QLatin1Char('"'));
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char(quote);
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            c = QChar::surrogateToUcs4(char16_t(c), text.at(++i).unicode());
        else if (QChar::isSurrogate(c))
            c |= 0xfffe0000; // a lone surrogate: Python shows it as \udXXX
        if (c == char32_t(quote) || c == U'\\') {
            out += QLatin1Char('\\');
            out += QChar(char16_t(c));
        } else if (c == U'\t') {
            out += QLatin1String("\\t");
        } else if (c == U'\n') {
            out += QLatin1String("\\n");
        } else if (c == U'\r') {
            out += QLatin1String("\\r");
        } else if (c >= 0xfffe0000) {
            appendHexEscape(out, 'u', c & 0xffff, 4);
        } else if (c < 0x20 || c == 0x7f) {
            appendHexEscape(out, 'x', c, 2);
        } else if (c < 0x7f || isPrintable(c)) {
            out += QStringView(QChar::fromUcs4(c));
        } else if (c <= 0xff) {
            appendHexEscape(out, 'x', c, 2);
        } else if (c <= 0xffff) {
            appendHexEscape(out, 'u', c, 4);
        } else {
            appendHexEscape(out, 'U', c, 8);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

QString floatNumber(double value)
{
    if (qIsNaN(value))
        return QStringLiteral("nan");
    if (qIsInf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::fromLatin1(shortestRealText(value));
}

QString json(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return QStringLiteral("None");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const QVariant number = value.toVariant();
        if (number.typeId() == QMetaType::LongLong)
            return QString::number(number.toLongLong());
        return floatNumber(value.toDouble());
    }
    case QJsonValue::String: return string(value.toString());
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &element : value.toArray())
            parts.append(json(element));
        return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        QStringList parts;
        for (auto it = object.begin(); it != object.end(); ++it)
            parts.append(string(it.key()) + QLatin1String(": ") + json(it.value()));
        return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
    }
    }
    return QString();
}

QString str(const QJsonValue &value)
{
    return value.isString() ? value.toString() : json(value);
}

std::optional<QString> jsonText(QByteArrayView json)
{
    if (!json.isValidUtf8())
        return std::nullopt;
    return PythonLiteralWriter(json).write(false);
}

std::optional<QString> strOfJsonText(QByteArrayView json)
{
    if (!json.isValidUtf8())
        return std::nullopt;
    return PythonLiteralWriter(json).write(true);
}

QString address(const QString &host, quint16 port)
{
    return QLatin1Char('(') + string(host) + QLatin1String(", ") + QString::number(port)
            + QLatin1Char(')');
}

} // namespace Wirelab::PythonRepr
