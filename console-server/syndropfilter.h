#ifndef WIRELAB_SYNDROPFILTER_H
#define WIRELAB_SYNDROPFILTER_H

#include <QtCore/QtGlobal>

namespace Wirelab {

// Linux only: keeps a listening socket from beginning new connections while the ones under
// way complete, so that it can be closed without resetting a connection a client already
// counts as made. Closing a listening socket resets every connection in its queues: those
// in the backlog (the server takes them first) and those whose handshake is half done (SYN
// answered, the client's ACK on its way). A client, or a load balancer, that has seen its
// connection made and sent its request then reads a reset; HAProxy does not retry that in
// TCP mode (docs/DEPLOY.md). With this filter on, a new client's SYN is dropped, as if lost:
// it sends it again a second later and then finds the port closed (a refusal, which HAProxy
// retries on another server); a connection under way completes and is served.
//
// A classic BPF socket filter (SO_ATTACH_FILTER, no privilege needed): on a TCP socket it
// sees each segment from its TCP header on, and drops those with SYN set and ACK clear.
// Segments of connections already made, the final ACKs of handshakes among them, pass.
class SynDropFilter
{
public:
    static bool attach(qintptr listeningSocket);
    // Before the socket is closed: a socket systemd holds goes on to the next server without it.
    static void detach(qintptr listeningSocket);
};

} // namespace Wirelab

#endif // WIRELAB_SYNDROPFILTER_H
