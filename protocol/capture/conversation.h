#ifndef WIRELAB_CONVERSATION_H
#define WIRELAB_CONVERSATION_H

#include <QtCore/QByteArray>
#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <optional>

namespace Wirelab {

// One TCP connection as it happened, seen from the client: who talked to whom, when it
// started, and what went each way in which pieces. Plain data, with no socket in it: a
// ClientExchange records one (ConversationRecorder), PcapngWriter turns it into a capture,
// a timeline can draw it, and a history file keeps it (toJson()).
//
// The events are in the order they happened. Each carries the microseconds since
// startTime; a list that goes back in time is kept as it is (the writer sorts nothing).
struct Conversation
{
    enum class Side { Client, Server };

    struct Endpoint
    {
        QString address; // IPv4 ("127.0.0.1") or IPv6 ("::1") text, as QHostAddress writes it
        quint16 port = 0;

        friend bool operator==(const Endpoint &a, const Endpoint &b)
        {
            return a.address == b.address && a.port == b.port;
        }
        friend bool operator!=(const Endpoint &a, const Endpoint &b) { return !(a == b); }
    };

    struct Event
    {
        enum class Kind {
            Connected, // the three-way handshake completed (from is Client)
            Data,      // from Client: one write as the socket took it; from Server: one read
                       // as it arrived at the client
            Fin,       // from closed its sending side (an orderly close or half-close)
            Reset,     // from aborted the connection; from Server before Connected: refused
        };

        Kind kind = Kind::Connected;
        Side from = Side::Client;
        qint64 microseconds = 0; // since Conversation::startTime
        QByteArray bytes;        // Data only
        QString comment;         // optional: shown with the event's first packet

        friend bool operator==(const Event &a, const Event &b);
        friend bool operator!=(const Event &a, const Event &b) { return !(a == b); }
    };

    Endpoint client;
    Endpoint server;
    QDateTime startTime; // UTC; the capture's timestamps count from it
    QList<Event> events;

    // All the bytes one side sent, in order: what a decoder of that direction reads.
    QByteArray bytesFrom(Side side) const;

    // For history files: {"client": {"address", "port"}, "server": {...}, "start": ISO 8601
    // UTC with milliseconds, "events": [{"event", "from", "microseconds", "bytes" (base64),
    // "comment"}]}. Keys that carry nothing (no bytes, no comment) are left out.
    QJsonObject toJson() const;
    // nullopt for an object that is not a conversation (a damaged or hand-edited file): a
    // missing or malformed key, an unknown event, a port out of range, bad base64.
    static std::optional<Conversation> fromJson(const QJsonObject &object);

    friend bool operator==(const Conversation &a, const Conversation &b);
    friend bool operator!=(const Conversation &a, const Conversation &b) { return !(a == b); }
};

} // namespace Wirelab

#endif // WIRELAB_CONVERSATION_H
