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

// Where a literal goes: a string that, given a sink, is handed on in pieces as it grows, so
// that the repr() of a huge content is never held whole.
class Output
{
public:
    static constexpr qsizetype PieceChars = 64 * 1024;

    explicit Output(const Pieces *sink = nullptr) : m_sink(sink) { }

    Output &operator+=(QStringView text)
    {
        m_text += text;
        if (m_sink && m_text.size() >= PieceChars)
            flush();
        return *this;
    }
    Output &operator+=(QLatin1String text) { return *this += QStringView(QString(text)); }
    Output &operator+=(QChar c) { return *this += QStringView(&c, 1); }
    bool flush()
    {
        if (m_sink && !m_text.isEmpty() && m_ok)
            m_ok = (*m_sink)(m_text);
        m_text.clear();
        return m_ok;
    }
    bool ok() const { return m_ok; }
    const QString &text() const { return m_text; }

private:
    const Pieces *m_sink;
    QString m_text;
    bool m_ok = true;
};

// What Python prints for what json.loads() makes of a JSON text, read from the text itself
// through the JSON scanner: numbers exactly as written (1.0 stays a float, 10**20 an int),
// every object's keys in written order, a repeated key's last value in its first place.
//
// It reads the text twice, each time once through. The first reading finds the objects that
// write a key twice (by the hashes of their keys, so that a key costs no allocation) and plans
// them: each key once, where it was first written, with the span of its last value. The second
// writes: an object without a plan as it reads it, a planned one by jumping to the values its
// plan names. Nothing is written twice and nothing is held but the output, so a huge answer
// streams.
class PythonLiteralWriter
{
public:
    explicit PythonLiteralWriter(QByteArrayView text) : m_text(text), m_scanner(text) { }

    // repr() of the whole text, or for str(), a top-level string as it is.
    bool write(bool strOfString, Output &out)
    {
        if (!planRepeatedKeys())
            return false;
        const JsonScanner::Token first = m_scanner.next();
        if (strOfString && first == JsonScanner::Token::String)
            out += m_scanner.stringValue();
        else if (!writeValue(first, out, 0))
            return false;
        return m_scanner.atEnd() && out.ok();
    }

private:
    static constexpr int MaxDepth = 1024; // QJsonDocument's own nesting limit

    struct PlannedField
    {
        QString key;
        Span value; // of the last value written for the key
    };
    struct Plan
    {
        QList<PlannedField> fields;
        qsizetype end = 0; // just after the object's '}'
    };

    // The first reading. A frame is an open object or array; an object's frame keeps, for each
    // key, its span, its hash and its value's span, until the object closes.
    bool planRepeatedKeys()
    {
        using Token = JsonScanner::Token;
        struct Field { Span key; size_t hash; Span value; };
        struct Frame { bool object; qsizetype start; std::vector<Field> fields; };
        std::vector<Frame> open;
        JsonScanner scanner(m_text);
        const auto valueStarts = [&](qsizetype offset) {
            if (!open.empty() && open.back().object && !open.back().fields.empty())
                if (Field &field = open.back().fields.back(); field.value.length < 0)
                    field.value.offset = offset;
        };
        const auto valueEnds = [&](qsizetype end) {
            if (!open.empty() && open.back().object && !open.back().fields.empty())
                if (Field &field = open.back().fields.back(); field.value.length < 0)
                    field.value.length = end - field.value.offset;
        };
        for (Token token = scanner.next(); token != Token::End; token = scanner.next()) {
            const Span span = scanner.span();
            switch (token) {
            case Token::Invalid:
                return false;
            case Token::Key: {
                if (open.empty() || !open.back().object)
                    return false;
                const QByteArrayView inner = scanner.tokenText().sliced(1, span.length - 2);
                // Equal keys hash alike: one written with escapes is hashed as the UTF-8 it
                // stands for, which is how the other must be written.
                const size_t hash = inner.contains('\\') ? qHash(scanner.stringValue().toUtf8())
                                                         : qHash(inner);
                open.back().fields.push_back({ span, hash, { 0, -1 } });
                break;
            }
            case Token::BeginObject:
            case Token::BeginArray:
                if (open.size() > MaxDepth)
                    return false;
                valueStarts(span.offset);
                open.push_back({ token == Token::BeginObject, span.offset, {} });
                break;
            case Token::EndObject:
            case Token::EndArray: {
                if (open.empty())
                    return false;
                Frame closed = std::move(open.back());
                open.pop_back();
                if (closed.object)
                    planIfRepeating(closed.start, span.offset + span.length, closed.fields);
                valueEnds(span.offset + span.length);
                break;
            }
            default:
                valueStarts(span.offset);
                valueEnds(span.offset + span.length);
                break;
            }
        }
        return open.empty();
    }

    template<typename Fields>
    void planIfRepeating(qsizetype start, qsizetype end, const Fields &fields)
    {
        std::vector<size_t> hashes;
        hashes.reserve(fields.size());
        for (const auto &field : fields)
            hashes.push_back(field.hash);
        std::sort(hashes.begin(), hashes.end());
        if (std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end())
            return;
        // A repeat, or two keys that hash alike: the keys themselves decide.
        Plan plan;
        plan.end = end;
        QHash<QString, qsizetype> places;
        for (const auto &field : fields) {
            const QString key = jsonStringText(m_text.sliced(field.key.offset, field.key.length));
            if (const auto earlier = places.constFind(key); earlier != places.cend()) {
                plan.fields[*earlier].value = field.value;
            } else {
                places.insert(key, plan.fields.size());
                plan.fields.append({ key, field.value });
            }
        }
        m_plans.insert(start, plan);
    }

    // The second reading goes on at offset: a fresh scanner over the rest of the text, whose
    // spans are counted from m_base.
    void jumpTo(qsizetype offset)
    {
        m_base = offset;
        m_scanner = JsonScanner(m_text.sliced(offset));
    }

    bool writeValue(JsonScanner::Token token, Output &out, int depth)
    {
        using Token = JsonScanner::Token;
        if (depth > MaxDepth || !out.ok())
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

    bool writeObject(Output &out, int depth)
    {
        out += QLatin1Char('{');
        if (const auto plan = m_plans.constFind(m_base + m_scanner.span().offset); plan != m_plans.cend()) {
            for (qsizetype i = 0; i < plan->fields.size(); ++i) {
                if (i > 0)
                    out += QLatin1String(", ");
                out += string(plan->fields[i].key);
                out += QLatin1String(": ");
                jumpTo(plan->fields[i].value.offset);
                if (!writeValue(m_scanner.next(), out, depth + 1))
                    return false;
            }
            jumpTo(plan->end);
        } else {
            bool first = true;
            for (JsonScanner::Token token = m_scanner.next(); token != JsonScanner::Token::EndObject;
                 token = m_scanner.next()) {
                if (token != JsonScanner::Token::Key)
                    return false;
                if (!first)
                    out += QLatin1String(", ");
                first = false;
                out += string(m_scanner.stringValue());
                out += QLatin1String(": ");
                if (!writeValue(m_scanner.next(), out, depth + 1))
                    return false;
            }
        }
        out += QLatin1Char('}');
        return true;
    }

    bool writeArray(Output &out, int depth)
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
    static bool writeNumber(QByteArrayView literal, Output &out)
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

    QByteArrayView m_text;
    JsonScanner m_scanner;
    qsizetype m_base = 0;
    QHash<qsizetype, Plan> m_plans; // by the offset of the object's '{'
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
    Output out;
    if (!json.isValidUtf8() || !PythonLiteralWriter(json).write(false, out))
        return std::nullopt;
    return out.text();
}

std::optional<QString> strOfJsonText(QByteArrayView json)
{
    Output out;
    if (!json.isValidUtf8() || !PythonLiteralWriter(json).write(true, out))
        return std::nullopt;
    return out.text();
}

bool writeJsonText(QByteArrayView json, const Pieces &sink)
{
    Output out(&sink);
    return json.isValidUtf8() && PythonLiteralWriter(json).write(false, out) && out.flush();
}

QString address(const QString &host, quint16 port)
{
    return QLatin1Char('(') + string(host) + QLatin1String(", ") + QString::number(port)
            + QLatin1Char(')');
}

} // namespace Wirelab::PythonRepr
