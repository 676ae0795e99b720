#include "chopplan.h"

#include <QtCore/QtEndian>

namespace Wirelab::Check {
namespace {

QList<Piece> splitAt(const QByteArray &bytes, qsizetype at, std::chrono::milliseconds gap)
{
    if (at <= 0 || at >= bytes.size())
        return { { bytes, {} } };
    return { { bytes.left(at), gap }, { bytes.mid(at), {} } };
}

// Where the header ends as the prefix says, or the middle of bytes that say nothing usable.
qsizetype headerEnd(const QByteArray &bytes)
{
    if (bytes.size() < 2)
        return bytes.size() / 2;
    const qsizetype end = 2 + qFromBigEndian<quint16>(bytes.constData());
    return end < bytes.size() ? end : bytes.size() / 2;
}

qsizetype middleOfHeader(const QByteArray &bytes)
{
    if (bytes.size() < 2)
        return bytes.size() / 2;
    const qsizetype announced = qFromBigEndian<quint16>(bytes.constData());
    const qsizetype middle = 2 + qMin<qsizetype>(announced, bytes.size() - 2) / 2;
    return qMax<qsizetype>(middle, 1);
}

} // namespace

QList<Piece> chopMessage(const QByteArray &bytes, Chop chop, const ChopTiming &timing)
{
    switch (chop) {
    case Chop::Whole:
        return { { bytes, {} } };
    case Chop::Bytes: {
        QList<Piece> pieces;
        pieces.reserve(bytes.size());
        for (qsizetype i = 0; i < bytes.size(); ++i)
            pieces.append({ bytes.mid(i, 1),
                            i + 1 < bytes.size() ? timing.byteGap : std::chrono::milliseconds(0) });
        return pieces;
    }
    case Chop::Split:
        return splitAt(bytes, headerEnd(bytes), timing.splitGap);
    case Chop::Pause:
        return splitAt(bytes, middleOfHeader(bytes), timing.pause);
    }
    return { { bytes, {} } };
}

} // namespace Wirelab::Check
