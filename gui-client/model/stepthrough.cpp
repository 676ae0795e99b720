#include "stepthrough.h"

namespace Wirelab {

namespace {

using Stream = ExchangeTimeline::Stream;
using Event = ExchangeTimeline::Event;

Span within(const Span &span, qsizetype size)
{
    const qsizetype begin = qMin(span.offset, size);
    return { begin, qMin(span.end(), size) - begin };
}

} // namespace

void StepThrough::setTimeline(const ExchangeTimeline &timeline)
{
    m_timeline = timeline;
    m_step = count() - 1;
}

bool StepThrough::setStep(int step)
{
    if (step < 0 || step >= count())
        return false;
    m_step = step;
    return true;
}

bool StepThrough::forward()
{
    return setStep(m_step + 1);
}

bool StepThrough::back()
{
    return setStep(m_step - 1);
}

bool StepThrough::first()
{
    return setStep(0);
}

bool StepThrough::last()
{
    return setStep(count() - 1);
}

StepThrough::State StepThrough::state() const
{
    State state;
    state.step = m_step;
    if (m_step < 0)
        return state;
    const QList<Event> &events = m_timeline.events();
    bool requestEnded = false;
    bool responseEnded = false;
    for (int i = 0; i <= m_step; ++i) {
        const Event &event = events[i];
        if (m_timeline.isReceived(event, Stream::Request))
            state.requestBytes += event.bytes;
        if (m_timeline.isReceived(event, Stream::Response))
            state.responseBytes += event.bytes;
        // The sender's close, where the receiver saw it.
        if (event.kind == Event::Kind::Fin && event.at != event.from) {
            (event.from == Conversation::Side::Client ? requestEnded : responseEnded) = true;
        }
    }
    state.request = ExchangeTimeline::outlineOf(state.requestBytes, ExchangeTimeline::requestLimits(), requestEnded);
    state.response = ExchangeTimeline::outlineOf(state.responseBytes, ExchangeTimeline::responseLimits(), responseEnded);
    state.requestBoundaries = m_timeline.boundaries(Stream::Request, m_step);
    state.responseBoundaries = m_timeline.boundaries(Stream::Response, m_step);
    const Event &current = events[m_step];
    if (!current.bytes.isEmpty()) {
        if (current.stream == Stream::Request)
            state.requestHighlight = within(current.span(), state.requestBytes.size());
        else
            state.responseHighlight = within(current.span(), state.responseBytes.size());
    }
    state.eventText = ExchangeTimeline::tr("%1  %2  %3")
                              .arg(ExchangeTimeline::timeText(current.microseconds), current.whereText(), current.text());
    if (current.state)
        state.stateText = current.state->text();
    return state;
}

} // namespace Wirelab
