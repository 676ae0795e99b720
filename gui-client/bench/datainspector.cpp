#include "datainspector.h"

#include "datainspection.h"
#include "messageoutline.h"
#include "rolecolors.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

DataInspector::DataInspector(QWidget *parent)
    : QWidget(parent),
      m_position(new QLabel(this)),
      m_table(new QTableWidget(this)),
      m_byteorder(new QLabel(this)),
      m_type(new QComboBox(this)),
      m_order(new QComboBox(this)),
      m_value(new QLineEdit(this)),
      m_write(new QPushButton(tr("&Write at the cursor"), this)),
      m_error(new QLabel(this))
{
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({ tr("Type"), tr("Big-endian (network order)"), tr("Little-endian") });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAccessibleName(tr("The bytes at the cursor as each type"));
    m_table->setRowCount(int(DataInspection::types().size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const DataInspection::Type type = DataInspection::types()[row];
        m_table->setItem(row, 0, new QTableWidgetItem(DataInspection::name(type)));
        m_table->setItem(row, 1, new QTableWidgetItem);
        m_table->setItem(row, 2, new QTableWidgetItem);
        m_type->addItem(DataInspection::name(type), int(type));
    }
    m_type->setCurrentIndex(int(DataInspection::types().indexOf(DataInspection::Type::I32)));
    m_order->addItem(tr("big-endian"), int(ByteOrder::Big));
    m_order->addItem(tr("little-endian"), int(ByteOrder::Little));
    m_value->setPlaceholderText(tr("7654321, 0x7f, 1.5, 🐰, 01111111"));
    m_value->setClearButtonEnabled(true);
    m_byteorder->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    QPalette warning = m_error->palette();
    warning.setColor(QPalette::WindowText, RoleColors::errorText(palette()));
    m_error->setPalette(warning);

    auto *writeRow = new QGridLayout;
    auto *typeLabel = new QLabel(tr("T&ype:"), this);
    typeLabel->setBuddy(m_type);
    auto *orderLabel = new QLabel(tr("&Order:"), this);
    orderLabel->setBuddy(m_order);
    auto *valueLabel = new QLabel(tr("Val&ue:"), this);
    valueLabel->setBuddy(m_value);
    writeRow->addWidget(typeLabel, 0, 0);
    writeRow->addWidget(m_type, 0, 1);
    writeRow->addWidget(orderLabel, 0, 2);
    writeRow->addWidget(m_order, 0, 3);
    writeRow->addWidget(valueLabel, 1, 0);
    writeRow->addWidget(m_value, 1, 1, 1, 2);
    writeRow->addWidget(m_write, 1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_position);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_byteorder);
    layout->addLayout(writeRow);
    layout->addWidget(m_error);

    connect(m_write, &QPushButton::clicked, this, &DataInspector::write);
    connect(m_value, &QLineEdit::returnPressed, this, &DataInspector::write);
    inspect({}, {});
}

void DataInspector::inspect(const MessageOutline &outline, const Span &selection)
{
    const QByteArray &bytes = outline.bytes();
    m_offset = bytes.isEmpty() ? -1 : qBound<qsizetype>(0, selection.offset, bytes.size() - 1);
    m_position->setText(m_offset < 0 ? tr("No bytes to inspect.")
                        : selection.length > 1
                                ? tr("From byte %1 (0x%2), %3 bytes selected:").arg(m_offset).arg(m_offset, 0, 16).arg(selection.length)
                                : tr("From byte %1 (0x%2), the cursor:").arg(m_offset).arg(m_offset, 0, 16));
    const QList<DataInspection::Row> rows = DataInspection::inspect(bytes, { qMax<qsizetype>(0, m_offset), selection.length });
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const bool shown = row < rows.size();
        m_table->item(row, 1)->setText(shown ? rows[row].bigEndian : QString());
        m_table->item(row, 2)->setText(shown ? rows[row].littleEndian : QString());
        const QColor text = shown && !rows[row].available ? palette().color(QPalette::PlaceholderText)
                                                          : palette().color(QPalette::Text);
        m_table->item(row, 1)->setForeground(text);
        m_table->item(row, 2)->setForeground(text);
    }
    m_byteorder->setText(DataInspection::byteorderNote(outline));
}

void DataInspector::write()
{
    const auto type = DataInspection::Type(m_type->currentData().toInt());
    const auto order = ByteOrder(m_order->currentData().toInt());
    const DataInspection::Encoded encoded = DataInspection::encode(type, m_value->text(), order);
    m_error->setVisible(!encoded.ok());
    m_error->setText(encoded.error);
    if (encoded.ok())
        emit writeRequested(qMax<qsizetype>(0, m_offset), encoded.bytes);
}

QString DataInspector::byteorderNote() const
{
    return m_byteorder->text();
}

QString DataInspector::writeError() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString DataInspector::shownValue(const QString &type, bool bigEndian) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0)->text() == type)
            return m_table->item(row, bigEndian ? 1 : 2)->text();
    }
    return {};
}

} // namespace Wirelab
