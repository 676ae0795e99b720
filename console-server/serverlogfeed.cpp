#include "serverlogfeed.h"

#include "logqueue.h"

#include <QtCore/QMutex>
#include <algorithm>
#include <vector>

namespace Wirelab {

namespace {

QMutex handlerMutex;
// Every feed alive, the newest last: the newest takes the problems. The handler is installed
// with the first feed and the previous one put back with the last, so two feeds at once (two
// windows in one process) never make the handler its own "previous".
std::vector<std::shared_ptr<LogQueue>> problemQueues; // guarded by handlerMutex
QtMessageHandler previousHandler = nullptr;           // guarded by handlerMutex

void catchProblems(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QtMessageHandler next = nullptr;
    {
        QMutexLocker locker(&handlerMutex);
        if (!problemQueues.empty() && type == QtWarningMsg && qstrcmp(context.category, "wirelab.server") == 0) {
            problemQueues.back()->push(message);
            return;
        }
        next = previousHandler;
    }
    if (next)
        next(type, context, message);
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
        problemQueues.push_back(m_problems);
        if (problemQueues.size() == 1)
            previousHandler = qInstallMessageHandler(catchProblems);
    }
    m_timer.setInterval(IntervalMilliseconds);
    connect(&m_timer, &QTimer::timeout, this, &ServerLogFeed::takeNow);
    m_timer.start();
}

ServerLogFeed::~ServerLogFeed()
{
    QMutexLocker locker(&handlerMutex);
    problemQueues.erase(std::find(problemQueues.begin(), problemQueues.end(), m_problems));
    if (problemQueues.empty())
        qInstallMessageHandler(previousHandler);
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
