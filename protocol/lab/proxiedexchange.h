#ifndef WIRELAB_PROXIEDEXCHANGE_H
#define WIRELAB_PROXIEDEXCHANGE_H

#include "proxyheaderparser.h"
#include "serverexchange.h"

#include <optional>

namespace Wirelab {

// A server connection's logic with the PROXY protocol in front of the lab's (haproxy's
// doc/proxy-protocol.txt; protocol/proxy/proxyheader.h has the grammar), still without the
// connection: a ProxyHeaderParser, then a ServerExchange. Where the connection comes from is
// the adapter's to say, for it holds the peer's address and the list of trusted proxies:
//
//   Direct         the server does not speak the PROXY protocol: the ServerExchange alone.
//   TrustedProxy   a header is required before the lab's message. Once it is read, the
//                  transcript and the problem lines name the client it names (the PROXY
//                  command over TCP4 or TCP6); a LOCAL command (the proxy's own health
//                  check) and UNSPEC or UNKNOWN keep the connection's own peer. What came
//                  after the header, in the same read or later, goes to the lab's decoder.
//                  A header that breaks the grammar, or a connection that ends inside one,
//                  is refused with the parser's reason.
//   UntrustedPeer  the server speaks the PROXY protocol and the peer is no proxy it trusts:
//                  refused at once, unread (the spec: take the header only from trusted
//                  sources, and never guess whether one is there).
//
// Refusals are answered in the lab's error shape, "Error: <reason>", so that a student who
// connects around the proxy reads why, and the proxy relays the answer to a client whose
// header it got wrong. The transcript's "accepted connection from" waits for the header,
// which names whom it was from; a connection refused before that is in no transcript line,
// as a "server busy" refusal is not. The header's deadline is the adapter's clock: it calls
// timedOut() while isAwaitingProxyHeader().
class ProxiedExchange
{
public:
    enum class Source { Direct, TrustedProxy, UntrustedPeer };
    using Actions = ServerExchange::Actions;

    ProxiedExchange(const ServerExchange::Settings &settings, ServerExchange::PeerLookup lookUpPeer,
                    ProxyLimits limits = {});

    Actions accepted(Source source);
    Actions bytesReceived(QByteArrayView bytes);
    Actions peerClosed();
    Actions timedOut(const QString &reason);
    Actions refuse(const QString &reason); // ServerExchange::refuse(): server busy
    // "closing connection to ...", or nothing for a connection the transcript never named.
    QString closingLine() const;

    bool isReading() const { return m_exchange.isReading(); }
    // Memory the connection's input holds: the header read so far (at most
    // ProxyLimits::maxV2Bytes), then the request's.
    qsizetype heldBytes() const
    {
        return m_exchange.heldBytes() + (isAwaitingProxyHeader() ? m_parser.bufferedBytes() : 0);
    }
    bool isAwaitingProxyHeader() const { return m_state == State::AwaitingHeader; }
    const Transcript::Peer &peer() const { return m_exchange.peer(); }
    // The header, once it has been read.
    const std::optional<ProxyHeader> &proxyHeader() const { return m_header; }

    // The client a header names as the transcript writes it: the source of a PROXY command
    // over TCP, an IPv4-mapped IPv6 address as the IPv4 address it is (as a dual-stack
    // socket's peer is written); nullopt for LOCAL, UNSPEC and UNKNOWN.
    static std::optional<Transcript::Peer> clientOf(const ProxyHeader &header);

private:
    enum class State { Idle, AwaitingHeader, Exchanging };

    Actions headerRead(const ProxyHeader &header);
    Actions headerRefused(const ProxyError &error);
    Actions startExchange(); // the transcript's first line: the peer is known now

    ServerExchange m_exchange;
    ProxyHeaderParser m_parser;
    std::optional<ProxyHeader> m_header;
    State m_state = State::Idle;
    bool m_fedAnything = false;
    bool m_named = false; // "accepted connection from" was said
};

} // namespace Wirelab

#endif // WIRELAB_PROXIEDEXCHANGE_H
