#include "sendplan.h"

#include "messagedecoder.h"

#include <QtCore/QJsonArray>
#include <algorithm>

namespace Wirelab {

namespace {

struct ModeName
{
    SendPlan::Mode mode;
    const char *name;
};
// The names in history files: stable words, not the enum's numbers.
constexpr ModeName modeNames[] = {
    { SendPlan::Mode::Whole, "whole" },           { SendPlan::Mode::Chunks, "chunks" },
    { SendPlan::Mode::Boundaries, "boundaries" }, { SendPlan::Mode::ByteByByte, "byte-by-byte" },
    { SendPlan::Mode::CutPoints, "cut-points" },
};

// Where the prefix, header and content begin, as the decoder reads the bytes (a malformed
// request still has the spans its prefix and header declared, as far as they go).
QList<qsizetype> boundariesOf(const QByteArray &bytes)
{
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(bytes);
    decoder.finish();
    const DecodeResult result = decoder.next();
    const MessageLayout &layout = result.message.layout;
    QList<qsizetype> cuts { 2 };
    if (layout.header.length > 0)
        cuts.append(layout.header.end());
    return cuts;
}

// Spans between sorted cuts inside (0, size), each cut starting a new span.
QList<Span> spansBetween(QList<qsizetype> cuts, qsizetype size)
{
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    QList<Span> spans;
    qsizetype from = 0;
    for (const qsizetype cut : std::as_const(cuts)) {
        if (cut <= from || cut >= size)
            continue;
        if (spans.size() + 1 >= SendPlan::MaxPieces)
            break;
        spans.append({ from, cut - from });
        from = cut;
    }
    if (from < size)
        spans.append({ from, size - from });
    return spans;
}

std::optional<qint64> wholeNumber(const QJsonValue &value, qint64 maximum)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 0 || number > double(maximum) || number != double(qint64(number)))
        return std::nullopt;
    return qint64(number);
}

} // namespace

bool operator==(const SendPlan &a, const SendPlan &b)
{
    return a.mode == b.mode && a.chunkBytes == b.chunkBytes && a.cutPoints == b.cutPoints
           && a.interval == b.interval && a.pauseBeforeLastByte == b.pauseBeforeLastByte;
}

bool SendPlan::isWhole() const
{
    return mode == Mode::Whole && pauseBeforeLastByte.count() == 0;
}

QList<Span> SendPlan::pieces(const QByteArray &bytes) const
{
    const qsizetype size = bytes.size();
    QList<qsizetype> cuts;
    switch (mode) {
    case Mode::Whole:
        break;
    case Mode::Chunks:
        for (qsizetype at = qMax<qsizetype>(1, chunkBytes); at < size && cuts.size() < MaxPieces;
             at += qMax<qsizetype>(1, chunkBytes))
            cuts.append(at);
        break;
    case Mode::Boundaries:
        cuts = boundariesOf(bytes);
        break;
    case Mode::ByteByByte:
        for (qsizetype at = 1; at < size && cuts.size() < MaxPieces; ++at)
            cuts.append(at);
        break;
    case Mode::CutPoints:
        cuts = cutPoints;
        break;
    }
    if (pauseBeforeLastByte.count() > 0 && size > 1)
        cuts.append(size - 1);
    return spansBetween(cuts, size);
}

std::chrono::milliseconds SendPlan::delayBefore(qsizetype index, qsizetype count) const
{
    if (index <= 0)
        return std::chrono::milliseconds(0);
    if (index == count - 1 && pauseBeforeLastByte.count() > 0)
        return pauseBeforeLastByte;
    return interval;
}

QString SendPlan::description() const
{
    QString text;
    switch (mode) {
    case Mode::Whole:
        text = tr("whole");
        break;
    case Mode::Chunks:
        text = tr("in %n-byte chunks", nullptr, int(chunkBytes));
        break;
    case Mode::Boundaries:
        text = tr("split at the prefix, header and content");
        break;
    case Mode::ByteByByte:
        text = tr("one byte at a time");
        break;
    case Mode::CutPoints: {
        QStringList offsets;
        for (const qsizetype cut : cutPoints)
            offsets << QString::number(cut);
        text = tr("cut at %1")
                       .arg(offsets.isEmpty() ? tr("nothing") : offsets.join(QStringLiteral(", ")));
        break;
    }
    }
    if (mode != Mode::Whole && interval.count() > 0)
        text += tr(" every %1 ms").arg(interval.count());
    if (pauseBeforeLastByte.count() > 0)
        text += tr(", the last byte after %1 ms").arg(pauseBeforeLastByte.count());
    return text;
}

QString SendPlan::modeName(Mode mode)
{
    for (const ModeName &entry : modeNames) {
        if (entry.mode == mode)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<SendPlan::Mode> SendPlan::modeNamed(const QString &name)
{
    for (const ModeName &entry : modeNames) {
        if (name == QLatin1String(entry.name))
            return entry.mode;
    }
    return std::nullopt;
}

QJsonObject SendPlan::toJson() const
{
    QJsonArray cuts;
    for (const qsizetype cut : cutPoints)
        cuts.append(double(cut));
    return { { QStringLiteral("mode"), modeName(mode) },
             { QStringLiteral("chunk-bytes"), double(chunkBytes) },
             { QStringLiteral("cut-points"), cuts },
             { QStringLiteral("interval-ms"), double(interval.count()) },
             { QStringLiteral("pause-before-last-byte-ms"), double(pauseBeforeLastByte.count()) } };
}

std::optional<SendPlan> SendPlan::fromJson(const QJsonObject &object)
{
    constexpr qint64 largest = qint64(1) << 40;
    const std::optional<Mode> mode = modeNamed(object.value(QStringLiteral("mode")).toString());
    const std::optional<qint64> chunk
            = wholeNumber(object.value(QStringLiteral("chunk-bytes")), largest);
    const std::optional<qint64> interval
            = wholeNumber(object.value(QStringLiteral("interval-ms")), largest);
    const std::optional<qint64> pause
            = wholeNumber(object.value(QStringLiteral("pause-before-last-byte-ms")), largest);
    const QJsonValue cuts = object.value(QStringLiteral("cut-points"));
    if (!mode || !chunk || !interval || !pause || !cuts.isArray())
        return std::nullopt;
    SendPlan plan;
    plan.mode = *mode;
    plan.chunkBytes = qsizetype(*chunk);
    plan.interval = std::chrono::milliseconds(*interval);
    plan.pauseBeforeLastByte = std::chrono::milliseconds(*pause);
    for (const QJsonValue &value : cuts.toArray()) {
        const std::optional<qint64> cut = wholeNumber(value, largest);
        if (!cut)
            return std::nullopt;
        plan.cutPoints.append(qsizetype(*cut));
    }
    return plan;
}

} // namespace Wirelab
