#include "logwriter.h"

#include <cerrno>
#include <cstring>

namespace Wirelab {

LogWriter::LogWriter(FILE *stream, const QString &name, QObject *parent)
    : QObject(parent), m_stream(stream), m_name(name)
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
    if (m_buffer.size() >= FlushThreshold)
        writeBuffer();
}

void LogWriter::flush()
{
    QMutexLocker locker(&m_mutex);
    writeBuffer();
}

void LogWriter::writeBuffer()
{
    const size_t size = size_t(m_buffer.size());
    const bool written = (size == 0 || fwrite(m_buffer.constData(), 1, size, m_stream) == size)
            && fflush(m_stream) == 0;
    m_buffer.clear();
    if (!written && !m_failed) {
        // A full disk (or /dev/full) loses the transcript; the server goes on serving.
        m_failed = true;
        fprintf(stderr, "wirelab-server: error: cannot write the transcript to %s: %s\n",
                m_name.toLocal8Bit().constData(), strerror(errno));
        fflush(stderr);
    }
    clearerr(m_stream);
}

} // namespace Wirelab
