#include "logqueue.h"

namespace Wirelab {

LogQueue::LogQueue(qsizetype maxBytes) : m_maxBytes(maxBytes) { }

void LogQueue::push(QStringView line)
{
    const QByteArray utf8 = line.toUtf8(); // outside the lock: the serving threads share it
    QMutexLocker locker(&m_mutex);
    if (m_closed || m_text.size() + utf8.size() + 1 > m_maxBytes) {
        ++m_dropped;
        return;
    }
    m_text += utf8;
    m_text += '\n';
    // Only a reader that sleeps needs a wake-up: a line a request would otherwise cost a
    // system call.
    if (m_readerWaiting)
        m_ready.wakeOne();
}

LogQueue::Batch LogQueue::take(std::chrono::milliseconds timeout)
{
    QMutexLocker locker(&m_mutex);
    if (m_text.isEmpty() && m_dropped == 0 && !m_closed) {
        m_readerWaiting = true;
        m_ready.wait(&m_mutex, QDeadlineTimer(timeout));
        m_readerWaiting = false;
    }
    Batch batch;
    batch.text.swap(m_text);
    batch.dropped = std::exchange(m_dropped, 0);
    batch.closed = m_closed;
    return batch;
}

void LogQueue::close()
{
    QMutexLocker locker(&m_mutex);
    m_closed = true;
    m_ready.wakeAll();
}

} // namespace Wirelab
