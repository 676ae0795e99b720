#include "jsonlayout.h"

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
    void advance() { ++m_position; }

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

// The text of a JSON string token, escapes resolved.
QString unquote(QByteArrayView token)
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

} // namespace

QList<FieldSpan> scanObjectFields(QByteArrayView json, qsizetype base)
{
    QList<FieldSpan> fields;
    JsonCursor cursor(json);
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
        field.name = unquote(json.sliced(keyStart, keyEnd - keyStart));
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

} // namespace Wirelab
