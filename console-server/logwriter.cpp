#include "logwriter.h"

namespace Wirelab {

LogWriter::LogWriter(FILE *stream, QObject *parent) : QObject(parent), m_stream(stream)
{
    m_buffer.reserve(FlushThreshold * 2);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogWriter::flush);
    m_flushTimer.start();
}

LogWriter::~LogWriter()
{
    flush();
}

void LogWriter::writeLine(const QString &line)
{
    const QByteArray bytes = line.toUtf8();
    QMutexLocker locker(&m_mutex);
    m_buffer += bytes;
    m_buffer += '\n';
    if (m_buffer.size() >= FlushThreshold) {
        fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), m_stream);
        fflush(m_stream);
        m_buffer.clear();
    }
}

void LogWriter::flush()
{
    QMutexLocker locker(&m_mutex);
    if (!m_buffer.isEmpty()) {
        fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), m_stream);
        m_buffer.clear();
    }
    fflush(m_stream);
}

} // namespace Wirelab
