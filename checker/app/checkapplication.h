#ifndef WIRELAB_CHECKAPPLICATION_H
#define WIRELAB_CHECKAPPLICATION_H

namespace Wirelab::Check {

enum CheckExitCode {
    ExitPassed = 0, // every MUST case passed (with --strict, every SHOULD case too)
    ExitFailed = 1,
    ExitUsage = 2, // bad arguments, an unknown case id, a roster or report file that cannot be used
};

// wirelab-check from its command line to its exit code (QCoreApplication must exist).
int runCheckApplication();

} // namespace Wirelab::Check

#endif // WIRELAB_CHECKAPPLICATION_H
