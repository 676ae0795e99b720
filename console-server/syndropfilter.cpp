#include "syndropfilter.h"

#include <linux/filter.h>
#include <sys/socket.h>

namespace Wirelab {

namespace {

constexpr int TcpFlagsOffset = 13; // in the TCP header
constexpr unsigned SynAndAck = 0x12;
constexpr unsigned SynOnly = 0x02;

} // namespace

bool SynDropFilter::attach(qintptr listeningSocket)
{
    sock_filter program[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, TcpFlagsOffset),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, SynAndAck),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SynOnly, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0), // a new connection's SYN: dropped
        BPF_STMT(BPF_RET | BPF_K, 0xffffffff), // anything else: kept whole
    };
    const sock_fprog filter { sizeof(program) / sizeof(program[0]), program };
    return ::setsockopt(int(listeningSocket), SOL_SOCKET, SO_ATTACH_FILTER, &filter, sizeof(filter))
           == 0;
}

void SynDropFilter::detach(qintptr listeningSocket)
{
    const int unused = 0;
    ::setsockopt(int(listeningSocket), SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof(unused));
}

} // namespace Wirelab
