#ifndef WIRELAB_CLIENTAPPLICATION_H
#define WIRELAB_CLIENTAPPLICATION_H

#include <QtCore/QStringList>

namespace Wirelab {

// Exit codes, so that scripts can tell failures apart.
enum ClientExitCode {
    ExitOk = 0,
    ExitUsage = 2,             // bad arguments, or a value double/negate cannot send
    ExitConnectionRefused = 3,
    ExitHostNotFound = 4,
    ExitTimeout = 5,
    ExitClosedEarly = 6,
    ExitMalformedResponse = 7,
    ExitNetworkError = 8,
    ExitCaptureNotWritten = 9, // the exchange succeeded, but --capture's file could not be written
};

// wirelab-client from its command line to its exit code (QCoreApplication must exist).
int runClientApplication(int argc, char *argv[]);

} // namespace Wirelab

#endif // WIRELAB_CLIENTAPPLICATION_H
