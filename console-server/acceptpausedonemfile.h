#ifndef WIRELAB_ACCEPTPAUSEDONEMFILE_H
#define WIRELAB_ACCEPTPAUSEDONEMFILE_H

#include <QtCore/QObject>
#include <QtCore/QTimer>

QT_BEGIN_NAMESPACE
class QTcpServer;
QT_END_NAMESPACE

namespace Wirelab {

// Workaround for a Qt 6.4 defect: out of file descriptors (EMFILE, ENFILE), QTcpServer pauses
// accepting (QTcpServerPrivate::readNotification() calls pauseAccepting() and emits
// acceptError()) and never resumes: the server goes on serving the connections it holds, but
// every new client waits in the listen backlog for good. Two parts, both on Qt's own API:
//
// - descriptorBudget(): the connections this process can hold, from RLIMIT_NOFILE (its soft
//   limit raised to the hard one), less a reserve for what else the process opens. The server
//   caps its connections there, so that it does not meet EMFILE in the first place.
// - AcceptPausedOnEmfile: when EMFILE comes all the same (descriptors taken elsewhere in the
//   process, a limit lowered from outside), says why once and resumes accepting as soon as a
//   connection closes, or after RetryMilliseconds, on a fresh socket engine (the old one
//   would go on saying "out of resources" at every empty backlog: see resume()).
//
// Tested in tests/server (tst_acceptpausedonemfile), which lowers RLIMIT_NOFILE.
class AcceptPausedOnEmfile : public QObject
{
    Q_OBJECT
public:
    static constexpr int RetryMilliseconds = 100;
    // Descriptors kept out of the budget for what else the process opens (standard streams,
    // a log file, the event loops' own): 64, or a quarter of a small limit.
    static constexpr int ReservedDescriptors = 64;

    explicit AcceptPausedOnEmfile(QTcpServer *server);

    static qint64 descriptorBudget();

    void connectionClosed(); // a descriptor has been freed: resume if paused
    bool isPaused() const { return m_paused; }

signals:
    void paused(const QString &reason);

private:
    void resume();

    QTcpServer *m_server;
    QTimer m_retry;
    bool m_paused = false;
};

} // namespace Wirelab

#endif // WIRELAB_ACCEPTPAUSEDONEMFILE_H
