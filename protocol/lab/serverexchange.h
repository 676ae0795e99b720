#ifndef WIRELAB_SERVEREXCHANGE_H
#define WIRELAB_SERVEREXCHANGE_H

#include "labprotocol.h"
#include "messagedecoder.h"
#include "transcript.h"

#include <QtCore/QByteArray>
#include <QtCore/QStringList>

#include <functional>
#include <optional>

namespace Wirelab {

// What the server does with one connection, without the connection: bytes and events in,
// what to send, whether to close and what to log out. One request per connection, as in the
// lab: read it, answer it (every refusal too, in the lab's error shape), close. The socket
// adapter (ServerSession) only carries this out; tst_serverexchange and the fuzz target
// drive it directly.
class ServerExchange
{
public:
    struct Settings
    {
        DecoderLimits limits;
        const Lab::SearchTable *searchTable = nullptr; // the built-in table if null
        bool logTraffic = true;
    };

    // What kind of problem a line reports, so that the adapter knows which come in floods:
    // a bad request is logged every time; refusals and timeouts are summed up when many
    // come at once (the server's RepeatedProblems).
    enum class Problem {
        None,
        BadRequest,   // what the client sent (or our answer to it)
        Busy,         // refused: no room (refuse())
        Timeout,      // timedOut()
        ProxyRefused, // refused by the PROXY protocol's rules (refuseConnection())
    };

    struct Actions
    {
        // The answer to send, then close once it is out: its prefix and header, then its
        // content (a search table's answer is shared with the table, not copied).
        QByteArray replyHead;
        QByteArray replyContent;
        bool close = false; // close (after the reply, if any)
        QStringList traffic; // the lab server's transcript lines
        QString problem;     // one line saying what went wrong, if anything did
        Problem problemKind = Problem::None;

        bool hasReply() const { return !replyHead.isEmpty(); }
        QByteArray replyBytes() const { return replyHead + replyContent; }
    };

    // The peer is made text only when a log line or an error names it: a server that logs
    // nothing never formats its clients' addresses.
    using PeerLookup = std::function<Transcript::Peer()>;

    ServerExchange(const Settings &settings, const Transcript::Peer &peer);
    ServerExchange(const Settings &settings, PeerLookup lookUpPeer);

    Actions accepted();
    Actions bytesReceived(QByteArrayView bytes);
    Actions peerClosed();                      // end of input from the client
    Actions timedOut(const QString &reason);   // an idle or request timeout expired
    // The server has no room for this connection (busy, shutting down): answered "server
    // busy: <reason>" whatever has been read of the request.
    Actions refuse(const QString &reason);
    // Refused for what came before the request, not for the request itself (a connection
    // that broke the PROXY protocol's rules: ProxiedExchange): "Error: <reason>" whatever has
    // been read, then close.
    Actions refuseConnection(const QString &reason);
    QString closingLine() const;               // "closing connection to ...", with logTraffic

    // The client this connection is for, when a proxy named it (ProxiedExchange): every
    // line from here on names it. Before the first line that names the peer.
    void setPeer(const Transcript::Peer &peer) { m_peer = peer; }

    // Still reading the request (input is wanted and timeouts apply).
    bool isReading() const { return m_state == State::Reading; }
    // Memory the request being read holds (the decoder's buffer).
    qsizetype heldBytes() const { return m_decoder.reservedBytes(); }
    const Transcript::Peer &peer() const;

private:
    enum class State { Reading, Answered };

    Actions answer(const Message &response, Actions actions);
    Actions refuseRequest(const DecodeError &error);
    Actions refusal(const QString &reason, Problem kind); // "Error: <reason>", whatever was read

    Settings m_settings;
    PeerLookup m_lookUpPeer;
    mutable std::optional<Transcript::Peer> m_peer;
    MessageDecoder m_decoder;
    State m_state = State::Reading;
};

} // namespace Wirelab

#endif // WIRELAB_SERVEREXCHANGE_H
