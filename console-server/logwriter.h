#ifndef WIRELAB_LOGWRITER_H
#define WIRELAB_LOGWRITER_H

#include <QtCore/QByteArray>
#include <QtCore/QMutex>
#include <QtCore/QObject>
#include <QtCore/QTimer>
#include <cstdio>

namespace Wirelab {

// Lines from any thread into one stream, buffered: writing (and flushing) every transcript
// line costs a system call per line, which at thousands of requests a second is most of
// the server's time. Flushed when the buffer fills and every 100 ms.
class LogWriter : public QObject
{
    Q_OBJECT
public:
    // name: where the stream goes, for the one line that says writing to it failed.
    LogWriter(FILE *stream, const QString &name, QObject *parent = nullptr);
    ~LogWriter() override;

    void writeLine(const QString &line); // thread-safe
    void flush();                        // thread-safe

private:
    static constexpr qsizetype FlushThreshold = 64 * 1024;

    void writeBuffer(); // with m_mutex held

    FILE *m_stream;
    QString m_name;
    bool m_failed = false; // said once, not once a line
    QMutex m_mutex;
    QByteArray m_buffer;
    QTimer m_flushTimer;
};

} // namespace Wirelab

#endif // WIRELAB_LOGWRITER_H
