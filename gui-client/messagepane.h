#ifndef WIRELAB_MESSAGEPANE_H
#define WIRELAB_MESSAGEPANE_H

#include "messageoutline.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QMenu;
class QPlainTextEdit;
class QTreeView;
QT_END_NAMESPACE

namespace Wirelab {

class HexView;
class OutlineModel;

// One message (the request or the response) three ways, linked, all rendering one
// MessageOutline: a tree of what the decoder read, the annotated bytes, and the Python bytes
// literal the lab prints. Selecting a row lights up its bytes; moving the hex view's cursor
// (keys or mouse) selects the row its byte belongs to. Each view has a context menu to copy
// values and bytes (hex, Python literal, C array, hexdump -C).
class MessagePane : public QWidget
{
    Q_OBJECT
public:
    explicit MessagePane(const QString &title, QWidget *parent = nullptr);

    void showOutline(const MessageOutline &outline);
    void clear();
    // Font size for every view of the pane, in steps from the system's (View > Zoom).
    void setZoom(int steps);

    HexView *hexView() const { return m_hexView; }
    QTreeView *tree() const { return m_tree; }
    OutlineModel *model() const { return m_model; }
    QString pythonLiteral() const;
    bool selectField(const QString &label); // the first row so called
    QString currentLabel() const;
    QString currentValue() const;

private:
    void selectRowForByte(qsizetype offset);
    void highlightCurrentRow();
    void addCopyActions(QMenu *menu, const Span &span);
    void showTreeMenu(const QPoint &position);
    void showHexMenu(const QPoint &position);
    void showLiteralMenu(const QPoint &position);
    void copyCurrentRow();

    QLabel *m_title;
    QTreeView *m_tree;
    OutlineModel *m_model;
    HexView *m_hexView;
    QPlainTextEdit *m_literal;
};

} // namespace Wirelab

#endif // WIRELAB_MESSAGEPANE_H
