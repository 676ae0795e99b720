#ifndef WIRELAB_JSONLAYOUT_H
#define WIRELAB_JSONLAYOUT_H

#include "message.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <optional>

namespace Wirelab {

// The top-level keys of a JSON object text, each with the spans of its key and value, in
// the order they are written. QJsonObject forgets that order; the lab prints it.
// The text must already be valid JSON (QJsonDocument checked it); offsets start at base.
QList<FieldSpan> scanObjectFields(QByteArrayView json, qsizetype base = 0);

// The text of a JSON string token (quotes included), escapes resolved. The token must be
// valid JSON: its escapes complete.
QString jsonStringText(QByteArrayView token);

// One key of a JSON object: where it stands, and its value. Strings and integers are kept
// as such, because a QJsonValue costs an allocation and headers hold little else.
struct JsonField
{
    enum class Type { String, Integer, Other };
    FieldSpan span;
    Type type = Type::Other;
    QString text;        // Type::String
    qint64 integer = 0;  // Type::Integer
    QJsonValue other;    // Type::Other

    bool isString() const { return type == Type::String; }
    QJsonValue toJson() const;
    static JsonField fromJson(const FieldSpan &span, const QJsonValue &value);
};

// The fast path for the shape of every lab header: an object whose values are strings
// without escapes or integers, each key once, at most FlatObjectMaxKeys keys. One pass, no
// QJsonDocument. nullopt for anything else (nested values, escapes, fractions, many keys,
// invalid JSON): let QJsonDocument judge.
inline constexpr qsizetype FlatObjectMaxKeys = 32;
std::optional<QList<JsonField>> parseFlatObject(QByteArrayView json, qsizetype base = 0);

} // namespace Wirelab

#endif // WIRELAB_JSONLAYOUT_H
