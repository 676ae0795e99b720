#ifndef WIRELAB_LOGQUEUE_H
#define WIRELAB_LOGQUEUE_H

#include <QtCore/QByteArray>
#include <QtCore/QMutex>
#include <QtCore/QStringView>
#include <QtCore/QWaitCondition>
#include <chrono>

namespace Wirelab {

// Log lines from any thread, for one reader to take. Bounded, so that output nobody reads (a
// paused `less`, a stalled log collector, a terminal stopped with Ctrl-S) can never stop the
// threads that serve: past the bound, new lines are dropped and counted, and the reader is
// told how many when it next takes. Pushing never waits for the reader.
class LogQueue
{
public:
    // Some seconds of a busy server's transcript (a request makes about 500 bytes of it).
    static constexpr qsizetype DefaultMaxBytes = 4 * 1024 * 1024;

    explicit LogQueue(qsizetype maxBytes = DefaultMaxBytes);

    void push(QStringView line);

    struct Batch
    {
        QByteArray text;    // UTF-8, one '\n' after each line
        qint64 dropped = 0; // lines dropped since the last take
        bool closed = false; // close() was called and nothing is left after this batch
    };
    // What is queued, at once, or after waiting up to timeout for something to come.
    Batch take(std::chrono::milliseconds timeout);
    void close(); // wakes the reader; every later push is dropped

private:
    const qsizetype m_maxBytes;
    QMutex m_mutex;
    QWaitCondition m_ready;
    QByteArray m_text;
    qint64 m_dropped = 0;
    bool m_readerWaiting = false;
    bool m_closed = false;
};

} // namespace Wirelab

#endif // WIRELAB_LOGQUEUE_H
