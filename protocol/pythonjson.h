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

} // namespace Wirelab::PythonJson

#endif // WIRELAB_PYTHONJSON_H
