#ifndef WIRELAB_HALFCLOSEDPEER_H
#define WIRELAB_HALFCLOSEDPEER_H

#include <QtCore/QObject>
#include <functional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace Wirelab {

// Workaround for a Qt 6.4 defect: QTcpSocket cannot stay open once the peer half-closes.
// QNativeSocketEngine::read() closes the socket as soon as recv() returns 0, so a client that
// ends its side after its request (shutdown(SHUT_WR), `nc -N`, a request cut short) could
// never read the answer; and it reads a reset (ECONNRESET) as that same 0, so a reset looks
// like a close. QTcpSocket has no half-close of its own to offer either.
//
// watch() sees the end of input before Qt does, on the socket's own read notifier (an event
// filter that peeks at the descriptor): an end of input is kept from Qt (onEndOfInput() runs,
// and the socket stays open for the answer); a reset is told (onReset()) and then left to Qt.
// endOutput() is shutdown(SHUT_WR): our FIN follows the answer while the peer may still send.
// Tested in tests/server (tst_halfclosedpeer).
class HalfClosedPeer : public QObject
{
    Q_OBJECT
public:
    // Watches socket (connected, from setSocketDescriptor or connectToHost) for as long as it
    // lives; the callbacks run in the socket's thread, onReset with the system's reason.
    static void watch(QTcpSocket *socket, std::function<void()> onEndOfInput,
                      std::function<void(const QString &)> onReset);
    static bool endOutput(QTcpSocket *socket);
    // Bytes have arrived that nobody has read, in the socket's buffer or the kernel's: a close
    // now would be a reset, which can destroy an answer the peer has not read yet.
    static bool hasUnreadInput(QTcpSocket *socket);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    HalfClosedPeer(QTcpSocket *socket, std::function<void()> onEndOfInput,
                   std::function<void(const QString &)> onReset);

    QTcpSocket *m_socket;
    std::function<void()> m_onEndOfInput;
    std::function<void(const QString &)> m_onReset;
};

} // namespace Wirelab

#endif // WIRELAB_HALFCLOSEDPEER_H
