#ifndef WIRELAB_CHOPPLAN_H
#define WIRELAB_CHOPPLAN_H

#include "checkcase.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <chrono>

namespace Wirelab::Check {

struct ChopTiming
{
    // One write per byte, this far apart: long enough on loopback for a reader to see most
    // bytes in reads of their own (Autobahn's chopped frames use a delay too).
    std::chrono::milliseconds byteGap { 1 };
    // Between the header and the content of a split message.
    std::chrono::milliseconds splitGap { 20 };
    // In the middle of the header: long enough for a server's read to return with half a
    // header, well inside the lab servers' timeouts (wirelab-server's idle timeout is 10 s).
    std::chrono::milliseconds pause { 250 };
};

struct Piece
{
    QByteArray bytes;
    std::chrono::milliseconds pauseAfter { 0 };
};

// The writes that send bytes (one message, or what passes for one) in the given chop. Split
// and pause find the header's end from the length prefix; bytes too short for one are split
// in the middle.
QList<Piece> chopMessage(const QByteArray &bytes, Chop chop, const ChopTiming &timing);

} // namespace Wirelab::Check

#endif // WIRELAB_CHOPPLAN_H
