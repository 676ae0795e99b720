#include "messagepane.h"

#include "byteformats.h"
#include "hexview.h"
#include "outlinemodel.h"
#include "rolecolors.h"

#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeySequence>
#include <QtGui/QShortcut>
#include <QtWidgets/QApplication>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyledItemDelegate>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

namespace {

// The Python literal of a 16 MiB message would be a 60 MiB line: its start is shown.
constexpr qsizetype LiteralBytesShown = 64 * 1024;

// An error row stands out in any theme, selected or not: bold, a warning sign, and a red
// that reads on the row's background.
class OutlineDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (OutlineRole(index.data(OutlineModel::RoleRole).toInt()) != OutlineRole::Error)
            return;
        option->font.setBold(true);
        option->palette.setColor(QPalette::Text, RoleColors::errorText(option->palette, false));
        option->palette.setColor(QPalette::HighlightedText, RoleColors::errorText(option->palette, true));
        if (index.column() == 0) {
            option->icon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            option->features |= QStyleOptionViewItem::HasDecoration;
        }
    }
};

void copyText(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
}

} // namespace

MessagePane::MessagePane(const QString &title, QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(title, this)),
      m_tree(new QTreeView(this)),
      m_model(new OutlineModel(this)),
      m_hexView(new HexView(this)),
      m_literal(new QPlainTextEdit(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new OutlineDelegate(m_tree));
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAccessibleName(tr("%1: fields").arg(title));
    m_hexView->setAccessibleName(tr("%1: bytes").arg(title));
    m_literal->setReadOnly(true);
    m_literal->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_literal->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_literal->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_literal->setPlaceholderText(tr("The bytes as Python prints them"));
    m_literal->setContextMenuPolicy(Qt::CustomContextMenu);
    m_literal->setAccessibleName(tr("%1: Python literal").arg(title));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_hexView);
    splitter->addWidget(m_literal);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 1);
    for (QWidget *view : { static_cast<QWidget *>(m_tree), static_cast<QWidget *>(m_hexView),
                           static_cast<QWidget *>(m_literal) })
        view->setMinimumHeight(2 * fontMetrics().height());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MessagePane::highlightCurrentRow);
    connect(m_hexView, &HexView::cursorMoved, this, &MessagePane::selectRowForByte);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &MessagePane::showTreeMenu);
    connect(m_hexView, &QWidget::customContextMenuRequested, this, &MessagePane::showHexMenu);
    connect(m_literal, &QWidget::customContextMenuRequested, this, &MessagePane::showLiteralMenu);
    // Ctrl+C: a row as "field: value"; in the hex view the bytes selected, as hex.
    auto *copyRow = new QShortcut(QKeySequence::Copy, m_tree, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copyRow, &QShortcut::activated, this, &MessagePane::copyCurrentRow);
    auto *copyBytes = new QShortcut(QKeySequence::Copy, m_hexView, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copyBytes, &QShortcut::activated, this, [this] {
        const Span span = m_hexView->selection();
        copyText(ByteFormats::hex(QByteArrayView(m_hexView->bytes()).sliced(span.offset, span.length)));
    });
}

QString MessagePane::pythonLiteral() const
{
    return m_literal->toPlainText();
}

void MessagePane::setZoom(int steps)
{
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fixed.setPointSizeF(qMax(6.0, fixed.pointSizeF() * (1.0 + 0.15 * steps)));
    QFont normal = QApplication::font();
    normal.setPointSizeF(qMax(6.0, normal.pointSizeF() * (1.0 + 0.15 * steps)));
    m_hexView->setFont(fixed);
    m_literal->setFont(fixed);
    m_tree->setFont(normal);
}

void MessagePane::clear()
{
    showOutline({});
}

void MessagePane::showOutline(const MessageOutline &outline)
{
    m_model->setOutline(outline);
    m_tree->expandToDepth(0);
    m_hexView->setBytes(outline.bytes(), outline.regions());
    const QByteArray &bytes = outline.bytes();
    QString literal = ByteFormats::pythonLiteral(QByteArrayView(bytes).first(qMin(bytes.size(), LiteralBytesShown)));
    if (bytes.size() > LiteralBytesShown)
        literal += tr("\n… and %1 more bytes").arg(bytes.size() - LiteralBytesShown);
    m_literal->setPlainText(literal);
    // An error is where the reader looks first.
    if (outline.error() && !bytes.isEmpty()) {
        const QModelIndex error = m_model->indexOfRole(OutlineRole::Error);
        if (error.isValid())
            m_tree->setCurrentIndex(error);
    }
}

bool MessagePane::selectField(const QString &label)
{
    const QModelIndex found = m_model->indexOfLabel(label);
    if (!found.isValid())
        return false;
    m_tree->setCurrentIndex(found);
    return true;
}

QString MessagePane::currentLabel() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data().toString();
}

QString MessagePane::currentValue() const
{
    return m_tree->currentIndex().siblingAtColumn(1).data().toString();
}

void MessagePane::highlightCurrentRow()
{
    m_hexView->setHighlight(m_model->bytesOf(m_tree->currentIndex()));
}

void MessagePane::selectRowForByte(qsizetype offset)
{
    const QModelIndex found = m_model->indexAt(offset);
    if (found.isValid() && found != m_tree->currentIndex().siblingAtColumn(0)) {
        const QSignalBlocker blocker(m_tree->selectionModel()); // the cursor, not the row, leads
        m_tree->setCurrentIndex(found);
        m_tree->scrollTo(found);
        m_tree->viewport()->update();
    }
    m_hexView->setHighlight(m_model->bytesOf(found));
}

void MessagePane::copyCurrentRow()
{
    if (m_tree->currentIndex().isValid())
        copyText(currentLabel() + QStringLiteral(": ") + currentValue());
}

void MessagePane::addCopyActions(QMenu *menu, const Span &span)
{
    const QByteArray &bytes = m_hexView->bytes();
    const auto addFormats = [this, menu](const QString &title, const QByteArray &part) {
        QMenu *formats = menu->addMenu(title);
        formats->setEnabled(!part.isEmpty());
        formats->addAction(tr("&Hex"), this, [part] { copyText(ByteFormats::hex(part)); });
        formats->addAction(tr("&Python literal"), this, [part] { copyText(ByteFormats::pythonLiteral(part)); });
        formats->addAction(tr("&C array"), this, [part] { copyText(ByteFormats::cArray(part)); });
        formats->addAction(tr("he&xdump -C"), this, [part] { copyText(ByteFormats::hexdump(part)); });
    };
    if (span.length > 0)
        addFormats(tr("Copy these &bytes as"), bytes.mid(span.offset, span.length));
    addFormats(tr("Copy the &whole message as"), bytes);
}

void MessagePane::showTreeMenu(const QPoint &position)
{
    QMenu menu(this);
    const QModelIndex index = m_tree->indexAt(position);
    if (index.isValid()) {
        m_tree->setCurrentIndex(index);
        menu.addAction(tr("Copy the &value"), this, [this] { copyText(currentValue()); });
        menu.addAction(tr("Copy the &row"), this, &MessagePane::copyCurrentRow);
    }
    addCopyActions(&menu, m_model->bytesOf(index));
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

void MessagePane::showHexMenu(const QPoint &position)
{
    QMenu menu(this);
    addCopyActions(&menu, m_hexView->selection());
    menu.exec(m_hexView->mapToGlobal(position));
}

void MessagePane::showLiteralMenu(const QPoint &position)
{
    QMenu *menu = m_literal->createStandardContextMenu(position);
    menu->addSeparator();
    addCopyActions(menu, {});
    menu->exec(m_literal->mapToGlobal(position));
    delete menu;
}

} // namespace Wirelab
