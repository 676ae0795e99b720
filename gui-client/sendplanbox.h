#ifndef WIRELAB_SENDPLANBOX_H
#define WIRELAB_SENDPLANBOX_H

#include "sendplan.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
QT_END_NAMESPACE

namespace Wirelab {

// The lab bench's two knobs, on one row: how the request goes out (SendPlan: whole, N-byte
// chunks every M ms, at the prefix/header/content boundaries, byte by byte, at cut points
// typed in; a pause before the last byte) and how the built-in server answers (in chunks of
// so many bytes, each after a delay). Only the fields the chosen way uses are enabled.
class SendPlanBox : public QWidget
{
    Q_OBJECT
public:
    explicit SendPlanBox(QWidget *parent = nullptr);

    SendPlan plan() const;
    void setPlan(const SendPlan &plan);
    // The cut points as typed: "2, 40, 100" (offsets into the request); false if they are to
    // be used and are not numbers.
    bool cutPointsValid() const;

    // Adds a cut point (a byte clicked in the request's hex view) and chooses cut points.
    void addCutPoint(qsizetype offset);

    qint64 answerChunkBytes() const; // 0: the server's usual
    std::chrono::milliseconds answerDelay() const;
    void setSlowAnswer(qint64 chunkBytes, std::chrono::milliseconds delay);

    QComboBox *modeBox() const { return m_mode; }
    QSpinBox *chunkBytesBox() const { return m_chunkBytes; }
    QSpinBox *intervalBox() const { return m_interval; }
    QLineEdit *cutPointsEdit() const { return m_cutPoints; }
    QPushButton *cutAtCursorButton() const { return m_cutAtCursor; }
    QSpinBox *pauseBeforeLastBox() const { return m_pauseBeforeLast; }
    QSpinBox *answerChunkBox() const { return m_answerChunk; }
    QSpinBox *answerDelayBox() const { return m_answerDelay; }

signals:
    void planChanged();
    void cutAtCursorRequested(); // the window adds the request's byte cursor
    void slowAnswerChanged();

private:
    void updateEnabled();

    QComboBox *m_mode;
    QSpinBox *m_chunkBytes;
    QSpinBox *m_interval;
    QLineEdit *m_cutPoints;
    QPushButton *m_cutAtCursor;
    QSpinBox *m_pauseBeforeLast;
    QSpinBox *m_answerChunk;
    QSpinBox *m_answerDelay;
};

} // namespace Wirelab

#endif // WIRELAB_SENDPLANBOX_H
