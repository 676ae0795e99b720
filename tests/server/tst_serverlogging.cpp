#include "logqueue.h"
#include "logwriter.h"
#include "repeatedproblems.h"
#include "serverlogfeed.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// The pieces that keep logging from ever stopping the server.
class tst_ServerLogging : public QObject
{
    Q_OBJECT

private slots:
    void queueIsBoundedAndCountsWhatItDrops();
    void closedQueueWakesTheReader();
    void repeatedProblemsAreSummedUp();
    void writerToAFileAndReopen();
    void writerOnOutputNobodyReadsLetsGo();
    void twoFeedsAtOnce();
};

namespace {

Q_LOGGING_CATEGORY(lcTestServer, "wirelab.server")

QStringList passedOn; // what reached the handler before the feeds
void keepPassedOn(QtMsgType, const QMessageLogContext &, const QString &message)
{
    passedOn.append(message);
}

QStringList linesOf(ServerLogFeed &feed)
{
    QStringList lines;
    const QMetaObject::Connection connection = QObject::connect(
            &feed, &ServerLogFeed::linesLogged, [&lines](const QStringList &taken) { lines += taken; });
    feed.takeNow();
    QObject::disconnect(connection);
    return lines;
}

} // namespace

void tst_ServerLogging::queueIsBoundedAndCountsWhatItDrops()
{
    LogQueue queue(20);
    queue.push(u"0123456789"); // 11 bytes with its newline
    queue.push(u"abcdefgh");   // 9: 20 in all, the bound
    queue.push(u"over");       // dropped
    queue.push(u"é");          // dropped too
    LogQueue::Batch batch = queue.take(std::chrono::milliseconds(0));
    QCOMPARE(batch.text, "0123456789\nabcdefgh\n"_ba);
    QCOMPARE(batch.dropped, 2);
    QVERIFY(!batch.closed);
    queue.push(u"after");
    batch = queue.take(std::chrono::milliseconds(0));
    QCOMPARE(batch.text, "after\n"_ba);
    QCOMPARE(batch.dropped, 0);
}

void tst_ServerLogging::closedQueueWakesTheReader()
{
    LogQueue queue;
    queue.close();
    QElapsedTimer timer;
    timer.start();
    const LogQueue::Batch batch = queue.take(std::chrono::milliseconds(60000));
    QVERIFY(batch.closed);
    QVERIFY(timer.elapsed() < 30000); // did not wait out the timeout
    queue.push(u"late");
    QCOMPARE(queue.take(std::chrono::milliseconds(0)).dropped, 1);
}

void tst_ServerLogging::repeatedProblemsAreSummedUp()
{
    RepeatedProblems problems;
    QVERIFY(problems.admit(RepeatedProblems::Kind::Reset, 10000, u"error: reset 1"_s));
    for (int i = 2; i <= 2000; ++i)
        QVERIFY(!problems.admit(RepeatedProblems::Kind::Reset, 10000 + i / 4, u"error: reset %1"_s.arg(i)));
    // Another kind has its own second.
    QVERIFY(problems.admit(RepeatedProblems::Kind::Timeout, 10100, u"error: timeout"_s));
    QVERIFY(problems.summaries(10900).isEmpty()); // the second is not over
    QCOMPARE(problems.summaries(11000),
             QStringList { u"error: 1999 more clients reset their connection in the last 1000 ms (the last: reset 2000)"_s });
    QVERIFY(problems.summaries(12500).isEmpty()); // said once
    QVERIFY(problems.admit(RepeatedProblems::Kind::Reset, 12500, u"error: reset again"_s));
}

void tst_ServerLogging::writerToAFileAndReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"transcript.log"_s);
    auto queue = std::make_shared<LogQueue>();
    QString whyNot;
    const std::unique_ptr<LogWriter> writer =
            LogWriter::start(queue, { -1, path, path, u"transcript"_s }, nullptr, &whyNot);
    QVERIFY2(writer, qPrintable(whyNot));
    queue->push(u"first");
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() == 6, 5000);
    // logrotate renames the file, then says SIGHUP: the writer opens the name again.
    QVERIFY(QFile::rename(path, path + u".1"_s));
    writer->reopen();
    queue->push(u"second");
    writer->finish(std::chrono::milliseconds(5000));
    QFile rotated(path + u".1"_s);
    QVERIFY(rotated.open(QIODevice::ReadOnly));
    QCOMPARE(rotated.readAll(), "first\n"_ba);
    QFile fresh(path);
    QVERIFY(fresh.open(QIODevice::ReadOnly));
    QCOMPARE(fresh.readAll(), "second\n"_ba);

    QVERIFY(!LogWriter::start(queue, { -1, dir.filePath(u"no/such/dir/x"_s), u"x"_s, u"transcript"_s }, nullptr, &whyNot));
    QVERIFY(!whyNot.isEmpty());
}

void tst_ServerLogging::writerOnOutputNobodyReadsLetsGo()
{
    // A pipe nobody reads: the writer blocks on it, the queue fills and drops, pushing never
    // waits, and finish() lets go after its timeout instead of waiting for ever.
    int pipeEnds[2];
    QCOMPARE(::pipe(pipeEnds), 0);
    auto queue = std::make_shared<LogQueue>(64 * 1024);
    std::unique_ptr<LogWriter> writer =
            LogWriter::start(queue, { pipeEnds[1], {}, u"a pipe"_s, u"transcript"_s }, nullptr, nullptr);
    QElapsedTimer timer;
    timer.start();
    const QString line(100, u'x');
    for (int i = 0; i < 20000; ++i) // 2 MB: 30 times what the pipe and the queue hold
        queue->push(line);
    QVERIFY(timer.elapsed() < 10000);
    timer.restart();
    writer->finish(std::chrono::milliseconds(200));
    QVERIFY(timer.elapsed() < 10000);
    writer.reset(); // the thread, still blocked, is left to end with the process
    // What the pipe holds is whole lines, as they were pushed.
    ::fcntl(pipeEnds[0], F_SETFL, O_NONBLOCK);
    char buffer[4096];
    const ssize_t got = ::read(pipeEnds[0], buffer, sizeof buffer);
    QVERIFY(got > 100);
    QCOMPARE(QByteArray(buffer, 101), QByteArray(100, 'x') + '\n');
}

QTEST_GUILESS_MAIN(tst_ServerLogging)
void tst_ServerLogging::twoFeedsAtOnce()
{
    // Two windows with a built-in server each, in one process (as the GUI tests make them).
    passedOn.clear();
    const QtMessageHandler before = qInstallMessageHandler(keepPassedOn);
    {
        ServerLogFeed older;
        {
            ServerLogFeed newer;
            qCWarning(lcTestServer, "error: to the newer");
            qWarning("not the server's");
            QCOMPARE(linesOf(newer), QStringList { u"error: to the newer"_s });
            QCOMPARE(linesOf(older), QStringList());
            QCOMPARE(passedOn, QStringList { u"not the server's"_s }); // passed on once, no loop
        }
        qCWarning(lcTestServer, "error: to the older");
        QCOMPARE(linesOf(older), QStringList { u"error: to the older"_s });
    }
    qCWarning(lcTestServer, "error: no feed left");
    QCOMPARE(passedOn.last(), u"error: no feed left"_s);
    QVERIFY(qInstallMessageHandler(before) == &keepPassedOn); // put back as it was
}

#include "tst_serverlogging.moc"
