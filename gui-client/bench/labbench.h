#ifndef WIRELAB_LABBENCH_H
#define WIRELAB_LABBENCH_H

#include "codesnippets.h"
#include "exchangerecord.h"
#include "labmistakes.h"

#include <QtWidgets/QMainWindow>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
QT_END_NAMESPACE

namespace Wirelab {

class DataInspector;
class OutcomePanel;
class RequestEditor;

// The lab bench: the request as bytes to edit by hand. It follows the window's form (action
// and value) until its bytes are edited, then says "edited by hand" and the window sends its
// bytes, exactly. The Mistakes menu turns the request into each classic mistake; the data
// inspector reads and writes the bytes at the cursor; Copy as code writes them as a program;
// after sending, the answer, the server's log line, why, and the lab's answer beside it.
class LabBench : public QMainWindow
{
    Q_OBJECT
public:
    explicit LabBench(QWidget *parent = nullptr);

    // The form's request: shown while the bytes are not edited by hand.
    void setFormRequest(const QString &action, const QString &value);
    void setTarget(const QString &target); // where Send sends: "127.0.0.1:40000, the built-in server"
    void setBusy(bool busy);

    bool isEditedByHand() const { return m_editedByHand; }
    QByteArray bytes() const;
    // Bytes from the history: edited by hand unless they are the form's.
    void loadBytes(const QByteArray &bytes);
    // The current request (the bytes, if they are one message; else the form's) with the
    // mistake made; false, and why in the status bar, if it cannot be made of it.
    bool applyMistake(LabMistakes::Mistake mistake);
    void backToForm();
    void showExchange(const ExchangeRecord &record, bool builtInServer);
    void addServerLogLine(const QString &line);
    QString codeText(CodeSnippets::Format format, bool selectionOnly) const;

    QMenu *mistakesMenu() const { return m_mistakes; }
    RequestEditor *editor() const { return m_editor; }
    DataInspector *inspector() const { return m_inspector; }
    OutcomePanel *outcome() const { return m_outcome; }
    QTabWidget *tabs() const { return m_tabs; }
    QPushButton *sendButton() const { return m_send; }
    QString linkText() const;
    QPlainTextEdit *codeView() const { return m_code; }
    QComboBox *codeFormatBox() const { return m_codeFormat; }

signals:
    void sendRequested();
    void editedByHandChanged(bool edited);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void createMenus();
    QWidget *createCodeTab();
    void setEditedByHand(bool edited);
    void updateLink();
    void bytesChanged(const QByteArray &bytes, bool byHand);
    void updateInspectorAndCode(); // the bytes changed
    void cursorMoved();
    void updateCode();
    void placePanes();

    RequestEditor *m_editor;
    DataInspector *m_inspector;
    OutcomePanel *m_outcome;
    QTabWidget *m_tabs;
    QSplitter *m_top;
    QLabel *m_link;
    QPushButton *m_back;
    QLabel *m_target;
    QPushButton *m_send;
    QMenu *m_mistakes = nullptr;
    QComboBox *m_codeFormat = nullptr;
    QCheckBox *m_codeSelection = nullptr;
    QPlainTextEdit *m_code = nullptr;
    QString m_action;
    QString m_value;
    QByteArray m_formBytes;
    QString m_formProblem; // why the form's request cannot be made, if it cannot
    bool m_editedByHand = false;
    QByteArray m_mistakeBytes; // the last mistake made, to say why after sending
    QString m_mistakeText;
    QStringList m_recentServerLines;
};

} // namespace Wirelab

#endif // WIRELAB_LABBENCH_H
