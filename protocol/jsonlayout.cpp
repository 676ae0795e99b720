#include "jsonlayout.h"

#include <cstring>

namespace Wirelab {
namespace {

// A cursor over JSON text that QJsonDocument has already accepted, so it only needs to
// find where things end, not to check them.
class JsonCursor
{
public:
    explicit JsonCursor(QByteArrayView text) : m_text(text) { }

    qsizetype position() const { return m_position; }
    bool atEnd() const { return m_position >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_position]; }
    void advance(qsizetype count = 1) { m_position += count; }

    void skipWhitespace()
    {
        while (!atEnd()) {
            const char c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            advance();
        }
    }

    void skipString()
    {
        advance(); // opening quote
        while (!atEnd()) {
            const char c = peek();
            advance();
            if (c == '\\')
                advance();
            else if (c == '"')
                return;
        }
    }

    void skipValue()
    {
        const char first = peek();
        if (first == '"') {
            skipString();
            return;
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            while (!atEnd()) {
                const char c = peek();
                if (c == '"') {
                    skipString();
                    continue;
                }
                advance();
                if (c == '{' || c == '[')
                    ++depth;
                else if ((c == '}' || c == ']') && --depth == 0)
                    return;
            }
            return;
        }
        while (!atEnd()) { // number, true, false, null
            const char c = peek();
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n'
                || c == '\r')
                return;
            advance();
        }
    }

private:
    QByteArrayView m_text;
    qsizetype m_position = 0;
};



// Strings that recur in every message, shared instead of allocated for each one.
QString internedText(QByteArrayView utf8)
{
    struct Common
    {
        QByteArrayView bytes;
        QString text;
    };
    // Compared as bytes: cheaper than comparing UTF-8 with a QString's UTF-16.
    static const Common common[] = {
        { "byteorder", QStringLiteral("byteorder") },
        { "content-type", QStringLiteral("content-type") },
        { "content-encoding", QStringLiteral("content-encoding") },
        { "content-length", QStringLiteral("content-length") },
        { "little", QStringLiteral("little") },
        { "big", QStringLiteral("big") },
        { "text/json", QStringLiteral("text/json") },
        { "utf-8", QStringLiteral("utf-8") },
        { "binary", QStringLiteral("binary") },
        { "binary/custom-client-binary-type", QStringLiteral("binary/custom-client-binary-type") },
        { "binary/custom-server-binary-type", QStringLiteral("binary/custom-server-binary-type") },
        { "action", QStringLiteral("action") }, // the keys of the lab's text/json contents
        { "value", QStringLiteral("value") },
        { "result", QStringLiteral("result") },
        { "search", QStringLiteral("search") },
    };
    for (const Common &each : common) {
        // Sizes first: most words are told apart by their length alone.
        if (each.bytes.size() == utf8.size() && memcmp(each.bytes.data(), utf8.data(), size_t(utf8.size())) == 0)
            return each.text;
    }
    return QString::fromUtf8(utf8);
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

QJsonValue JsonField::toJson() const
{
    switch (type) {
    case Type::String: return text;
    case Type::Integer: return integer;
    case Type::Other: break;
    }
    return other;
}

JsonField JsonField::fromJson(const FieldSpan &span, const QJsonValue &value)
{
    JsonField field;
    field.span = span;
    if (value.isString()) {
        field.type = Type::String;
        field.text = value.toString();
    } else {
        field.other = value;
    }
    return field;
}

std::optional<QList<JsonField>> parseFlatObject(QByteArrayView json, qsizetype base)
{
    const qsizetype size = json.size();
    qsizetype i = 0;
    const auto skipWhitespace = [&] {
        while (i < size && isJsonWhitespace(json[i]))
            ++i;
    };
    // A string token with no escapes and no control characters; returns its end.
    const auto plainString = [&]() -> qsizetype {
        if (i >= size || json[i] != '"')
            return -1;
        for (qsizetype j = i + 1; j < size; ++j) {
            const auto c = static_cast<unsigned char>(json[j]);
            if (c == '"')
                return j + 1;
            if (c == '\\' || c < 0x20)
                return -1;
        }
        return -1;
    };

    QList<JsonField> fields;
    fields.reserve(6); // the four lab keys and room for a couple more
    skipWhitespace();
    if (i >= size || json[i] != '{')
        return std::nullopt;
    ++i;
    skipWhitespace();
    if (i < size && json[i] == '}') {
        ++i;
    } else {
        for (;;) {
            const qsizetype keyEnd = plainString();
            if (keyEnd < 0)
                return std::nullopt;
            JsonField field;
            field.span.key = { base + i, keyEnd - i };
            field.span.name = internedText(json.sliced(i + 1, keyEnd - i - 2));
            i = keyEnd;
            skipWhitespace();
            if (i >= size || json[i] != ':')
                return std::nullopt;
            ++i;
            skipWhitespace();
            const qsizetype valueStart = i;
            if (const qsizetype stringEnd = plainString(); stringEnd > 0) {
                field.type = JsonField::Type::String;
                field.text = internedText(json.sliced(i + 1, stringEnd - i - 2));
                i = stringEnd;
            } else {
                // -?(0|[1-9][0-9]*), at most 15 digits: exact as a double and as qint64.
                const bool negative = i < size && json[i] == '-';
                qsizetype j = negative ? i + 1 : i;
                const qsizetype digitsStart = j;
                qint64 number = 0;
                while (j < size && json[j] >= '0' && json[j] <= '9' && j - digitsStart <= 15)
                    number = number * 10 + (json[j++] - '0');
                const qsizetype digits = j - digitsStart;
                if (j < size && json[j] >= '0' && json[j] <= '9')
                    return std::nullopt; // more than 16 digits
                if (digits == 0 || digits > 15 || (digits > 1 && json[digitsStart] == '0'))
                    return std::nullopt;
                if (j < size && (json[j] == '.' || json[j] == 'e' || json[j] == 'E'))
                    return std::nullopt;
                field.type = JsonField::Type::Integer;
                field.integer = negative ? -number : number;
                i = j;
            }
            field.span.value = { base + valueStart, i - valueStart };
            // A lab message has four or five keys. Many more is not the usual shape, and
            // checking each new key against all before it would make a hostile object of
            // 100,000 keys cost 10^10 comparisons: QJsonDocument takes those.
            if (fields.size() >= FlatObjectMaxKeys)
                return std::nullopt;
            for (const JsonField &earlier : fields) {
                if (earlier.span.name == field.span.name)
                    return std::nullopt; // duplicate keys: QJsonDocument decides which wins
            }
            fields.append(std::move(field));
            skipWhitespace();
            if (i < size && json[i] == ',') {
                ++i;
                skipWhitespace();
                continue;
            }
            if (i < size && json[i] == '}') {
                ++i;
                break;
            }
            return std::nullopt;
        }
    }
    skipWhitespace();
    if (i != size)
        return std::nullopt;
    return fields;
}

QList<FieldSpan> scanObjectFields(QByteArrayView json, qsizetype base)
{
    QList<FieldSpan> fields;
    JsonCursor cursor(json);
    // QJsonDocument accepts a text that starts with a UTF-8 byte order mark; so must we.
    if (json.startsWith("\xEF\xBB\xBF"))
        cursor.advance(3);
    cursor.skipWhitespace();
    if (cursor.peek() != '{')
        return fields;
    cursor.advance();
    while (!cursor.atEnd()) {
        cursor.skipWhitespace();
        if (cursor.peek() != '"')
            break; // '}' of an empty object
        const qsizetype keyStart = cursor.position();
        cursor.skipString();
        const qsizetype keyEnd = cursor.position();
        cursor.skipWhitespace();
        cursor.advance(); // ':'
        cursor.skipWhitespace();
        const qsizetype valueStart = cursor.position();
        cursor.skipValue();
        FieldSpan field;
        field.name = jsonStringText(json.sliced(keyStart, keyEnd - keyStart));
        field.key = { base + keyStart, keyEnd - keyStart };
        field.value = { base + valueStart, cursor.position() - valueStart };
        fields.append(field);
        cursor.skipWhitespace();
        if (cursor.peek() != ',')
            break;
        cursor.advance();
    }
    return fields;
}

QString jsonStringText(QByteArrayView token)
{
    const QByteArrayView inner = token.sliced(1, token.size() - 2);
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner);
    QString text;
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const char c = inner[i];
        if (c != '\\') {
            qsizetype runEnd = i;
            while (runEnd < inner.size() && inner[runEnd] != '\\')
                ++runEnd;
            text += QString::fromUtf8(inner.sliced(i, runEnd - i));
            i = runEnd - 1;
            continue;
        }
        const char escaped = inner[++i];
        switch (escaped) {
        case 'b': text += QLatin1Char('\b'); break;
        case 'f': text += QLatin1Char('\f'); break;
        case 'n': text += QLatin1Char('\n'); break;
        case 'r': text += QLatin1Char('\r'); break;
        case 't': text += QLatin1Char('\t'); break;
        case 'u':
            text += QChar(char16_t(inner.sliced(i + 1, 4).toUShort(nullptr, 16)));
            i += 4;
            break;
        default: text += QLatin1Char(escaped); break; // " \ /
        }
    }
    return text;
}

} // namespace Wirelab
