#include "acceptpausedonemfile.h"

#include <QtNetwork/QTcpServer>
#include <algorithm>

#if defined(Q_OS_UNIX)
#    include <climits>
#    include <fcntl.h>
#    include <sys/resource.h>
#    include <unistd.h>
#endif

namespace Wirelab {

AcceptPausedOnEmfile::AcceptPausedOnEmfile(QTcpServer *server) : QObject(server), m_server(server)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(RetryMilliseconds);
    connect(&m_retry, &QTimer::timeout, this, &AcceptPausedOnEmfile::resume);
    connect(server, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::SocketResourceError)
            return; // Qt paused for another reason; it is the server's to report
        if (!m_paused)
            emit paused(m_server->errorString());
        m_paused = true;
        m_retry.start();
    });
}

void AcceptPausedOnEmfile::connectionClosed()
{
    if (m_paused)
        resume();
}

void AcceptPausedOnEmfile::resume()
{
    m_retry.stop();
    if (!m_server->isListening()) {
        m_paused = false;
        return;
    }
#if defined(Q_OS_UNIX)
    // resumeAccepting() is not enough: Qt's socket engine keeps its first error for good
    // (QNativeSocketEnginePrivate::setError() sets one once), so after EMFILE each accept that
    // finds the backlog empty would say "out of resources" again and pause once more. A fresh
    // engine on the same listening socket forgets it; the backlog stays, for the socket stays
    // open through the copy.
    const int copy = ::fcntl(int(m_server->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (copy < 0) {
        m_retry.start(); // not even one descriptor to spare yet
        return;
    }
    m_paused = false;
    m_server->close();
    if (!m_server->setSocketDescriptor(copy))
        ::close(copy);
#else
    m_paused = false;
    m_server->resumeAccepting();
#endif
}

qint64 AcceptPausedOnEmfile::descriptorBudget()
{
#if defined(Q_OS_UNIX)
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024 - ReservedDescriptors; // the usual soft limit
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
#    if defined(OPEN_MAX)
        raised.rlim_cur = std::min<rlim_t>(limit.rlim_max, OPEN_MAX); // macOS refuses more
#    else
        raised.rlim_cur = limit.rlim_max;
#    endif
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    const qint64 descriptors = limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 20 : qint64(limit.rlim_cur);
    return std::max<qint64>(1, descriptors - std::min<qint64>(ReservedDescriptors, descriptors / 4));
#else
    return qint64(1) << 16; // Windows has no per-process descriptor limit to speak of
#endif
}

} // namespace Wirelab
