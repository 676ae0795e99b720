#ifndef WIRELAB_SERVERLOGFEED_H
#define WIRELAB_SERVERLOGFEED_H

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <memory>

namespace Wirelab {

class LogQueue;

// A server's lines for a window (the GUI's built-in server): its transcript queue, and its
// problem lines (the wirelab.server logging category, caught with a message handler that
// passes every other message on), taken a few times a second and handed out as a signal.
// The message handler is the process's: with two feeds alive the newer takes the problems,
// and the older again once the newer has gone.
class ServerLogFeed : public QObject
{
    Q_OBJECT
public:
    static constexpr int IntervalMilliseconds = 50;

    explicit ServerLogFeed(QObject *parent = nullptr);
    ~ServerLogFeed() override;

    std::shared_ptr<LogQueue> transcript() const { return m_transcript; } // for ServerConfig
    void takeNow(); // what is queued, at once (also done every IntervalMilliseconds)

signals:
    void linesLogged(const QStringList &lines);

private:
    std::shared_ptr<LogQueue> m_transcript;
    std::shared_ptr<LogQueue> m_problems;
    QTimer m_timer;
};

} // namespace Wirelab

#endif // WIRELAB_SERVERLOGFEED_H
