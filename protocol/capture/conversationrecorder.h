#ifndef WIRELAB_CONVERSATIONRECORDER_H
#define WIRELAB_CONVERSATIONRECORDER_H

#include "conversation.h"

#include <chrono>

namespace Wirelab {

// Writes down a Conversation as it happens: the adapter that owns the socket calls one
// function per thing it sees, and the recorder stamps it with the time since start(). A
// clock and a list, no socket: the adapter decides what it saw.
class ConversationRecorder
{
public:
    // A new, empty conversation that starts now (startTime in UTC).
    void start();
    void setEndpoints(const Conversation::Endpoint &client, const Conversation::Endpoint &server);

    void connected();
    void data(Conversation::Side from, const QByteArray &bytes); // nothing for no bytes
    // At most once per side; a second FIN, or anything after a reset, is not recorded.
    void fin(Conversation::Side from);
    void reset(Conversation::Side from);
    // On the last event recorded (a conversation with no event yet keeps it for the next).
    void comment(const QString &text);

    bool isStarted() const { return m_started; }
    // The moment start() was called, on the monotonic clock: two recorders of one connection
    // (its client's and its server's, in one process) line up by the difference of theirs.
    std::chrono::steady_clock::time_point origin() const { return m_origin; }
    bool hasClosed(Conversation::Side side) const;
    const Conversation &conversation() const { return m_conversation; }

private:
    void append(Conversation::Event::Kind kind, Conversation::Side from,
                const QByteArray &bytes = {});

    Conversation m_conversation;
    std::chrono::steady_clock::time_point m_origin;
    bool m_started = false;
    QString m_pendingComment;
    bool m_closed[2] = { false, false }; // by Side
    bool m_reset = false;
};

} // namespace Wirelab

#endif // WIRELAB_CONVERSATIONRECORDER_H
