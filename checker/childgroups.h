#ifndef WIRELAB_CHILDGROUPS_H
#define WIRELAB_CHILDGROUPS_H

#include <QtCore/QtGlobal>

// The process groups of the students' programs wirelab-check is running, so that a Ctrl-C or
// a SIGTERM takes them down with it: each runs in a group of its own (so that it can be
// stopped whole), which the terminal's Ctrl-C does not reach. Unix only; elsewhere QProcess
// ends its children itself.
namespace Wirelab::Check::ChildGroups {

void add(qint64 groupId);
void remove(qint64 groupId);
// SIGINT and SIGTERM then kill every registered group and end wirelab-check by that signal.
// The handler does only that (kill() and raise() are async-signal-safe).
void installTerminationHandler();

} // namespace Wirelab::Check::ChildGroups

#endif // WIRELAB_CHILDGROUPS_H
