#include "labbench.h"

#include "datainspector.h"
#include "hexeditor.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "outcomepanel.h"
#include "requesteditor.h"

#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QScreen>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

namespace {

// Below this width the editor and its tabs go one above the other.
constexpr int SideBySideWidth = 980;
// The server's recent lines, for an exchange whose lines came before its answer.
constexpr int RecentServerLines = 200;

} // namespace

LabBench::LabBench(QWidget *parent)
    : QMainWindow(parent),
      m_editor(new RequestEditor(this)),
      m_inspector(new DataInspector(this)),
      m_outcome(new OutcomePanel(this)),
      m_tabs(new QTabWidget(this)),
      m_top(new QSplitter(Qt::Horizontal, this)),
      m_link(new QLabel(this)),
      m_back(new QPushButton(tr("Back to the &form's bytes"), this)),
      m_target(new QLabel(this)),
      m_send(new QPushButton(tr("&Send these bytes"), this))
{
    setWindowTitle(tr("Wirelab: lab bench"));
    setWindowFlag(Qt::Window);
    m_link->setWordWrap(true);
    m_back->setToolTip(tr("Forget the edits: the bytes the form's action and value make."));
    m_send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_send->setToolTip(tr("Send exactly these bytes (Ctrl+Return)"));
    m_tabs->addTab(m_editor->tree(), tr("Fi&elds"));
    m_tabs->addTab(m_inspector, tr("&Inspector"));
    m_tabs->addTab(createCodeTab(), tr("&Code"));
    m_top->setChildrenCollapsible(false);
    m_top->addWidget(m_editor);
    m_top->addWidget(m_tabs);
    m_top->setStretchFactor(0, 3);
    m_top->setStretchFactor(1, 2);

    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setChildrenCollapsible(false);
    vertical->addWidget(m_top);
    vertical->addWidget(m_outcome);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);

    auto *topRow = new QHBoxLayout;
    topRow->addWidget(m_link, 1);
    topRow->addWidget(m_back);
    topRow->addWidget(m_target);
    topRow->addWidget(m_send);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(topRow);
    layout->addWidget(vertical, 1);
    // Once a mistake is explained the bench needs more height than a 1024x768 screen has:
    // it scrolls then, rather than squeezing its parts over one another.
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("benchScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(central);
    setCentralWidget(scroll);
    createMenus();

    connect(m_editor, &RequestEditor::bytesChanged, this, &LabBench::bytesChanged);
    connect(m_editor, &RequestEditor::cursorMoved, this, &LabBench::cursorMoved);
    connect(m_inspector, &DataInspector::writeRequested, m_editor, &RequestEditor::writeAt);
    connect(m_back, &QPushButton::clicked, this, &LabBench::backToForm);
    connect(m_send, &QPushButton::clicked, this, &LabBench::sendRequested);

    const QRect available = screen()->availableGeometry();
    resize(qMin(1150, available.width() * 9 / 10), qMin(860, available.height() * 9 / 10));
    updateLink();
    placePanes();
}

void LabBench::createMenus()
{
    m_mistakes = menuBar()->addMenu(tr("&Mistakes"));
    m_mistakes->setToolTipsVisible(true);
    for (LabMistakes::Mistake mistake : LabMistakes::all()) {
        QAction *action = m_mistakes->addAction(LabMistakes::name(mistake), this,
                                                [this, mistake] { applyMistake(mistake); });
        action->setObjectName(LabMistakes::id(mistake));
        action->setToolTip(LabMistakes::explanation(mistake));
        action->setStatusTip(LabMistakes::explanation(mistake));
    }
    QMenu *copy = menuBar()->addMenu(tr("Copy &as"));
    QMenu *selection = new QMenu(tr("The &selection as"), copy);
    for (CodeSnippets::Format format : CodeSnippets::formats()) {
        copy->addAction(CodeSnippets::name(format), this, [this, format] {
            QGuiApplication::clipboard()->setText(codeText(format, false));
            statusBar()->showMessage(tr("Copied the whole message."), 3000);
        });
        selection->addAction(CodeSnippets::name(format), this, [this, format] {
            QGuiApplication::clipboard()->setText(codeText(format, true));
            statusBar()->showMessage(tr("Copied the selection."), 3000);
        });
    }
    copy->addSeparator();
    copy->addMenu(selection);
}

QWidget *LabBench::createCodeTab()
{
    auto *tab = new QWidget(this);
    m_codeFormat = new QComboBox(tab);
    for (CodeSnippets::Format format : CodeSnippets::formats())
        m_codeFormat->addItem(CodeSnippets::name(format).remove(QLatin1Char('&')), int(format));
    m_codeSelection = new QCheckBox(tr("Only the se&lection"), tab);
    m_code = new QPlainTextEdit(tab);
    m_code->setReadOnly(true);
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_code->setAccessibleName(tr("The bytes as code"));
    auto *copy = new QPushButton(tr("C&opy"), tab);
    auto *formatLabel = new QLabel(tr("&As:"), tab);
    formatLabel->setBuddy(m_codeFormat);
    auto *row = new QHBoxLayout;
    row->addWidget(formatLabel);
    row->addWidget(m_codeFormat, 1);
    row->addWidget(m_codeSelection);
    row->addWidget(copy);
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(row);
    layout->addWidget(m_code, 1);
    connect(m_codeFormat, &QComboBox::currentIndexChanged, this, &LabBench::updateCode);
    connect(m_codeSelection, &QCheckBox::toggled, this, &LabBench::updateCode);
    connect(copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_code->toPlainText()); });
    return tab;
}

QByteArray LabBench::bytes() const
{
    return m_editor->bytes();
}

QString LabBench::linkText() const
{
    return m_link->text();
}

void LabBench::setFormRequest(const QString &action, const QString &value)
{
    m_action = action;
    m_value = value;
    const Lab::RequestResult request = Lab::buildRequest(action, value);
    m_formBytes = request.ok() ? encodeMessage(request.message).bytes : QByteArray();
    m_formProblem = request.ok() ? QString() : request.error->reason;
    if (!m_editedByHand)
        m_editor->setBytes(m_formBytes);
    updateLink();
}

void LabBench::setTarget(const QString &target)
{
    m_target->setText(tr("to %1").arg(target));
}

void LabBench::setBusy(bool busy)
{
    m_send->setEnabled(!busy);
}

void LabBench::loadBytes(const QByteArray &bytes)
{
    m_editor->setBytes(bytes);
    setEditedByHand(bytes != m_formBytes);
}

bool LabBench::applyMistake(LabMistakes::Mistake mistake)
{
    LabMistakes::Result result = LabMistakes::apply(mistake, QByteArrayView(bytes()));
    if (!result.ok())
        result = LabMistakes::apply(mistake, QByteArrayView(m_formBytes));
    if (!result.ok()) {
        statusBar()->showMessage(tr("%1: %2").arg(LabMistakes::name(mistake), result.whyNot));
        return false;
    }
    m_mistakeBytes = result.bytes;
    m_mistakeText = tr("The mistake: %1. %2").arg(LabMistakes::name(mistake), LabMistakes::explanation(mistake));
    m_editor->setBytes(result.bytes);
    setEditedByHand(true);
    statusBar()->showMessage(LabMistakes::explanation(mistake));
    return true;
}

void LabBench::backToForm()
{
    setEditedByHand(false);
    m_editor->setBytes(m_formBytes);
}

void LabBench::setEditedByHand(bool edited)
{
    const bool changed = edited != m_editedByHand;
    m_editedByHand = edited;
    updateLink();
    if (changed)
        emit editedByHandChanged(edited);
}

void LabBench::updateLink()
{
    const QString request = (m_action + QLatin1Char(' ') + m_value).trimmed();
    if (m_editedByHand)
        m_link->setText(tr("<b>Edited by hand</b>: these bytes are sent as they are (the form says %1).")
                                .arg(request.toHtmlEscaped()));
    else if (!m_formProblem.isEmpty())
        m_link->setText(tr("From the form: %1 cannot be sent: %2").arg(request.toHtmlEscaped(), m_formProblem.toHtmlEscaped()));
    else
        m_link->setText(tr("From the form: <b>%1</b>, as the lab's client sends it. Edit the bytes to make your own.")
                                .arg(request.toHtmlEscaped()));
    m_back->setEnabled(m_editedByHand);
}

void LabBench::bytesChanged(const QByteArray &bytes, bool byHand)
{
    if (byHand)
        setEditedByHand(bytes != m_formBytes);
    updateInspectorAndCode();
}

void LabBench::updateInspectorAndCode()
{
    m_inspector->inspect(m_editor->outline(), m_editor->hexEditor()->selection());
    updateCode();
}

void LabBench::cursorMoved()
{
    m_inspector->inspect(m_editor->outline(), m_editor->hexEditor()->selection());
    if (m_codeSelection->isChecked()) // the whole message's code does not follow the cursor
        updateCode();
}

void LabBench::updateCode()
{
    m_code->setPlainText(codeText(CodeSnippets::Format(m_codeFormat->currentData().toInt()), m_codeSelection->isChecked()));
}

QString LabBench::codeText(CodeSnippets::Format format, bool selectionOnly) const
{
    const QByteArray &all = m_editor->bytes();
    const Span selection = m_editor->hexEditor()->selection();
    return CodeSnippets::text(format, selectionOnly ? all.mid(selection.offset, selection.length) : all);
}

void LabBench::showExchange(const ExchangeRecord &record, bool builtInServer)
{
    const QString mistake = !m_mistakeBytes.isEmpty() && record.requestBytes == m_mistakeBytes ? m_mistakeText : QString();
    m_outcome->showExchange(record, mistake, builtInServer);
    for (const QString &line : std::as_const(m_recentServerLines))
        m_outcome->addServerLogLine(line);
}

void LabBench::addServerLogLine(const QString &line)
{
    m_recentServerLines.append(line);
    if (m_recentServerLines.size() > RecentServerLines)
        m_recentServerLines.removeFirst();
    m_outcome->addServerLogLine(line);
}

void LabBench::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    placePanes();
}

void LabBench::placePanes()
{
    const Qt::Orientation wanted = width() >= SideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_top->orientation() != wanted)
        m_top->setOrientation(wanted);
}

} // namespace Wirelab
