#ifndef WIRELAB_JSONWRITER_H
#define WIRELAB_JSONWRITER_H

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>
#include <QtCore/QString>

namespace Wirelab {

// A JSON object written as the lab's programs put it on the wire, json.dumps(obj,
// ensure_ascii=False): keys in the order given, separators ", " and ": ", everything but '"',
// '\\' and the C0 controls as raw UTF-8, and 41.0 kept apart from 41. QJsonDocument::toJson
// cannot write those bytes: it sorts keys, leaves out the spaces and writes 41.0 as 41.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out); // writes the opening brace
    void addString(QLatin1String plainKey, QStringView text); // a key with nothing to escape
    void addInteger(QLatin1String plainKey, qint64 number);
    void addValue(QStringView key, const QJsonValue &value);
    void close(); // writes the closing brace

private:
    void addKey(QLatin1String plainKey);
    QByteArray &m_out;
    bool m_first = true;
};

// One value as json.dumps writes it; a nested object's keys in QJsonObject's (sorted) order.
QByteArray jsonValueText(const QJsonValue &value);

// A finite double as Python's repr(), which json.dumps uses too: the shortest digits that
// read back the same, positional for exponents from -5 to 15 with at least one decimal
// (1.0, 0.0001), d.ddde+XX beyond (1e+16, 1e-05).
QByteArray shortestRealText(double value);

} // namespace Wirelab

#endif // WIRELAB_JSONWRITER_H
