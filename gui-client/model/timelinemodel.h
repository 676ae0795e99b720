#ifndef WIRELAB_TIMELINEMODEL_H
#define WIRELAB_TIMELINEMODEL_H

#include "exchangetimeline.h"

#include <QtCore/QAbstractTableModel>

namespace Wirelab {

// An ExchangeTimeline as a table for the event list: the time since the connect, where it
// was seen (client or server), what happened, and the receiver's decoder after it. The
// bytes of an event are in its tooltip, as hex.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, WhereColumn, EventColumn, DecoderColumn, ColumnCount };
    enum DataRole {
        SideRole = Qt::UserRole, // Conversation::Side where it was seen, as an int
        StreamRole,              // ExchangeTimeline::Stream of its bytes, as an int
        ClosedFirstRole,         // bool
    };

    explicit TimelineModel(QObject *parent = nullptr);

    void setTimeline(const ExchangeTimeline &timeline);
    const ExchangeTimeline &timeline() const { return m_timeline; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ExchangeTimeline m_timeline;
};

} // namespace Wirelab

#endif // WIRELAB_TIMELINEMODEL_H
