#include "signalwatcher.h"

#include <QtCore/QSocketNotifier>

#ifdef Q_OS_UNIX
#    include <csignal>
#    include <sys/socket.h>
#    include <unistd.h>
#endif

namespace Wirelab {

int SignalWatcher::s_sockets[2] = { -1, -1 };

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_sockets) != 0)
        return;
    m_notifier = new QSocketNotifier(s_sockets[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignal);

    struct sigaction action = {};
    action.sa_handler = &SignalWatcher::handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signalNumber : { SIGINT, SIGTERM, SIGHUP })
        sigaction(signalNumber, &action, nullptr);
    signal(SIGPIPE, SIG_IGN);
#endif
}

SignalWatcher::~SignalWatcher()
{
#ifdef Q_OS_UNIX
    for (const int signalNumber : { SIGINT, SIGTERM, SIGHUP })
        signal(signalNumber, SIG_DFL);
    delete m_notifier;
    for (int &socket : s_sockets) {
        if (socket >= 0)
            ::close(socket);
        socket = -1;
    }
#endif
}

void SignalWatcher::handleSignal(int signalNumber)
{
#ifdef Q_OS_UNIX
    const char byte = char(signalNumber);
    [[maybe_unused]] const ssize_t written = ::write(s_sockets[0], &byte, 1);
#else
    Q_UNUSED(signalNumber);
#endif
}

void SignalWatcher::readSignal()
{
#ifdef Q_OS_UNIX
    char byte = 0;
    if (::read(s_sockets[1], &byte, 1) != 1)
        return;
    if (byte == SIGHUP)
        emit hangUp();
    else
        emit interrupted();
#endif
}

} // namespace Wirelab
