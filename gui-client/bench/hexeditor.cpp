#include "hexeditor.h"

#include "byteediting.h"

#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeyEvent>

namespace Wirelab {

HexEditor::HexEditor(QWidget *parent) : HexView(parent)
{
    setToolTip(tr("Type hex digits over the bytes. Insert adds a byte before the cursor, "
                  "Shift+Insert after it; Delete and Backspace remove bytes; Ctrl+V pastes hex or "
                  "a b'...' literal."));
    connect(this, &HexView::cursorMoved, this, [this] { m_lowNibbleNext = m_appendNext = false; });
}

void HexEditor::setEditedBytes(const QByteArray &bytes, const QList<MessageOutline::Region> &regions)
{
    const qsizetype cursor = cursorPosition();
    replaceBytes(bytes, regions, cursor > 0 ? cursor : -1);
}

void HexEditor::edit(const QByteArray &bytes, qsizetype cursor)
{
    replaceBytes(bytes, {}, cursor);
    emit bytesEdited(bytes);
}

void HexEditor::replaceBytes(const QByteArray &bytes, const QList<MessageOutline::Region> &regions,
                             qsizetype cursor)
{
    // Putting the cursor back is no move of the user's: a digit typed next still completes
    // the byte (cursorMoved clears the nibble state).
    const bool lowNibble = m_lowNibbleNext;
    const bool append = m_appendNext;
    setBytes(bytes, regions);
    if (cursor >= 0)
        setCursorPosition(cursor);
    m_lowNibbleNext = lowNibble;
    m_appendNext = append;
}

void HexEditor::typeDigit(int value)
{
    QByteArray bytes = this->bytes();
    qsizetype cursor = cursorPosition();
    if (bytes.isEmpty() || m_appendNext) {
        bytes.append('\0');
        cursor = bytes.size() - 1;
        m_appendNext = false;
        m_lowNibbleNext = false;
    }
    auto byte = static_cast<unsigned char>(bytes[cursor]);
    if (!m_lowNibbleNext) {
        bytes[cursor] = char((value << 4) | (byte & 0x0f));
        m_lowNibbleNext = true;
        edit(bytes, cursor);
        return;
    }
    bytes[cursor] = char((byte & 0xf0) | value);
    m_lowNibbleNext = false;
    const bool last = cursor == bytes.size() - 1;
    m_appendNext = last;
    edit(bytes, last ? cursor : cursor + 1);
}

void HexEditor::removeSelection(bool before)
{
    QByteArray bytes = this->bytes();
    if (bytes.isEmpty())
        return;
    Span span = selection();
    if (span.length <= 1) {
        if (before && cursorPosition() == 0)
            return;
        span = { before ? cursorPosition() - 1 : cursorPosition(), 1 };
    }
    bytes.remove(span.offset, span.length);
    m_lowNibbleNext = m_appendNext = false;
    edit(bytes, qMin(span.offset, bytes.size() - 1));
}

void HexEditor::insertAtCursor(const QByteArray &data)
{
    QByteArray bytes = this->bytes();
    const Span span = selection();
    qsizetype at = qMax<qsizetype>(0, cursorPosition());
    if (span.length > 1) {
        bytes.remove(span.offset, span.length);
        at = span.offset;
    }
    if (m_appendNext)
        at = bytes.size();
    bytes.insert(at, data);
    m_lowNibbleNext = m_appendNext = false;
    edit(bytes, qMin(at + data.size(), bytes.size() - 1));
}

void HexEditor::keyPressEvent(QKeyEvent *event)
{
    const QString text = event->text();
    const bool plain = !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    if (plain && text.size() == 1) {
        const char16_t c = text.front().toLower().unicode();
        const int value = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (value >= 0) {
            typeDigit(value);
            event->accept();
            return;
        }
    }
    if (event->matches(QKeySequence::Paste)) {
        const ByteEditing::Parsed pasted = ByteEditing::parseHexOrText(QGuiApplication::clipboard()->text());
        if (pasted.ok() && !pasted.bytes.isEmpty())
            insertAtCursor(pasted.bytes);
        event->accept();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Insert: {
        // Shift+Insert is Paste on X11 and Windows, matched above: Insert only inserts before.
        QByteArray bytes = this->bytes();
        const qsizetype at = bytes.isEmpty() ? 0 : cursorPosition();
        bytes.insert(at, '\0');
        m_lowNibbleNext = m_appendNext = false;
        edit(bytes, at);
        event->accept();
        return;
    }
    case Qt::Key_Delete:
        removeSelection(false);
        event->accept();
        return;
    case Qt::Key_Backspace:
        removeSelection(true);
        event->accept();
        return;
    default:
        HexView::keyPressEvent(event);
    }
}

} // namespace Wirelab
