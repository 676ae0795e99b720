#ifndef WIRELAB_JSONSCANNER_H
#define WIRELAB_JSONSCANNER_H

#include "message.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// What QJsonDocument cannot say about a JSON text: the order its keys were written in, a key
// written twice, and where each token stands (the lab prints keys in written order, and the
// GUI colours each value's bytes). QJsonDocument checks the text and gives the values; this
// scanner only walks text it has accepted. On anything else it stops with Token::Invalid; it
// never reads past the end, whatever it is given.
class JsonScanner
{
public:
    enum class Token {
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        Key,    // a string followed by ':'
        String,
        Number,
        True,
        False,
        Null,
        End,    // nothing but white space is left
        Invalid,
    };

    explicit JsonScanner(QByteArrayView text); // a leading UTF-8 byte order mark is skipped

    Token next();
    Token token() const { return m_token; }
    // The current token's bytes: a bracket, a quoted string with its quotes, a number's digits.
    Span span() const { return m_span; }
    QByteArrayView tokenText() const { return m_text.sliced(m_span.offset, m_span.length); }
    // Key and String: the text, escapes resolved (a lone \ud800 stays a lone surrogate).
    QString stringValue() const;
    // Reads the next value whole, nested ones included, and returns its bytes; after a Key,
    // that is the key's value. An empty span if no whole value follows.
    Span skipValue();
    bool atEnd();

private:
    void skipSeparators();
    Token scanString();
    Token scanWord(QByteArrayView word, Token token);
    Token scanNumber();

    QByteArrayView m_text;
    qsizetype m_position = 0;
    Token m_token = Token::Invalid;
    Span m_span;
};

// The text of a JSON string token (quotes included), escapes resolved.
QString jsonStringText(QByteArrayView token);

// The top-level keys of a JSON object text in the order written, each with its key's and its
// value's bytes, offsets starting at base. A key written twice is listed twice. For text that
// stops short or goes wrong (a cut-off or broken header), the keys whose values were read
// whole before that point.
QList<FieldSpan> scanObjectFields(QByteArrayView json, qsizetype base = 0);

} // namespace Wirelab

#endif // WIRELAB_JSONSCANNER_H
