#include "serverlogfeed.h"

#include "logqueue.h"

#include <QtCore/QMutex>

namespace Wirelab {

namespace {

QMutex handlerMutex;
std::shared_ptr<LogQueue> problemQueue; // guarded by handlerMutex
QtMessageHandler previousHandler = nullptr;

void catchProblems(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker locker(&handlerMutex);
        if (problemQueue && type == QtWarningMsg && qstrcmp(context.category, "wirelab.server") == 0) {
            problemQueue->push(message);
            return;
        }
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QStringList linesOf(const QByteArray &text)
{
    QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    lines.removeLast(); // after the last '\n'
    return lines;
}

} // namespace

ServerLogFeed::ServerLogFeed(QObject *parent)
    : QObject(parent), m_transcript(std::make_shared<LogQueue>()), m_problems(std::make_shared<LogQueue>())
{
    {
        QMutexLocker locker(&handlerMutex);
        problemQueue = m_problems;
    }
    previousHandler = qInstallMessageHandler(catchProblems);
    m_timer.setInterval(IntervalMilliseconds);
    connect(&m_timer, &QTimer::timeout, this, &ServerLogFeed::takeNow);
    m_timer.start();
}

ServerLogFeed::~ServerLogFeed()
{
    qInstallMessageHandler(previousHandler);
    QMutexLocker locker(&handlerMutex);
    problemQueue.reset();
}

void ServerLogFeed::takeNow()
{
    QStringList lines;
    for (const auto &queue : { m_transcript, m_problems }) {
        const LogQueue::Batch batch = queue->take(std::chrono::milliseconds(0));
        lines += linesOf(batch.text);
        if (batch.dropped > 0)
            lines.append(tr("%n lines dropped: the window could not keep up", nullptr, int(batch.dropped)));
    }
    if (!lines.isEmpty())
        emit linesLogged(lines);
}

} // namespace Wirelab
