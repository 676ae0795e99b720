#include "outlinemodel.h"

namespace Wirelab {

OutlineModel::OutlineModel(QObject *parent) : QAbstractItemModel(parent) { }

void OutlineModel::setOutline(const MessageOutline &outline)
{
    beginResetModel();
    m_outline = outline;
    m_nodes.clear();
    m_top.clear();
    addNodes(m_outline.rows(), -1);
    endResetModel();
}

void OutlineModel::addNodes(const QList<OutlineRow> &rows, int parent)
{
    for (int i = 0; i < rows.size(); ++i) {
        const int id = int(m_nodes.size());
        m_nodes.push_back({ &rows[i], parent, i, {} });
        (parent < 0 ? m_top : m_nodes[size_t(parent)].children).push_back(id);
        addNodes(rows[i].children, id);
    }
}

QModelIndex OutlineModel::indexOfNode(int node, int column) const
{
    return node < 0 ? QModelIndex() : createIndex(m_nodes[size_t(node)].position, column, quintptr(node));
}

QModelIndex OutlineModel::index(int row, int column, const QModelIndex &parent) const
{
    const std::vector<int> &siblings = parent.isValid() ? m_nodes[size_t(parent.internalId())].children : m_top;
    if (row < 0 || row >= int(siblings.size()) || column < 0 || column > 1)
        return {};
    return createIndex(row, column, quintptr(siblings[size_t(row)]));
}

QModelIndex OutlineModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(m_nodes[size_t(child.internalId())].parent);
}

int OutlineModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(parent.isValid() ? m_nodes[size_t(parent.internalId())].children.size() : m_top.size());
}

int OutlineModel::columnCount(const QModelIndex &) const
{
    return 2;
}

const OutlineRow *OutlineModel::row(const QModelIndex &index) const
{
    return index.isValid() ? m_nodes[size_t(index.internalId())].row : nullptr;
}

Span OutlineModel::bytesOf(const QModelIndex &index) const
{
    const OutlineRow *found = row(index);
    return found ? found->span : Span {};
}

QVariant OutlineModel::data(const QModelIndex &index, int role) const
{
    const OutlineRow *found = row(index);
    if (!found)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? found->label : found->value;
    case Qt::ToolTipRole:
        return index.column() == 0 ? found->bytesName : found->value;
    case SpanOffsetRole:
        return qlonglong(found->span.offset);
    case SpanLengthRole:
        return qlonglong(found->span.length);
    case RoleRole:
        return int(found->role);
    default:
        return {};
    }
}

QVariant OutlineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Field") : tr("Value");
}

QModelIndex OutlineModel::indexAt(qsizetype byteOffset) const
{
    const QList<int> path = m_outline.rowPathAt(byteOffset);
    QModelIndex found;
    for (const int position : path)
        found = index(position, 0, found);
    return found;
}

QModelIndex OutlineModel::indexOfRole(OutlineRole role) const
{
    for (size_t node = 0; node < m_nodes.size(); ++node) {
        if (m_nodes[node].row->role == role)
            return indexOfNode(int(node));
    }
    return {};
}

QModelIndex OutlineModel::indexOfLabel(const QString &label) const
{
    for (size_t node = 0; node < m_nodes.size(); ++node) {
        if (m_nodes[node].row->label == label)
            return indexOfNode(int(node));
    }
    return {};
}

} // namespace Wirelab
