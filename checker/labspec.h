#ifndef WIRELAB_LABSPEC_H
#define WIRELAB_LABSPEC_H

#include "checkcase.h"

#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab::Check {

// One numbered rule of docs/LAB-SPEC.md, which words it in full and cites the lab's text for
// it. Kept here as the cases need it: the number, the level and a title; a test checks that
// the two agree.
struct Clause
{
    enum class Role { Server, Client, Both };
    QString id; // "5.2"
    Level level = Level::Must;
    Role role = Role::Both;
    QString title;
};

namespace LabSpec {
const QList<Clause> &clauses();
const Clause *find(const QString &id);
QString roleName(Clause::Role role); // server, client, both
} // namespace LabSpec

} // namespace Wirelab::Check

#endif // WIRELAB_LABSPEC_H
