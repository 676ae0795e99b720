#include "server.h"

#include "acceptpausedonemfile.h"
#include "serverlogging.h"
#include "serverworker.h"

#include <QtCore/QThread>
#include <algorithm>

#ifdef WIRELAB_LINUX
#    include "syndropfilter.h"
#endif

Q_LOGGING_CATEGORY(lcServer, "wirelab.server", QtInfoMsg)

namespace Wirelab {

Server::Server(ServerConfig config, QObject *parent)
    : QTcpServer(parent),
      m_config(std::move(config)),
      m_acceptPausedOnEmfile(new AcceptPausedOnEmfile(this)),
      m_closeListener(new QTimer(this))
{
    m_closeListener->setSingleShot(true);
    m_closeListener->setInterval(HandshakeGrace);
    connect(m_closeListener, &QTimer::timeout, this, &Server::closeListenerAndDrain);
    // Qt's default backlog of 50 suits a desktop program; a burst of a few thousand clients
    // would find it full and their connections dropped before anyone could answer them.
    // (The system caps it at its own maximum, net.core.somaxconn on Linux.)
    setListenBacklogSize(ListenBacklog);
    m_config.threads = std::max(1, m_config.threads);
    m_config.limits = m_config.limits.clamped();
    if (!m_config.searchTable)
        m_config.searchTable = std::make_shared<const Lab::SearchTable>(Lab::SearchTable::builtIn());
    // The descriptors this process may hold, shared between served connections and "server
    // busy" answers in flight.
    const qint64 budget = AcceptPausedOnEmfile::descriptorBudget();
    m_counters.refusalsCeiling = int(std::clamp<qint64>(budget / 4, 1, ServerWorker::RefusalsCeiling));
    m_counters.connectionCap = int(std::clamp<qint64>(budget - m_counters.refusalsCeiling, 1,
                                                      std::max(1, m_config.maxConnections)));
    m_counters.cappedByDescriptors = m_counters.connectionCap < m_config.maxConnections;
    // Said as a warning only where it matters: a few connections less than 16384 is nothing.
    if (m_counters.cappedByDescriptors) {
        const QString line = QStringLiteral("warning: serving at most %1 connections at once, not %2: "
                                            "the process may open only so many files (ulimit -n)")
                                     .arg(m_counters.connectionCap)
                                     .arg(m_config.maxConnections);
        if (m_counters.connectionCap < 1024)
            qCWarning(lcServer).noquote() << line;
        else
            qCDebug(lcServer).noquote() << line;
    }
    connect(m_acceptPausedOnEmfile, &AcceptPausedOnEmfile::paused, this, [this](const QString &reason) {
        m_counters.acceptPaused = true;
        qCWarning(lcServer).noquote()
                << QStringLiteral("error: cannot accept connections: %1 (%2 open); accepting again "
                                  "when one closes")
                           .arg(reason)
                           .arg(openConnections());
    });
    startWorkers();
}

Server::~Server()
{
    close();
    stopWorkers();
}

void Server::startWorkers()
{
    for (int i = 0; i < m_config.threads; ++i) {
        auto *worker = new ServerWorker(m_config, &m_counters);
        m_workers.push_back(worker);
        connect(worker, &ServerWorker::connectionClosed, this, &Server::connectionClosed);
        connect(worker, &ServerWorker::drained, this, [this] {
            if (--m_workersDraining == 0)
                emit stopped();
        });
        if (i == 0) {
            // The first worker shares the listening thread, as the GUI's built-in server has
            // its only one: its connections are served where they are accepted, with no
            // hand-over to wake another thread for.
            worker->setParent(this);
            continue;
        }
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("wirelab-worker-%1").arg(i));
        if (m_config.makeEventDispatcher)
            thread->setEventDispatcher(m_config.makeEventDispatcher());
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        m_threads.push_back(thread);
        thread->start();
    }
    // Wait for each worker's event loop (its dispatcher is made in its thread when none was
    // given), so that a server that says it listens holds all it needs to serve: the
    // descriptors it has then are its count with no connection.
    for (ServerWorker *worker : m_workers) {
        if (worker->thread() != thread())
            QMetaObject::invokeMethod(worker, [] {}, Qt::BlockingQueuedConnection);
    }
}

void Server::stopWorkers()
{
    for (ServerWorker *worker : m_workers) {
        if (worker->thread() != thread())
            QMetaObject::invokeMethod(worker, [worker] { worker->closeAll(); }, Qt::BlockingQueuedConnection);
    }
    for (QThread *workerThread : m_threads) {
        workerThread->quit();
        workerThread->wait();
    }
    qDeleteAll(m_threads);
    m_threads.clear();
    delete m_workers.front(); // the one in this thread; the others went with their threads
    m_workers.clear();
}

void Server::incomingConnection(qintptr socketDescriptor)
{
    // Round robin: the connections of a lab are all alike, and so are the workers.
    ServerWorker *worker = m_workers[m_nextWorker++ % m_workers.size()];
    if (worker->thread() == thread())
        worker->addConnection(socketDescriptor);
    else
        QMetaObject::invokeMethod(worker, [worker, socketDescriptor] { worker->addConnection(socketDescriptor); },
                                  Qt::QueuedConnection);
}

void Server::connectionClosed()
{
    m_counters.acceptPaused = false;
    m_acceptPausedOnEmfile->connectionClosed();
}

void Server::stop(std::chrono::milliseconds drainTime)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_drainTime = drainTime;
#ifdef WIRELAB_LINUX
    // Closing now would reset the handshakes under way: let them complete first, and begin
    // no new one meanwhile. Accepting goes on as usual until then.
    if (isListening() && SynDropFilter::attach(socketDescriptor())) {
        m_closeListener->start();
        return;
    }
#endif
    closeListenerAndDrain();
}

void Server::closeListenerAndDrain()
{
    if (isListening()) {
        // The connections waiting in the backlog are made already: their clients have sent,
        // or are sending, their requests, and closing the listening socket would reset them.
        // Behind a load balancer that is a request lost at every restart, for a reset after
        // the connection was made is not retried (docs/DEPLOY.md). So every one of them is
        // taken first (waitForNewConnection(0) accepts until the backlog is empty, each
        // through incomingConnection()), and they are served within the drain like those
        // already open.
        waitForNewConnection(0);
#ifdef WIRELAB_LINUX
        SynDropFilter::detach(socketDescriptor());
#endif
    }
    close();
    m_workersDraining = int(m_workers.size());
    const qint64 milliseconds = m_drainTime.count();
    for (ServerWorker *worker : m_workers) {
        QMetaObject::invokeMethod(worker, [worker, milliseconds] { worker->drain(milliseconds); },
                                  worker->thread() == thread() ? Qt::DirectConnection : Qt::QueuedConnection);
    }
}

} // namespace Wirelab
