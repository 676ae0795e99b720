#include "outcomepanel.h"

#include "bytediff.h"
#include "byteformats.h"
#include "requestreading.h"
#include "rolecolors.h"
#include "transcript.h"

#include <QtCore/QEvent>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

namespace {

QPlainTextEdit *textView(QWidget *parent, const QString &name, QPlainTextEdit::LineWrapMode wrap)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(wrap);
    view->setAccessibleName(name);
    view->setMinimumHeight(view->fontMetrics().lineSpacing() * 3);
    return view;
}

} // namespace

OutcomePanel::OutcomePanel(QWidget *parent)
    : QWidget(parent),
      m_headline(new QLabel(this)),
      m_answer(textView(this, tr("The answer"), QPlainTextEdit::WidgetWidth)),
      m_serverLog(textView(this, tr("The server's log"), QPlainTextEdit::WidgetWidth)),
      m_why(textView(this, tr("What happened and why"), QPlainTextEdit::WidgetWidth)),
      m_diffSummary(new QLabel(this)),
      m_diff(textView(this, tr("Expected versus actual"), QPlainTextEdit::NoWrap))
{
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    // The sentences run long: a view that wraps and scrolls, in the panel's proportional font.
    m_why->setFont(font());
    for (QLabel *label : { m_headline, m_diffSummary }) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto *answerLabel = new QLabel(tr("The &answer:"), this);
    answerLabel->setBuddy(m_answer);
    auto *logLabel = new QLabel(tr("The server's &log:"), this);
    logLabel->setBuddy(m_serverLog);
    auto *diffLabel = new QLabel(tr("&Expected (the lab's server) versus actual:"), this);
    diffLabel->setBuddy(m_diff);
    auto *sides = new QGridLayout;
    sides->addWidget(answerLabel, 0, 0);
    sides->addWidget(logLabel, 0, 1);
    sides->addWidget(m_answer, 1, 0);
    sides->addWidget(m_serverLog, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addLayout(sides, 1);
    layout->addWidget(m_why, 1);
    layout->addWidget(diffLabel);
    layout->addWidget(m_diffSummary);
    // Three lines (expected, actual, the caret) and a scroll bar: the rest of the room is the answer's.
    m_diff->setMaximumHeight(m_diff->fontMetrics().lineSpacing() * 5 + 2 * m_diff->frameWidth());
    layout->addWidget(m_diff);
    clear();
}

void OutcomePanel::clear()
{
    m_headline->setText(tr("Send the bytes (Ctrl+Return) to see what comes back."));
    m_kind = ExchangeRecord::Headline::Kind::Note;
    colourHeadline();
    m_answer->clear();
    m_serverLog->clear();
    m_why->clear();
    m_diffSummary->clear();
    m_diff->clear();
    m_peer.clear();
}

void OutcomePanel::showExchange(const ExchangeRecord &record, const QString &mistake, bool builtInServer)
{
    const ExchangeRecord::Headline headline = record.headline();
    m_headline->setText(headline.text);
    m_kind = headline.kind;
    colourHeadline();
    m_answer->setPlainText(record.responseBytes.isEmpty()
                                   ? tr("(nothing came back)")
                                   : ByteFormats::pythonLiteral(record.responseBytes));
    const Transcript::Peer peer { record.conversation.client.address, record.conversation.client.port };
    m_peer = builtInServer && peer.port ? peer.repr() : QString();
    if (m_peer.isEmpty()) {
        // Another server's log is on its own machine: this is what ours would write. Not the
        // lab's Python server to the letter: that one drops a connection whose result does not
        // fit in an int32 without a word, and has no header limit (docs/LAB-SPEC.md 5.4).
        const RequestReading::ServerSide lab = RequestReading::labServer(record.requestBytes, peer);
        m_serverLog->setPlainText(tr("(not the built-in server; wirelab-server, the lab's server as docs/LAB-SPEC.md "
                                     "has it, would log:)") + QLatin1Char('\n')
                                  + lab.log.join(QLatin1Char('\n')));
    } else {
        m_serverLog->clear();
    }
    QString why = RequestReading::explain(record.requestBytes).join(QLatin1Char(' '));
    if (!mistake.isEmpty())
        why = mistake + QLatin1Char(' ') + why;
    if (record.ending == ExchangeRecord::Ending::Failed)
        why += QLatin1Char(' ') + tr("The client's side: %1").arg(record.error);
    m_why->setPlainText(why);
    const ByteDiff::Comparison diff = ByteDiff::againstLab(record);
    m_diffSummary->setText(diff.summary);
    m_diff->setPlainText(diff.lines.join(QLatin1Char('\n')));
}

void OutcomePanel::addServerLogLine(const QString &line)
{
    if (!m_peer.isEmpty() && line.contains(m_peer))
        m_serverLog->appendPlainText(line);
}

void OutcomePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        colourHeadline();
}

void OutcomePanel::colourHeadline()
{
    QPalette palette = m_headline->palette();
    palette.setColor(QPalette::WindowText, m_kind == ExchangeRecord::Headline::Kind::Error
                                                   ? RoleColors::errorText(this->palette())
                                                   : this->palette().color(QPalette::WindowText));
    m_headline->setPalette(palette);
}

QString OutcomePanel::headline() const { return m_headline->text(); }
QString OutcomePanel::answerText() const { return m_answer->toPlainText(); }
QString OutcomePanel::serverLogText() const { return m_serverLog->toPlainText(); }
QString OutcomePanel::whyText() const { return m_why->toPlainText(); }
QString OutcomePanel::diffText() const { return m_diffSummary->text() + QLatin1Char('\n') + m_diff->toPlainText(); }

} // namespace Wirelab
