#ifndef WIRELAB_SIGNALWATCHER_H
#define WIRELAB_SIGNALWATCHER_H

#include <QtCore/QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Wirelab {

// SIGINT and SIGTERM, and SIGHUP, as Qt signals. A handler may only do async-signal-safe
// things, so it writes the signal's number to a socketpair; a QSocketNotifier turns that into
// a signal in the event loop (Qt doc: "Calling Qt Functions From Unix Signal Handlers").
// SIGPIPE is ignored: a client that resets mid-answer must not kill the server. On systems
// without POSIX signals it does nothing (Ctrl+C ends the process there).
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void interrupted(); // SIGINT or SIGTERM
    void hangUp();      // SIGHUP: logrotate's "reopen your log file"

private:
    static void handleSignal(int signalNumber);
    void readSignal();

    static int s_sockets[2];
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Wirelab

#endif // WIRELAB_SIGNALWATCHER_H
