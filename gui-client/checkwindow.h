#ifndef WIRELAB_CHECKWINDOW_H
#define WIRELAB_CHECKWINDOW_H

#include "caseresult.h"

#include <QtWidgets/QDialog>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTreeView;

namespace Wirelab::Check {
class CheckRunner;
}

namespace Wirelab {

// Tools > Check this server: wirelab-check's server cases, run by its own engine on the
// event loop against the host and port in the form, a row per case as it ends, and the
// evidence of the selected case as wirelab-check prints it. The report can be saved as the
// same HTML page wirelab-check --html writes.
class CheckWindow : public QDialog
{
    Q_OBJECT
public:
    explicit CheckWindow(QWidget *parent = nullptr);
    ~CheckWindow() override;

    void start(const QString &host, quint16 port);
    bool isRunning() const;
    const Check::CheckReport &report() const;

    // For tests: the rows' model (verdict, id, clauses, title, problem) and the details.
    QStandardItemModel *resultsModel() const { return m_results; }
    QString details() const;

signals:
    void finished(const Wirelab::Check::CheckReport &report);

protected:
    void reject() override; // Esc or Close: a running check is cancelled first

private:
    void caseStarted(const QString &id, const QString &title, int index, int count);
    void caseFinished(const Check::CaseResult &result, int index, int count);
    void runFinished(const Check::CheckReport &report);
    void showSelectedCase();
    void saveReport();

    Check::CheckRunner *m_runner = nullptr;
    QString m_host;
    quint16 m_port = 0;
    QList<Check::CaseResult> m_finished;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QStandardItemModel *m_results = nullptr;
    QTreeView *m_table = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_again = nullptr;
    QPushButton *m_stop = nullptr;
};

} // namespace Wirelab

#endif // WIRELAB_CHECKWINDOW_H
