#ifndef WIRELAB_MESSAGEPANE_H
#define WIRELAB_MESSAGEPANE_H

#include "exchangerecord.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QTreeWidget;
class QTreeWidgetItem;
QT_END_NAMESPACE

namespace Wirelab {

class HexView;

// One message (the request or the response) three ways, linked: a tree of what the
// decoder read, the annotated bytes, and the Python bytes literal the lab prints. Selecting
// a tree row highlights its bytes; clicking a byte selects its row.
class MessagePane : public QWidget
{
    Q_OBJECT
public:
    enum class Part { LengthPrefix, Header, HeaderKey, Content, Name, Integer, Error };
    static QColor partColor(Part part);
    static QString partName(Part part);

    explicit MessagePane(const QString &title, QWidget *parent = nullptr);

    void showMessage(const DecodedBytes &decoded);
    void clear();

    HexView *hexView() const { return m_hexView; }
    QTreeWidget *tree() const { return m_tree; }
    QString pythonLiteral() const;
    bool selectField(const QString &fieldName); // the first row of that name

private:
    QTreeWidgetItem *addItem(QTreeWidgetItem *parent, const QString &field, const QString &value,
                             const Span &span);
    void addMoreFieldsRow(QTreeWidgetItem *parent, qsizetype fieldCount);
    void selectItemForByte(qsizetype offset);
    void highlightSelectedItem();

    QLabel *m_title;
    QTreeWidget *m_tree;
    HexView *m_hexView;
    QPlainTextEdit *m_literal;
};

} // namespace Wirelab

#endif // WIRELAB_MESSAGEPANE_H
