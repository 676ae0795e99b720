#ifndef WIRELAB_ROSTER_H
#define WIRELAB_ROSTER_H

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

namespace Wirelab::Check {

// One submission of a class: a name, and the command that starts its server on {port}.
struct RosterEntry
{
    QString name;
    QString command;
    int line = 0;
};

namespace Roster {

// A roster file: one submission a line, its name (letters, digits, '.', '_', '-'; unique)
// then whitespace then its command, which must hold {port}. Blank lines and lines starting
// with '#' are skipped:
//
//     # name     command
//     alice      python3 /srv/lab4/alice/app-server.py 127.0.0.1 {port}
//     bob        cd /srv/lab4/bob && ./server {host} {port}
std::optional<QList<RosterEntry>> parse(const QByteArray &text, QString *error);

} // namespace Roster

} // namespace Wirelab::Check

#endif // WIRELAB_ROSTER_H
