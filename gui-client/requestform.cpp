#include "requestform.h"

#include "flowlayout.h"
#include "labprotocol.h"
#include "rolecolors.h"

#include <QtCore/QEvent>
#include <QtGui/QShortcut>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

namespace {

// A label and its field as one item of the flowing form, the label's mnemonic on the field.
QWidget *labelled(const QString &text, QWidget *field, QWidget *parent)
{
    auto *group = new QWidget(parent);
    auto *layout = new QHBoxLayout(group);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(text, group);
    label->setBuddy(field);
    layout->addWidget(label);
    layout->addWidget(field);
    return group;
}

} // namespace

RequestForm::RequestForm(QWidget *parent)
    : QWidget(parent),
      m_builtIn(new QCheckBox(tr("&Built-in server"), this)),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_action(new QComboBox(this)),
      m_value(new QLineEdit(this)),
      m_validation(new QLabel(this)),
      m_send(new QPushButton(tr("&Send"), this)),
      m_cancel(new QPushButton(tr("Cancel (Esc)"), this))
{
    m_builtIn->setToolTip(tr("Run the lab server inside this window, on 127.0.0.1 and a port "
                             "the system chooses, so nothing else needs to be running."));
    m_host->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 14);
    m_port->setRange(1, 65535);
    m_action->setEditable(true);
    m_action->addItems({ QStringLiteral("search"), QStringLiteral("double"), QStringLiteral("negate"),
                         QStringLiteral("binary") });
    m_action->setToolTip(tr("search is sent as JSON; double and negate as struct \">6si\"; any "
                            "other word as the bytes of action + value."));
    m_value->setPlaceholderText(tr("morpheus, 7654321, ..."));
    m_value->setClearButtonEnabled(true);
    m_value->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 18);
    m_send->setDefault(true);
    m_send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_send->setToolTip(tr("Send the request (Enter or Ctrl+Return)"));
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(tr("Stop waiting for the answer (Esc)"));
    m_validation->setWordWrap(true);
    m_validation->setAccessibleName(tr("What is wrong with the request"));
    updateColors();

    // The form flows: on a narrow window its groups wrap onto a second line.
    auto *fields = new QWidget(this);
    auto *flow = new FlowLayout(fields);
    flow->setContentsMargins(0, 0, 0, 0);
    flow->addWidget(m_builtIn);
    flow->addWidget(labelled(tr("&Host:"), m_host, fields));
    flow->addWidget(labelled(tr("P&ort:"), m_port, fields));
    flow->addWidget(labelled(tr("&Action:"), m_action, fields));
    flow->addWidget(labelled(tr("&Value:"), m_value, fields));
    flow->addWidget(m_send);
    flow->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(fields);
    layout->addWidget(m_validation);

    connect(m_builtIn, &QCheckBox::toggled, this, [this](bool use) {
        if (use) {
            m_remoteHost = m_host->text();
            m_remotePort = quint16(m_port->value());
            m_host->setText(QStringLiteral("127.0.0.1"));
            if (m_builtInPort)
                m_port->setValue(m_builtInPort);
        } else {
            m_host->setText(m_remoteHost);
            m_port->setValue(m_remotePort);
        }
        // The built-in server decides where requests go.
        m_host->setEnabled(!use);
        m_port->setEnabled(!use);
        validate();
        emit builtInServerToggled(use);
    });
    connect(m_action, &QComboBox::currentTextChanged, this, &RequestForm::validate);
    connect(m_value, &QLineEdit::textChanged, this, &RequestForm::validate);
    connect(m_host, &QLineEdit::textChanged, this, &RequestForm::validate);
    // Enter sends from any field of the form, as Ctrl+Return does.
    for (const QKeySequence &key : { QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter) }) {
        auto *enter = new QShortcut(key, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(enter, &QShortcut::activated, this, [this] {
            if (m_send->isEnabled())
                emit sendRequested();
        });
    }
    connect(m_send, &QPushButton::clicked, this, &RequestForm::sendRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RequestForm::cancelRequested);
    validate();
}

void RequestForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColors();
}

void RequestForm::updateColors()
{
    QPalette warning = m_validation->palette();
    warning.setColor(QPalette::WindowText, RoleColors::errorText(palette()));
    m_validation->setPalette(warning);
}

QString RequestForm::host() const { return m_host->text().trimmed(); }
quint16 RequestForm::port() const { return quint16(m_port->value()); }
QString RequestForm::action() const { return m_action->currentText(); }
QString RequestForm::value() const { return m_value->text(); }
bool RequestForm::useBuiltInServer() const { return m_builtIn->isChecked(); }

void RequestForm::setHost(const QString &host)
{
    m_remoteHost = host;
    if (!useBuiltInServer())
        m_host->setText(host);
}

void RequestForm::setPort(quint16 port)
{
    m_remotePort = port;
    if (!useBuiltInServer())
        m_port->setValue(port);
}

void RequestForm::setAction(const QString &action) { m_action->setCurrentText(action); }
void RequestForm::setValue(const QString &value) { m_value->setText(value); }
void RequestForm::setUseBuiltInServer(bool use) { m_builtIn->setChecked(use); }

void RequestForm::setBuiltInServerPort(quint16 port)
{
    m_builtInPort = port;
    if (useBuiltInServer() && port)
        m_port->setValue(port);
}

void RequestForm::setBusy(bool busy)
{
    m_busy = busy;
    m_cancel->setEnabled(busy);
    validate();
}

QString RequestForm::validationMessage() const
{
    return m_validation->text();
}

void RequestForm::setEditedByHand(bool edited)
{
    m_editedByHand = edited;
    validate();
}

void RequestForm::validate()
{
    QString problem;
    if (m_editedByHand) {
        // Not a problem: a note, in the same place, that Send does not use the form's value.
        m_validation->setText(tr("Edited by hand in the lab bench (Ctrl+B): Send sends those bytes."));
        m_validation->setVisible(true);
        m_send->setEnabled(!host().isEmpty() && !m_busy);
        return;
    }
    if (action().trimmed().isEmpty())
        problem = tr("Type an action: search, double, negate or any other word.");
    else if (host().isEmpty())
        problem = tr("Type the server's host name or address.");
    else if (const Lab::RequestResult request = Lab::buildRequest(action(), value()); !request.ok())
        problem = request.error->reason;
    m_validation->setText(problem);
    m_validation->setVisible(!problem.isEmpty());
    m_send->setEnabled(problem.isEmpty() && !m_busy);
}

} // namespace Wirelab
