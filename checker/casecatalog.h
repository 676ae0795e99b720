#ifndef WIRELAB_CASECATALOG_H
#define WIRELAB_CASECATALOG_H

#include "checkcase.h"

#include <QtCore/QList>
#include <QtCore/QStringList>

namespace Wirelab::Check::CaseCatalog {

// A message from a header's raw bytes and a content: for messages the lab's programs would
// not write (keys reordered, broken JSON), whose prefix is still right.
QByteArray frame(const QByteArray &header, const QByteArray &content);

// Every case of a mode, in the order they run: the lab's samples first, robustness last (a
// server that falls over on bad input then still has its other answers graded). The seed
// picks the random double/negate values, so that a run can be repeated exactly.
QList<CheckCase> cases(Mode mode, quint32 seed);

// --only and --skip: an id selects itself and every case under it, so "5.2" selects
// "5.2.1" and "5.2.1/bytes", and "5.2.1" selects "5.2.1/pause" but not "5.2.10".
bool selects(const QString &selector, const QString &id);

struct Selection
{
    QList<CheckCase> cases;
    QStringList unknownSelectors; // selectors that match no case: a usage error
};
Selection select(const QList<CheckCase> &all, const QStringList &only, const QStringList &skip);

} // namespace Wirelab::Check::CaseCatalog

#endif // WIRELAB_CASECATALOG_H
