#include "hexview.h"

#include <QtGui/QFontDatabase>
#include <QtGui/QHelpEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QToolTip>

namespace Wirelab {

namespace {

constexpr int OffsetDigits = 8;
constexpr int Margin = 4;

} // namespace

HexView::HexView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_charWidth = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_lineHeight = fontMetrics().height();
    viewport()->setMouseTracking(true);
    setMinimumWidth(textColumnX() + BytesPerRow * m_charWidth + 2 * Margin
                    + verticalScrollBar()->sizeHint().width());
}

void HexView::setBytes(const QByteArray &bytes, const QList<Region> &regions)
{
    m_bytes = bytes;
    m_regions = regions;
    m_highlight = {};
    updateScrollBar();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void HexView::setHighlight(const Span &span)
{
    m_highlight = span;
    if (span.length > 0) {
        const int row = int(span.offset / BytesPerRow);
        QScrollBar *bar = verticalScrollBar();
        if (row < bar->value() || row >= bar->value() + visibleRows())
            bar->setValue(qMax(0, row - 2));
    }
    viewport()->update();
}

int HexView::rowCount() const
{
    return int((m_bytes.size() + BytesPerRow - 1) / BytesPerRow);
}

int HexView::visibleRows() const
{
    return qMax(1, (viewport()->height() - 2 * Margin) / m_lineHeight);
}

int HexView::hexColumnX() const
{
    return Margin + (OffsetDigits + 2) * m_charWidth;
}

int HexView::textColumnX() const
{
    return hexColumnX() + (BytesPerRow * 3 + 2) * m_charWidth;
}

void HexView::updateScrollBar()
{
    verticalScrollBar()->setRange(0, qMax(0, rowCount() - visibleRows()));
    verticalScrollBar()->setPageStep(visibleRows());
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

QRect HexView::byteRect(qsizetype offset) const
{
    const int row = int(offset / BytesPerRow) - verticalScrollBar()->value();
    const int column = int(offset % BytesPerRow);
    // An extra space after the eighth byte, as hexdump -C does.
    const int x = hexColumnX() + (column * 3 + (column >= 8 ? 1 : 0)) * m_charWidth;
    return QRect(x, Margin + row * m_lineHeight, 2 * m_charWidth, m_lineHeight);
}

qsizetype HexView::offsetAt(const QPoint &position) const
{
    const int row = (position.y() - Margin) / m_lineHeight + verticalScrollBar()->value();
    if (position.y() < Margin || row >= rowCount())
        return -1;
    int column = -1;
    const int hexX = position.x() - hexColumnX();
    const int textX = position.x() - textColumnX();
    if (hexX >= 0 && hexX < (BytesPerRow * 3 + 1) * m_charWidth) {
        int slot = hexX / m_charWidth;
        if (slot >= 8 * 3)
            slot -= 1;
        column = qMin(BytesPerRow - 1, slot / 3);
    } else if (textX >= 0 && textX < BytesPerRow * m_charWidth) {
        column = textX / m_charWidth;
    }
    const qsizetype offset = qsizetype(row) * BytesPerRow + column;
    return column < 0 || offset >= m_bytes.size() ? -1 : offset;
}

const HexView::Region *HexView::innermostRegion(qsizetype offset) const
{
    const Region *best = nullptr;
    for (const Region &region : m_regions) {
        if (region.span.contains(offset) && (!best || region.span.length < best->span.length))
            best = &region;
    }
    return best;
}

QString HexView::regionNameAt(qsizetype offset) const
{
    const Region *region = innermostRegion(offset);
    return region ? region->name : QString();
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().base());
    const int firstRow = verticalScrollBar()->value();
    const int lastRow = qMin(rowCount(), firstRow + visibleRows() + 1);
    const QColor highlightColor = palette().highlight().color();
    for (int row = firstRow; row < lastRow; ++row) {
        const int y = Margin + (row - firstRow) * m_lineHeight;
        const qsizetype rowOffset = qsizetype(row) * BytesPerRow;
        painter.setPen(palette().placeholderText().color());
        painter.drawText(Margin, y + fontMetrics().ascent(),
                         QStringLiteral("%1").arg(rowOffset, OffsetDigits, 16, QLatin1Char('0')));
        for (int column = 0; column < BytesPerRow && rowOffset + column < m_bytes.size(); ++column) {
            const qsizetype offset = rowOffset + column;
            const auto byte = static_cast<unsigned char>(m_bytes[offset]);
            const QRect hexRect = byteRect(offset);
            const QRect textRect(textColumnX() + column * m_charWidth, y, m_charWidth, m_lineHeight);
            const bool highlighted = m_highlight.contains(offset);
            QColor background;
            if (highlighted)
                background = highlightColor;
            else if (const Region *region = innermostRegion(offset))
                background = region->color;
            if (background.isValid()) {
                painter.fillRect(hexRect.adjusted(0, 0, column == BytesPerRow - 1 ? 0 : m_charWidth, 0), background);
                painter.fillRect(textRect, background);
            }
            painter.setPen(highlighted ? palette().highlightedText().color() : palette().text().color());
            painter.drawText(hexRect.x(), y + fontMetrics().ascent(),
                             QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')));
            const QChar shown = byte >= 0x20 && byte < 0x7f ? QChar(byte) : QChar(u'·');
            painter.drawText(textRect.x(), y + fontMetrics().ascent(), QString(shown));
        }
    }
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    const qsizetype offset = offsetAt(event->position().toPoint());
    if (offset >= 0)
        emit byteClicked(offset);
}

bool HexView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const qsizetype offset = offsetAt(help->pos());
        if (offset < 0) {
            QToolTip::hideText();
            return true;
        }
        const QString name = regionNameAt(offset);
        QToolTip::showText(help->globalPos(),
                           tr("byte %1 (0x%2)%3")
                                   .arg(offset)
                                   .arg(offset, 0, 16)
                                   .arg(name.isEmpty() ? QString() : QStringLiteral(": ") + name),
                           viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace Wirelab
