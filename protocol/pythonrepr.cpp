#include "pythonrepr.h"

#include <QtCore/QJsonArray>
#include <QtCore/QVariant>
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
    for (const QString &key : keyOrder) {
        if (object.contains(key) && !keys.contains(key))
            keys.append(key);
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!keys.contains(it.key()))
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

QString address(const QString &host, quint16 port)
{
    return QLatin1Char('(') + string(host) + QLatin1String(", ") + QString::number(port)
            + QLatin1Char(')');
}

} // namespace Wirelab::PythonRepr
