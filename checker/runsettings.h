#ifndef WIRELAB_RUNSETTINGS_H
#define WIRELAB_RUNSETTINGS_H

#include "chopplan.h"

#include <chrono>

namespace Wirelab::Check {

struct RunSettings
{
    // Every case has one, as in h2spec: a peer that never answers fails that case and the
    // run goes on.
    std::chrono::milliseconds timeout { 5000 };
    ChopTiming chop;
    // After a whole answer, how long the server has to close as the lab's does: the lab's
    // closes at once, so a second is generous on any machine.
    std::chrono::milliseconds closeGrace { 1000 };
    // A robustness case's next client connects once the first client's connection has
    // ended, or this long after its malformed request went out: long enough for a server
    // that exits on it to have gone.
    std::chrono::milliseconds settle { 300 };
};

} // namespace Wirelab::Check

#endif // WIRELAB_RUNSETTINGS_H
