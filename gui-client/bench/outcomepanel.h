#ifndef WIRELAB_OUTCOMEPANEL_H
#define WIRELAB_OUTCOMEPANEL_H

#include "exchangerecord.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
QT_END_NAMESPACE

namespace Wirelab {

// After a request from the bench is sent: the answer and the server's log line side by side,
// a sentence on what happened and why (the mistake made, and what the server read), and the
// answer beside the one the lab's server gives to the same request, byte by byte.
class OutcomePanel : public QWidget
{
    Q_OBJECT
public:
    explicit OutcomePanel(QWidget *parent = nullptr);

    // mistake: the mistake's name and explanation, if the bytes sent were one; serverLog: the
    // built-in server's lines for this connection so far (empty for another server).
    void showExchange(const ExchangeRecord &record, const QString &mistake, bool builtInServer);
    void addServerLogLine(const QString &line);
    void clear();

    QString headline() const;
    QString answerText() const;
    QString serverLogText() const;
    QString whyText() const;
    QString diffText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void colourHeadline();

    QLabel *m_headline;
    QPlainTextEdit *m_answer;
    QPlainTextEdit *m_serverLog;
    QPlainTextEdit *m_why;
    QLabel *m_diffSummary;
    QPlainTextEdit *m_diff;
    QString m_peer; // ('127.0.0.1', 40000): what the built-in server's lines name
    ExchangeRecord::Headline::Kind m_kind = ExchangeRecord::Headline::Kind::Note;
};

} // namespace Wirelab

#endif // WIRELAB_OUTCOMEPANEL_H
