#include "sendplanbox.h"

#include "flowlayout.h"

#include <QtCore/QRegularExpression>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <algorithm>

namespace Wirelab {

namespace {

QSpinBox *spinBox(QWidget *parent, int minimum, int maximum, int value, const QString &suffix,
                  const QString &name)
{
    auto *box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setAccessibleName(name);
    return box;
}

// "2, 40 100": the offsets, or nullopt if a piece is not a number.
std::optional<QList<qsizetype>> parseCutPoints(const QString &text)
{
    QList<qsizetype> cuts;
    for (const QString &piece : text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong offset = piece.toLongLong(&ok);
        if (!ok || offset < 0)
            return std::nullopt;
        cuts.append(qsizetype(offset));
    }
    return cuts;
}

QString joinedCutPoints(const QList<qsizetype> &cuts)
{
    QStringList texts;
    for (const qsizetype cut : cuts)
        texts.append(QString::number(cut));
    return texts.join(QStringLiteral(", "));
}

} // namespace

SendPlanBox::SendPlanBox(QWidget *parent)
    : QWidget(parent),
      m_mode(new QComboBox(this)),
      m_chunkBytes(spinBox(this, 1, 1 << 20, 16, tr(" bytes"), tr("Chunk size"))),
      m_interval(spinBox(this, 0, 60'000, 100, tr(" ms"), tr("Pause between writes"))),
      m_cutPoints(new QLineEdit(this)),
      m_cutAtCursor(new QPushButton(tr("+ &cut at the byte cursor"), this)),
      m_pauseBeforeLast(spinBox(this, 0, 60'000, 0, tr(" ms"), tr("Pause before the last byte"))),
      m_answerChunk(spinBox(this, 0, 1 << 20, 0, tr(" bytes"), tr("Server's answer chunk size"))),
      m_answerDelay(spinBox(this, 0, 60'000, 0, tr(" ms"), tr("Server's delay before each chunk")))
{
    for (const auto &[mode, label] : { std::pair { SendPlan::Mode::Whole, tr("whole (as the lab does)") },
                                       std::pair { SendPlan::Mode::Chunks, tr("in chunks") },
                                       std::pair { SendPlan::Mode::Boundaries, tr("at the prefix/header/content boundaries") },
                                       std::pair { SendPlan::Mode::ByteByByte, tr("one byte at a time") },
                                       std::pair { SendPlan::Mode::CutPoints, tr("at cut points") } })
        m_mode->addItem(label, int(mode));
    m_mode->setAccessibleName(tr("How the request is sent"));
    m_cutPoints->setPlaceholderText(tr("offsets: 2, 40"));
    m_cutPoints->setAccessibleName(tr("Cut points"));
    m_cutPoints->setToolTip(tr("Offsets into the request where a new write begins, e.g. \"2, 40\" "
                               "(the bytes' cursor shows the offset)."));
    m_answerChunk->setSpecialValueText(tr("as fast as read"));
    m_answerChunk->setToolTip(tr("The built-in server sends its answer in chunks of this many bytes."));
    m_answerDelay->setToolTip(tr("The built-in server waits this long before each chunk of its answer."));
    m_pauseBeforeLast->setSpecialValueText(tr("none"));

    auto *layout = new FlowLayout(this, 4);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *sendLabel = new QLabel(tr("Se&nd:"), this);
    sendLabel->setBuddy(m_mode);
    layout->addWidget(sendLabel);
    layout->addWidget(m_mode);
    layout->addWidget(new QLabel(tr("of"), this));
    layout->addWidget(m_chunkBytes);
    layout->addWidget(new QLabel(tr("cut at"), this));
    layout->addWidget(m_cutPoints);
    layout->addWidget(m_cutAtCursor);
    layout->addWidget(new QLabel(tr("every"), this));
    layout->addWidget(m_interval);
    layout->addWidget(new QLabel(tr("last byte after"), this));
    layout->addWidget(m_pauseBeforeLast);
    auto *serverLabel = new QLabel(tr("Built-in server ans&wers in chunks of"), this);
    serverLabel->setBuddy(m_answerChunk);
    layout->addWidget(serverLabel);
    layout->addWidget(m_answerChunk);
    layout->addWidget(new QLabel(tr("each after"), this));
    layout->addWidget(m_answerDelay);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        emit planChanged();
    });
    for (QSpinBox *box : { m_chunkBytes, m_interval, m_pauseBeforeLast })
        connect(box, &QSpinBox::valueChanged, this, &SendPlanBox::planChanged);
    connect(m_cutPoints, &QLineEdit::textChanged, this, &SendPlanBox::planChanged);
    m_cutAtCursor->setToolTip(tr("A new write begins at the byte the request's cursor is on (click it in the bytes)."));
    connect(m_cutAtCursor, &QPushButton::clicked, this, &SendPlanBox::cutAtCursorRequested);
    for (QSpinBox *box : { m_answerChunk, m_answerDelay })
        connect(box, &QSpinBox::valueChanged, this, &SendPlanBox::slowAnswerChanged);
    updateEnabled();
}

SendPlan SendPlanBox::plan() const
{
    SendPlan plan;
    plan.mode = SendPlan::Mode(m_mode->currentData().toInt());
    plan.chunkBytes = m_chunkBytes->value();
    plan.cutPoints = parseCutPoints(m_cutPoints->text()).value_or(QList<qsizetype> {});
    // Whole is one write: no pause between writes it does not make.
    if (plan.mode != SendPlan::Mode::Whole)
        plan.interval = std::chrono::milliseconds(m_interval->value());
    plan.pauseBeforeLastByte = std::chrono::milliseconds(m_pauseBeforeLast->value());
    return plan;
}

void SendPlanBox::setPlan(const SendPlan &plan)
{
    m_mode->setCurrentIndex(qMax(0, m_mode->findData(int(plan.mode))));
    m_chunkBytes->setValue(int(plan.chunkBytes));
    m_cutPoints->setText(joinedCutPoints(plan.cutPoints));
    m_interval->setValue(int(plan.interval.count()));
    m_pauseBeforeLast->setValue(int(plan.pauseBeforeLastByte.count()));
}

bool SendPlanBox::cutPointsValid() const
{
    return plan().mode != SendPlan::Mode::CutPoints || parseCutPoints(m_cutPoints->text()).has_value();
}

void SendPlanBox::addCutPoint(qsizetype offset)
{
    QList<qsizetype> cuts = parseCutPoints(m_cutPoints->text()).value_or(QList<qsizetype> {});
    if (!cuts.contains(offset))
        cuts.append(offset);
    std::sort(cuts.begin(), cuts.end());
    m_mode->setCurrentIndex(m_mode->findData(int(SendPlan::Mode::CutPoints)));
    m_cutPoints->setText(joinedCutPoints(cuts));
}

qint64 SendPlanBox::answerChunkBytes() const
{
    return m_answerChunk->value();
}

std::chrono::milliseconds SendPlanBox::answerDelay() const
{
    return std::chrono::milliseconds(m_answerDelay->value());
}

void SendPlanBox::setSlowAnswer(qint64 chunkBytes, std::chrono::milliseconds delay)
{
    m_answerChunk->setValue(int(chunkBytes));
    m_answerDelay->setValue(int(delay.count()));
}

void SendPlanBox::updateEnabled()
{
    const auto mode = SendPlan::Mode(m_mode->currentData().toInt());
    m_chunkBytes->setEnabled(mode == SendPlan::Mode::Chunks);
    m_cutPoints->setEnabled(mode == SendPlan::Mode::CutPoints);
    m_interval->setEnabled(mode != SendPlan::Mode::Whole);
}

} // namespace Wirelab
