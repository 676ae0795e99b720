#include "server.h"

#include "epolleventdispatcher.h"
#include "listeningsocket.h"
#include "serverworker.h"

#include <QtCore/QThread>
#include <memory>
#include <vector>

namespace Wirelab {

class Server::Private
{
public:
    ServerConfig config;
    ServerCounters counters;
    // Worker 0 runs in the Server's own thread when there is one worker; with more, each
    // has a QThread of its own.
    std::vector<ServerWorker *> workers;
    std::vector<QThread *> threads;
    QHostAddress address;
    quint16 port = 0;
    QString errorString;
};

Server::Server(ServerConfig config, QObject *parent) : QObject(parent), d(new Private)
{
    d->config = std::move(config);
    d->config.threads = std::max(1, d->config.threads);
    d->config.maxConnections = std::max(1, d->config.maxConnections);
    d->config.limits = d->config.limits.clamped();
}

Server::~Server()
{
    close();
    delete d;
}

bool Server::listen(const QHostAddress &address, quint16 port)
{
    close();
    // SO_REUSEPORT lets any socket of this user that asks for it share the port, a second
    // wirelab-server's too, which would then take half the clients. A bind without it
    // first finds a port that is already taken, as the lab server's bind() would.
    if (port != 0) {
        const ListeningSocket probe = ListeningSocket::open(address, port, ListeningSocket::Sharing::Exclusive);
        if (probe.descriptor < 0) {
            d->errorString = probe.errorString;
            return false;
        }
        ListeningSocket::close(probe.descriptor);
    }
    std::vector<ListeningSocket> sockets;
    for (int i = 0; i < d->config.threads; ++i) {
        ListeningSocket socket = ListeningSocket::open(address, i == 0 ? port : sockets[0].port,
                                                       ListeningSocket::Sharing::Shared);
        if (socket.descriptor < 0) {
            for (const ListeningSocket &opened : sockets)
                ListeningSocket::close(opened.descriptor);
            d->errorString = socket.errorString;
            return false;
        }
        sockets.push_back(socket);
    }
    d->address = address;
    d->port = sockets[0].port;

    for (const ListeningSocket &socket : sockets) {
        auto *worker = new ServerWorker(d->config, &d->counters, this);
        d->workers.push_back(worker);
        if (d->config.threads == 1) {
            worker->setParent(this);
            worker->startListening(socket.descriptor);
            continue;
        }
        auto *thread = new QThread(this);
        if (d->config.epollEventDispatcher)
            thread->setEventDispatcher(new EpollEventDispatcher);
        thread->setObjectName(QStringLiteral("wirelab-worker-%1").arg(d->threads.size()));
        d->threads.push_back(thread);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        QMetaObject::invokeMethod(
                worker, [worker, socket] { worker->startListening(socket.descriptor); },
                Qt::BlockingQueuedConnection);
    }
    return true;
}

QString Server::errorString() const
{
    return d->errorString;
}

QHostAddress Server::serverAddress() const
{
    return d->address;
}

quint16 Server::serverPort() const
{
    return d->port;
}

void Server::close()
{
    for (std::size_t i = 0; i < d->workers.size(); ++i) {
        ServerWorker *worker = d->workers[i];
        if (d->threads.empty()) {
            delete worker;
            continue;
        }
        QMetaObject::invokeMethod(worker, [worker] { worker->stop(); },
                                  Qt::BlockingQueuedConnection);
        d->threads[i]->quit();
        d->threads[i]->wait();
        delete d->threads[i];
    }
    d->workers.clear();
    d->threads.clear();
    d->port = 0;
}

int Server::openConnections() const
{
    return d->counters.openConnections.load();
}

} // namespace Wirelab
