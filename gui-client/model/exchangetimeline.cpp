#include "exchangetimeline.h"

#include <algorithm>

namespace Wirelab {

namespace {

using Side = Conversation::Side;
using ConversationKind = Conversation::Event::Kind;

// "0.412 ms", "12.3 ms", "1.250 s": loopback times are fractions of a millisecond.
QString durationText(qint64 microseconds)
{
    const double milliseconds = microseconds / 1000.0;
    if (qAbs(milliseconds) >= 1000)
        return ExchangeTimeline::tr("%1 s").arg(milliseconds / 1000.0, 0, 'f', 3);
    return ExchangeTimeline::tr("%1 ms").arg(milliseconds, 0, 'f', 3);
}

// "1 byte", "127 bytes" (tr's %n would need a translation to say either).
QString bytesText(qint64 count)
{
    return count == 1 ? ExchangeTimeline::tr("1 byte") : ExchangeTimeline::tr("%1 bytes").arg(count);
}

QString sideName(Side side)
{
    return side == Side::Client ? ExchangeTimeline::tr("client") : ExchangeTimeline::tr("server");
}

QString streamName(ExchangeTimeline::Stream stream)
{
    return stream == ExchangeTimeline::Stream::Request ? ExchangeTimeline::tr("request")
                                                       : ExchangeTimeline::tr("response");
}

QString endpointText(const Conversation::Endpoint &endpoint)
{
    return endpoint.address.contains(QLatin1Char(':'))
            ? QStringLiteral("[%1]:%2").arg(endpoint.address).arg(endpoint.port)
            : QStringLiteral("%1:%2").arg(endpoint.address).arg(endpoint.port);
}

ExchangeTimeline::DecoderState stateAfter(MessageDecoder &decoder)
{
    ExchangeTimeline::DecoderState state;
    for (;;) {
        const DecodeResult result = decoder.next();
        state.status = result.status;
        if (result.status == DecodeResult::Status::MessageReady) {
            ++state.messagesCompleted;
            state.messageSize = result.message.size();
            continue;
        }
        if (result.status == DecodeResult::Status::Failed)
            state.error = result.error;
        break;
    }
    state.progress = decoder.progress();
    return state;
}

} // namespace

QString ExchangeTimeline::DecoderState::text() const
{
    if (error)
        return tr("error at offset %1: %2 (%3)").arg(error->offset).arg(kindName(error->kind), error->reason);
    QString waiting;
    const qint64 arrived = progress.arrived;
    const qint64 length = progress.partLength;
    switch (progress.stage) {
    case DecoderProgress::Stage::LengthPrefix:
        if (messagesCompleted == 0 || arrived > 0)
            waiting = tr("waiting for the prefix (%1 of 2 bytes)").arg(arrived);
        break;
    case DecoderProgress::Stage::Header:
        waiting = arrived == 0 ? tr("prefix read: the header is %1").arg(bytesText(length))
                               : tr("waiting for the header (%1 of %2 bytes)").arg(arrived).arg(length);
        break;
    case DecoderProgress::Stage::Content:
        waiting = arrived == 0 ? tr("header read: the content is %1").arg(bytesText(length))
                               : tr("waiting for the content (%1 of %2 bytes)").arg(arrived).arg(length);
        break;
    case DecoderProgress::Stage::Finished:
        if (messagesCompleted == 0)
            waiting = tr("the end, at a message boundary");
        break;
    case DecoderProgress::Stage::Failed:
        break;
    }
    if (messagesCompleted == 0)
        return waiting;
    const QString complete = tr("message complete (%1)").arg(bytesText(messageSize));
    return waiting.isEmpty() ? complete : tr("%1; then %2").arg(complete, waiting);
}

QString ExchangeTimeline::timeText(qint64 microseconds)
{
    return microseconds < 0 ? QStringLiteral("−") + durationText(-microseconds)
                            : QStringLiteral("+") + durationText(microseconds);
}

QString ExchangeTimeline::Event::whereText() const
{
    return sideName(at);
}

QString ExchangeTimeline::Event::text() const
{
    const QString range = bytes.isEmpty()
            ? QString()
            : tr("%1 bytes %2–%3").arg(streamName(stream)).arg(offset).arg(offset + bytes.size() - 1);
    switch (kind) {
    case Kind::Connected:
        return tr("connected");
    case Kind::Accepted:
        return tr("accepted the connection");
    case Kind::Write:
        return tr("wrote %1: %2").arg(bytesText(bytes.size()), range);
    case Kind::Read:
        return tr("read %1: %2").arg(bytesText(bytes.size()), range);
    case Kind::Fin:
    case Kind::Reset: {
        const QString how = kind == Kind::Fin ? tr("FIN") : tr("RST");
        QString text = at == from ? tr("closed its side (%1)").arg(how)
                                  : tr("the %1 closed its side (%2)").arg(sideName(from), how);
        if (kind == Kind::Reset)
            text = at == from ? tr("reset the connection (RST)") : tr("the %1 reset the connection (RST)").arg(sideName(from));
        return closedFirst ? tr("%1: closed first").arg(text) : text;
    }
    }
    return {};
}

QStringList ExchangeTimeline::Details::lines() const
{
    QStringList lines;
    lines << tr("Client %1 → server %2").arg(endpointText(client), endpointText(server));
    lines << tr("Sent %1, received %2").arg(bytesText(requestBytes), bytesText(responseBytes));
    if (connectMicroseconds >= 0)
        lines << tr("Connected after %1").arg(durationText(connectMicroseconds));
    if (firstByteMicroseconds >= 0)
        lines << tr("Answer: first byte at %1, last at %2 (since the connect)")
                         .arg(durationText(firstByteMicroseconds), durationText(lastByteMicroseconds));
    else
        lines << tr("No answer arrived");
    if (closedFirst)
        lines << (reset ? tr("Closed: reset; the %1 closed first").arg(sideName(*closedFirst))
                        : tr("Closed: the %1 closed first (FIN)").arg(sideName(*closedFirst)));
    lines << (bothEnds ? tr("Both ends seen (the built-in server)") : tr("As the client saw it"));
    return lines;
}

ExchangeTimeline::ExchangeTimeline(const Conversation &client, const Conversation &server) : m_client(client)
{
    addEvents(client, Conversation::Side::Client);
    m_bothEnds = !server.events.isEmpty();
    if (m_bothEnds)
        addEvents(server, Conversation::Side::Server);
    sortAndDecode();
}

Conversation ExchangeTimeline::rebased(Conversation server, const Conversation &client,
                                       std::chrono::steady_clock::time_point serverOrigin,
                                       std::chrono::steady_clock::time_point clientOrigin)
{
    const qint64 shift = std::chrono::duration_cast<std::chrono::microseconds>(serverOrigin - clientOrigin).count();
    for (Conversation::Event &event : server.events)
        event.microseconds += shift;
    server.startTime = client.startTime;
    return server;
}

void ExchangeTimeline::addEvents(const Conversation &conversation, Side at)
{
    qint64 offsets[2] = { 0, 0 }; // by Stream
    for (const Conversation::Event &event : conversation.events) {
        Event added;
        added.at = at;
        added.from = event.from;
        added.microseconds = event.microseconds;
        added.comment = event.comment;
        switch (event.kind) {
        case ConversationKind::Connected:
            added.kind = at == Side::Client ? Event::Kind::Connected : Event::Kind::Accepted;
            break;
        case ConversationKind::Data:
            // Its own bytes are writes, the peer's are reads.
            added.kind = event.from == at ? Event::Kind::Write : Event::Kind::Read;
            added.stream = event.from == Side::Client ? Stream::Request : Stream::Response;
            added.bytes = event.bytes;
            added.offset = offsets[int(added.stream)];
            offsets[int(added.stream)] += event.bytes.size();
            break;
        case ConversationKind::Fin:
            added.kind = Event::Kind::Fin;
            break;
        case ConversationKind::Reset:
            added.kind = Event::Kind::Reset;
            break;
        }
        m_events.append(added);
    }
}

void ExchangeTimeline::sortAndDecode()
{
    // One clock for both ends; of two at the same microsecond the client's comes first.
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const Event &a, const Event &b) { return a.microseconds < b.microseconds; });
    // Times count from the connection: the earlier of the client's connect and the server's
    // accept (the kernel completes the handshake before either program hears of it).
    qint64 origin = 0;
    for (const Event &event : std::as_const(m_events)) {
        if (event.kind == Event::Kind::Connected || event.kind == Event::Kind::Accepted) {
            origin = event.microseconds;
            break;
        }
    }
    MessageDecoder request(requestLimits());   // the server's, fed what it read
    MessageDecoder response(responseLimits()); // the client's, fed what it read
    bool closed = false;
    for (Event &event : m_events) {
        event.microseconds -= origin;
        // Reads are the receiver's (the server's are known only with both ends), and so is
        // the sender's close as it arrives.
        const bool atReceiver = event.at != event.from;
        MessageDecoder &decoder = event.from == Side::Client ? request : response;
        switch (event.kind) {
        case Event::Kind::Read:
            decoder.feed(event.bytes);
            event.state = stateAfter(decoder);
            break;
        case Event::Kind::Fin:
        case Event::Kind::Reset:
            if (!closed) {
                event.closedFirst = true;
                closed = true;
            }
            if (atReceiver && event.kind == Event::Kind::Fin) {
                decoder.finish(); // end of input is an input: a cut-off message fails here
                event.state = stateAfter(decoder);
            }
            break;
        case Event::Kind::Connected:
        case Event::Kind::Accepted:
        case Event::Kind::Write:
            break;
        }
    }
}

ExchangeTimeline::Details ExchangeTimeline::details() const
{
    Details details;
    details.client = m_client.client;
    details.server = m_client.server;
    details.bothEnds = m_bothEnds;
    for (const Conversation::Event &event : m_client.events) {
        if (event.kind == ConversationKind::Connected && details.connectMicroseconds < 0)
            details.connectMicroseconds = event.microseconds;
    }
    for (const Event &event : m_events) {
        if (event.at != Side::Client)
            continue;
        if (event.kind == Event::Kind::Write)
            details.requestBytes += event.bytes.size();
        if (event.kind == Event::Kind::Read) {
            details.responseBytes += event.bytes.size();
            if (details.firstByteMicroseconds < 0)
                details.firstByteMicroseconds = event.microseconds;
            details.lastByteMicroseconds = event.microseconds;
        }
    }
    for (const Event &event : m_events) {
        if (event.kind == Event::Kind::Reset)
            details.reset = true;
        if (event.closedFirst)
            details.closedFirst = event.from;
    }
    return details;
}

bool ExchangeTimeline::isReceived(const Event &event, Stream stream) const
{
    if (event.stream != stream || event.bytes.isEmpty())
        return false;
    // What the receiver read; the request's writes when the server's reads are not known.
    if (stream == Stream::Request && !m_bothEnds)
        return event.kind == Event::Kind::Write;
    return event.kind == Event::Kind::Read;
}

QList<qsizetype> ExchangeTimeline::boundaries(Stream stream, int upTo) const
{
    QList<qsizetype> offsets;
    for (int i = 0; i < m_events.size() && (upTo < 0 || i <= upTo); ++i) {
        const Event &event = m_events[i];
        if (isReceived(event, stream) && event.offset > 0)
            offsets.append(qsizetype(event.offset));
    }
    return offsets;
}

MessageOutline ExchangeTimeline::outlineOf(const QByteArray &bytes, const DecoderLimits &limits, bool ended)
{
    MessageDecoder decoder(limits);
    decoder.feed(bytes);
    if (ended)
        decoder.finish();
    const DecodeResult result = decoder.next();
    if (result.status == DecodeResult::Status::NeedMoreData)
        return outlineSoFar(bytes, decoder.progress());
    return MessageOutline(bytes, result);
}

MessageOutline ExchangeTimeline::outlineSoFar(const QByteArray &bytes, const DecoderProgress &progress)
{
    DecodeResult result; // NeedMoreData, with the spans the decoder knows so far
    if (progress.messageOffset == 0 && progress.messagesRead == 0)
        result.message.layout = progress.layout;
    return MessageOutline(bytes, result);
}

} // namespace Wirelab
