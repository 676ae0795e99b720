#include "halfclosedpeer.h"

#include <QtCore/QEvent>
#include <QtCore/QSocketNotifier>
#include <QtNetwork/QTcpSocket>

#if defined(Q_OS_WIN)
#    include <winsock2.h>
#elif defined(Q_OS_UNIX)
#    include <cerrno>
#    include <sys/socket.h>
#endif

namespace Wirelab {

namespace {

#if defined(Q_OS_WIN)
using NativeSocket = SOCKET;
#else
using NativeSocket = int;
#endif

enum class Next { Nothing, Data, EndOfInput, Reset };

// recv(MSG_PEEK) of one byte: 0 means the peer has sent its FIN and nothing is left before
// it. The socket is non-blocking (Qt made it so), so this never waits.
Next peek(qintptr descriptor)
{
#if defined(Q_OS_WIN)
    char byte = 0;
    const int received = ::recv(NativeSocket(descriptor), &byte, 1, MSG_PEEK);
    if (received == 0)
        return Next::EndOfInput;
    if (received > 0)
        return Next::Data;
    return WSAGetLastError() == WSAECONNRESET ? Next::Reset : Next::Nothing;
#elif defined(Q_OS_UNIX)
    char byte = 0;
    const ssize_t received = ::recv(NativeSocket(descriptor), &byte, 1, MSG_PEEK);
    if (received == 0)
        return Next::EndOfInput;
    if (received > 0)
        return Next::Data;
    return errno == ECONNRESET ? Next::Reset : Next::Nothing;
#else
    Q_UNUSED(descriptor);
    return Next::Nothing;
#endif
}

} // namespace

HalfClosedPeer::HalfClosedPeer(QTcpSocket *socket, std::function<void()> onEndOfInput,
                               std::function<void(const QString &)> onReset)
    : QObject(socket),
      m_socket(socket),
      m_onEndOfInput(std::move(onEndOfInput)),
      m_onReset(std::move(onReset))
{
}

void HalfClosedPeer::watch(QTcpSocket *socket, std::function<void()> onEndOfInput,
                           std::function<void(const QString &)> onReset)
{
    auto *watcher = new HalfClosedPeer(socket, std::move(onEndOfInput), std::move(onReset));
    // The read notifier is the socket engine's child, made when the socket connects.
    for (QSocketNotifier *notifier : socket->findChildren<QSocketNotifier *>()) {
        if (notifier->type() == QSocketNotifier::Read)
            notifier->installEventFilter(watcher);
    }
}

bool HalfClosedPeer::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::SockAct)
        return false;
    switch (peek(m_socket->socketDescriptor())) {
    case Next::Nothing:
    case Next::Data:
        return false; // Qt reads it as usual
    case Next::Reset:
        m_onReset(qt_error_string(ECONNRESET));
        return false; // Qt reads the reset as a close, and closes
    case Next::EndOfInput:
        break;
    }
    // The notifier is level-triggered and the FIN stays unread: quiet it until Qt enables it
    // again (it does after a read from a full buffer; then we come back here).
    static_cast<QSocketNotifier *>(watched)->setEnabled(false);
    m_onEndOfInput();
    return true;
}

bool HalfClosedPeer::hasUnreadInput(QTcpSocket *socket)
{
    return socket->bytesAvailable() > 0 || peek(socket->socketDescriptor()) == Next::Data;
}

bool HalfClosedPeer::endOutput(QTcpSocket *socket)
{
#if defined(Q_OS_WIN)
    return ::shutdown(NativeSocket(socket->socketDescriptor()), SD_SEND) == 0;
#elif defined(Q_OS_UNIX)
    return ::shutdown(NativeSocket(socket->socketDescriptor()), SHUT_WR) == 0;
#else
    Q_UNUSED(socket);
    return false;
#endif
}

} // namespace Wirelab
