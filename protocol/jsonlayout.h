#ifndef WIRELAB_JSONLAYOUT_H
#define WIRELAB_JSONLAYOUT_H

#include "message.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QList>

namespace Wirelab {

// The top-level keys of a JSON object text, each with the spans of its key and value, in
// the order they are written. QJsonObject forgets that order; the lab prints it.
// The text must already be valid JSON (QJsonDocument checked it); offsets start at base.
QList<FieldSpan> scanObjectFields(QByteArrayView json, qsizetype base = 0);

} // namespace Wirelab

#endif // WIRELAB_JSONLAYOUT_H
