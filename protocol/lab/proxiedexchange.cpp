#include "proxiedexchange.h"

#include "proxyaddress.h"

#include <utility>

namespace Wirelab {

namespace {

// The lines of accepted() first, then what the rest of the same event made.
ServerExchange::Actions after(ServerExchange::Actions first, ServerExchange::Actions then)
{
    then.traffic = first.traffic + then.traffic;
    return then;
}

} // namespace

ProxiedExchange::ProxiedExchange(const ServerExchange::Settings &settings,
                                 ServerExchange::PeerLookup lookUpPeer, ProxyLimits limits)
    : m_exchange(settings, std::move(lookUpPeer)), m_parser(limits)
{
}

std::optional<Transcript::Peer> ProxiedExchange::clientOf(const ProxyHeader &header)
{
    if (header.command != ProxyHeader::Command::Proxy || !header.hasAddresses())
        return std::nullopt;
    const QByteArray &bytes = header.source.addressBytes;
    static const QByteArray mappedPrefix = QByteArray(10, '\0') + QByteArray(2, '\xff');
    if (bytes.size() == 16 && bytes.startsWith(mappedPrefix))
        return Transcript::Peer { proxyAddressText(QByteArrayView(bytes).sliced(12)),
                                  header.source.port };
    return Transcript::Peer { header.source.address, header.source.port };
}

ProxiedExchange::Actions ProxiedExchange::accepted(Source source)
{
    switch (source) {
    case Source::Direct:
        return startExchange();
    case Source::TrustedProxy:
        m_state = State::AwaitingHeader;
        return {};
    case Source::UntrustedPeer:
        m_state = State::Exchanging;
        return m_exchange.refuseConnection(
                QStringLiteral("not a trusted proxy: this server takes connections only through "
                               "its proxies, which name the client in a PROXY protocol header"));
    }
    return {};
}

ProxiedExchange::Actions ProxiedExchange::startExchange()
{
    m_state = State::Exchanging;
    m_named = true;
    return m_exchange.accepted();
}

ProxiedExchange::Actions ProxiedExchange::bytesReceived(QByteArrayView bytes)
{
    if (m_state != State::AwaitingHeader)
        return m_exchange.bytesReceived(bytes);
    m_fedAnything = m_fedAnything || !bytes.isEmpty();
    m_parser.feed(bytes);
    const ProxyParseResult result = m_parser.next();
    switch (result.status) {
    case ProxyParseResult::Status::NeedMoreData:
        return {};
    case ProxyParseResult::Status::Failed:
        return headerRefused(result.error);
    case ProxyParseResult::Status::HeaderReady:
        break;
    }
    return headerRead(result.header);
}

ProxiedExchange::Actions ProxiedExchange::headerRead(const ProxyHeader &header)
{
    m_header = header;
    if (const std::optional<Transcript::Peer> client = clientOf(header))
        m_exchange.setPeer(*client);
    Actions actions = startExchange();
    const QByteArray rest = m_parser.takeRemainder();
    if (rest.isEmpty())
        return actions;
    return after(std::move(actions), m_exchange.bytesReceived(rest));
}

ProxiedExchange::Actions ProxiedExchange::headerRefused(const ProxyError &error)
{
    m_state = State::Exchanging;
    return m_exchange.refuseConnection(
            QStringLiteral("bad PROXY protocol header: %1 (%2 at byte %3)")
                    .arg(error.reason, kindName(error.kind))
                    .arg(error.offset));
}

ProxiedExchange::Actions ProxiedExchange::peerClosed()
{
    if (m_state != State::AwaitingHeader)
        return m_exchange.peerClosed();
    if (!m_fedAnything) {
        // Closed before a byte, as a client may: nothing to answer and nothing wrong.
        m_state = State::Exchanging;
        return m_exchange.peerClosed();
    }
    // The header was still incomplete (a complete one has been read already).
    m_parser.finish();
    const ProxyParseResult result = m_parser.next();
    if (result.status != ProxyParseResult::Status::HeaderReady)
        return headerRefused(result.error);
    Actions actions = headerRead(result.header);
    if (actions.hasReply() || actions.close)
        return actions;
    return after(std::move(actions), m_exchange.peerClosed());
}

ProxiedExchange::Actions ProxiedExchange::timedOut(const QString &reason)
{
    m_state = State::Exchanging;
    return m_exchange.timedOut(reason);
}

ProxiedExchange::Actions ProxiedExchange::refuse(const QString &reason)
{
    m_state = State::Exchanging;
    return m_exchange.refuse(reason);
}

QString ProxiedExchange::closingLine() const
{
    return m_named ? m_exchange.closingLine() : QString();
}

} // namespace Wirelab
