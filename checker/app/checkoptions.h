#ifndef WIRELAB_CHECKOPTIONS_H
#define WIRELAB_CHECKOPTIONS_H

#include "checkcase.h"
#include "rosterrunner.h"
#include "runsettings.h"

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <optional>

namespace Wirelab::Check {

// wirelab-check's command line: HOST PORT, --client COMMAND or --roster FILE, and options.
struct CheckOptions
{
    enum class Outcome { Run, List, ShowHelp, ShowVersion, UsageError };
    enum class Target { Server, Client, Roster };

    Outcome outcome = Outcome::Run;
    QString errorMessage;
    QString helpText;

    Target target = Target::Server;
    QString host;
    quint16 port = 0;
    QString clientCommand;
    QString rosterFile;

    RunSettings settings;
    RosterSettings roster;
    std::optional<quint32> seed;
    bool strict = false;
    QStringList only;
    QStringList skip;
    QStringList hidden;
    QString junitFile;
    QString jsonFile;
    QString htmlFile;
    QString gradescopeFile;
    QString capturesDirectory;
    bool quiet = false;
    bool verbose = false;

    Mode mode() const { return target == Target::Client ? Mode::Client : Mode::Server; }
    static CheckOptions parse(const QStringList &arguments);
};

} // namespace Wirelab::Check

#endif // WIRELAB_CHECKOPTIONS_H
