#ifndef WIRELAB_STEPTHROUGH_H
#define WIRELAB_STEPTHROUGH_H

#include "exchangetimeline.h"

namespace Wirelab {

// An exchange replayed event by event, forward and back, as Packet Tracer's simulation mode
// steps: at each step, what each receiver has read so far and what its decoder makes of it
// (the panes render it), the step's own bytes, and where the chunks began. Works the same
// for an exchange just made and one from a history file: it needs only the timeline.
class StepThrough
{
public:
    struct State
    {
        int step = -1;
        QByteArray requestBytes;  // read by the server so far (written, with the client's end only)
        QByteArray responseBytes; // read by the client so far
        MessageOutline request;
        MessageOutline response;
        Span requestHighlight; // the step's bytes, where they are in view
        Span responseHighlight;
        QList<qsizetype> requestBoundaries;
        QList<qsizetype> responseBoundaries;
        QString eventText; // "+0.412 ms  server  read 2 bytes: request bytes 0–1"
        QString stateText; // its decoder's state, if it has one
    };

    void setTimeline(const ExchangeTimeline &timeline); // at the last step
    const ExchangeTimeline &timeline() const { return m_timeline; }
    int count() const { return int(m_timeline.events().size()); }
    int step() const { return m_step; }

    bool setStep(int step); // false if out of range (nothing changes)
    bool forward();
    bool back();
    bool first();
    bool last();
    bool atFirst() const { return m_step <= 0; }
    bool atLast() const { return m_step >= count() - 1; }

    State state() const;

private:
    ExchangeTimeline m_timeline;
    int m_step = -1;
};

} // namespace Wirelab

#endif // WIRELAB_STEPTHROUGH_H
