#include "evidence.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>

namespace Wirelab::Check {
namespace {

QByteArray directionBytes(const Evidence &evidence, int connection, WireEvent::Kind kind)
{
    QByteArray bytes;
    for (const WireEvent &event : evidence.events) {
        if (event.connection == connection && event.kind == kind)
            bytes += event.bytes;
    }
    return bytes;
}

QJsonObject endpointJson(const Endpoint &endpoint)
{
    return { { QStringLiteral("address"), endpoint.address },
             { QStringLiteral("port"), endpoint.port } };
}

Endpoint endpointFromJson(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return { object.value(QLatin1String("address")).toString(),
             quint16(object.value(QLatin1String("port")).toInt()) };
}

} // namespace

bool operator==(const ConnectionRecord &a, const ConnectionRecord &b)
{
    return a.id == b.id && a.label == b.label && a.checkerIsClient == b.checkerIsClient
           && a.local == b.local && a.peer == b.peer;
}

bool operator==(const WireEvent &a, const WireEvent &b)
{
    return a.kind == b.kind && a.connection == b.connection && a.timeUs == b.timeUs
           && a.bytes == b.bytes && a.text == b.text;
}

bool operator==(const Evidence &a, const Evidence &b)
{
    return a.connections == b.connections && a.events == b.events;
}

QString wireEventKindName(WireEvent::Kind kind)
{
    switch (kind) {
    case WireEvent::Kind::Connecting:
        return QStringLiteral("connecting");
    case WireEvent::Kind::Connected:
        return QStringLiteral("connected");
    case WireEvent::Kind::Sent:
        return QStringLiteral("sent");
    case WireEvent::Kind::Received:
        return QStringLiteral("received");
    case WireEvent::Kind::PeerClosed:
        return QStringLiteral("peer-closed");
    case WireEvent::Kind::Closed:
        return QStringLiteral("closed");
    case WireEvent::Kind::Error:
        return QStringLiteral("error");
    }
    return {};
}

std::optional<WireEvent::Kind> wireEventKindFromName(const QString &name)
{
    using Kind = WireEvent::Kind;
    for (Kind kind : { Kind::Connecting, Kind::Connected, Kind::Sent, Kind::Received,
                       Kind::PeerClosed, Kind::Closed, Kind::Error }) {
        if (wireEventKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QByteArray Evidence::sentBytes(int connection) const
{
    return directionBytes(*this, connection, WireEvent::Kind::Sent);
}

QByteArray Evidence::receivedBytes(int connection) const
{
    return directionBytes(*this, connection, WireEvent::Kind::Received);
}

const ConnectionRecord *Evidence::connection(int id) const
{
    for (const ConnectionRecord &record : connections) {
        if (record.id == id)
            return &record;
    }
    return nullptr;
}

QJsonObject Evidence::toJson() const
{
    QJsonArray connectionArray;
    for (const ConnectionRecord &record : connections) {
        connectionArray.append(QJsonObject {
                { QStringLiteral("id"), record.id },
                { QStringLiteral("label"), record.label },
                { QStringLiteral("checkerIsClient"), record.checkerIsClient },
                { QStringLiteral("local"), endpointJson(record.local) },
                { QStringLiteral("peer"), endpointJson(record.peer) },
        });
    }
    QJsonArray eventArray;
    for (const WireEvent &event : events) {
        QJsonObject object { { QStringLiteral("kind"), wireEventKindName(event.kind) },
                             { QStringLiteral("connection"), event.connection },
                             // A double holds microseconds since 1970 exactly (up to 2^53).
                             { QStringLiteral("timeUs"), double(event.timeUs) } };
        if (!event.bytes.isEmpty())
            object.insert(QStringLiteral("hex"), QString::fromLatin1(event.bytes.toHex()));
        if (!event.text.isEmpty())
            object.insert(QStringLiteral("text"), event.text);
        eventArray.append(object);
    }
    return { { QStringLiteral("connections"), connectionArray },
             { QStringLiteral("events"), eventArray } };
}

std::optional<Evidence> Evidence::fromJson(const QJsonObject &object, QString *error)
{
    Evidence evidence;
    for (const QJsonValue &value : object.value(QLatin1String("connections")).toArray()) {
        const QJsonObject record = value.toObject();
        evidence.connections.append({ record.value(QLatin1String("id")).toInt(),
                                      record.value(QLatin1String("label")).toString(),
                                      record.value(QLatin1String("checkerIsClient")).toBool(true),
                                      endpointFromJson(record.value(QLatin1String("local"))),
                                      endpointFromJson(record.value(QLatin1String("peer"))) });
    }
    for (const QJsonValue &value : object.value(QLatin1String("events")).toArray()) {
        const QJsonObject eventObject = value.toObject();
        const std::optional<WireEvent::Kind> kind
                = wireEventKindFromName(eventObject.value(QLatin1String("kind")).toString());
        if (!kind) {
            if (error)
                *error = QStringLiteral("unknown evidence event kind %1")
                                 .arg(eventObject.value(QLatin1String("kind")).toString());
            return std::nullopt;
        }
        WireEvent event;
        event.kind = *kind;
        event.connection = eventObject.value(QLatin1String("connection")).toInt();
        event.timeUs = qint64(eventObject.value(QLatin1String("timeUs")).toDouble());
        event.bytes = QByteArray::fromHex(
                eventObject.value(QLatin1String("hex")).toString().toLatin1());
        event.text = eventObject.value(QLatin1String("text")).toString();
        evidence.events.append(event);
    }
    return evidence;
}

EvidenceRecorder::EvidenceRecorder() : m_startUs(QDateTime::currentMSecsSinceEpoch() * 1000)
{
    m_clock.start();
}

int EvidenceRecorder::addConnection(const QString &label, bool checkerIsClient)
{
    ConnectionRecord record;
    record.id = int(m_evidence.connections.size()) + 1;
    record.label = label;
    record.checkerIsClient = checkerIsClient;
    m_evidence.connections.append(record);
    return record.id;
}

void EvidenceRecorder::setEndpoints(int connection, const Endpoint &local, const Endpoint &peer)
{
    for (ConnectionRecord &record : m_evidence.connections) {
        if (record.id == connection) {
            record.local = local;
            record.peer = peer;
        }
    }
}

void EvidenceRecorder::record(WireEvent::Kind kind, int connection, const QByteArray &bytes,
                              const QString &text)
{
    m_evidence.events.append({ kind, connection, nowUs(), bytes, text });
}

qint64 EvidenceRecorder::nowUs() const
{
    // The wall clock once, then a monotonic one: the events' order and gaps are true even if
    // the system clock is stepped during the case.
    return m_startUs + m_clock.nsecsElapsed() / 1000;
}

} // namespace Wirelab::Check
