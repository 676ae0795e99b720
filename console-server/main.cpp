#include "serverapplication.h"

#include <QtCore/QCoreApplication>
#include <algorithm>
#include <cstring>

#ifdef WIRELAB_LINUX
#    include "epolleventdispatcher.h"
#endif

int main(int argc, char *argv[])
{
    // First of all: it unsets LISTEN_PID and LISTEN_FDS, and the environment is safe to
    // change only while no other thread may read it.
    const Wirelab::ListenFds passedSockets = Wirelab::SystemdActivation::takeListenFds();
#ifdef WIRELAB_LINUX
    // The main thread's dispatcher must be chosen before the application object exists.
    if (!std::any_of(argv + 1, argv + argc, [](const char *argument) {
            return std::strcmp(argument, "--qt-event-dispatcher") == 0;
        }))
        QCoreApplication::setEventDispatcher(new Wirelab::EpollEventDispatcher);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Wirelab"));
    QCoreApplication::setApplicationName(QStringLiteral("wirelab-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WIRELAB_VERSION));
    return Wirelab::runServerApplication(QCoreApplication::arguments(), passedSockets);
}
