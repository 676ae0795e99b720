#ifndef WIRELAB_EVIDENCE_H
#define WIRELAB_EVIDENCE_H

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

namespace Wirelab::Check {

struct Endpoint
{
    QString address;
    quint16 port = 0;
    friend bool operator==(const Endpoint &a, const Endpoint &b)
    {
        return a.address == b.address && a.port == b.port;
    }
};

// One TCP connection of a case, seen from wirelab-check: "local" is wirelab-check's end.
struct ConnectionRecord
{
    int id = 0;
    QString label; // "client 1", "next client", "student's client"
    bool checkerIsClient = true; // server mode: wirelab-check connected; client mode: it accepted
    Endpoint local;
    Endpoint peer;
    friend bool operator==(const ConnectionRecord &a, const ConnectionRecord &b);
};

// Everything that happened on a case's connections, in order, with the time it happened:
// each write and each read with its bytes, and each open and close. Enough to rebuild the
// conversation as a capture, one segment per write or read.
struct WireEvent
{
    enum class Kind {
        Connecting, // server mode: connectToHost() called
        Connected, // the connection is up (client mode: accepted)
        Sent, // bytes written by wirelab-check, as one write
        Received, // bytes read from the peer, as one read
        PeerClosed, // the peer closed (or reset) the connection
        Closed, // wirelab-check closed it
        Error, // a socket error, in text
    };
    Kind kind = Kind::Sent;
    int connection = 0;
    qint64 timeUs = 0; // microseconds since the Unix epoch
    QByteArray bytes;
    QString text;
    friend bool operator==(const WireEvent &a, const WireEvent &b);
};

QString wireEventKindName(WireEvent::Kind kind);
std::optional<WireEvent::Kind> wireEventKindFromName(const QString &name);

struct Evidence
{
    QList<ConnectionRecord> connections;
    QList<WireEvent> events;

    // All the bytes of one direction of one connection, in order.
    QByteArray sentBytes(int connection) const;
    QByteArray receivedBytes(int connection) const;
    const ConnectionRecord *connection(int id) const;

    QJsonObject toJson() const;
    static std::optional<Evidence> fromJson(const QJsonObject &object, QString *error);
    friend bool operator==(const Evidence &a, const Evidence &b);
};

// Collects a case's evidence as it happens: one clock for all its connections, so that the
// events of several clients interleave truly.
class EvidenceRecorder
{
public:
    EvidenceRecorder();

    int addConnection(const QString &label, bool checkerIsClient);
    void setEndpoints(int connection, const Endpoint &local, const Endpoint &peer);
    void record(WireEvent::Kind kind, int connection, const QByteArray &bytes = {},
                const QString &text = {});
    qint64 nowUs() const;
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    const Evidence &evidence() const { return m_evidence; }

private:
    QElapsedTimer m_clock;
    qint64 m_startUs = 0;
    Evidence m_evidence;
};

} // namespace Wirelab::Check

#endif // WIRELAB_EVIDENCE_H
