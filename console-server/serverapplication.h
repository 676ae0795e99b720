#ifndef WIRELAB_SERVERAPPLICATION_H
#define WIRELAB_SERVERAPPLICATION_H

#include "serveroptions.h"
#include "systemdactivation.h"

#include <QtCore/QStringList>

namespace Wirelab {

// wirelab-server from its arguments to its exit code: options, output, the Server, the
// signals that stop it. passedSockets: what systemd passed (SystemdActivation::takeListenFds(),
// taken in main() before any thread starts).
int runServerApplication(const QStringList &arguments, const ListenFds &passedSockets);

} // namespace Wirelab

#endif // WIRELAB_SERVERAPPLICATION_H
