#ifndef WIRELAB_MAINWINDOW_H
#define WIRELAB_MAINWINDOW_H

#include "exchangerecord.h"

#include <QtWidgets/QMainWindow>

QT_BEGIN_NAMESPACE
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QSplitter;
QT_END_NAMESPACE

namespace Wirelab {

class ExchangeController;
class MessagePane;
class RequestForm;

// The window: a request form, the request and the response side by side (tree, annotated
// bytes, Python literal), the result in large type, the lab client's transcript, the
// built-in server's log and the session's history.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    RequestForm *form() const { return m_form; }
    MessagePane *requestPane() const { return m_requestPane; }
    MessagePane *responsePane() const { return m_responsePane; }
    QString resultText() const;
    QString transcriptText() const;
    QListWidget *historyList() const { return m_historyList; }
    const QList<ExchangeRecord> &history() const { return m_history; }
    ExchangeController *controller() const { return m_controller; }

    bool saveHistory(const QString &fileName, QString *error = nullptr) const;
    bool loadHistory(const QString &fileName, QString *error = nullptr);

    // Sends action and value through the built-in server once the window is up; with a file
    // name, saves a picture of the window after the answer and quits.
    void sendOnce(const QString &action, const QString &value, const QString &screenshotFile);

public slots:
    bool send(); // false (and the reason in the result line) if the request cannot be sent

signals:
    void exchangeShown(); // an exchange finished and is on screen

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    QWidget *createLegend();
    void setBuiltInServer(bool use);
    void showRecord(const ExchangeRecord &record);
    void clearExchange();
    void showResult(const QString &text, bool isError);
    void addToHistory(const ExchangeRecord &record);
    void restoreSettings();
    void saveSettings() const;

    ExchangeController *m_controller;
    RequestForm *m_form;
    QLabel *m_result;
    MessagePane *m_requestPane;
    MessagePane *m_responsePane;
    QSplitter *m_panes;
    QSplitter *m_vertical;
    QPlainTextEdit *m_transcript;
    QPlainTextEdit *m_serverLog;
    QListWidget *m_historyList;
    QList<ExchangeRecord> m_history;
};

} // namespace Wirelab

#endif // WIRELAB_MAINWINDOW_H
