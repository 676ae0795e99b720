#include "timelinepane.h"

#include "timelinemodel.h"

#include <QtGui/QFontDatabase>
#include <QtGui/QShortcut>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>
#include <tuple>

namespace Wirelab {

TimelinePane::TimelinePane(QWidget *parent)
    : QWidget(parent),
      m_model(new TimelineModel(this)),
      m_list(new QTableView(this)),
      m_state(new QLabel(this)),
      m_details(new QLabel(this)),
      m_first(new QPushButton(tr("First"), this)),
      m_back(new QPushButton(tr("◀ Back"), this)),
      m_forward(new QPushButton(tr("Forward ▶"), this)),
      m_last(new QPushButton(tr("Last"), this))
{
    m_list->setModel(m_model);
    m_list->setAccessibleName(tr("Timeline"));
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setWordWrap(false);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setAccessibleName(tr("Connection details"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setAccessibleName(tr("Step"));
    // A step's text and the details can be long (a read's bytes, a big exchange's counts):
    // they wrap, and never widen the window beyond the screen.
    for (QLabel *label : { m_state, m_details }) {
        label->setWordWrap(true);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }

    // Shortcuts of their own, not the buttons': a button's shortcut clicks it after an
    // animation, and a step must show at once (held down, the key repeats).
    const std::tuple<QPushButton *, QKeySequence, bool (TimelinePane::*)()> keys[] = {
        { m_first, QKeySequence(Qt::ALT | Qt::Key_Home), &TimelinePane::first },
        { m_back, QKeySequence(Qt::ALT | Qt::Key_Left), &TimelinePane::back },
        { m_forward, QKeySequence(Qt::ALT | Qt::Key_Right), &TimelinePane::forward },
        { m_last, QKeySequence(Qt::ALT | Qt::Key_End), &TimelinePane::last },
    };
    for (const auto &[button, key, step] : keys) {
        button->setToolTip(key.toString(QKeySequence::NativeText));
        connect(button, &QPushButton::clicked, this, step);
        connect(new QShortcut(key, this), &QShortcut::activated, this, step);
    }
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_showing && current.isValid() && m_steps.setStep(current.row()))
                    showStep(true);
            });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Step through:"), this));
    for (QPushButton *button : { m_first, m_back, m_forward, m_last })
        buttons->addWidget(button);
    buttons->addWidget(m_state, 1);
    auto *left = new QVBoxLayout;
    left->addLayout(buttons);
    left->addWidget(m_list, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 3);
    layout->addWidget(m_details, 1);
    showStep(false);
}

void TimelinePane::setTimeline(const ExchangeTimeline &timeline)
{
    m_steps.setTimeline(timeline);
    m_model->setTimeline(timeline);
    m_details->setText(timeline.isEmpty() ? tr("No connection yet.") : timeline.details().lines().join(QLatin1Char('\n')));
    showStep(false);
}

QString TimelinePane::detailsText() const
{
    return m_details->text();
}

QString TimelinePane::stateText() const
{
    return m_state->text();
}

bool TimelinePane::setStep(int step)
{
    if (!m_steps.setStep(step))
        return false;
    showStep(true);
    return true;
}

bool TimelinePane::forward()
{
    return setStep(m_steps.step() + 1);
}

bool TimelinePane::back()
{
    return setStep(m_steps.step() - 1);
}

bool TimelinePane::first()
{
    return setStep(0);
}

bool TimelinePane::last()
{
    return setStep(m_steps.count() - 1);
}

void TimelinePane::showStep(bool announce)
{
    const StepThrough::State state = m_steps.state();
    {
        // Selecting the row is the pane's own doing, not a step the reader took.
        m_showing = true;
        if (state.step >= 0) {
            m_list->selectRow(state.step);
            m_list->scrollTo(m_model->index(state.step, 0));
        } else {
            m_list->clearSelection();
        }
        m_showing = false;
    }
    m_state->setText(state.step < 0 ? QString()
                                    : tr("%1 of %2: %3").arg(state.step + 1).arg(m_steps.count())
                                              .arg(state.stateText.isEmpty() ? state.eventText : state.stateText));
    m_first->setEnabled(!m_steps.atFirst());
    m_back->setEnabled(!m_steps.atFirst());
    m_forward->setEnabled(!m_steps.atLast());
    m_last->setEnabled(!m_steps.atLast());
    if (announce)
        emit stepped(state);
}

} // namespace Wirelab
