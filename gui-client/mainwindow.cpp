#include "mainwindow.h"

#include "checkwindow.h"
#include "comparedialog.h"
#include "exchangecontroller.h"
#include "flowlayout.h"
#include "hexview.h"
#include "historyfile.h"
#include "labbench.h"
#include "labmistakes.h"
#include "messagepane.h"
#include "pcapngwriter.h"
#include "requestform.h"
#include "rolecolors.h"
#include "sendplanbox.h"
#include "timelinepane.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSettings>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtGui/QFontDatabase>
#include <QtGui/QScreen>
#include <QtGui/QShortcut>
#include <QtGui/QActionGroup>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

Q_LOGGING_CATEGORY(lcGui, "wirelab.gui", QtWarningMsg)

namespace Wirelab {

// The result in large type, on one line whatever its length: a long answer shows its start
// and an ellipsis (the panes, and the tooltip, have all of it), so it never moves the panes.
class HeadlineLabel : public QLabel
{
public:
    explicit HeadlineLabel(QWidget *parent) : QLabel(parent)
    {
        QFont big = font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        setFont(big);
        setTextInteractionFlags(Qt::TextSelectableByMouse);
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        setMinimumHeight(fontMetrics().height());
    }
    void setFullText(const QString &text)
    {
        // The tooltip has the start of an answer too long to lay out whole.
        constexpr qsizetype TooltipChars = 6000;
        m_fullText = text.left(TooltipChars * 2);
        setToolTip(text.size() > 80 ? text.left(TooltipChars) : QString());
        elide();
    }
    QString fullText() const { return m_fullText; }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        elide();
    }

private:
    void elide()
    {
        QString line = m_fullText;
        line.replace(QLatin1Char('\n'), QLatin1Char(' '));
        setText(fontMetrics().elidedText(line, Qt::ElideRight, qMax(0, width())));
    }
    QString m_fullText;
};

namespace {

constexpr int LogLinesKept = 5000;
constexpr int ZoomSteps = 8;
constexpr int LiveIntervalMs = 20;

QPlainTextEdit *logView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    view->setMaximumBlockCount(LogLinesKept);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setAccessibleName(name);
    return view;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_controller(new ExchangeController(this)),
      m_form(new RequestForm(this)),
      m_planBox(new SendPlanBox(this)),
      m_timeline(new TimelinePane(this)),
      m_liveTimer(new QTimer(this)),
      m_headline(new HeadlineLabel(this)),
      m_requestPane(new MessagePane(tr("Request (what we send)"), this)),
      m_responsePane(new MessagePane(tr("Response (what came back)"), this)),
      m_panes(new QSplitter(Qt::Horizontal, this)),
      m_vertical(new QSplitter(Qt::Vertical, this)),
      m_tabs(new QTabWidget(this)),
      m_transcript(logView(this, tr("Transcript"))),
      m_serverLog(logView(this, tr("Built-in server log"))),
      m_historyList(new QListWidget(this)),
      m_bench(new LabBench(this))
{
    setWindowTitle(tr("Wirelab"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/wirelab.svg")));

    m_panes->setChildrenCollapsible(false);
    m_panes->addWidget(m_requestPane);
    m_panes->addWidget(m_responsePane);
    m_historyList->setAccessibleName(tr("History"));
    m_tabs->addTab(m_transcript, tr("&Transcript"));
    m_tabs->addTab(m_historyList, tr("Histor&y"));
    m_tabs->addTab(m_serverLog, tr("Built-in server &log"));
    m_tabs->addTab(m_timeline, tr("Timel&ine"));
    m_vertical->addWidget(m_panes);
    m_vertical->addWidget(m_tabs);
    m_vertical->setStretchFactor(0, 4);
    m_vertical->setStretchFactor(1, 1);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_form);
    layout->addWidget(m_planBox);
    layout->addWidget(m_headline);
    layout->addWidget(createLegend());
    layout->addWidget(m_vertical, 1);
    setCentralWidget(central);
    createMenus();
    statusBar()->setSizeGripEnabled(true);

    connect(m_form, &RequestForm::sendRequested, this, &MainWindow::send);
    connect(m_form, &RequestForm::cancelRequested, m_controller, &ExchangeController::cancel);
    connect(m_form, &RequestForm::builtInServerToggled, this, &MainWindow::setBuiltInServer);
    connect(m_controller, &ExchangeController::busyChanged, m_form, &RequestForm::setBusy);
    connect(m_controller, &ExchangeController::busyChanged, this, [this](bool busy) {
        if (busy)
            statusBar()->showMessage(tr("Waiting for the answer… (Esc cancels)"));
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_controller->isBusy())
            m_controller->cancel();
    });

    connect(m_controller, &ExchangeController::transcriptLine, m_transcript, &QPlainTextEdit::appendPlainText);
    connect(m_controller, &ExchangeController::serverLogLine, m_serverLog, &QPlainTextEdit::appendPlainText);
    connect(m_controller, &ExchangeController::exchangeFinished, this, [this](const ExchangeRecord &record) {
        addToHistory(record);
        showRecord(record);
        keepHistory();
        emit exchangeShown();
    });
    connect(m_controller, &ExchangeController::lastExchangeAmended, this, [this](const ExchangeRecord &record) {
        // Still the newest entry unless a history file was loaded since.
        if (m_history.isEmpty() || m_history.last().conversation != record.conversation)
            return;
        m_history.last().serverConversation = record.serverConversation;
        if (m_historyList->currentRow() == m_history.size() - 1)
            showRecord(m_history.last());
        keepHistory();
    });
    connect(m_planBox, &SendPlanBox::planChanged, this, [this] { m_controller->setSendPlan(m_planBox->plan()); });
    connect(m_planBox, &SendPlanBox::cutAtCursorRequested, this, [this] {
        const qsizetype offset = m_requestPane->hexView()->cursorPosition();
        if (offset > 0)
            m_planBox->addCutPoint(offset);
    });
    connect(m_planBox, &SendPlanBox::slowAnswerChanged, this, &MainWindow::applySlowAnswer);
    // Live: the panes follow the bytes as they travel, at most every LiveInterval (a 16 MiB
    // answer arrives in thousands of reads; each redraw decodes the timeline again).
    m_liveTimer->setSingleShot(true);
    m_liveTimer->setInterval(LiveIntervalMs);
    connect(m_liveTimer, &QTimer::timeout, this, &MainWindow::showLive);
    connect(m_controller, &ExchangeController::progressed, this, [this] {
        if (m_controller->isBusy() && !m_liveTimer->isActive())
            m_liveTimer->start();
    });
    connect(m_timeline, &TimelinePane::stepped, this, &MainWindow::showStep);
    connect(m_historyList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_history.size())
            showRecord(m_history[row]);
    });

    // The lab bench follows the form until its bytes are edited by hand; then the form says
    // so and Send sends the bench's bytes.
    m_historyList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_historyList->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_historyList, &QWidget::customContextMenuRequested, this, &MainWindow::showHistoryMenu);
    const auto followForm = [this] { m_bench->setFormRequest(m_form->action(), m_form->value()); };
    connect(m_form->actionBox(), &QComboBox::currentTextChanged, this, followForm);
    connect(m_form->valueEdit(), &QLineEdit::textChanged, this, followForm);
    connect(m_form->hostEdit(), &QLineEdit::textChanged, this, &MainWindow::updateBenchTarget);
    connect(m_form->portBox(), &QSpinBox::valueChanged, this, &MainWindow::updateBenchTarget);
    connect(m_bench, &LabBench::editedByHandChanged, m_form, &RequestForm::setEditedByHand);
    connect(m_bench, &LabBench::sendRequested, this, &MainWindow::send);
    connect(m_controller, &ExchangeController::busyChanged, m_bench, &LabBench::setBusy);
    connect(m_controller, &ExchangeController::serverLogLine, m_bench, &LabBench::addServerLogLine);
    connect(m_controller, &ExchangeController::exchangeFinished, this, [this](const ExchangeRecord &record) {
        m_bench->showExchange(record, m_form->useBuiltInServer());
    });
    connect(m_bench->mistakesMenu(), &QMenu::triggered, this, &MainWindow::showBench);

    clearExchange();
    restoreSettings();
    followForm();
    updateBenchTarget();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::createLegend()
{
    auto *legend = new QWidget(this);
    auto *layout = new FlowLayout(legend, 4);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Colours:"), legend));
    for (OutlineRole role : { OutlineRole::LengthPrefix, OutlineRole::Header, OutlineRole::HeaderKey,
                              OutlineRole::Content, OutlineRole::Name, OutlineRole::Integer,
                              OutlineRole::Trailing, OutlineRole::Error }) {
        auto *swatch = new QLabel(RoleColors::name(role), legend);
        swatch->setAutoFillBackground(true);
        swatch->setMargin(2);
        m_swatches.append({ role, swatch });
        layout->addWidget(swatch);
    }
    colourLegend();
    legend->setToolTip(tr("Select a field to see its bytes; move the cursor in the bytes (arrow keys) to find its field."));
    return legend;
}

void MainWindow::colourLegend()
{
    // The hex view's own colours, for the palette in use.
    const QPalette &application = QApplication::palette();
    for (const auto &[role, swatch] : std::as_const(m_swatches)) {
        QPalette palette = swatch->palette();
        palette.setColor(QPalette::Window, RoleColors::background(role, application));
        palette.setColor(QPalette::WindowText, application.color(QPalette::Text));
        swatch->setPalette(palette);
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        colourLegend();
        showHeadline({ m_headline->fullText(), m_headlineKind });
    }
}

void MainWindow::setColours(Appearance::Colours colours)
{
    m_colours = colours;
    Appearance::apply(colours);
    for (QAction *action : std::as_const(m_colourActions))
        action->setChecked(action->data().toInt() == int(colours));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open history…"), QKeySequence::Open, this, &MainWindow::openHistoryFile);
    file->addAction(tr("&Save history…"), QKeySequence::Save, this, &MainWindow::saveHistoryFile);
    file->addAction(tr("&Export capture (pcapng)…"), this, &MainWindow::exportCapture);
    file->addSeparator();
    m_keepHistory = file->addAction(tr("&Keep history between runs"));
    m_keepHistory->setCheckable(true);
    m_keepHistory->setToolTip(tr("The last %1 exchanges are kept in %2").arg(HistoryFile::KeptExchanges)
                                      .arg(HistoryFile::keptHistoryPath()));
    connect(m_keepHistory, &QAction::toggled, this, &MainWindow::keepHistory);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom &in"), QKeySequence::ZoomIn, this, [this] { setZoom(m_zoom + 1); });
    view->addAction(tr("Zoom &out"), QKeySequence::ZoomOut, this, [this] { setZoom(m_zoom - 1); });
    view->addAction(tr("&Reset zoom"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { setZoom(0); });
    view->addSeparator();
    QMenu *colours = view->addMenu(tr("&Colours"));
    auto *colourGroup = new QActionGroup(this);
    for (const auto &[scheme, label] : { std::pair { Appearance::Colours::System, tr("As the &system has them") },
                                         std::pair { Appearance::Colours::Light, tr("&Light") },
                                         std::pair { Appearance::Colours::Dark, tr("&Dark") } }) {
        QAction *action = colours->addAction(label);
        action->setCheckable(true);
        action->setData(int(scheme));
        action->setChecked(scheme == m_colours);
        colourGroup->addAction(action);
        m_colourActions.append(action);
        connect(action, &QAction::triggered, this, [this, scheme = scheme] { setColours(scheme); });
    }
    m_showTabs = view->addAction(tr("&Transcript, history and log"));
    m_showTabs->setCheckable(true);
    m_showTabs->setChecked(true);
    m_showTabs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_showTabs, &QAction::toggled, m_tabs, &QWidget::setVisible);
    // The send plan row is the bench's, not the lab's: hidden until asked for, so that a small
    // or scaled screen keeps its height for the panes. A plan chosen stays in force hidden.
    m_showSendPlan = view->addAction(tr("&Send plan and slow server"));
    m_showSendPlan->setCheckable(true);
    m_showSendPlan->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_planBox->setVisible(false);
    connect(m_showSendPlan, &QAction::toggled, m_planBox, &QWidget::setVisible);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    QAction *check = tools->addAction(tr("&Check this server…"), this, &MainWindow::checkServer);
    check->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    check->setToolTip(tr("Runs wirelab-check's server cases against the host and port in the form"));
    QMenu *bench = menuBar()->addMenu(tr("&Bench"));
    bench->addAction(tr("Open the lab &bench"), QKeySequence(Qt::CTRL | Qt::Key_B), this, &MainWindow::showBench);
    bench->addMenu(m_bench->mistakesMenu());
    bench->addAction(tr("Back to the &form's bytes"), this, [this] { m_bench->backToForm(); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showKeyboardHelp);
    help->addAction(tr("&How to read this window"), this, &MainWindow::showReadingHelp);
    help->addAction(tr("&About Wirelab"), this, [this] {
        QMessageBox::about(this, tr("About Wirelab"),
                           tr("<h3>Wirelab %1</h3><p>Sends the lab's requests and shows every byte "
                              "that travels: the 2-byte length, the JSON header, the content.</p>")
                                   .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::checkServer()
{
    if (!m_checkWindow)
        m_checkWindow = new CheckWindow(this);
    if (!m_checkWindow->isRunning())
        m_checkWindow->start(m_form->host(), m_form->port());
    m_checkWindow->show();
    m_checkWindow->raise();
    m_checkWindow->activateWindow();
}

void MainWindow::showKeyboardHelp()
{
    QMessageBox::information(
            this, tr("Keyboard shortcuts"),
            tr("<table>"
               "<tr><td><b>Enter</b>, <b>Ctrl+Return</b></td><td>send the request</td></tr>"
               "<tr><td><b>Esc</b></td><td>stop waiting for the answer</td></tr>"
               "<tr><td><b>Alt+H, Alt+O, Alt+A, Alt+V</b></td><td>host, port, action, value</td></tr>"
               "<tr><td><b>Alt+B</b></td><td>the built-in server on or off</td></tr>"
               "<tr><td><b>Tab</b></td><td>from view to view: the fields, the bytes, the literal</td></tr>"
               "<tr><td><b>Arrow keys</b> in the bytes</td><td>move the byte cursor; the field it is in is selected</td></tr>"
               "<tr><td><b>Shift+arrows</b></td><td>select bytes</td></tr>"
               "<tr><td><b>Home, End, Ctrl+Home, Ctrl+End, Page Up/Down</b></td><td>the row, the message</td></tr>"
               "<tr><td><b>Ctrl+C</b></td><td>copy a field (in the tree) or the bytes selected (as hex)</td></tr>"
               "<tr><td><b>Menu key</b> or right click</td><td>copy as hex, Python, C array or hexdump</td></tr>"
               "<tr><td><b>Ctrl++, Ctrl+-, Ctrl+0</b></td><td>zoom the panes in, out, back</td></tr>"
               "<tr><td><b>Ctrl+T</b></td><td>show or hide the transcript, history and log</td></tr>"
               "<tr><td><b>Ctrl+O, Ctrl+S</b></td><td>open, save the history</td></tr>"
               "<tr><td><b>Ctrl+Shift+P</b></td><td>show or hide the send plan and slow server row</td></tr>"
               "<tr><td><b>Alt+Left, Alt+Right</b></td><td>in the timeline: a step back, forward</td></tr>"
               "<tr><td><b>Alt+Home, Alt+End</b></td><td>in the timeline: the first, the last step</td></tr>"
               "<tr><td><b>Ctrl+Shift+K</b></td><td>check the server in the form with wirelab-check's cases</td></tr>"
               "</table>"));
}

void MainWindow::showReadingHelp()
{
    QMessageBox::information(
            this, tr("How to read this window"),
            tr("<p>Every message of the lab's protocol is three parts: a <b>2-byte length</b> "
               "(big-endian, \"network order\": the length of the header), a <b>JSON header</b> "
               "(byteorder, content-type, content-encoding, content-length) and the "
               "<b>content</b>, exactly content-length bytes.</p>"
               "<p>The left pane is the request as it was sent, the right one the response as it "
               "came back. In each: the <b>tree</b> is what the decoder read, the <b>bytes</b> are "
               "coloured by part (see Colours), and the <b>literal</b> is how Python's lab programs "
               "print the same bytes.</p>"
               "<p>Select a row to light up its bytes; move the cursor in the bytes to find the "
               "row. A response that breaks the format has an <b>Error</b> row: its reason, and "
               "its bytes highlighted.</p>"
               "<p>The line in large type is the result, as the lab client prints it. Below: the "
               "lab client's transcript, the history of the session, and the built-in server's "
               "log.</p>"));
}

void MainWindow::setZoom(int steps)
{
    m_zoom = qBound(-ZoomSteps / 2, steps, ZoomSteps);
    m_requestPane->setZoom(m_zoom);
    m_responsePane->setZoom(m_zoom);
    statusBar()->showMessage(tr("Zoom: %1%").arg(100 + 15 * m_zoom), 2000);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    placePanes();
}

void MainWindow::placePanes()
{
    const Qt::Orientation wanted = width() >= SideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_panes->orientation() != wanted)
        m_panes->setOrientation(wanted);
}

void MainWindow::showTimelineTab()
{
    m_showTabs->setChecked(true);
    m_tabs->setCurrentWidget(m_timeline);
}

void MainWindow::setSendPlanShown(bool shown)
{
    m_showSendPlan->setChecked(shown);
}

void MainWindow::showBench()
{
    m_bench->show();
    m_bench->raise();
    m_bench->activateWindow();
}

void MainWindow::updateBenchTarget()
{
    m_bench->setTarget(m_form->useBuiltInServer()
                               ? tr("%1:%2, the built-in server").arg(m_form->host()).arg(m_form->port())
                               : QStringLiteral("%1:%2").arg(m_form->host()).arg(m_form->port()));
}

void MainWindow::showHistoryMenu(const QPoint &position)
{
    int row = m_historyList->row(m_historyList->itemAt(position));
    if (row < 0) // the keyboard's menu key: the current exchange
        row = m_historyList->currentRow();
    QList<int> selected;
    for (const QModelIndex &index : m_historyList->selectionModel()->selectedRows())
        selected.append(index.row());
    std::sort(selected.begin(), selected.end());
    QMenu menu(this);
    const bool one = row >= 0 && row < m_history.size();
    menu.addAction(tr("Send &again"), this, [this, row] { sendAgain(row); })->setEnabled(one && !m_controller->isBusy());
    menu.addAction(tr("Load into the &form"), this, [this, row] { loadIntoForm(row); })->setEnabled(one);
    menu.addAction(tr("Load into the lab &bench"), this, [this, row] { loadIntoBench(row); })->setEnabled(one);
    menu.addSeparator();
    QAction *compare = menu.addAction(tr("&Compare the two selected, byte by byte"), this,
                                      [this, selected] { compareExchanges(selected.value(0), selected.value(1)); });
    compare->setEnabled(selected.size() == 2);
    if (selected.size() != 2)
        compare->setText(tr("&Compare byte by byte (select two exchanges with Ctrl)"));
    menu.exec(m_historyList->viewport()->mapToGlobal(position));
}

bool MainWindow::sendAgain(int row)
{
    if (row < 0 || row >= m_history.size())
        return false;
    const ExchangeRecord record = m_history[row];
    QString whyNot;
    if (!m_controller->sendBytes(m_form->host(), m_form->port(), record.requestBytes, record.action, record.value, &whyNot)) {
        showHeadline({ whyNot, ExchangeRecord::Headline::Kind::Error });
        return false;
    }
    showExchangeStarted();
    return true;
}

void MainWindow::loadIntoForm(int row)
{
    if (row < 0 || row >= m_history.size())
        return;
    m_bench->backToForm();
    m_form->setAction(m_history[row].action);
    m_form->setValue(m_history[row].value);
    statusBar()->showMessage(m_bench->bytes() == m_history[row].requestBytes
                                     ? tr("The form makes this exchange's request again.")
                                     : tr("The form's action and value are loaded; this exchange's bytes were edited "
                                          "by hand: load it into the lab bench to send them."));
}

void MainWindow::loadIntoBench(int row)
{
    if (row < 0 || row >= m_history.size())
        return;
    m_bench->loadBytes(m_history[row].requestBytes);
    showBench();
}

void MainWindow::compareExchanges(int first, int second)
{
    if (first < 0 || second < 0 || first >= m_history.size() || second >= m_history.size())
        return;
    auto *dialog = new CompareDialog(m_history[first], m_history[second], this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::setBuiltInServer(bool use)
{
    if (!use) {
        m_controller->stopBuiltInServer();
        statusBar()->showMessage(tr("Built-in server off: sending to %1:%2").arg(m_form->host()).arg(m_form->port()));
        return;
    }
    if (!m_controller->startBuiltInServer()) {
        statusBar()->showMessage(tr("The built-in server could not start: %1").arg(m_controller->builtInServerError()));
        m_form->setUseBuiltInServer(false);
        return;
    }
    m_form->setBuiltInServerPort(m_controller->builtInServerPort());
    updateBenchTarget();
    statusBar()->showMessage(tr("Built-in server listening on 127.0.0.1:%1").arg(m_controller->builtInServerPort()));
}

bool MainWindow::send()
{
    if (!m_planBox->cutPointsValid()) {
        showHeadline({ tr("The cut points are offsets into the request, such as 2, 40."),
                       ExchangeRecord::Headline::Kind::Error });
        return false;
    }
    QString whyNot;
    const bool started = m_bench->isEditedByHand()
            ? m_controller->sendBytes(m_form->host(), m_form->port(), m_bench->bytes(), m_form->action(),
                                      m_form->value(), &whyNot)
            : m_controller->send(m_form->host(), m_form->port(), m_form->action(), m_form->value(), &whyNot);
    if (!started) {
        showHeadline({ whyNot, ExchangeRecord::Headline::Kind::Error });
        return false;
    }
    qCDebug(lcGui) << "sending" << m_form->action() << m_form->value();
    showExchangeStarted();
    return true;
}

void MainWindow::showExchangeStarted()
{
    // A new exchange starts with a clean slate: nothing of the last one is left on screen to
    // be taken for this one's answer.
    const ExchangeRecord &current = m_controller->currentExchange();
    m_transcript->setPlainText(current.transcript.join(QLatin1Char('\n')));
    m_requestPane->showOutline(current.request);
    m_responsePane->clear();
    m_timeline->setTimeline({});
    showHeadline(current.headline());
}

void MainWindow::clearExchange()
{
    m_requestPane->clear();
    m_responsePane->clear();
    m_transcript->clear();
    m_timeline->setTimeline({});
    showHeadline({ tr("Send a request to see it travel."), ExchangeRecord::Headline::Kind::Note });
}

void MainWindow::sendOnce(const QString &action, const QString &value, const QString &screenshotFile,
                          const QString &mistakeId)
{
    m_form->setUseBuiltInServer(true);
    m_form->setAction(action);
    m_form->setValue(value);
    QWidget *pictured = this;
    for (LabMistakes::Mistake mistake : LabMistakes::all()) {
        if (LabMistakes::id(mistake) == mistakeId) {
            showBench();
            m_bench->applyMistake(mistake);
            pictured = m_bench;
        }
    }
    if (!screenshotFile.isEmpty()) {
        connect(this, &MainWindow::exchangeShown, this, [this, pictured, screenshotFile] {
            // Select the answer's int32 so the picture shows a linked highlight; the
            // request keeps its colours.
            m_responsePane->selectField(tr("value (i)"));
            QTimer::singleShot(0, this, [pictured, screenshotFile] {
                const bool saved = pictured->grab().save(screenshotFile);
                if (!saved)
                    qCWarning(lcGui) << "could not save" << screenshotFile;
                QApplication::exit(saved ? 0 : 1);
            });
        });
    }
    QTimer::singleShot(0, this, [this, screenshotFile] {
        if (!send() && !screenshotFile.isEmpty()) {
            qCWarning(lcGui).noquote() << "nothing to take a picture of:" << resultText();
            QApplication::exit(1);
        }
    });
}

void MainWindow::sendOnce(const QString &action, const QString &value, const QString &screenshotFile,
                          const SendPlan &plan, qint64 answerChunkBytes)
{
    setSendPlanShown(true);
    m_planBox->setPlan(plan);
    m_planBox->setSlowAnswer(answerChunkBytes, m_planBox->answerDelay());
    showTimelineTab();
    // The picture shows the client halfway through the answer: the panes as the decoders
    // stood then, the event list around it.
    connect(this, &MainWindow::exchangeShown, this, [this] {
        QList<int> reads;
        const QList<ExchangeTimeline::Event> &events = m_timeline->stepThrough().timeline().events();
        for (int i = 0; i < events.size(); ++i) {
            if (events[i].kind == ExchangeTimeline::Event::Kind::Read && events[i].at == Conversation::Side::Client)
                reads.append(i);
        }
        if (!reads.isEmpty())
            m_timeline->setStep(reads[reads.size() / 2]);
        m_vertical->setSizes({ m_vertical->height() / 2, m_vertical->height() / 2 });
    });
    sendOnce(action, value, screenshotFile);
}

QString MainWindow::resultText() const
{
    return m_headline->fullText();
}

QString MainWindow::transcriptText() const
{
    return m_transcript->toPlainText();
}

void MainWindow::showHeadline(const ExchangeRecord::Headline &headline)
{
    m_headline->setFullText(headline.text);
    m_headlineKind = headline.kind;
    QPalette palette = m_headline->palette();
    const QPalette &application = QApplication::palette();
    palette.setColor(QPalette::WindowText, headline.kind == ExchangeRecord::Headline::Kind::Error
                                                   ? RoleColors::errorText(application)
                                                   : application.color(QPalette::WindowText));
    m_headline->setPalette(palette);
}

void MainWindow::showLive()
{
    if (!m_controller->isBusy())
        return; // the finished exchange is on screen already
    const ExchangeTimeline timeline = m_controller->liveTimeline();
    m_timeline->setTimeline(timeline);
    const MessageOutline response = m_controller->liveResponse();
    m_responsePane->showOutline(response);
    m_responsePane->hexView()->setBoundaries(timeline.boundaries(ExchangeTimeline::Stream::Response));
    m_requestPane->hexView()->setBoundaries(timeline.boundaries(ExchangeTimeline::Stream::Request));
}

void MainWindow::showStep(const StepThrough::State &state)
{
    m_requestPane->showOutline(state.request);
    m_requestPane->hexView()->setBoundaries(state.requestBoundaries);
    m_requestPane->hexView()->setHighlight(state.requestHighlight);
    m_responsePane->showOutline(state.response);
    m_responsePane->hexView()->setBoundaries(state.responseBoundaries);
    m_responsePane->hexView()->setHighlight(state.responseHighlight);
    statusBar()->showMessage(state.stateText.isEmpty() ? state.eventText
                                                       : tr("%1 — %2").arg(state.eventText, state.stateText));
}

void MainWindow::applySlowAnswer()
{
    if (!m_controller->setSlowAnswer(m_planBox->answerChunkBytes(), m_planBox->answerDelay())) {
        statusBar()->showMessage(tr("The built-in server could not start: %1").arg(m_controller->builtInServerError()));
        m_form->setUseBuiltInServer(false);
        return;
    }
    if (m_controller->isBuiltInServerRunning())
        m_form->setBuiltInServerPort(m_controller->builtInServerPort());
}

void MainWindow::showRecord(const ExchangeRecord &record)
{
    const ExchangeTimeline timeline(record.conversation, record.serverConversation);
    m_timeline->setTimeline(timeline);
    m_transcript->setPlainText(record.transcript.join(QLatin1Char('\n')));
    m_requestPane->showOutline(record.request);
    m_responsePane->showOutline(record.response);
    m_requestPane->hexView()->setBoundaries(timeline.boundaries(ExchangeTimeline::Stream::Request));
    m_responsePane->hexView()->setBoundaries(timeline.boundaries(ExchangeTimeline::Stream::Response));
    showHeadline(record.headline());
    switch (record.ending) {
    case ExchangeRecord::Ending::Failed: statusBar()->showMessage(record.error); break;
    case ExchangeRecord::Ending::Cancelled: statusBar()->showMessage(tr("Cancelled.")); break;
    default: statusBar()->clearMessage(); break;
    }
}

void MainWindow::addToHistory(const ExchangeRecord &record)
{
    m_history.append(record);
    const QSignalBlocker blocker(m_historyList);
    m_historyList->addItem(record.historyLine());
    m_historyList->setCurrentRow(m_historyList->count() - 1);
}

void MainWindow::keepHistory()
{
    QString whyNot;
    if (m_keepHistory && m_keepHistory->isChecked()
        && !HistoryFile::write(HistoryFile::keptHistoryPath(), HistoryFile::toKeep(m_history), &whyNot))
        statusBar()->showMessage(tr("Could not keep the history: %1").arg(whyNot));
}

bool MainWindow::saveHistory(const QString &fileName, QString *error)
{
    QString whyNot;
    if (!HistoryFile::write(fileName, m_history, &whyNot)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(fileName, whyNot);
        return false;
    }
    statusBar()->showMessage(tr("Saved %n exchange(s) to %1.", nullptr, int(m_history.size())).arg(fileName));
    return true;
}

bool MainWindow::loadHistory(const QString &fileName, QString *error, QStringList *skipped)
{
    QString whyNot;
    const std::optional<HistoryFile::Contents> contents = HistoryFile::read(fileName, &whyNot);
    if (!contents) {
        if (error)
            *error = tr("%1 cannot be opened: %2.").arg(fileName, whyNot);
        return false;
    }
    m_history.clear();
    m_historyList->clear();
    for (const ExchangeRecord &record : contents->records)
        addToHistory(record);
    showRecord(m_history.last());
    if (skipped)
        *skipped = contents->skipped;
    statusBar()->showMessage(contents->skipped.isEmpty()
                                     ? tr("Opened %1: %n exchange(s).", nullptr, int(m_history.size())).arg(fileName)
                                     : tr("Opened %1: %2 exchanges, %3 damaged ones skipped.")
                                               .arg(fileName)
                                               .arg(m_history.size())
                                               .arg(contents->skipped.size()));
    return true;
}

void MainWindow::openHistoryFile()
{
    if (!m_history.isEmpty()
        && QMessageBox::question(this, tr("Open history"),
                                 tr("Opening a history replaces the %n exchange(s) of this session. "
                                    "Save them first with File > Save history. Open anyway?",
                                    nullptr, int(m_history.size())))
                != QMessageBox::Yes)
        return;
    const QString name = QFileDialog::getOpenFileName(this, tr("Open history"), {}, tr("Wirelab history (*.json)"));
    if (name.isEmpty())
        return;
    QString error;
    QStringList skipped;
    if (!loadHistory(name, &error, &skipped)) {
        QMessageBox::warning(this, tr("Open history"), error);
        return;
    }
    if (!skipped.isEmpty())
        QMessageBox::warning(this, tr("Open history"),
                             tr("%1 is partly damaged: %n exchange(s) could not be read and were skipped:",
                                nullptr, int(skipped.size()))
                                             .arg(name)
                                     + QStringLiteral("\n\n• ") + skipped.join(QStringLiteral("\n• ")));
}

void MainWindow::saveHistoryFile()
{
    const QString name = QFileDialog::getSaveFileName(this, tr("Save history"), QStringLiteral("wirelab-history.json"),
                                                      tr("Wirelab history (*.json)"));
    QString error;
    if (!name.isEmpty() && !saveHistory(name, &error))
        QMessageBox::warning(this, tr("Save history"), error);
}

void MainWindow::exportCapture()
{
    if (m_history.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to export yet: send a request first."));
        return;
    }
    QMessageBox which(QMessageBox::Question, tr("Export capture"),
                      tr("Export the exchange shown, or the whole history (%n exchange(s))?", nullptr,
                         int(m_history.size())),
                      QMessageBox::Cancel, this);
    QAbstractButton *shown = which.addButton(tr("The exchange &shown"), QMessageBox::AcceptRole);
    QAbstractButton *all = which.addButton(tr("The &whole history"), QMessageBox::AcceptRole);
    which.exec();
    if (which.clickedButton() != shown && which.clickedButton() != all)
        return;
    QList<Conversation> conversations;
    const int row = m_historyList->currentRow();
    if (which.clickedButton() == shown && row >= 0 && row < m_history.size()) {
        conversations.append(m_history[row].conversation);
    } else {
        for (const ExchangeRecord &record : std::as_const(m_history))
            conversations.append(record.conversation);
    }
    const QString name = QFileDialog::getSaveFileName(this, tr("Export capture"), QStringLiteral("wirelab.pcapng"),
                                                      tr("pcapng capture (*.pcapng)"));
    if (name.isEmpty())
        return;
    QString error;
    if (PcapngWriter::writeFile(name, conversations, &error))
        statusBar()->showMessage(tr("Wrote %1: open it in Wireshark (with the Wirelab dissector).").arg(name));
    else
        QMessageBox::warning(this, tr("Export capture"), error);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    const QRect available = screen()->availableGeometry();
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    // The panes' arrangement first: side by side they need more width than a small screen has,
    // and a window is never made narrower than its layout allows.
    const QSize wanted(qMin(1400, available.width() * 9 / 10), qMin(900, available.height() * 9 / 10));
    m_panes->setOrientation(wanted.width() >= SideBySideWidth ? Qt::Horizontal : Qt::Vertical);
    if (!restoreGeometry(geometry)) {
        // The first start: most of the screen the window is on, never more than it; on a
        // short screen the panes get the height, and Ctrl+T brings the transcript back.
        resize(wanted);
        move(available.center() - rect().center());
        m_vertical->setSizes({ wanted.height() * 3, wanted.height() });
        if (available.height() < CompactHeight)
            m_showTabs->setChecked(false);
    }
    placePanes();
    m_panes->restoreState(settings.value(QStringLiteral("window/panes")).toByteArray());
    m_vertical->restoreState(settings.value(QStringLiteral("window/vertical")).toByteArray());
    setZoom(settings.value(QStringLiteral("view/zoom"), 0).toInt());
    if (const auto colours = Appearance::fromName(settings.value(QStringLiteral("view/colours")).toString());
        colours && *colours != Appearance::Colours::System)
        setColours(*colours);
    if (settings.contains(QStringLiteral("view/bottomTabs")))
        m_showTabs->setChecked(settings.value(QStringLiteral("view/bottomTabs")).toBool());
    m_showSendPlan->setChecked(settings.value(QStringLiteral("view/sendPlan"), false).toBool());
    // The plan and the slow server as they were left, so that a lesson resumes where it
    // stopped; only with their row in sight, for nobody should wonder why sends are slow.
    if (m_showSendPlan->isChecked()) {
        const QJsonObject savedPlan =
                QJsonDocument::fromJson(settings.value(QStringLiteral("sendPlan/plan")).toByteArray()).object();
        if (const std::optional<SendPlan> plan = SendPlan::fromJson(savedPlan))
            m_planBox->setPlan(*plan);
        const qint64 answerChunk = settings.value(QStringLiteral("sendPlan/answerChunkBytes"), 0).toLongLong();
        const int answerDelay = settings.value(QStringLiteral("sendPlan/answerDelayMs"), 0).toInt();
        if (answerChunk > 0 || answerDelay > 0)
            m_planBox->setSlowAnswer(answerChunk, std::chrono::milliseconds(answerDelay));
    }
    m_form->setHost(settings.value(QStringLiteral("request/host"), QStringLiteral("127.0.0.1")).toString());
    m_form->setPort(quint16(settings.value(QStringLiteral("request/port"), 65432).toUInt()));
    m_form->setAction(settings.value(QStringLiteral("request/action"), QStringLiteral("double")).toString());
    m_form->setValue(settings.value(QStringLiteral("request/value"), QStringLiteral("7654321")).toString());
    const bool builtIn = settings.value(QStringLiteral("request/builtInServer"), true).toBool();
    m_form->setUseBuiltInServer(builtIn);
    if (!builtIn)
        setBuiltInServer(false);
    const QSignalBlocker blocker(m_keepHistory);
    m_keepHistory->setChecked(settings.value(QStringLiteral("history/keep"), true).toBool());
    if (m_keepHistory->isChecked()) {
        QString whyNot;
        if (const std::optional<HistoryFile::Contents> kept = HistoryFile::read(HistoryFile::keptHistoryPath(), &whyNot)) {
            for (const ExchangeRecord &record : kept->records)
                addToHistory(record);
        }
    }
    statusBar()->clearMessage();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/panes"), m_panes->saveState());
    settings.setValue(QStringLiteral("window/vertical"), m_vertical->saveState());
    settings.setValue(QStringLiteral("view/zoom"), m_zoom);
    settings.setValue(QStringLiteral("view/colours"), Appearance::name(m_colours));
    settings.setValue(QStringLiteral("view/bottomTabs"), m_showTabs->isChecked());
    settings.setValue(QStringLiteral("view/sendPlan"), m_showSendPlan->isChecked());
    settings.setValue(QStringLiteral("sendPlan/plan"),
                      QJsonDocument(m_planBox->plan().toJson()).toJson(QJsonDocument::Compact));
    settings.setValue(QStringLiteral("sendPlan/answerChunkBytes"), m_planBox->answerChunkBytes());
    settings.setValue(QStringLiteral("sendPlan/answerDelayMs"), qint64(m_planBox->answerDelay().count()));
    settings.setValue(QStringLiteral("history/keep"), m_keepHistory->isChecked());
    settings.setValue(QStringLiteral("request/builtInServer"), m_form->useBuiltInServer());
    if (!m_form->useBuiltInServer()) {
        settings.setValue(QStringLiteral("request/host"), m_form->host());
        settings.setValue(QStringLiteral("request/port"), m_form->port());
    }
    settings.setValue(QStringLiteral("request/action"), m_form->action());
    settings.setValue(QStringLiteral("request/value"), m_form->value());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace Wirelab
