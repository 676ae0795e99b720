#include "serverexchange.h"

#include "messageencoder.h"

namespace Wirelab {

namespace {

const Lab::SearchTable &builtInTable()
{
    static const Lab::SearchTable table = Lab::SearchTable::builtIn();
    return table;
}

} // namespace

ServerExchange::ServerExchange(const Settings &settings, const Transcript::Peer &peer)
    : ServerExchange(settings, PeerLookup())
{
    m_peer = peer;
}

ServerExchange::ServerExchange(const Settings &settings, PeerLookup lookUpPeer)
    : m_settings(settings), m_lookUpPeer(std::move(lookUpPeer)),
      // An answer needs no spans; a refusal's place does (DecodeError::offset).
      m_decoder(settings.limits, MessageDecoder::HeaderFieldSpans::WhenRefused)
{
    if (!m_settings.searchTable)
        m_settings.searchTable = &builtInTable();
}

const Transcript::Peer &ServerExchange::peer() const
{
    if (!m_peer)
        m_peer = m_lookUpPeer ? m_lookUpPeer() : Transcript::Peer();
    return *m_peer;
}

ServerExchange::Actions ServerExchange::accepted()
{
    Actions actions;
    if (m_settings.logTraffic)
        actions.traffic.append(Transcript::acceptedConnection(peer()));
    return actions;
}

ServerExchange::Actions ServerExchange::answer(const Message &response, Actions actions)
{
    m_state = State::Answered;
    const EncodeResult head = encodeHead(response);
    actions.close = true;
    // Our answers' headers are fixed and small, so encoding cannot fail; if it ever did,
    // closing is all that is left.
    if (!head.ok()) {
        actions.problem = QStringLiteral("error: could not encode the answer to %1: %2")
                                  .arg(peer().repr(), head.error->reason);
        actions.problemKind = Problem::BadRequest;
        return actions;
    }
    actions.replyHead = head.bytes;
    actions.replyContent = response.content;
    if (m_settings.logTraffic)
        actions.traffic.append(Transcript::sending(actions.replyBytes(), peer()));
    return actions;
}

ServerExchange::Actions ServerExchange::refuseRequest(const DecodeError &error)
{
    // Every refusal is answered, even a broken length prefix or a request cut short by the
    // client's half-close: the answer is well-formed whatever the client sent, and a student
    // whose client packed the prefix the wrong way round learns why instead of seeing the
    // connection drop. A client that has gone makes the send fail, and the session closes.
    Actions actions;
    actions.problem = QStringLiteral("error: bad request from %1: %2 (%3 at byte %4)")
                              .arg(peer().repr(), error.reason, kindName(error.kind))
                              .arg(error.offset);
    actions.problemKind = Problem::BadRequest;
    return answer(Lab::errorResponse(error), actions);
}

ServerExchange::Actions ServerExchange::bytesReceived(QByteArrayView bytes)
{
    if (m_state != State::Reading)
        return {}; // one request per connection: what follows it is not read
    m_decoder.feed(bytes);
    const DecodeResult result = m_decoder.next();
    switch (result.status) {
    case DecodeResult::Status::NeedMoreData:
    case DecodeResult::Status::Finished:
        return {};
    case DecodeResult::Status::Failed:
        return refuseRequest(result.error);
    case DecodeResult::Status::MessageReady:
        break;
    }
    Actions actions;
    if (m_settings.logTraffic)
        actions.traffic.append(Transcript::receivedRequest(result.message, peer()));
    if (const std::optional<Lab::CommandTooShort> tooShort = Lab::checkRequest(result.message)) {
        actions.problem = QStringLiteral("error: bad request from %1: %2 (CommandTooShort)")
                                  .arg(peer().repr(), tooShort->reason);
        actions.problemKind = Problem::BadRequest;
        return answer(Lab::errorResponse(tooShort->reason), actions);
    }
    return answer(Lab::answerRequest(result.message, *m_settings.searchTable), std::move(actions));
}

ServerExchange::Actions ServerExchange::peerClosed()
{
    if (m_state != State::Reading)
        return {};
    m_decoder.finish();
    const DecodeResult result = m_decoder.next();
    if (result.status == DecodeResult::Status::Failed)
        return refuseRequest(result.error);
    // Closed before sending a byte: nothing to answer and nothing wrong.
    m_state = State::Answered;
    Actions actions;
    actions.close = true;
    return actions;
}

ServerExchange::Actions ServerExchange::timedOut(const QString &reason)
{
    if (m_state != State::Reading)
        return {};
    Actions actions;
    actions.problem = QStringLiteral("error: closing connection to %1: %2").arg(peer().repr(), reason);
    actions.problemKind = Problem::Timeout;
    return answer(Lab::errorResponse(reason), actions);
}

ServerExchange::Actions ServerExchange::refusal(const QString &reason, Problem kind)
{
    if (m_state != State::Reading)
        return {};
    Actions actions;
    actions.problem = QStringLiteral("error: refusing %1: %2").arg(peer().repr(), reason);
    actions.problemKind = kind;
    return answer(Lab::errorResponse(reason), actions);
}

ServerExchange::Actions ServerExchange::refuse(const QString &reason)
{
    return refusal(QStringLiteral("server busy: %1").arg(reason), Problem::Busy);
}

ServerExchange::Actions ServerExchange::refuseConnection(const QString &reason)
{
    return refusal(reason, Problem::ProxyRefused);
}

QString ServerExchange::closingLine() const
{
    // Like every transcript line, made only for a transcript: it names the peer, and looking
    // the peer up costs a system call and a string.
    return m_settings.logTraffic ? Transcript::closingConnection(peer()) : QString();
}

} // namespace Wirelab
