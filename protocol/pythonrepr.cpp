#include "pythonrepr.h"

#include "jsonlayout.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QSet>
#include <QtCore/QVariant>
#include <algorithm>
#include <cctype>
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

// Reads JSON text as json.loads() does and writes what Python prints for the result. The
// text has passed a JSON parser already (the decoder's), so this only has to follow it; what
// it does not expect (text that is not UTF-8, say) makes it give up.
class PythonLiteralWriter
{
public:
    explicit PythonLiteralWriter(QByteArrayView text) : m_text(text)
    {
        if (m_text.startsWith("\xEF\xBB\xBF"))
            m_at = 3; // json.loads() refuses the mark; QJsonDocument and we read past it
    }

    // repr() of the whole text, or for str(), a top-level string as it is.
    std::optional<QString> write(bool strOfString)
    {
        skipWhitespace();
        QString out;
        if (strOfString && peek() == '"') {
            if (!readString(out))
                return std::nullopt;
        } else if (!writeValue(out, 0)) {
            return std::nullopt;
        }
        skipWhitespace();
        if (m_at != m_text.size())
            return std::nullopt;
        return out;
    }

private:
    static constexpr int MaxDepth = 1024; // QJsonDocument's own nesting limit

    char peek() const { return m_at < m_text.size() ? m_text[m_at] : '\0'; }
    void skipWhitespace()
    {
        while (m_at < m_text.size() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_at;
    }
    bool take(QLatin1String word)
    {
        if (!m_text.sliced(m_at).startsWith(QByteArrayView(word.data(), word.size())))
            return false;
        m_at += word.size();
        return true;
    }

    bool writeValue(QString &out, int depth)
    {
        if (depth > MaxDepth)
            return false;
        switch (peek()) {
        case '{': return writeObject(out, depth);
        case '[': return writeArray(out, depth);
        case '"': {
            QString text;
            if (!readString(text))
                return false;
            out += string(text);
            return true;
        }
        case 't': out += QLatin1String("True"); return take(QLatin1String("true"));
        case 'f': out += QLatin1String("False"); return take(QLatin1String("false"));
        case 'n': out += QLatin1String("None"); return take(QLatin1String("null"));
        default: return writeNumber(out);
        }
    }

    // The items of an array or an object up to its closing bracket, each read by readItem
    // after the whitespace before it; false at anything else.
    template<typename ReadItem>
    bool readItems(char closing, ReadItem readItem)
    {
        ++m_at; // the opening bracket
        skipWhitespace();
        if (peek() == closing) {
            ++m_at;
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (!readItem())
                return false;
            skipWhitespace();
            if (peek() != ',')
                break;
            ++m_at;
        }
        if (peek() != closing)
            return false;
        ++m_at;
        return true;
    }

    bool writeObject(QString &out, int depth)
    {
        QStringList keys; // a dict keeps a key where it was first written
        QStringList values;
        QHash<QString, qsizetype> places; // of keys, so that many keys cost one pass
        const bool read = readItems('}', [&] {
            QString key;
            if (peek() != '"' || !readString(key))
                return false;
            skipWhitespace();
            if (peek() != ':')
                return false;
            ++m_at;
            skipWhitespace();
            QString value;
            if (!writeValue(value, depth + 1))
                return false;
            if (const auto earlier = places.constFind(key); earlier != places.cend()) {
                values[*earlier] = value;
            } else {
                places.insert(key, keys.size());
                keys.append(key);
                values.append(value);
            }
            return true;
        });
        if (!read)
            return false;
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
        const bool read = readItems(']', [&] {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            return writeValue(out, depth + 1);
        });
        out += QLatin1Char(']');
        return read;
    }

    // An int is written as its digits, however many ("-0" is 0); anything with a fraction or
    // an exponent is a float, and repr() of a float has its own rules.
    bool writeNumber(QString &out)
    {
        const qsizetype start = m_at;
        bool isFloat = false;
        while (m_at < m_text.size()) {
            const char c = peek();
            if (c == '.' || c == 'e' || c == 'E')
                isFloat = true;
            else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9')))
                break;
            ++m_at;
        }
        const QByteArrayView literal = m_text.sliced(start, m_at - start);
        if (literal.isEmpty())
            return false;
        if (isFloat) {
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

    // A string token: found and checked here (its end, its escapes, UTF-8), its text made by
    // the layout's own unquoting. A pair of \u escapes makes one character in UTF-16, as in
    // Python; a lone one stays a lone surrogate, as in Python.
    bool readString(QString &text)
    {
        const qsizetype start = m_at++; // '"'
        while (m_at < m_text.size() && peek() != '"') {
            if (peek() != '\\') {
                ++m_at;
                continue;
            }
            const char escaped = m_at + 1 < m_text.size() ? m_text[m_at + 1] : '\0';
            m_at += 2;
            if (escaped == 'u') {
                const auto isHex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); };
                if (m_at + 4 > m_text.size()
                    || !std::all_of(m_text.begin() + m_at, m_text.begin() + m_at + 4, isHex))
                    return false;
                m_at += 4;
            } else if (!QByteArrayView("\"\\/bfnrt").contains(escaped)) {
                return false;
            }
        }
        if (m_at >= m_text.size())
            return false;
        const QByteArrayView token = m_text.sliced(start, ++m_at - start);
        if (!token.isValidUtf8())
            return false;
        text = jsonStringText(token);
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_at = 0;
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
    // The shortest digits that read back the same, as repr() finds them; then repr()'s
    // layout: positional for exponents -5 < e < 16, with at least one decimal, else d.ddde+XX.
    const QByteArray scientific = QByteArray::number(value, 'e', QLocale::FloatingPointShortest);
    const qsizetype ePosition = scientific.indexOf('e');
    const bool negative = std::signbit(value); // QByteArray::number drops the sign of -0.0
    const qsizetype digitsStart = scientific.startsWith('-') ? 1 : 0;
    QByteArray digits = scientific.mid(digitsStart, ePosition - digitsStart);
    digits.replace(".", "");
    const int exponent = scientific.mid(ePosition + 1).toInt();
    QString out = negative ? QStringLiteral("-") : QString();
    if (exponent < -4 || exponent >= 16) {
        out += QLatin1Char(digits[0]);
        if (digits.size() > 1) {
            out += QLatin1Char('.');
            out += QString::fromLatin1(digits.mid(1));
        }
        out += QLatin1Char('e');
        out += exponent < 0 ? QLatin1Char('-') : QLatin1Char('+');
        out += QStringLiteral("%1").arg(std::abs(exponent), 2, 10, QLatin1Char('0'));
    } else if (exponent < 0) {
        out += QLatin1String("0.");
        out += QString(-exponent - 1, QLatin1Char('0'));
        out += QString::fromLatin1(digits);
    } else {
        const qsizetype integerDigits = exponent + 1;
        if (digits.size() <= integerDigits) {
            out += QString::fromLatin1(digits);
            out += QString(integerDigits - digits.size(), QLatin1Char('0'));
            out += QLatin1String(".0");
        } else {
            out += QString::fromLatin1(digits.left(integerDigits));
            out += QLatin1Char('.');
            out += QString::fromLatin1(digits.mid(integerDigits));
        }
    }
    return out;
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
    case QJsonValue::Object: return object(value.toObject(), {});
    }
    return QString();
}

QString object(const QJsonObject &object, const QStringList &keyOrder)
{
    QStringList keys;
    QSet<QString> listed; // a set, so that an object of many keys costs one pass
    for (const QString &key : keyOrder) {
        if (object.contains(key) && !listed.contains(key)) {
            keys.append(key);
            listed.insert(key);
        }
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!listed.contains(it.key()))
            keys.append(it.key());
    }
    QStringList parts;
    for (const QString &key : keys)
        parts.append(string(key) + QLatin1String(": ") + json(object.value(key)));
    return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
}

QString str(const QJsonValue &value)
{
    return value.isString() ? value.toString() : json(value);
}

std::optional<QString> jsonText(QByteArrayView json)
{
    return PythonLiteralWriter(json).write(false);
}

std::optional<QString> strOfJsonText(QByteArrayView json)
{
    return PythonLiteralWriter(json).write(true);
}

QString address(const QString &host, quint16 port)
{
    return QLatin1Char('(') + string(host) + QLatin1String(", ") + QString::number(port)
            + QLatin1Char(')');
}

} // namespace Wirelab::PythonRepr
