#ifndef WIRELAB_COMPAREDIALOG_H
#define WIRELAB_COMPAREDIALOG_H

#include "exchangerecord.h"

#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QPlainTextEdit;
QT_END_NAMESPACE

namespace Wirelab {

// Two exchanges of the history byte by byte: the first difference of their requests and of
// their answers, each with a caret and the field it falls in (ByteDiff).
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    CompareDialog(const ExchangeRecord &first, const ExchangeRecord &second, QWidget *parent = nullptr);
    QString text() const;

private:
    QPlainTextEdit *m_text;
};

} // namespace Wirelab

#endif // WIRELAB_COMPAREDIALOG_H
