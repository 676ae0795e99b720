#include "hexview.h"

#include "rolecolors.h"

#include <QtGui/QFontDatabase>
#include <QtGui/QHelpEvent>
#include <QtGui/QKeyEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QStyleOptionFocusRect>
#include <QtWidgets/QToolTip>
#include <algorithm>

namespace Wirelab {

namespace {

constexpr int OffsetDigits = 8;
constexpr int Margin = 4;

} // namespace

HexView::HexView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setContextMenuPolicy(Qt::CustomContextMenu);
    viewport()->setMouseTracking(true);
    updateMetrics();
}

void HexView::updateMetrics()
{
    m_charWidth = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_lineHeight = fontMetrics().height();
    // Room for a whole row: the view never needs a horizontal scroll bar.
    setMinimumWidth(textColumnX() + BytesPerRow * m_charWidth + 2 * Margin + verticalScrollBar()->sizeHint().width());
    updateScrollBar();
}

void HexView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateMetrics();
}

void HexView::setBytes(const QByteArray &bytes, const QList<MessageOutline::Region> &regions)
{
    m_bytes = bytes;
    m_regions = regions;
    m_highlight = {};
    m_boundaries.clear();
    m_cursor = m_anchor = bytes.isEmpty() ? -1 : 0;
    updateScrollBar();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void HexView::setBoundaries(const QList<qsizetype> &offsets)
{
    m_boundaries = offsets;
    std::sort(m_boundaries.begin(), m_boundaries.end());
    viewport()->update();
}

void HexView::setHighlight(const Span &span)
{
    m_highlight = span;
    if (span.length > 0)
        scrollToOffset(span.offset);
    viewport()->update();
}

void HexView::scrollToOffset(qsizetype offset)
{
    const int row = int(offset / BytesPerRow);
    QScrollBar *bar = verticalScrollBar();
    if (row < bar->value())
        bar->setValue(row);
    else if (row >= bar->value() + visibleRows())
        bar->setValue(row - visibleRows() + 1);
}

void HexView::setCursorPosition(qsizetype offset, bool extendSelection)
{
    if (m_bytes.isEmpty())
        return;
    offset = qBound<qsizetype>(0, offset, m_bytes.size() - 1);
    if (!extendSelection)
        m_anchor = offset;
    const bool moved = offset != m_cursor;
    m_cursor = offset;
    scrollToOffset(offset);
    viewport()->update();
    if (moved || !extendSelection)
        emit cursorMoved(offset);
}

Span HexView::selection() const
{
    if (m_cursor < 0)
        return {};
    const qsizetype first = qMin(m_cursor, m_anchor);
    return { first, qMax(m_cursor, m_anchor) - first + 1 };
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

const MessageOutline::Region *HexView::innermostRegion(qsizetype offset) const
{
    const MessageOutline::Region *best = nullptr;
    for (const MessageOutline::Region &region : m_regions) {
        if (region.span.contains(offset) && (!best || region.span.length <= best->span.length))
            best = &region;
    }
    return best;
}

QString HexView::regionNameAt(qsizetype offset) const
{
    const MessageOutline::Region *region = innermostRegion(offset);
    return region ? region->name : QString();
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QPalette &colors = palette();
    painter.fillRect(viewport()->rect(), colors.base());
    const int firstRow = verticalScrollBar()->value();
    const int lastRow = qMin(rowCount(), firstRow + visibleRows() + 1);
    const Span selected = hasFocus() && selection().length > 1 ? selection() : Span {};
    const int ascent = fontMetrics().ascent();
    for (int row = firstRow; row < lastRow; ++row) {
        const int y = Margin + (row - firstRow) * m_lineHeight;
        const qsizetype rowOffset = qsizetype(row) * BytesPerRow;
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(Margin, y + ascent, QStringLiteral("%1").arg(rowOffset, OffsetDigits, 16, QLatin1Char('0')));
        for (int column = 0; column < BytesPerRow && rowOffset + column < m_bytes.size(); ++column) {
            const qsizetype offset = rowOffset + column;
            const auto byte = static_cast<unsigned char>(m_bytes[offset]);
            const QRect hexRect = byteRect(offset);
            const QRect textRect(textColumnX() + column * m_charWidth, y, m_charWidth, m_lineHeight);
            const bool highlighted = m_highlight.contains(offset) || selected.contains(offset);
            QColor background;
            if (highlighted)
                background = colors.color(QPalette::Highlight);
            else if (const MessageOutline::Region *region = innermostRegion(offset))
                background = RoleColors::background(region->role, colors);
            if (background.isValid()) {
                painter.fillRect(hexRect.adjusted(0, 0, column == BytesPerRow - 1 ? 0 : m_charWidth, 0), background);
                painter.fillRect(textRect, background);
            }
            painter.setPen(colors.color(highlighted ? QPalette::HighlightedText : QPalette::Text));
            painter.drawText(hexRect.x(), y + ascent, QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')));
            const QChar shown = byte >= 0x20 && byte < 0x7f ? QChar(byte) : QChar(u'·');
            painter.drawText(textRect.x(), y + ascent, QString(shown));
            if (std::binary_search(m_boundaries.cbegin(), m_boundaries.cend(), offset)) {
                // A chunk began here: a bar in the gap before the byte, in both columns.
                const int gap = qMax(1, m_charWidth / 4);
                painter.fillRect(QRect(hexRect.x() - m_charWidth / 2 - gap / 2, y, gap, m_lineHeight),
                                 colors.color(QPalette::Text));
                painter.fillRect(QRect(textRect.x() - gap / 2, y, gap, m_lineHeight), colors.color(QPalette::Text));
            }
            if (offset == m_cursor) {
                // The cursor: a frame round the byte in both columns, solid while the view
                // has the keyboard, as a text cursor is.
                QPen pen(colors.color(QPalette::Text), hasFocus() ? 2 : 1, hasFocus() ? Qt::SolidLine : Qt::DotLine);
                painter.setPen(pen);
                painter.drawRect(hexRect.adjusted(-1, 0, 0, -1));
                painter.drawRect(textRect.adjusted(0, 0, -1, -1));
            }
        }
    }
    if (hasFocus()) { // and the whole view says it has the keyboard, as every view does
        QStyleOptionFocusRect option;
        option.initFrom(this);
        option.rect = viewport()->rect().adjusted(1, 1, -1, -1);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &option, &painter, this);
    }
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    const qsizetype offset = offsetAt(event->position().toPoint());
    if (offset >= 0 && event->button() == Qt::LeftButton)
        setCursorPosition(offset, event->modifiers() & Qt::ShiftModifier);
    QAbstractScrollArea::mousePressEvent(event);
}

void HexView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton) {
        const qsizetype offset = offsetAt(event->position().toPoint());
        if (offset >= 0)
            setCursorPosition(offset, true);
    }
    QAbstractScrollArea::mouseMoveEvent(event);
}

void HexView::keyPressEvent(QKeyEvent *event)
{
    if (m_cursor < 0) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    const qsizetype page = qsizetype(visibleRows()) * BytesPerRow;
    qsizetype target = m_cursor;
    switch (event->key()) {
    case Qt::Key_Left: target -= 1; break;
    case Qt::Key_Right: target += 1; break;
    case Qt::Key_Up: target -= BytesPerRow; break;
    case Qt::Key_Down: target += BytesPerRow; break;
    case Qt::Key_PageUp: target -= page; break;
    case Qt::Key_PageDown: target += page; break;
    case Qt::Key_Home:
        target = event->modifiers() & Qt::ControlModifier ? 0 : m_cursor - m_cursor % BytesPerRow;
        break;
    case Qt::Key_End:
        target = event->modifiers() & Qt::ControlModifier ? m_bytes.size() - 1
                                                          : m_cursor - m_cursor % BytesPerRow + BytesPerRow - 1;
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    setCursorPosition(target, extend);
    event->accept();
}

void HexView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void HexView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
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
