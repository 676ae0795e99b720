#ifndef WIRELAB_PYTHONREPR_H
#define WIRELAB_PYTHONREPR_H

#include <QtCore/QByteArrayView>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <functional>
#include <optional>

// Text exactly as Python prints it, so that our transcripts can be put line by line beside
// the lab's (which print repr() of bytes, dicts and address tuples).
namespace Wirelab::PythonRepr {

QString bytes(QByteArrayView data);            // repr(b"..."): b'...' or b"..."
QString string(const QString &text);           // repr(str)
// text with what str.isprintable() refuses written as repr() writes it (ESC as \x1b, a
// newline as \n), the rest as it is: what a terminal may be shown of a peer's text.
QString printable(QStringView text);
// repr() of what json.loads returns, as far as a QJsonValue can tell (nested keys sorted).
QString json(const QJsonValue &value);
QString str(const QJsonValue &value);          // str(): a string as is, anything else as repr()
// repr() and str() of what json.loads() makes of a UTF-8 JSON text, read from the text itself
// (by the wire layer's JsonScanner): numbers exactly as Python holds them (1.0 stays 1.0,
// 10**20 an int), the keys of every object in the order written, a repeated key's last value
// in its first place. QJsonValue cannot say those things. The text is one QJsonDocument has
// accepted, or a value from such a text; nullopt for text that is not UTF-8 or that the
// scanner cannot follow.
std::optional<QString> jsonText(QByteArrayView json);
std::optional<QString> strOfJsonText(QByteArrayView json);
// jsonText(), handed to sink in pieces as it is made, so that the repr() of a huge content is
// never held whole (a transcript line of an answer of a million keys); sink returns false to
// stop. False if the text cannot be read, or sink stopped.
using Pieces = std::function<bool(QStringView piece)>;
bool writeJsonText(QByteArrayView json, const Pieces &sink);
bool writeStrOfJsonText(QByteArrayView json, const Pieces &sink);
bool writeBytes(QByteArrayView data, const Pieces &sink); // bytes(), likewise
QString address(const QString &host, quint16 port); // ('127.0.0.1', 65432)
QString floatNumber(double value);             // repr(float)

} // namespace Wirelab::PythonRepr

#endif // WIRELAB_PYTHONREPR_H
