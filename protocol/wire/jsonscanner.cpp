#include "jsonscanner.h"

namespace Wirelab {

namespace {

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isNumberCharacter(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

} // namespace

JsonScanner::JsonScanner(QByteArrayView text) : m_text(text)
{
    // QJsonDocument accepts a text that starts with a UTF-8 byte order mark; so must we.
    if (m_text.startsWith("\xEF\xBB\xBF"))
        m_position = 3;
}

void JsonScanner::skipSeparators()
{
    // Commas and colons carry nothing the callers need: what is a key is told by the colon
    // after it (scanString), and the text has been checked already.
    while (m_position < m_text.size()) {
        const char c = m_text[m_position];
        if (!isJsonWhitespace(c) && c != ',' && c != ':')
            return;
        ++m_position;
    }
}

bool JsonScanner::atEnd()
{
    skipSeparators();
    return m_position >= m_text.size();
}

JsonScanner::Token JsonScanner::next()
{
    skipSeparators();
    const qsizetype start = m_position;
    m_span = { start, 0 };
    if (m_position >= m_text.size())
        return m_token = Token::End;
    const char c = m_text[m_position];
    const auto bracket = [&](Token token) {
        ++m_position;
        m_span = { start, 1 };
        return m_token = token;
    };
    switch (c) {
    case '{': return bracket(Token::BeginObject);
    case '}': return bracket(Token::EndObject);
    case '[': return bracket(Token::BeginArray);
    case ']': return bracket(Token::EndArray);
    case '"': return m_token = scanString();
    case 't': return m_token = scanWord("true", Token::True);
    case 'f': return m_token = scanWord("false", Token::False);
    case 'n': return m_token = scanWord("null", Token::Null);
    default: return m_token = scanNumber();
    }
}

JsonScanner::Token JsonScanner::scanString()
{
    const qsizetype start = m_position++;
    while (m_position < m_text.size() && m_text[m_position] != '"')
        m_position += m_text[m_position] == '\\' ? 2 : 1;
    if (m_position >= m_text.size()) {
        m_position = m_text.size();
        return Token::Invalid; // no closing quote
    }
    ++m_position;
    m_span = { start, m_position - start };
    qsizetype after = m_position;
    while (after < m_text.size() && isJsonWhitespace(m_text[after]))
        ++after;
    return after < m_text.size() && m_text[after] == ':' ? Token::Key : Token::String;
}

JsonScanner::Token JsonScanner::scanWord(QByteArrayView word, Token token)
{
    if (!m_text.sliced(m_position).startsWith(word))
        return Token::Invalid;
    m_span = { m_position, word.size() };
    m_position += word.size();
    return token;
}

JsonScanner::Token JsonScanner::scanNumber()
{
    const qsizetype start = m_position;
    while (m_position < m_text.size() && isNumberCharacter(m_text[m_position]))
        ++m_position;
    m_span = { start, m_position - start };
    return m_span.length > 0 ? Token::Number : Token::Invalid;
}

QString JsonScanner::stringValue() const
{
    if (m_token != Token::Key && m_token != Token::String)
        return {};
    return jsonStringText(tokenText());
}

Span JsonScanner::skipValue()
{
    const Token first = next();
    const qsizetype start = m_span.offset;
    switch (first) {
    case Token::String:
    case Token::Number:
    case Token::True:
    case Token::False:
    case Token::Null:
        return m_span;
    case Token::BeginObject:
    case Token::BeginArray:
        break;
    default:
        return { start, 0 };
    }
    // Brackets are counted, not matched: the text has been checked already.
    for (int depth = 1; depth > 0;) {
        switch (next()) {
        case Token::BeginObject:
        case Token::BeginArray: ++depth; break;
        case Token::EndObject:
        case Token::EndArray: --depth; break;
        case Token::End:
        case Token::Invalid: return { start, 0 };
        default: break;
        }
    }
    return { start, m_position - start };
}

QString jsonStringText(QByteArrayView token)
{
    if (token.size() < 2)
        return {};
    const QByteArrayView inner = token.sliced(1, token.size() - 2);
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner);
    QString text;
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner[i] != '\\') {
            qsizetype runEnd = i;
            while (runEnd < inner.size() && inner[runEnd] != '\\')
                ++runEnd;
            text += QString::fromUtf8(inner.sliced(i, runEnd - i));
            i = runEnd - 1;
            continue;
        }
        if (++i >= inner.size())
            break;
        const char escaped = inner[i];
        switch (escaped) {
        case 'b': text += QLatin1Char('\b'); break;
        case 'f': text += QLatin1Char('\f'); break;
        case 'n': text += QLatin1Char('\n'); break;
        case 'r': text += QLatin1Char('\r'); break;
        case 't': text += QLatin1Char('\t'); break;
        case 'u':
            // Each \u escape is one UTF-16 unit: a pair makes one character, and a lone
            // surrogate stays one, as in Python.
            if (i + 4 < inner.size()) {
                text += QChar(char16_t(inner.sliced(i + 1, 4).toUShort(nullptr, 16)));
                i += 4;
            }
            break;
        default: text += QLatin1Char(escaped); break; // " \ /
        }
    }
    return text;
}

QList<FieldSpan> scanObjectFields(QByteArrayView json, qsizetype base)
{
    QList<FieldSpan> fields;
    fields.reserve(8); // a lab header has four or five
    JsonScanner scanner(json);
    if (scanner.next() != JsonScanner::Token::BeginObject)
        return fields;
    while (scanner.next() == JsonScanner::Token::Key) {
        FieldSpan field;
        field.name = scanner.stringValue();
        field.key = { base + scanner.span().offset, scanner.span().length };
        const Span value = scanner.skipValue();
        // A value that reaches the end of the text may have been cut off there: a whole
        // object ends with '}' after its last value.
        if (value.length == 0 || value.end() >= json.size())
            break;
        field.value = { base + value.offset, value.length };
        fields.append(field);
    }
    return fields;
}

} // namespace Wirelab
