#ifndef WIRELAB_DATAINSPECTOR_H
#define WIRELAB_DATAINSPECTOR_H

#include "message.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
QT_END_NAMESPACE

namespace Wirelab {

class MessageOutline;

// The bytes at the cursor (or the selection) as every type, big-endian first (network order,
// how the lab reads its numbers) and little-endian beside; the UTF-8 character they belong to;
// the bits; what the header's "byteorder" means. And a value typed as a type, written at the
// cursor in the order chosen. It renders DataInspection's rows and never reads a byte itself.
class DataInspector : public QWidget
{
    Q_OBJECT
public:
    explicit DataInspector(QWidget *parent = nullptr);

    void inspect(const MessageOutline &outline, const Span &selection);

    QTableWidget *table() const { return m_table; }
    QComboBox *typeBox() const { return m_type; }
    QComboBox *orderBox() const { return m_order; }
    QLineEdit *valueEdit() const { return m_value; }
    QPushButton *writeButton() const { return m_write; }
    QString byteorderNote() const;
    QString writeError() const;
    // The value shown for a type ("u16") in big- or little-endian.
    QString shownValue(const QString &type, bool bigEndian) const;

signals:
    void writeRequested(qsizetype offset, const QByteArray &bytes);

private:
    void write();

    QLabel *m_position;
    QTableWidget *m_table;
    QLabel *m_byteorder;
    QComboBox *m_type;
    QComboBox *m_order;
    QLineEdit *m_value;
    QPushButton *m_write;
    QLabel *m_error;
    qsizetype m_offset = -1;
};

} // namespace Wirelab

#endif // WIRELAB_DATAINSPECTOR_H
