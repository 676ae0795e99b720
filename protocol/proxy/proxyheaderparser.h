#ifndef WIRELAB_PROXYHEADERPARSER_H
#define WIRELAB_PROXYHEADERPARSER_H

#include "proxyheader.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

namespace Wirelab {

struct ProxyLimits
{
    // v1's limit is the spec's own: the longest line ("PROXY UNKNOWN" with two full IPv6
    // addresses and ports) is 107 bytes with its CRLF.
    static constexpr qsizetype V1MaxBytes = 107;
    static constexpr qsizetype V2FixedBytes = 16;
    static constexpr qsizetype V2BytesCeiling = V2FixedBytes + 65535;

    // A v2 header's addresses take at most 216 bytes (UNIX), and the TLVs HAProxy can add
    // (ALPN, an authority of up to 255 bytes, a unique id of up to 128, SSL names) a few
    // hundred more: 1 KiB holds all of that, where the 16-bit length would let any peer make
    // a connection buffer 64 KiB before its first lab byte. Settable up to V2BytesCeiling.
    qsizetype maxV2Bytes = 1024;
};

struct ProxyParseResult
{
    enum class Status {
        NeedMoreData, // feed more bytes (or call finish())
        HeaderReady,  // header holds the header; header.size bytes of the stream were its
        Failed,       // error says why; every later next() says the same
    };
    Status status = Status::NeedMoreData;
    ProxyHeader header;
    ProxyError error;
};

// Sans-I/O reader of the PROXY protocol header at the start of a connection: bytes in any
// chunking, out a header, "need more" or a typed error (no sockets, no timers: the 3 s the
// spec asks a receiver to allow is the adapter's timer). It never guesses: whatever does not
// start a v1 or v2 header is an error, not lab bytes (the spec, "must not try to guess").
//
// Errors are found as early as the bytes allow and never depend on how the bytes were cut:
// every check reads the stream left to right and decides only on bytes it has, so whole,
// byte by byte and any split give the same result (tests/proxy/tst_proxyheader.cpp).
class ProxyHeaderParser
{
public:
    explicit ProxyHeaderParser(ProxyLimits limits = {});

    void feed(QByteArrayView bytes); // only appends (nothing after an error); next() parses
    void finish();                   // the peer closed its side
    ProxyParseResult next();

    // After HeaderReady: the bytes fed beyond the header (the start of the lab message, to
    // be fed to a MessageDecoder), handed over once. Later feed()s are kept for it too.
    QByteArray takeRemainder();

    qsizetype bufferedBytes() const { return m_buffer.size(); }
    const ProxyLimits &limits() const { return m_limits; }

    // The whole parse as a pure function of the stream's first bytes: what next() reports
    // once those bytes were fed (and finish() called, if atEnd).
    static ProxyParseResult parse(QByteArrayView stream, const ProxyLimits &limits = {},
                                  bool atEnd = false);

private:
    ProxyLimits m_limits;
    QByteArray m_buffer;
    bool m_finished = false;
    bool m_done = false; // a header or an error was reported: it stays
    ProxyParseResult m_result;
};

} // namespace Wirelab

#endif // WIRELAB_PROXYHEADERPARSER_H
