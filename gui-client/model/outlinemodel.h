#ifndef WIRELAB_OUTLINEMODEL_H
#define WIRELAB_OUTLINEMODEL_H

#include "messageoutline.h"

#include <QtCore/QAbstractItemModel>
#include <vector>

namespace Wirelab {

// A MessageOutline as a Qt item model (one model, several views: the pane's tree renders it,
// and a selection in it is a byte span the hex view lights up). Two columns, Field and
// Value; each row's span and role are in SpanRole and RoleRole.
class OutlineModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum DataRole {
        SpanOffsetRole = Qt::UserRole,
        SpanLengthRole,
        RoleRole, // OutlineRole, as an int
    };

    explicit OutlineModel(QObject *parent = nullptr);

    void setOutline(const MessageOutline &outline);
    const MessageOutline &outline() const { return m_outline; }
    QModelIndex indexAt(qsizetype byteOffset) const; // the deepest row holding the byte
    QModelIndex indexOfLabel(const QString &label) const; // the first row so called
    QModelIndex indexOfRole(OutlineRole role) const;      // the first row of that role
    Span bytesOf(const QModelIndex &index) const;
    const OutlineRow *row(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        const OutlineRow *row = nullptr;
        int parent = -1;     // node index, -1 at the top
        int position = 0;    // among its parent's children
        std::vector<int> children;
    };
    void addNodes(const QList<OutlineRow> &rows, int parent);
    QModelIndex indexOfNode(int node, int column = 0) const;

    MessageOutline m_outline;
    std::vector<Node> m_nodes;
    std::vector<int> m_top;
};

} // namespace Wirelab

#endif // WIRELAB_OUTLINEMODEL_H
