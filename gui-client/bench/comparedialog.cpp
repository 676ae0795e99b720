#include "comparedialog.h"

#include "bytediff.h"

#include <QtGui/QFontDatabase>
#include <QtGui/QScreen>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

CompareDialog::CompareDialog(const ExchangeRecord &first, const ExchangeRecord &second, QWidget *parent)
    : QDialog(parent), m_text(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Compare two exchanges"));
    auto *names = new QLabel(tr("first: %1\nsecond: %2").arg(first.historyLine(), second.historyLine()), this);
    names->setWordWrap(true);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlainText(ByteDiff::compareExchanges(first, second));
    m_text->setAccessibleName(tr("The two exchanges, byte by byte"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(names);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    const QRect available = screen()->availableGeometry();
    resize(qMin(900, available.width() * 9 / 10), qMin(420, available.height() * 9 / 10));
}

QString CompareDialog::text() const
{
    return m_text->toPlainText();
}

} // namespace Wirelab
