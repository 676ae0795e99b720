#include "conversation.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>

namespace Wirelab {
namespace {

using Kind = Conversation::Event::Kind;
using Side = Conversation::Side;

// The names in history files: stable words, not the enum's numbers.
struct KindName
{
    Kind kind;
    const char *name;
};
constexpr KindName kindNames[] = {
    { Kind::Connected, "connected" },
    { Kind::Data, "data" },
    { Kind::Fin, "fin" },
    { Kind::Reset, "reset" },
};

QString nameOf(Kind kind)
{
    for (const KindName &entry : kindNames) {
        if (entry.kind == kind)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<Kind> kindNamed(const QString &name)
{
    for (const KindName &entry : kindNames) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

QString nameOf(Side side)
{
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("server");
}

std::optional<Side> sideNamed(const QString &name)
{
    if (name == QLatin1String("client"))
        return Side::Client;
    if (name == QLatin1String("server"))
        return Side::Server;
    return std::nullopt;
}

QJsonObject endpointToJson(const Conversation::Endpoint &endpoint)
{
    return { { QStringLiteral("address"), endpoint.address },
             { QStringLiteral("port"), endpoint.port } };
}

// A JSON number that is a whole number within [0, maximum]; JSON has only doubles, which
// hold every integer up to 2^53 exactly (285 years of microseconds).
std::optional<qint64> wholeNumber(const QJsonValue &value, double maximum)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 0 || number > maximum || number != qint64(number))
        return std::nullopt;
    return qint64(number);
}

std::optional<Conversation::Endpoint> endpointFromJson(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    const QJsonValue address = object.value(QStringLiteral("address"));
    const std::optional<qint64> port = wholeNumber(object.value(QStringLiteral("port")), 65535);
    if (!address.isString() || !port)
        return std::nullopt;
    return Conversation::Endpoint { address.toString(), quint16(*port) };
}

std::optional<Conversation::Event> eventFromJson(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    const std::optional<Kind> kind = kindNamed(object.value(QStringLiteral("event")).toString());
    const std::optional<Side> from = sideNamed(object.value(QStringLiteral("from")).toString());
    constexpr double largestExactInteger = 9007199254740992.0; // 2^53
    const std::optional<qint64> microseconds
            = wholeNumber(object.value(QStringLiteral("microseconds")), largestExactInteger);
    const QJsonValue bytes = object.value(QStringLiteral("bytes"));
    const QJsonValue comment = object.value(QStringLiteral("comment"));
    if (!kind || !from || !microseconds || !(bytes.isUndefined() || bytes.isString())
        || !(comment.isUndefined() || comment.isString()))
        return std::nullopt;
    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
            bytes.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return Conversation::Event { *kind, *from, *microseconds, *decoded, comment.toString() };
}

} // namespace

bool operator==(const Conversation::Event &a, const Conversation::Event &b)
{
    return a.kind == b.kind && a.from == b.from && a.microseconds == b.microseconds
           && a.bytes == b.bytes && a.comment == b.comment;
}

bool operator==(const Conversation &a, const Conversation &b)
{
    return a.client == b.client && a.server == b.server && a.startTime == b.startTime
           && a.events == b.events;
}

QByteArray Conversation::bytesFrom(Side side) const
{
    QByteArray bytes;
    for (const Event &event : events) {
        if (event.kind == Event::Kind::Data && event.from == side)
            bytes += event.bytes;
    }
    return bytes;
}

QJsonObject Conversation::toJson() const
{
    QJsonArray eventArray;
    for (const Event &event : events) {
        QJsonObject object { { QStringLiteral("event"), nameOf(event.kind) },
                             { QStringLiteral("from"), nameOf(event.from) },
                             { QStringLiteral("microseconds"), double(event.microseconds) } };
        if (!event.bytes.isEmpty())
            object.insert(QStringLiteral("bytes"), QString::fromLatin1(event.bytes.toBase64()));
        if (!event.comment.isEmpty())
            object.insert(QStringLiteral("comment"), event.comment);
        eventArray.append(object);
    }
    return { { QStringLiteral("client"), endpointToJson(client) },
             { QStringLiteral("server"), endpointToJson(server) },
             { QStringLiteral("start"), startTime.toUTC().toString(Qt::ISODateWithMs) },
             { QStringLiteral("events"), eventArray } };
}

std::optional<Conversation> Conversation::fromJson(const QJsonObject &object)
{
    const std::optional<Endpoint> client = endpointFromJson(object.value(QStringLiteral("client")));
    const std::optional<Endpoint> server = endpointFromJson(object.value(QStringLiteral("server")));
    const QDateTime startTime = QDateTime::fromString(
            object.value(QStringLiteral("start")).toString(), Qt::ISODateWithMs);
    const QJsonValue events = object.value(QStringLiteral("events"));
    if (!client || !server || !startTime.isValid() || !events.isArray())
        return std::nullopt;
    Conversation conversation;
    conversation.client = *client;
    conversation.server = *server;
    conversation.startTime = startTime.toUTC();
    for (const QJsonValue &value : events.toArray()) {
        std::optional<Event> event = eventFromJson(value);
        if (!event)
            return std::nullopt;
        conversation.events.append(std::move(*event));
    }
    return conversation;
}

} // namespace Wirelab
