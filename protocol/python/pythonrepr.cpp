#include "pythonrepr.h"

#include "jsonscanner.h"
#include "jsonwriter.h"

#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QJsonArray>
#include <QtCore/QVariant>
#include <algorithm>
#include <cmath>
#include <limits>

namespace Wirelab::PythonRepr {
namespace {

// Where a literal goes: a string that, given a sink, is handed on in pieces as it grows, so
// that the repr() of a huge content is never held whole.
class Output
{
public:
    static constexpr qsizetype PieceChars = 64 * 1024;

    explicit Output(const Pieces *sink = nullptr) : m_sink(sink) { }

    Output &operator+=(QStringView text) { m_text += text; return grown(); }
    Output &operator+=(QLatin1String text) { m_text += text; return grown(); }
    Output &operator+=(QChar c) { m_text += c; return grown(); }
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
    Output &grown()
    {
        if (m_sink && m_text.size() >= PieceChars)
            flush();
        return *this;
    }

    const Pieces *m_sink;
    QString m_text;
    bool m_ok = true;
};

constexpr char hexDigits[] = "0123456789abcdef";

void appendHexEscape(Output &out, char prefix, char32_t value, int digits)
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

// The characters of text as repr() writes them between its quotes; with no quote, only those
// str.isprintable() refuses are escaped (what printable() is for).
void appendEscaped(Output &out, QStringView text, char16_t quote)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            c = QChar::surrogateToUcs4(char16_t(c), text.at(++i).unicode());
        else if (QChar::isSurrogate(c))
            c |= 0xfffe0000; // a lone surrogate: Python shows it as \udXXX
        if (quote != 0 && (c == quote || c == U'\\')) {
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
}

// A text as it is, in pieces of the output's size that never part a surrogate pair.
void appendInPieces(Output &out, QStringView text)
{
    while (!text.isEmpty()) {
        qsizetype size = qMin(text.size(), Output::PieceChars);
        if (size < text.size() && text.at(size - 1).isHighSurrogate())
            --size;
        out += text.first(size);
        text = text.sliced(size);
    }
}

void appendString(Output &out, QStringView text)
{
    const char16_t quote = chooseQuote(text, QLatin1Char('\''), QLatin1Char('"'));
    out += QChar(quote);
    appendEscaped(out, text, quote);
    out += QChar(quote);
}

void appendBytes(Output &out, QByteArrayView data)
{
    const char quote = chooseQuote(data, '\'', '"');
    out += QLatin1Char('b');
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
}

// What Python prints for what json.loads() makes of a JSON text, read from the text itself
// through the JSON scanner: numbers exactly as written (1.0 stays a float, 10**20 an int),
// every object's keys in written order, a repeated key's last value in its first place.
//
// It reads the text twice, each time once through. The first reading finds the keys that an
// object writes again, by the hashes of its keys (twelve bytes a key while the object is open,
// no allocation): the first place of such a key is to show the value of its last, and its
// later places are skipped. The second reading writes as it reads, jumping to a replacing
// value and back. Nothing is written twice and nothing is held but the output, so a huge
// answer streams, with or without repeats.
class PythonLiteralWriter
{
public:
    explicit PythonLiteralWriter(QByteArrayView text) : m_text(text), m_scanner(text) { }

    // repr() of the whole text, or for str(), a top-level string as it is.
    bool write(bool strOfString, Output &out)
    {
        if (!findRepeatedKeys())
            return false;
        const JsonScanner::Token first = m_scanner.next();
        if (strOfString && first == JsonScanner::Token::String)
            appendInPieces(out, m_scanner.stringValue());
        else if (!writeValue(first, out, 0))
            return false;
        return m_scanner.atEnd() && out.ok();
    }

private:
    static constexpr int MaxDepth = 1024; // QJsonDocument's own nesting limit

    // Offsets fit 32 bits: a longer text is refused (the decoder's ceiling is 1 GiB).
    struct Field
    {
        quint32 hash;
        quint32 keyOffset;
        quint32 valueEnd; // 0 until the value has been read
    };

    bool findRepeatedKeys()
    {
        using Token = JsonScanner::Token;
        struct Frame { bool object; std::vector<Field> fields; };
        if (m_text.size() >= qsizetype(std::numeric_limits<quint32>::max()))
            return false;
        std::vector<Frame> open;
        JsonScanner scanner(m_text);
        const auto valueEnds = [&](qsizetype end) {
            if (!open.empty() && open.back().object && !open.back().fields.empty())
                if (Field &field = open.back().fields.back(); field.valueEnd == 0)
                    field.valueEnd = quint32(end);
        };
        for (Token token = scanner.next(); token != Token::End; token = scanner.next()) {
            const Span span = scanner.span();
            switch (token) {
            case Token::Invalid:
                return false;
            case Token::Key:
                if (open.empty() || !open.back().object)
                    return false;
                open.back().fields.push_back({ quint32(qHash(keyIdentity(scanner))),
                                               quint32(span.offset), 0 });
                break;
            case Token::BeginObject:
            case Token::BeginArray:
                if (open.size() > MaxDepth)
                    return false;
                open.push_back({ token == Token::BeginObject, {} });
                break;
            case Token::EndObject:
            case Token::EndArray: {
                if (open.empty())
                    return false;
                if (open.back().object)
                    markRepeats(open.back().fields);
                open.pop_back();
                valueEnds(span.end());
                break;
            }
            default:
                valueEnds(span.end());
                break;
            }
        }
        return open.empty();
    }

    // What makes two keys the same key: the UTF-8 between the quotes, as it stands if it has
    // no escapes (no copy), else the text the escapes stand for; a text with a lone surrogate,
    // which UTF-8 cannot hold, as its UTF-16 after a byte no UTF-8 has.
    static QByteArray keyIdentity(const JsonScanner &scanner)
    {
        const QByteArrayView token = scanner.tokenText();
        const QByteArrayView inner = token.sliced(1, token.size() - 2);
        if (!inner.contains('\\'))
            return QByteArray::fromRawData(inner.data(), inner.size());
        const QString text = scanner.stringValue();
        if (text.isValidUtf16())
            return text.toUtf8();
        return QByteArray(1, '\xff')
                + QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    }

    QByteArray keyIdentityAt(quint32 keyOffset) const
    {
        JsonScanner key(m_text.sliced(keyOffset));
        key.next();
        return keyIdentity(key);
    }

    // The value of the key at keyOffset, whose value ends at valueEnd.
    Span valueAfterKey(const Field &field) const
    {
        JsonScanner key(m_text.sliced(field.keyOffset));
        key.next();
        key.next();
        const qsizetype offset = field.keyOffset + key.span().offset;
        return { offset, field.valueEnd - offset };
    }

    void markRepeats(std::vector<Field> &fields)
    {
        std::sort(fields.begin(), fields.end(), [](const Field &a, const Field &b) {
            return a.hash < b.hash || (a.hash == b.hash && a.keyOffset < b.keyOffset);
        });
        for (auto run = fields.begin(); run != fields.end();) {
            const auto runEnd = std::find_if(run, fields.end(),
                                             [&](const Field &f) { return f.hash != run->hash; });
            if (runEnd - run > 1) {
                // Keys that hash alike: the same key, or rarely not; their text decides.
                std::vector<std::pair<QByteArray, const Field *>> keys;
                for (auto field = run; field != runEnd; ++field)
                    keys.emplace_back(keyIdentityAt(field->keyOffset), &*field);
                std::sort(keys.begin(), keys.end(), [](const auto &a, const auto &b) {
                    return a.first < b.first
                            || (a.first == b.first && a.second->keyOffset < b.second->keyOffset);
                });
                for (auto same = keys.begin(); same != keys.end();) {
                    const auto sameEnd = std::find_if(same, keys.end(),
                                                      [&](const auto &k) { return k.first != same->first; });
                    if (sameEnd - same > 1) {
                        m_replacements.insert(same->second->keyOffset, valueAfterKey(*(sameEnd - 1)->second));
                        for (auto later = same + 1; later != sameEnd; ++later)
                            m_skipped.insert(later->second->keyOffset);
                    }
                    same = sameEnd;
                }
            }
            run = runEnd;
        }
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
        case Token::String: appendString(out, m_scanner.stringValue()); return true;
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
        bool first = true;
        for (JsonScanner::Token token = m_scanner.next(); token != JsonScanner::Token::EndObject;
             token = m_scanner.next()) {
            if (token != JsonScanner::Token::Key)
                return false;
            const quint32 keyOffset = quint32(m_base + m_scanner.span().offset);
            if (!m_skipped.isEmpty() && m_skipped.contains(keyOffset)) {
                m_scanner.skipValue(); // shown in the key's first place
                continue;
            }
            if (!first)
                out += QLatin1String(", ");
            first = false;
            appendString(out, m_scanner.stringValue());
            out += QLatin1String(": ");
            const auto replacement = m_replacements.isEmpty() ? m_replacements.cend()
                                                              : m_replacements.constFind(keyOffset);
            if (replacement == m_replacements.cend()) {
                if (!writeValue(m_scanner.next(), out, depth + 1))
                    return false;
                continue;
            }
            const qsizetype resume = m_base + m_scanner.skipValue().end();
            jumpTo(replacement->offset);
            if (!writeValue(m_scanner.next(), out, depth + 1))
                return false;
            jumpTo(resume);
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
    QHash<quint32, Span> m_replacements; // by a repeated key's first offset: its last value
    QSet<quint32> m_skipped;             // the later offsets of repeated keys
};

} // namespace

QString bytes(QByteArrayView data)
{
    Output out;
    appendBytes(out, data);
    return out.text();
}

bool writeBytes(QByteArrayView data, const Pieces &sink)
{
    Output out(&sink);
    appendBytes(out, data);
    return out.flush();
}

QString string(const QString &text)
{
    Output out;
    appendString(out, text);
    return out.text();
}

QString printable(QStringView text)
{
    Output out;
    appendEscaped(out, text, 0);
    return out.text();
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

bool writeStrOfJsonText(QByteArrayView json, const Pieces &sink)
{
    Output out(&sink);
    return json.isValidUtf8() && PythonLiteralWriter(json).write(true, out) && out.flush();
}

QString address(const QString &host, quint16 port)
{
    return QLatin1Char('(') + string(host) + QLatin1String(", ") + QString::number(port)
            + QLatin1Char(')');
}

} // namespace Wirelab::PythonRepr
