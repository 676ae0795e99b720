#ifndef WIRELAB_REQUESTEDITOR_H
#define WIRELAB_REQUESTEDITOR_H

#include "messageoutline.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QTreeView;
QT_END_NAMESPACE

namespace Wirelab {

class HexEditor;
class OutlineModel;

// The lab bench's request as bytes a student edits: an escaped-text field (Python's b'...'
// literals, the lab's `sending b'...'` line, PacketSender's \XX text) and a hex editor, kept
// in sync, and under them what the server's own decoder makes of the bytes as they are typed:
// the tree of fields, the colours, the error with its bytes, and what the server would do.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    const QByteArray &bytes() const { return m_outline.bytes(); }
    const MessageOutline &outline() const { return m_outline; }
    // Bytes from elsewhere (the form, a mistake, the history): both views show them.
    void setBytes(const QByteArray &bytes);
    // Writes data over the bytes at offset (the inspector's values), as an edit by hand.
    void writeAt(qsizetype offset, const QByteArray &data);

    QPlainTextEdit *textEdit() const { return m_text; }
    HexEditor *hexEditor() const { return m_hex; }
    QTreeView *tree() const { return m_tree; } // placed by the bench, beside the editor
    QString textError() const;
    QString verdict() const;
    QString reading() const;

signals:
    // Every change of the bytes; byHand when the student typed, pasted or wrote them here.
    void bytesChanged(const QByteArray &bytes, bool byHand);
    void cursorMoved();

protected:
    void changeEvent(QEvent *event) override;

private:
    void decode(const QByteArray &bytes);
    void textEdited();
    void showVerdict();
    void selectRowForByte(qsizetype offset);

    QPlainTextEdit *m_text;
    QLabel *m_textError;
    HexEditor *m_hex;
    QLabel *m_verdict;
    QLabel *m_reading;
    QTreeView *m_tree;
    OutlineModel *m_model;
    MessageOutline m_outline;
};

} // namespace Wirelab

#endif // WIRELAB_REQUESTEDITOR_H
