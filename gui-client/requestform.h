#ifndef WIRELAB_REQUESTFORM_H
#define WIRELAB_REQUESTFORM_H

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
QT_END_NAMESPACE

namespace Wirelab {

// Where to send and what: host, port, action, value, the built-in server switch, and the
// Send and Cancel buttons. Checks the value as it is typed.
class RequestForm : public QWidget
{
    Q_OBJECT
public:
    explicit RequestForm(QWidget *parent = nullptr);

    QString host() const;
    quint16 port() const;
    QString action() const;
    QString value() const;
    bool useBuiltInServer() const;

    void setHost(const QString &host);
    void setPort(quint16 port);
    void setAction(const QString &action);
    void setValue(const QString &value);
    void setUseBuiltInServer(bool use);
    void setBuiltInServerPort(quint16 port);
    void setBusy(bool busy);
    // The lab bench's bytes are edited by hand: Send sends them, whatever the value says.
    void setEditedByHand(bool edited);
    bool isEditedByHand() const { return m_editedByHand; }

    QString validationMessage() const;
    QPushButton *sendButton() const { return m_send; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLineEdit *valueEdit() const { return m_value; }
    QComboBox *actionBox() const { return m_action; }
    QCheckBox *builtInServerBox() const { return m_builtIn; }
    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portBox() const { return m_port; }

signals:
    void sendRequested();
    void cancelRequested();
    void builtInServerToggled(bool use);

protected:
    void changeEvent(QEvent *event) override;

private:
    void validate();
    void updateColors();

    QCheckBox *m_builtIn;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_action;
    QLineEdit *m_value;
    QLabel *m_validation;
    QPushButton *m_send;
    QPushButton *m_cancel;
    quint16 m_builtInPort = 0;
    quint16 m_remotePort = 65432;
    QString m_remoteHost = QStringLiteral("127.0.0.1");
    bool m_busy = false;
    bool m_editedByHand = false;
};

} // namespace Wirelab

#endif // WIRELAB_REQUESTFORM_H
