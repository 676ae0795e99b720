#include "timelinemodel.h"

#include "byteformats.h"

namespace Wirelab {

namespace {

// A tooltip of a 64 KiB read would be a screenful of hex: its start.
constexpr qsizetype TooltipBytes = 64;

} // namespace

TimelineModel::TimelineModel(QObject *parent) : QAbstractTableModel(parent) { }

void TimelineModel::setTimeline(const ExchangeTimeline &timeline)
{
    // A live timeline only grows: rows are added, so a selection and the scroll stay put.
    const int before = rowCount();
    const int after = int(timeline.events().size());
    bool grows = after >= before;
    for (int i = 0; grows && i < before; ++i)
        grows = timeline.events()[i].kind == m_timeline.events()[i].kind
                && timeline.events()[i].microseconds == m_timeline.events()[i].microseconds;
    if (!grows) {
        beginResetModel();
        m_timeline = timeline;
        endResetModel();
        return;
    }
    if (after > before)
        beginInsertRows({}, before, after - 1);
    m_timeline = timeline;
    if (after > before)
        endInsertRows();
    if (before > 0)
        emit dataChanged(index(0, 0), index(before - 1, ColumnCount - 1));
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_timeline.events().size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ExchangeTimeline::Event &event = m_timeline.events()[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return ExchangeTimeline::timeText(event.microseconds);
        case WhereColumn: return event.whereText();
        case EventColumn: return event.text();
        case DecoderColumn: return event.state ? event.state->text() : QString();
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = event.text();
        if (!event.bytes.isEmpty()) {
            tip += QLatin1Char('\n') + ByteFormats::hex(QByteArrayView(event.bytes).first(qMin(event.bytes.size(), TooltipBytes)));
            if (event.bytes.size() > TooltipBytes)
                tip += tr(" … (%1 more bytes)").arg(event.bytes.size() - TooltipBytes);
        }
        if (!event.comment.isEmpty())
            tip += QLatin1Char('\n') + event.comment;
        return tip;
    }
    case Qt::TextAlignmentRole:
        return index.column() == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SideRole: return int(event.at);
    case StreamRole: return int(event.stream);
    case ClosedFirstRole: return event.closedFirst;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case WhereColumn: return tr("Where");
    case EventColumn: return tr("What happened");
    case DecoderColumn: return tr("The receiver's decoder");
    }
    return {};
}

} // namespace Wirelab
