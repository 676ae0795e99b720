#include "requestform.h"

#include "labprotocol.h"

#include <QtGui/QShortcut>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>

namespace Wirelab {

RequestForm::RequestForm(QWidget *parent)
    : QWidget(parent),
      m_builtIn(new QCheckBox(tr("Built-in server"), this)),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_action(new QComboBox(this)),
      m_value(new QLineEdit(this)),
      m_validation(new QLabel(this)),
      m_send(new QPushButton(tr("&Send"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this))
{
    m_builtIn->setToolTip(tr("Run the lab server inside this window, on 127.0.0.1 and a port "
                             "the system chooses, so nothing else needs to be running."));
    m_port->setRange(1, 65535);
    m_action->setEditable(true);
    m_action->addItems({ QStringLiteral("search"), QStringLiteral("double"), QStringLiteral("negate"),
                         QStringLiteral("binary") });
    m_action->setToolTip(tr("search is sent as JSON; double and negate as struct \">6si\"; any "
                            "other word as the bytes of action + value."));
    m_value->setPlaceholderText(tr("morpheus, 7654321, ..."));
    m_value->setClearButtonEnabled(true);
    m_send->setDefault(true);
    m_send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_send->setToolTip(tr("Send the request (Enter or Ctrl+Return)"));
    m_cancel->setEnabled(false);
    QPalette warning = m_validation->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_validation->setPalette(warning);

    auto *layout = new QGridLayout(this);
    layout->addWidget(m_builtIn, 0, 0);
    layout->addWidget(new QLabel(tr("Host:"), this), 0, 1);
    layout->addWidget(m_host, 0, 2);
    layout->addWidget(new QLabel(tr("Port:"), this), 0, 3);
    layout->addWidget(m_port, 0, 4);
    layout->addWidget(new QLabel(tr("Action:"), this), 0, 5);
    layout->addWidget(m_action, 0, 6);
    layout->addWidget(new QLabel(tr("Value:"), this), 0, 7);
    layout->addWidget(m_value, 0, 8);
    layout->addWidget(m_send, 0, 9);
    layout->addWidget(m_cancel, 0, 10);
    layout->addWidget(m_validation, 1, 6, 1, 5);
    layout->setColumnStretch(2, 2);
    layout->setColumnStretch(8, 3);

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

void RequestForm::validate()
{
    QString problem;
    if (action().trimmed().isEmpty())
        problem = tr("Type an action: search, double, negate or any other word.");
    else if (host().isEmpty())
        problem = tr("Type the server's host name or address.");
    else if (const Lab::RequestResult request = Lab::buildRequest(action(), value()); !request.ok())
        problem = request.error->reason;
    m_validation->setText(problem);
    m_send->setEnabled(problem.isEmpty() && !m_busy);
}

} // namespace Wirelab
