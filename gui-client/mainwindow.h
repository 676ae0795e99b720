#ifndef WIRELAB_MAINWINDOW_H
#define WIRELAB_MAINWINDOW_H

#include "appearance.h"
#include "exchangerecord.h"
#include "stepthrough.h"

#include <QtWidgets/QMainWindow>

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QTimer;
QT_END_NAMESPACE

namespace Wirelab {

class CheckWindow;
class ExchangeController;
class HeadlineLabel;
class LabBench;
class MessagePane;
class RequestForm;
class SendPlanBox;
class TimelinePane;
struct SendPlan;

// The window: a request form, the result in large type, the request and the response side
// by side (or one above the other on a narrow screen), each as tree, annotated bytes and
// Python literal, and below them the lab client's transcript, the session's history and the
// built-in server's log. Everything it shows of an exchange comes from its ExchangeRecord.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Below this width the panes go one above the other.
    static constexpr int SideBySideWidth = 1250;
    // On a screen shorter than this the transcript, history and log start hidden (Ctrl+T).
    static constexpr int CompactHeight = 700;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    RequestForm *form() const { return m_form; }
    SendPlanBox *sendPlanBox() const { return m_planBox; }
    void setSendPlanShown(bool shown); // View > Send plan and slow server (hidden at first)
    void showTimelineTab();
    TimelinePane *timelinePane() const { return m_timeline; }
    MessagePane *requestPane() const { return m_requestPane; }
    MessagePane *responsePane() const { return m_responsePane; }
    QString resultText() const;
    QString transcriptText() const;
    QListWidget *historyList() const { return m_historyList; }
    const QList<ExchangeRecord> &history() const { return m_history; }
    ExchangeController *controller() const { return m_controller; }
    QSplitter *panes() const { return m_panes; }
    QTabWidget *bottomTabs() const { return m_tabs; }
    int zoom() const { return m_zoom; }
    LabBench *bench() const { return m_bench; }
    void showBench();
    // The history's exchange at row: sent again (the same bytes, to where the form points),
    // loaded into the form or into the bench; two rows compared byte by byte.
    bool sendAgain(int row);
    void loadIntoForm(int row);
    void loadIntoBench(int row);
    void compareExchanges(int first, int second);

    bool saveHistory(const QString &fileName, QString *error = nullptr);
    // Refused (false, and why) if the file cannot be read at all; otherwise opened, and what
    // was skipped of it in skipped.
    bool loadHistory(const QString &fileName, QString *error = nullptr, QStringList *skipped = nullptr);

    // Sends action and value through the built-in server once the window is up; with a file
    // name, saves a picture of the window after the answer and quits.
    // mistakeId: made of the request in the lab bench and sent from there (LabMistakes::id);
    // the screenshot is then of the bench.
    void sendOnce(const QString &action, const QString &value, const QString &screenshotFile,
                  const QString &mistakeId = QString());
    // The same with the request sent by plan and the built-in server's answer in chunks; the
    // picture then shows the timeline.
    void sendOnce(const QString &action, const QString &value, const QString &screenshotFile,
                  const SendPlan &plan, qint64 answerChunkBytes);

public slots:
    bool send(); // false (and the reason in the result line) if the request cannot be sent
    void setZoom(int steps);
    void setColours(Appearance::Colours colours);

signals:
    void exchangeShown(); // an exchange finished and is on screen

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createMenus();
    void checkServer();
    QWidget *createLegend();
    void colourLegend();
    void setBuiltInServer(bool use);
    void showRecord(const ExchangeRecord &record);
    void showLive();
    void showStep(const StepThrough::State &state);
    void applySlowAnswer();
    void showHeadline(const ExchangeRecord::Headline &headline);
    void clearExchange();
    void addToHistory(const ExchangeRecord &record);
    void keepHistory();
    void openHistoryFile();
    void saveHistoryFile();
    void exportCapture();
    void showKeyboardHelp();
    void showReadingHelp();
    void showHistoryMenu(const QPoint &position);
    void updateBenchTarget();
    void showExchangeStarted();
    void placePanes();
    void restoreSettings();
    void saveSettings() const;

    ExchangeController *m_controller;
    RequestForm *m_form;
    SendPlanBox *m_planBox;
    TimelinePane *m_timeline;
    QTimer *m_liveTimer;
    CheckWindow *m_checkWindow = nullptr; // made on first use
    HeadlineLabel *m_headline;
    MessagePane *m_requestPane;
    MessagePane *m_responsePane;
    QSplitter *m_panes;
    QSplitter *m_vertical;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_transcript;
    QPlainTextEdit *m_serverLog;
    QListWidget *m_historyList;
    LabBench *m_bench;
    QList<ExchangeRecord> m_history;
    QList<QPair<OutlineRole, QLabel *>> m_swatches;
    QList<QAction *> m_colourActions;
    Appearance::Colours m_colours = Appearance::Colours::System;
    QAction *m_keepHistory = nullptr;
    QAction *m_showTabs = nullptr;
    QAction *m_showSendPlan = nullptr; // View > Send plan and slow server
    int m_zoom = 0;
    ExchangeRecord::Headline::Kind m_headlineKind = ExchangeRecord::Headline::Kind::Note;
};

} // namespace Wirelab

#endif // WIRELAB_MAINWINDOW_H
