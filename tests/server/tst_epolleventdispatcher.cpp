#include "epolleventdispatcher.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QSocketNotifier>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Wirelab;

// wirelab-server's event dispatcher with real descriptors: what it tells the kernel (read
// back from /proc/self/fdinfo of its epoll descriptor) and what the notifiers see.
class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void readNotifierFires();
    void interestChangesWaitForTheNextWait();
    void writeNotifierMadeAndDisabledInOneTurnNeverFires();
    void lastNotifierGoneIsForgottenAtOnce();
    void numberReusedAfterAnUnnoticedClose();
    void timersFire();

private:
    // The events epoll holds for a descriptor (EPOLLIN, EPOLLOUT, EPOLLPRI), or -1 when it
    // holds none.
    static int kernelInterest(int descriptor);
    static void turn() { QCoreApplication::processEvents(); }

    int m_pair[2] = { -1, -1 };
};

int tst_EpollEventDispatcher::kernelInterest(int descriptor)
{
    // The dispatcher's epoll descriptor is the one anon_inode:[eventpoll] this process has.
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &name : fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
        char target[64] = {};
        const QByteArray path = QFile::encodeName(fds.filePath(name));
        if (::readlink(path.constData(), target, sizeof target - 1) < 0
            || qstrcmp(target, "anon_inode:[eventpoll]") != 0)
            continue;
        QFile info(QStringLiteral("/proc/self/fdinfo/") + name);
        if (!info.open(QIODevice::ReadOnly))
            continue;
        const QRegularExpression line(QStringLiteral("^tfd:\\s+(\\d+)\\s+events:\\s+([0-9a-f]+)"),
                                      QRegularExpression::MultilineOption);
        for (auto match = line.globalMatch(QString::fromLatin1(info.readAll())); match.hasNext();) {
            const QRegularExpressionMatch found = match.next();
            if (found.captured(1).toInt() == descriptor)
                return int(found.captured(2).toUInt(nullptr, 16) & (EPOLLIN | EPOLLOUT | EPOLLPRI));
        }
        return -1;
    }
    return -1;
}

void tst_EpollEventDispatcher::init()
{
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, m_pair), 0);
}

void tst_EpollEventDispatcher::cleanup()
{
    for (int &descriptor : m_pair) {
        if (descriptor >= 0)
            ::close(descriptor);
        descriptor = -1;
    }
}

void tst_EpollEventDispatcher::readNotifierFires()
{
    QSocketNotifier reader(m_pair[0], QSocketNotifier::Read);
    QSignalSpy activated(&reader, &QSocketNotifier::activated);
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN)); // added at once
    turn();
    QCOMPARE(activated.count(), 0);
    QCOMPARE(::write(m_pair[1], "x", 1), 1);
    QTRY_VERIFY(activated.count() > 0); // and again at every turn: nobody reads the byte
}

void tst_EpollEventDispatcher::interestChangesWaitForTheNextWait()
{
    QSocketNotifier reader(m_pair[0], QSocketNotifier::Read);
    QSocketNotifier writer(m_pair[0], QSocketNotifier::Write);
    QSignalSpy writable(&writer, &QSocketNotifier::activated);
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN)); // the write notifier waits for the loop
    turn();
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN | EPOLLOUT));
    QTRY_VERIFY(writable.count() > 0); // an empty socket pair is writable

    writer.setEnabled(false);
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN | EPOLLOUT));
    turn();
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN));
    const qsizetype seen = writable.count();
    turn();
    QCOMPARE(writable.count(), seen);
}

void tst_EpollEventDispatcher::writeNotifierMadeAndDisabledInOneTurnNeverFires()
{
    // What QTcpSocket does for an answer that goes out in one write: it makes its write
    // notifier, writes, and disables the notifier again before the loop comes round.
    QSocketNotifier reader(m_pair[0], QSocketNotifier::Read);
    QSignalSpy readable(&reader, &QSocketNotifier::activated);
    {
        QSocketNotifier writer(m_pair[0], QSocketNotifier::Write);
        QSignalSpy writable(&writer, &QSocketNotifier::activated);
        writer.setEnabled(false);
        QCOMPARE(::write(m_pair[1], "x", 1), 1);
        QTRY_VERIFY(readable.count() > 0);
        QCOMPARE(writable.count(), 0);
    }
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN)); // never held EPOLLOUT
}

void tst_EpollEventDispatcher::lastNotifierGoneIsForgottenAtOnce()
{
    auto reader = std::make_unique<QSocketNotifier>(m_pair[0], QSocketNotifier::Read);
    QSocketNotifier writer(m_pair[0], QSocketNotifier::Write);
    turn();
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLIN | EPOLLOUT));
    reader.reset();
    writer.setEnabled(false);
    // Deleted before the loop comes round: the descriptor may be closed and its number
    // given to the next accepted socket at once.
    QCOMPARE(kernelInterest(m_pair[0]), -1);
    writer.setEnabled(true);
    QCOMPARE(kernelInterest(m_pair[0]), int(EPOLLOUT));
}

void tst_EpollEventDispatcher::numberReusedAfterAnUnnoticedClose()
{
    // A descriptor closed with its notifier still registered: the kernel forgets it, the
    // dispatcher does not, and the number goes to a new socket.
    const int number = m_pair[0];
    QSocketNotifier stale(number, QSocketNotifier::Read);
    turn();
    ::close(m_pair[0]);
    ::close(m_pair[1]);
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, m_pair), 0);
    QCOMPARE(m_pair[0], number); // POSIX: the lowest number free
    QCOMPARE(kernelInterest(number), -1);
    QSocketNotifier writer(number, QSocketNotifier::Write);
    QSignalSpy writable(&writer, &QSocketNotifier::activated);
    QTRY_VERIFY(writable.count() > 0);
    QCOMPARE(kernelInterest(number), int(EPOLLIN | EPOLLOUT));
}

void tst_EpollEventDispatcher::timersFire()
{
    QTimer timer;
    timer.setSingleShot(true);
    QSignalSpy timeout(&timer, &QTimer::timeout);
    timer.start(5);
    QTRY_COMPARE(timeout.count(), 1);
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication application(argc, argv);
    tst_EpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
