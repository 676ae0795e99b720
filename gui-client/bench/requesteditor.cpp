#include "requesteditor.h"

#include "byteediting.h"
#include "hexeditor.h"
#include "outlinemodel.h"
#include "requestreading.h"
#include "rolecolors.h"

#include <QtCore/QEvent>
#include <QtCore/QSignalBlocker>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent),
      m_text(new QPlainTextEdit(this)),
      m_textError(new QLabel(this)),
      m_hex(new HexEditor(this)),
      m_verdict(new QLabel(this)),
      m_reading(new QLabel(this)),
      m_tree(new QTreeView(this)),
      m_model(new OutlineModel(this))
{
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(tr("b'\\x00\\x7f{\"byteorder\": ...' or \\00\\7f{\"byteorder\": ... — or paste the lab "
                                  "client's \"sending b'...' to (...)\" line"));
    m_text->setAccessibleName(tr("The request as text"));
    m_text->setFixedHeight(m_text->fontMetrics().lineSpacing() * 3 + 12);
    m_hex->setAccessibleName(tr("The request's bytes"));
    m_hex->setMinimumHeight(m_hex->fontMetrics().lineSpacing() * 5);
    for (QLabel *label : { m_textError, m_verdict, m_reading }) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_textError->setVisible(false);
    m_reading->setAccessibleName(tr("What the server makes of the bytes"));
    m_tree->setModel(m_model);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(tr("The request's fields, as the server's decoder reads them"));

    auto *textLabel = new QLabel(tr("As &text (b'...' or \\XX):"), this);
    textLabel->setBuddy(m_text);
    auto *hexLabel = new QLabel(tr("As &hex (type over the bytes):"), this);
    hexLabel->setBuddy(m_hex);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(textLabel);
    layout->addWidget(m_text);
    layout->addWidget(m_textError);
    layout->addWidget(hexLabel);
    layout->addWidget(m_hex, 1);
    layout->addWidget(m_verdict);
    layout->addWidget(m_reading);

    connect(m_text, &QPlainTextEdit::textChanged, this, &RequestEditor::textEdited);
    connect(m_hex, &HexEditor::bytesEdited, this, [this](const QByteArray &bytes) {
        decode(bytes);
        {
            const QSignalBlocker blocker(m_text);
            m_text->setPlainText(ByteEditing::text(bytes));
        }
        m_textError->setVisible(false);
        emit bytesChanged(bytes, true);
    });
    connect(m_hex, &HexView::cursorMoved, this, [this](qsizetype offset) {
        selectRowForByte(offset);
        emit cursorMoved();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        m_hex->setHighlight(m_model->bytesOf(m_tree->currentIndex()));
    });
    decode({});
}

void RequestEditor::setBytes(const QByteArray &bytes)
{
    {
        const QSignalBlocker blocker(m_text);
        m_text->setPlainText(ByteEditing::text(bytes));
    }
    m_textError->setVisible(false);
    m_hex->setBytes({}, {});
    decode(bytes);
    emit bytesChanged(bytes, false);
}

void RequestEditor::writeAt(qsizetype offset, const QByteArray &data)
{
    const QByteArray bytes = ByteEditing::overwrite(this->bytes(), offset, data);
    {
        const QSignalBlocker blocker(m_text);
        m_text->setPlainText(ByteEditing::text(bytes));
    }
    decode(bytes);
    m_hex->setCursorPosition(offset);
    emit bytesChanged(bytes, true);
}

void RequestEditor::textEdited()
{
    const ByteEditing::Parsed parsed = ByteEditing::parseText(m_text->toPlainText());
    if (!parsed.ok()) {
        m_textError->setText(tr("Character %1: %2").arg(parsed.column + 1).arg(parsed.error));
        m_textError->setVisible(true);
        return;
    }
    m_textError->setVisible(false);
    decode(parsed.bytes);
    emit bytesChanged(parsed.bytes, true);
}

void RequestEditor::decode(const QByteArray &bytes)
{
    // The server's decoder with the server's limits: what it refuses is refused here.
    MessageDecoder decoder;
    decoder.feed(bytes);
    m_outline = MessageOutline(bytes, decoder.next());
    m_model->setOutline(m_outline);
    m_tree->expandToDepth(0);
    m_hex->setEditedBytes(bytes, m_outline.regions());
    if (m_outline.error())
        m_hex->setHighlight(m_outline.errorSpan());
    showVerdict();
    const QStringList sentences = RequestReading::explain(bytes);
    m_reading->setText(tr("What the server makes of it: %1").arg(sentences.join(QLatin1Char(' '))));
}

void RequestEditor::showVerdict()
{
    const QByteArray &bytes = m_outline.bytes();
    QString text;
    bool bad = false;
    if (bytes.isEmpty()) {
        text = tr("No bytes yet: type them above, or choose a request in the window's form.");
    } else if (const std::optional<DecodeError> &error = m_outline.error()) {
        text = tr("✗ %1 at byte %2: %3").arg(kindName(error->kind)).arg(error->offset).arg(error->reason);
        bad = true;
    } else if (const std::optional<DecodedMessage> &message = m_outline.message()) {
        text = tr("✓ One whole message of %1 bytes: the 2-byte length, %2 bytes of header, %3 of content.")
                       .arg(message->size())
                       .arg(message->layout.header.length)
                       .arg(message->layout.content.length);
        if (const qsizetype trailing = m_outline.trailingBytes(); trailing > 0)
            text += QLatin1Char(' ') + tr("%n more byte(s) after it.", nullptr, int(trailing));
    } else {
        text = tr("… Not a whole message: the server would wait for more bytes.");
        bad = true;
    }
    m_verdict->setText(text);
    QPalette palette = m_verdict->palette();
    palette.setColor(QPalette::WindowText, bad ? RoleColors::errorText(this->palette())
                                               : this->palette().color(QPalette::WindowText));
    m_verdict->setPalette(palette);
}

void RequestEditor::selectRowForByte(qsizetype offset)
{
    const QModelIndex found = m_model->indexAt(offset);
    if (found.isValid() && found != m_tree->currentIndex().siblingAtColumn(0)) {
        const QSignalBlocker blocker(m_tree->selectionModel());
        m_tree->setCurrentIndex(found);
        m_tree->scrollTo(found);
        m_tree->viewport()->update();
    }
}

void RequestEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        showVerdict();
}

QString RequestEditor::textError() const
{
    return m_textError->isHidden() ? QString() : m_textError->text();
}

QString RequestEditor::verdict() const
{
    return m_verdict->text();
}

QString RequestEditor::reading() const
{
    return m_reading->text();
}

} // namespace Wirelab
