#ifndef WIRELAB_HEXVIEW_H
#define WIRELAB_HEXVIEW_H

#include "messageoutline.h"

#include <QtWidgets/QAbstractScrollArea>

namespace Wirelab {

// Bytes as offset | hex | text rows, the parts of the message coloured by role (RoleColors,
// against the palette in use). Paints only the rows in view, so a 16 MiB message scrolls as
// smoothly as a 10-byte one. A byte cursor, moved with the arrow keys (Shift selects a
// range) or the mouse, says which byte the reader is at: cursorMoved() lets the pane select
// the field it belongs to.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    static constexpr int BytesPerRow = 16;

    explicit HexView(QWidget *parent = nullptr);

    void setBytes(const QByteArray &bytes, const QList<MessageOutline::Region> &regions);
    const QByteArray &bytes() const { return m_bytes; }
    void setHighlight(const Span &span); // also scrolls it into view
    Span highlight() const { return m_highlight; }
    // Where a new read (or write) began: a bar before each of those bytes, so that the chunks
    // the bytes travelled in show. setBytes() clears them.
    void setBoundaries(const QList<qsizetype> &offsets);
    const QList<qsizetype> &boundaries() const { return m_boundaries; }

    qsizetype cursorPosition() const { return m_cursor; } // -1 when there are no bytes
    void setCursorPosition(qsizetype offset, bool extendSelection = false);
    // The bytes selected with Shift (from the anchor to the cursor), or the cursor's byte.
    Span selection() const;

    // The byte under a point of the viewport, or -1.
    qsizetype offsetAt(const QPoint &position) const;
    // The innermost region holding the byte: what a reader calls that byte.
    QString regionNameAt(qsizetype offset) const;
    QRect byteRect(qsizetype offset) const; // in viewport coordinates, hex column

signals:
    void cursorMoved(qsizetype offset);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    const MessageOutline::Region *innermostRegion(qsizetype offset) const;
    void updateMetrics();
    void updateScrollBar();
    void scrollToOffset(qsizetype offset);
    int rowCount() const;
    int visibleRows() const;
    int hexColumnX() const;
    int textColumnX() const;

    QByteArray m_bytes;
    QList<MessageOutline::Region> m_regions;
    Span m_highlight;
    QList<qsizetype> m_boundaries; // sorted
    qsizetype m_cursor = -1;
    qsizetype m_anchor = -1;
    int m_charWidth = 8;
    int m_lineHeight = 16;
};

} // namespace Wirelab

#endif // WIRELAB_HEXVIEW_H
