#ifndef WIRELAB_EXCHANGETIMELINE_H
#define WIRELAB_EXCHANGETIMELINE_H

#include "conversation.h"
#include "messagedecoder.h"
#include "messageoutline.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <chrono>
#include <optional>

namespace Wirelab {

// One exchange as a list of events, the way Packet Tracer's simulation mode lists them:
// the connect, each write with its bytes, each read as it arrived (where it falls in its
// stream, its length, the time since the connect) and the receiver's decoder after it, the
// closes and who closed first. Made from the client's Conversation and, when the built-in
// server served the exchange, the server's own (ServerConfig::conversationTap): then both
// ends are in it, on one clock.
//
// The decoder's states are not stored: each read is fed, as it came, to a MessageDecoder
// like the receiver's, and progress() says where it stands (the decoder is sans-I/O, so the
// same reads give the same states, live or from history).
class ExchangeTimeline
{
    Q_DECLARE_TR_FUNCTIONS(ExchangeTimeline)
public:
    enum class Stream { Request, Response }; // client to server, server to client

    // What the receiver's decoder made of the bytes so far, after a read or the peer's close.
    struct DecoderState
    {
        DecodeResult::Status status = DecodeResult::Status::NeedMoreData; // of the last next()
        DecoderProgress progress;
        std::optional<DecodeError> error;
        int messagesCompleted = 0; // by this read
        qint64 messageSize = 0;    // the last message completed

        QString text() const; // "waiting for the header (40 of 127 bytes)"
    };

    struct Event
    {
        enum class Kind { Connected, Accepted, Write, Read, Fin, Reset };
        Kind kind = Kind::Connected;
        Conversation::Side at = Conversation::Side::Client;   // whose socket saw it
        Conversation::Side from = Conversation::Side::Client; // whose bytes, whose close
        qint64 microseconds = 0; // since the connect
        QByteArray bytes;        // Write, Read
        Stream stream = Stream::Request;
        qint64 offset = 0; // in its stream, of the first byte
        std::optional<DecoderState> state; // Read, and a Fin the receiver's decoder saw
        bool closedFirst = false;          // the first close of the connection
        QString comment;

        Span span() const { return { qsizetype(offset), bytes.size() }; }
        QString whereText() const; // "client", "server"
        QString text() const;      // "server read 2 bytes: request 0–1"
    };

    // The connection as a whole, for a details box.
    struct Details
    {
        Conversation::Endpoint client;
        Conversation::Endpoint server;
        qint64 requestBytes = 0;  // written by the client
        qint64 responseBytes = 0; // read by the client
        qint64 connectMicroseconds = -1;   // since the client began (the handshake's time)
        qint64 firstByteMicroseconds = -1; // of the response, since the connect
        qint64 lastByteMicroseconds = -1;
        std::optional<Conversation::Side> closedFirst;
        bool reset = false;
        bool bothEnds = false;

        QStringList lines() const; // for a person, one fact a line
    };

    // The client's receiver limits (ClientExchange's) and the server's (ServerConfig's).
    static DecoderLimits responseLimits() { return { DecoderLimits::HeaderBytesCeiling, 64 * 1024 * 1024 }; }
    static DecoderLimits requestLimits() { return DecoderLimits {}; }

    ExchangeTimeline() = default;
    // server: the same connection as the server saw it, on the client's clock (rebased()),
    // or empty when another server answered.
    explicit ExchangeTimeline(const Conversation &client, const Conversation &server = {});

    // A server's conversation moved onto the client's clock: its origin and the client's
    // (ConversationRecorder::origin()) differ by what is added to each event.
    static Conversation rebased(Conversation server, const Conversation &client,
                                std::chrono::steady_clock::time_point serverOrigin,
                                std::chrono::steady_clock::time_point clientOrigin);

    const QList<Event> &events() const { return m_events; }
    bool isEmpty() const { return m_events.isEmpty(); }
    bool hasBothEnds() const { return m_bothEnds; }
    Details details() const;

    // Whether the event brings bytes of the stream to its receiver: a read (a write of the
    // request's, when the server's reads are not known).
    bool isReceived(const Event &event, Stream stream) const;
    // Where each of those began (the first, at 0, left out), up to event upTo (-1: all): the
    // chunk boundaries the hex view marks.
    QList<qsizetype> boundaries(Stream stream, int upTo = -1) const;

    // "+0.412 ms": an event's time since the connect.
    static QString timeText(qint64 microseconds);

    // What a view shows of bytes that may not be a whole message yet: the decoder's verdict
    // on them (ended: the sender has closed), coloured as far as they can be read.
    static MessageOutline outlineOf(const QByteArray &bytes, const DecoderLimits &limits, bool ended);
    // The same, from a decoder that has read bytes (and nothing else) already.
    static MessageOutline outlineSoFar(const QByteArray &bytes, const DecoderProgress &progress);

private:
    void addEvents(const Conversation &conversation, Conversation::Side at); // as `at` saw them
    void sortAndDecode();

    QList<Event> m_events;
    Conversation m_client;
    bool m_bothEnds = false;
};

} // namespace Wirelab

#endif // WIRELAB_EXCHANGETIMELINE_H
