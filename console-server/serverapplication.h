#ifndef WIRELAB_SERVERAPPLICATION_H
#define WIRELAB_SERVERAPPLICATION_H

#include "serveroptions.h"

#include <QtCore/QStringList>

namespace Wirelab {

// wirelab-server from its arguments to its exit code: options, output, the Server, the
// signals that stop it.
int runServerApplication(const QStringList &arguments);

} // namespace Wirelab

#endif // WIRELAB_SERVERAPPLICATION_H
