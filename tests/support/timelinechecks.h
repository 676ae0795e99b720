#ifndef WIRELAB_TESTS_TIMELINECHECKS_H
#define WIRELAB_TESTS_TIMELINECHECKS_H

#include "exchangetimeline.h"

#include <QtCore/QList>
#include <QtCore/QString>

// What tst_timeline and tst_bench check a timeline with.
namespace Wirelab {

// What a receiver's decoder must say once `end` bytes of a message with an N-byte header
// and an L-byte content have arrived: worked out here from the lab's grammar, not asked of
// the decoder, so that the test can catch it out.
inline QString expectedState(qint64 end, qint64 headerLength, qint64 contentLength)
{
    const qint64 size = 2 + headerLength + contentLength;
    if (end < 2)
        return QStringLiteral("waiting for the prefix (%1 of 2 bytes)").arg(end);
    if (end == 2)
        return QStringLiteral("prefix read: the header is %1 bytes").arg(headerLength);
    if (end < 2 + headerLength)
        return QStringLiteral("waiting for the header (%1 of %2 bytes)").arg(end - 2).arg(headerLength);
    if (end == 2 + headerLength && contentLength > 0)
        return QStringLiteral("header read: the content is %1 bytes").arg(contentLength);
    if (end < size)
        return QStringLiteral("waiting for the content (%1 of %2 bytes)").arg(end - 2 - headerLength).arg(contentLength);
    return QStringLiteral("message complete (%1 bytes)").arg(size);
}

// The events of one kind seen at one end, in order.
inline QList<const ExchangeTimeline::Event *> eventsOf(const ExchangeTimeline &timeline,
                                                      ExchangeTimeline::Event::Kind kind, Conversation::Side at)
{
    QList<const ExchangeTimeline::Event *> found;
    for (const ExchangeTimeline::Event &event : timeline.events()) {
        if (event.kind == kind && event.at == at)
            found.append(&event);
    }
    return found;
}

} // namespace Wirelab

#endif // WIRELAB_TESTS_TIMELINECHECKS_H
