#include "messagepane.h"

#include "hexview.h"
#include "labprotocol.h"
#include "pythonrepr.h"

#include <QtCore/QtEndian>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

namespace {

constexpr int SpanOffsetRole = Qt::UserRole;
constexpr int SpanLengthRole = Qt::UserRole + 1;
// The Python literal of a 16 MiB message would be a 60 MiB line: show its start.
constexpr qsizetype LiteralBytesShown = 64 * 1024;
// A message of 100,000 keys is a test of the decoder, not something to read row by row.
constexpr qsizetype FieldRowsShown = 1000;

QString textOf(const QByteArray &bytes, const Span &span)
{
    return QString::fromUtf8(bytes.mid(span.offset, span.length));
}

} // namespace

QColor MessagePane::partColor(Part part)
{
    switch (part) {
    case Part::LengthPrefix: return QColor(0xf4, 0xb1, 0x83);
    case Part::Header: return QColor(0xbd, 0xd7, 0xee);
    case Part::HeaderKey: return QColor(0x7f, 0xa7, 0xde);
    case Part::Content: return QColor(0xc5, 0xe0, 0xb4);
    case Part::Name: return QColor(0xff, 0xe6, 0x99);
    case Part::Integer: return QColor(0xd9, 0xb8, 0xe8);
    case Part::Error: return QColor(0xff, 0x8a, 0x80);
    }
    return {};
}

QString MessagePane::partName(Part part)
{
    switch (part) {
    case Part::LengthPrefix: return tr("2-byte length");
    case Part::Header: return tr("JSON header");
    case Part::HeaderKey: return tr("header key");
    case Part::Content: return tr("content");
    case Part::Name: return tr("6-byte name");
    case Part::Integer: return tr("int32");
    case Part::Error: return tr("error");
    }
    return {};
}

MessagePane::MessagePane(const QString &title, QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(title, this)),
      m_tree(new QTreeWidget(this)),
      m_hexView(new HexView(this)),
      m_literal(new QPlainTextEdit(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_tree->setHeaderLabels({ tr("Field"), tr("Value") });
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setAlternatingRowColors(true);
    m_literal->setReadOnly(true);
    m_literal->setFont(m_hexView->font());
    m_literal->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_literal->setPlaceholderText(tr("The bytes as Python prints them"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_hexView);
    splitter->addWidget(m_literal);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(splitter);

    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &MessagePane::highlightSelectedItem);
    connect(m_hexView, &HexView::byteClicked, this, &MessagePane::selectItemForByte);
}

QString MessagePane::pythonLiteral() const
{
    return m_literal->toPlainText();
}

bool MessagePane::selectField(const QString &fieldName)
{
    const QList<QTreeWidgetItem *> found = m_tree->findItems(fieldName, Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty())
        return false;
    m_tree->setCurrentItem(found.first());
    return true;
}

void MessagePane::clear()
{
    m_tree->clear();
    m_hexView->setBytes({}, {});
    m_literal->clear();
}

QTreeWidgetItem *MessagePane::addItem(QTreeWidgetItem *parent, const QString &field,
                                      const QString &value, const Span &span)
{
    auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    item->setText(0, field);
    item->setText(1, value);
    item->setData(0, SpanOffsetRole, qlonglong(span.offset));
    item->setData(0, SpanLengthRole, qlonglong(span.length));
    item->setToolTip(1, value);
    return item;
}

void MessagePane::addMoreFieldsRow(QTreeWidgetItem *parent, qsizetype fieldCount)
{
    if (fieldCount > FieldRowsShown)
        addItem(parent, tr("…"), tr("and %1 more keys (the bytes show them all)").arg(fieldCount - FieldRowsShown), {});
}

void MessagePane::showMessage(const DecodedBytes &decoded)
{
    clear();
    const QByteArray &bytes = decoded.bytes;
    const MessageLayout &layout = decoded.layout;
    // A refused message's spans are as it declared them: only part of them may have arrived.
    const auto arrived = [&bytes](const Span &span) {
        return Span { span.offset, qBound<qsizetype>(0, bytes.size() - span.offset, span.length) };
    };
    QList<HexView::Region> regions;
    const auto region = [&](const Span &span, Part part, const QString &name) {
        if (arrived(span).length > 0)
            regions.append({ arrived(span), partColor(part), name });
    };
    const auto sizeText = [&](const Span &span) {
        const qsizetype got = arrived(span).length;
        return got < span.length ? tr("%1 bytes, only %2 arrived").arg(span.length).arg(got)
                                 : tr("%1 bytes").arg(span.length);
    };

    if (layout.lengthPrefix.length == 2 && bytes.size() >= 2) {
        const quint16 declared = qFromBigEndian<quint16>(bytes.constData());
        addItem(nullptr, tr("Length prefix"),
                tr("%1 bytes of header (0x%2, big-endian)").arg(declared).arg(declared, 4, 16, QLatin1Char('0')),
                layout.lengthPrefix);
        region(layout.lengthPrefix, Part::LengthPrefix, partName(Part::LengthPrefix));
    }
    if (layout.header.length > 0) {
        QTreeWidgetItem *header = addItem(nullptr, tr("JSON header"), sizeText(layout.header),
                                          arrived(layout.header));
        region(layout.header, Part::Header, partName(Part::Header));
        for (const FieldSpan &field : layout.headerFields.first(qMin(layout.headerFields.size(), FieldRowsShown))) {
            addItem(header, field.name, textOf(bytes, field.value), field.whole());
            region(field.key, Part::HeaderKey, tr("header key \"%1\"").arg(field.name));
            region(field.value, Part::Header, tr("value of \"%1\"").arg(field.name));
        }
        addMoreFieldsRow(header, layout.headerFields.size());
        header->setExpanded(true);
    }
    if (decoded.message) {
        const DecodedMessage &message = *decoded.message;
        QTreeWidgetItem *content = addItem(nullptr, tr("Content"),
                                           tr("%1 bytes, %2").arg(layout.content.length).arg(message.message.header.contentType),
                                           layout.content);
        region(layout.content, Part::Content, partName(Part::Content));
        if (message.message.header.isTextJson()) {
            for (const FieldSpan &field : layout.contentFields.first(qMin(layout.contentFields.size(), FieldRowsShown))) {
                // Each field as written, in Python's terms (its own bytes: a key written twice
                // shows both values).
                const QString value = PythonRepr::jsonText(QByteArrayView(bytes).sliced(field.value.offset, field.value.length))
                                              .value_or(PythonRepr::json(message.jsonContent.value(field.name)));
                addItem(content, field.name, value, field.whole());
                region(field.value, Part::Content, tr("value of \"%1\"").arg(field.name));
            }
            addMoreFieldsRow(content, layout.contentFields.size());
        } else if (const QList<FieldSpan> fields = Lab::arithmeticFields(message); !fields.isEmpty()) {
            for (const FieldSpan &field : fields) {
                const bool isName = field.name == QLatin1String("name");
                const QByteArray fieldBytes = bytes.mid(field.value.offset, field.value.length);
                QString value = PythonRepr::bytes(fieldBytes);
                if (!isName) {
                    const qint32 number = Lab::int32FromBigEndian(fieldBytes);
                    value = tr("%1 (0x%2, big-endian int32)").arg(number).arg(quint32(number), 8, 16, QLatin1Char('0'));
                }
                addItem(content, isName ? tr("name (6s)") : tr("value (i)"), value, field.value);
                region(field.value, isName ? Part::Name : Part::Integer, partName(isName ? Part::Name : Part::Integer));
            }
        } else {
            addItem(content, tr("bytes"), PythonRepr::bytes(message.message.content.left(LiteralBytesShown)),
                    layout.content);
        }
        content->setExpanded(true);
    } else if (layout.content.offset > 0) { // the header was read, the content was refused
        addItem(nullptr, tr("Content"), sizeText(layout.content), arrived(layout.content));
        region(layout.content, Part::Content, partName(Part::Content));
    }
    if (decoded.error) {
        const qsizetype offset = qBound<qsizetype>(0, decoded.error->offset, qMax<qsizetype>(0, bytes.size() - 1));
        QTreeWidgetItem *error = addItem(nullptr, tr("Error"),
                                         tr("%1 (at byte %2 of the message)").arg(decoded.error->reason).arg(decoded.error->offset),
                                         { offset, bytes.isEmpty() ? 0 : 1 });
        error->setForeground(0, partColor(Part::Error).darker(180));
        region({ offset, bytes.isEmpty() ? 0 : 1 }, Part::Error, decoded.error->reason);
    }
    m_hexView->setBytes(bytes, regions);
    QString literal = PythonRepr::bytes(bytes.left(LiteralBytesShown));
    if (bytes.size() > LiteralBytesShown)
        literal += tr("\n… and %1 more bytes").arg(bytes.size() - LiteralBytesShown);
    m_literal->setPlainText(literal);
    if (decoded.error && !bytes.isEmpty()) {
        const QList<QTreeWidgetItem *> errors = m_tree->findItems(tr("Error"), Qt::MatchExactly);
        if (!errors.isEmpty())
            m_tree->setCurrentItem(errors.first());
    }
}

void MessagePane::highlightSelectedItem()
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    if (selected.isEmpty()) {
        m_hexView->setHighlight({});
        return;
    }
    const QTreeWidgetItem *item = selected.first();
    m_hexView->setHighlight({ item->data(0, SpanOffsetRole).toLongLong(),
                              item->data(0, SpanLengthRole).toLongLong() });
}

void MessagePane::selectItemForByte(qsizetype offset)
{
    // The deepest row whose bytes hold the one clicked.
    QTreeWidgetItem *best = nullptr;
    qsizetype bestLength = 0;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        const Span span { (*it)->data(0, SpanOffsetRole).toLongLong(), (*it)->data(0, SpanLengthRole).toLongLong() };
        if (span.contains(offset) && (!best || span.length <= bestLength)) {
            best = *it;
            bestLength = span.length;
        }
    }
    if (best)
        m_tree->setCurrentItem(best);
}

} // namespace Wirelab
