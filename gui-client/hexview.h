#ifndef WIRELAB_HEXVIEW_H
#define WIRELAB_HEXVIEW_H

#include "message.h"

#include <QtGui/QColor>
#include <QtWidgets/QAbstractScrollArea>

namespace Wirelab {

// Bytes as offset | hex | text rows, the parts of the message coloured. Paints only the
// rows in view, so a 16 MiB message scrolls as smoothly as a 10-byte one.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    struct Region
    {
        Span span;
        QColor color;
        QString name;
    };

    static constexpr int BytesPerRow = 16;

    explicit HexView(QWidget *parent = nullptr);

    void setBytes(const QByteArray &bytes, const QList<Region> &regions);
    const QByteArray &bytes() const { return m_bytes; }
    void setHighlight(const Span &span); // also scrolls it into view
    Span highlight() const { return m_highlight; }

    // The byte under a point of the viewport, or -1.
    qsizetype offsetAt(const QPoint &position) const;
    // The innermost region holding the byte: what a reader calls that byte.
    QString regionNameAt(qsizetype offset) const;
    QRect byteRect(qsizetype offset) const; // in viewport coordinates, hex column

signals:
    void byteClicked(qsizetype offset);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    const Region *innermostRegion(qsizetype offset) const;
    void updateScrollBar();
    int rowCount() const;
    int visibleRows() const;
    int hexColumnX() const;
    int textColumnX() const;

    QByteArray m_bytes;
    QList<Region> m_regions;
    Span m_highlight;
    int m_charWidth = 8;
    int m_lineHeight = 16;
};

} // namespace Wirelab

#endif // WIRELAB_HEXVIEW_H
