#ifndef WIRELAB_PYTHONJSON_H
#define WIRELAB_PYTHONJSON_H

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

namespace Wirelab::PythonJson {

// JSON text as Python's json.dumps(obj, ensure_ascii=False).encode("utf-8") writes it:
// separators ", " and ": ", non-ASCII as raw UTF-8, floats as repr(). QJsonDocument::toJson
// cannot do this: it sorts keys and leaves out the spaces, and the lab prints the bytes.
using OrderedObject = QList<QPair<QString, QJsonValue>>;

QByteArray dumps(const QJsonValue &value);      // nested objects in QJsonObject's (sorted) order
QByteArray dumps(const OrderedObject &object);  // keys in the given order

// Writes one object key by key straight into out, for hot paths such as every header.
class ObjectWriter
{
public:
    explicit ObjectWriter(QByteArray &out);
    void addString(QStringView key, QStringView text);
    void addString(QLatin1String plainKey, QStringView text); // a key with nothing to escape
    void addInteger(QLatin1String plainKey, qint64 number);
    void addValue(QStringView key, const QJsonValue &value);
    void close(); // writes the closing brace

private:
    void addKey(QStringView key);
    void addKey(QLatin1String plainKey);
    QByteArray &m_out;
    bool m_first = true;
};

} // namespace Wirelab::PythonJson

#endif // WIRELAB_PYTHONJSON_H
