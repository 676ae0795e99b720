#ifndef WIRELAB_SIGNALWATCHER_H
#define WIRELAB_SIGNALWATCHER_H

#include <QtCore/QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Wirelab {

// SIGINT and SIGTERM as a Qt signal. The handler may only do async-signal-safe things, so
// it writes a byte to a socketpair; a QSocketNotifier turns that into interrupted() in the
// event loop (Qt doc: "Calling Qt Functions From Unix Signal Handlers").
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void interrupted();

private:
    static void handleSignal(int signalNumber);
    void readSignal();

    static int s_sockets[2];
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Wirelab

#endif // WIRELAB_SIGNALWATCHER_H
