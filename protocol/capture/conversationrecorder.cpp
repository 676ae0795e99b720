#include "conversationrecorder.h"

#include <utility>

namespace Wirelab {

using Kind = Conversation::Event::Kind;
using Side = Conversation::Side;

void ConversationRecorder::start()
{
    m_conversation = {};
    m_conversation.startTime = QDateTime::currentDateTimeUtc();
    m_origin = std::chrono::steady_clock::now();
    m_started = true;
    m_pendingComment.clear();
    m_closed[0] = m_closed[1] = false;
    m_reset = false;
}

void ConversationRecorder::setEndpoints(const Conversation::Endpoint &client,
                                        const Conversation::Endpoint &server)
{
    m_conversation.client = client;
    m_conversation.server = server;
}

void ConversationRecorder::connected()
{
    append(Kind::Connected, Side::Client);
}

void ConversationRecorder::data(Side from, const QByteArray &bytes)
{
    if (!bytes.isEmpty() && !m_closed[int(from)])
        append(Kind::Data, from, bytes);
}

void ConversationRecorder::fin(Side from)
{
    if (m_closed[int(from)])
        return;
    append(Kind::Fin, from);
    m_closed[int(from)] = true;
}

void ConversationRecorder::reset(Side from)
{
    append(Kind::Reset, from);
    m_reset = true;
}

void ConversationRecorder::comment(const QString &text)
{
    if (m_conversation.events.isEmpty()) {
        m_pendingComment = text;
        return;
    }
    QString &comment = m_conversation.events.last().comment;
    comment = comment.isEmpty() ? text : comment + QLatin1Char('\n') + text;
}

bool ConversationRecorder::hasClosed(Side side) const
{
    return m_reset || m_closed[int(side)];
}

void ConversationRecorder::append(Kind kind, Side from, const QByteArray &bytes)
{
    if (!isStarted() || m_reset)
        return;
    const auto elapsed = std::chrono::steady_clock::now() - m_origin;
    Conversation::Event event { kind, from,
                                std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count(),
                                bytes, {} };
    event.comment = std::exchange(m_pendingComment, QString());
    m_conversation.events.append(std::move(event));
}

} // namespace Wirelab
