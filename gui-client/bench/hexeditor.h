#ifndef WIRELAB_HEXEDITOR_H
#define WIRELAB_HEXEDITOR_H

#include "hexview.h"

namespace Wirelab {

// The hex view, editable: hex digits overwrite the byte at the cursor (two digits a byte; the
// digit after the last byte adds one), Insert adds a 00 byte before the cursor, Delete and
// Backspace remove the selection or a byte, Ctrl+V (or Shift+Insert) pastes hex or text
// (ByteEditing) at the cursor. Every edit is reported with all the bytes; the owner decodes
// them and hands back the regions, and the cursor stays where it was.
class HexEditor : public HexView
{
    Q_OBJECT
public:
    explicit HexEditor(QWidget *parent = nullptr);

    // New bytes and their regions, the cursor kept (within the bytes).
    void setEditedBytes(const QByteArray &bytes, const QList<MessageOutline::Region> &regions);
    // Replaces the selected bytes (or inserts at the cursor) with data: the paste.
    void insertAtCursor(const QByteArray &data);

signals:
    void bytesEdited(const QByteArray &bytes);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void typeDigit(int value);
    void edit(const QByteArray &bytes, qsizetype cursor);
    // The bytes and the cursor (none: where setBytes() leaves it), the nibble state kept.
    void replaceBytes(const QByteArray &bytes, const QList<MessageOutline::Region> &regions, qsizetype cursor);
    void removeSelection(bool before);

    bool m_lowNibbleNext = false; // the next digit is the cursor byte's second
    bool m_appendNext = false;    // the last byte is whole: the next digit starts a new one
};

} // namespace Wirelab

#endif // WIRELAB_HEXEDITOR_H
