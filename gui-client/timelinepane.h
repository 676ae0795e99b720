#ifndef WIRELAB_TIMELINEPANE_H
#define WIRELAB_TIMELINEPANE_H

#include "stepthrough.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTableView;
QT_END_NAMESPACE

namespace Wirelab {

class TimelineModel;

// The timeline of an exchange as an event list (both ends when the built-in server answered),
// the connection's details beside it, and step-through: First / Back / Forward / Last (also
// Alt+Home, Alt+Left, Alt+Right, Alt+End, and the arrow keys in the list). Selecting an event
// is a step: stepped() hands the window the state at that event, which its panes render.
class TimelinePane : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePane(QWidget *parent = nullptr);

    // A new timeline, at its last event; stepped() is not emitted (the window shows the
    // exchange itself). Live, while an exchange is under way, it follows the last event.
    void setTimeline(const ExchangeTimeline &timeline);
    const StepThrough &stepThrough() const { return m_steps; }
    QTableView *eventList() const { return m_list; }
    QString detailsText() const;
    QString stateText() const;

public slots:
    bool setStep(int step);
    bool forward();
    bool back();
    bool first();
    bool last();

signals:
    void stepped(const Wirelab::StepThrough::State &state);

private:
    void showStep(bool announce);

    StepThrough m_steps;
    TimelineModel *m_model;
    QTableView *m_list;
    QLabel *m_state;
    QLabel *m_details;
    QPushButton *m_first;
    QPushButton *m_back;
    QPushButton *m_forward;
    QPushButton *m_last;
    bool m_showing = false;
};

} // namespace Wirelab

#endif // WIRELAB_TIMELINEPANE_H
