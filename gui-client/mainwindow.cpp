#include "mainwindow.h"

#include "exchangecontroller.h"
#include "labprotocol.h"
#include "messagepane.h"
#include "requestform.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSettings>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

Q_LOGGING_CATEGORY(lcGui, "wirelab.gui", QtWarningMsg)

namespace Wirelab {

namespace {

constexpr int LogLinesKept = 5000;

QPlainTextEdit *logView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setMaximumBlockCount(LogLinesKept);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_controller(new ExchangeController(this)),
      m_form(new RequestForm(this)),
      m_result(new QLabel(this)),
      m_requestPane(new MessagePane(tr("Request (what we send)"), this)),
      m_responsePane(new MessagePane(tr("Response (what came back)"), this)),
      m_panes(new QSplitter(Qt::Horizontal, this)),
      m_vertical(new QSplitter(Qt::Vertical, this)),
      m_transcript(logView(this)),
      m_serverLog(logView(this)),
      m_historyList(new QListWidget(this))
{
    setWindowTitle(tr("Wirelab"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/wirelab.svg")));

    QFont resultFont = m_result->font();
    resultFont.setPointSizeF(resultFont.pointSizeF() * 1.8);
    resultFont.setBold(true);
    m_result->setFont(resultFont);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    // A long answer wraps or is cut at the window's edge; it never widens the window.
    m_result->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_panes->addWidget(m_requestPane);
    m_panes->addWidget(m_responsePane);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_transcript, tr("Transcript"));
    tabs->addTab(m_historyList, tr("History"));
    tabs->addTab(m_serverLog, tr("Built-in server log"));
    m_vertical->addWidget(m_panes);
    m_vertical->addWidget(tabs);
    m_vertical->setStretchFactor(0, 4);
    m_vertical->setStretchFactor(1, 1);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_form);
    layout->addWidget(m_result);
    layout->addWidget(createLegend());
    layout->addWidget(m_vertical, 1);
    setCentralWidget(central);
    createMenus();

    connect(m_form, &RequestForm::sendRequested, this, &MainWindow::send);
    connect(m_form, &RequestForm::cancelRequested, m_controller, &ExchangeController::cancel);
    connect(m_form, &RequestForm::builtInServerToggled, this, &MainWindow::setBuiltInServer);
    connect(m_controller, &ExchangeController::busyChanged, m_form, &RequestForm::setBusy);
    connect(m_controller, &ExchangeController::busyChanged, this, [this](bool busy) {
        if (busy)
            statusBar()->showMessage(tr("Waiting for the answer… (Cancel stops)"));
    });

    connect(m_controller, &ExchangeController::transcriptLine, m_transcript, &QPlainTextEdit::appendPlainText);
    connect(m_controller, &ExchangeController::serverLogLine, m_serverLog, &QPlainTextEdit::appendPlainText);
    connect(m_controller, &ExchangeController::exchangeFinished, this, [this](const ExchangeRecord &record) {
        addToHistory(record);
        showRecord(record);
        emit exchangeShown();
    });
    connect(m_historyList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_history.size())
            showRecord(m_history[row]);
    });

    clearExchange();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::createLegend()
{
    auto *legend = new QWidget(this);
    auto *layout = new QHBoxLayout(legend);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Colours:"), legend));
    for (MessagePane::Part part : { MessagePane::Part::LengthPrefix, MessagePane::Part::Header,
                                    MessagePane::Part::HeaderKey, MessagePane::Part::Content,
                                    MessagePane::Part::Name, MessagePane::Part::Integer,
                                    MessagePane::Part::Error }) {
        auto *swatch = new QLabel(MessagePane::partName(part), legend);
        swatch->setAutoFillBackground(true);
        swatch->setMargin(3);
        QPalette palette = swatch->palette();
        palette.setColor(QPalette::Window, MessagePane::partColor(part));
        palette.setColor(QPalette::WindowText, Qt::black);
        swatch->setPalette(palette);
        layout->addWidget(swatch);
    }
    layout->addWidget(new QLabel(tr("Select a field to see its bytes; click a byte to find its field."), legend));
    layout->addStretch();
    return legend;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open history…"), QKeySequence::Open, this, [this] {
        if (!m_history.isEmpty()
            && QMessageBox::question(this, tr("Open history"),
                                     tr("Opening a history replaces the %n exchange(s) of this session. "
                                        "Save them first with File > Save history. Open anyway?",
                                        nullptr, int(m_history.size())))
                    != QMessageBox::Yes)
            return;
        const QString name = QFileDialog::getOpenFileName(this, tr("Open history"), {}, tr("Wirelab history (*.json)"));
        QString error;
        if (!name.isEmpty() && !loadHistory(name, &error))
            QMessageBox::warning(this, tr("Open history"), error);
    });
    file->addAction(tr("&Save history…"), QKeySequence::Save, this, [this] {
        const QString name = QFileDialog::getSaveFileName(this, tr("Save history"), QStringLiteral("wirelab-history.json"),
                                                          tr("Wirelab history (*.json)"));
        QString error;
        if (!name.isEmpty() && !saveHistory(name, &error))
            QMessageBox::warning(this, tr("Save history"), error);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Wirelab"), this, [this] {
        QMessageBox::about(this, tr("About Wirelab"),
                           tr("<h3>Wirelab %1</h3><p>Sends the lab's requests and shows every byte "
                              "that travels: the 2-byte length, the JSON header, the content.</p>")
                                   .arg(QApplication::applicationVersion()));
    });
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
    statusBar()->showMessage(tr("Built-in server listening on 127.0.0.1:%1").arg(m_controller->builtInServerPort()));
}

bool MainWindow::send()
{
    QString whyNot;
    if (!m_controller->send(m_form->host(), m_form->port(), m_form->action(), m_form->value(), &whyNot)) {
        showResult(whyNot, true);
        return false;
    }
    qCDebug(lcGui) << "sending" << m_form->action() << m_form->value();
    // A new exchange starts with a clean slate: nothing of the last one is left on screen to
    // be taken for this one's answer.
    const ExchangeRecord &current = m_controller->currentExchange();
    m_transcript->setPlainText(current.transcript.join(QLatin1Char('\n')));
    m_requestPane->showMessage(DecodedBytes::decode(current.requestBytes));
    m_responsePane->clear();
    showResult(tr("Waiting for the answer…"), false);
    return true;
}

void MainWindow::clearExchange()
{
    m_requestPane->clear();
    m_responsePane->clear();
    m_transcript->clear();
    showResult(tr("Send a request to see it travel."), false);
}

void MainWindow::sendOnce(const QString &action, const QString &value, const QString &screenshotFile)
{
    m_form->setUseBuiltInServer(true);
    m_form->setAction(action);
    m_form->setValue(value);
    if (!screenshotFile.isEmpty()) {
        connect(this, &MainWindow::exchangeShown, this, [this, screenshotFile] {
            // Select the answer's int32 so the picture shows a linked highlight; the
            // request keeps its colours.
            m_responsePane->selectField(QStringLiteral("value (i)"));
            QTimer::singleShot(0, this, [this, screenshotFile] {
                const bool saved = grab().save(screenshotFile);
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

QString MainWindow::resultText() const
{
    return m_result->text();
}

QString MainWindow::transcriptText() const
{
    return m_transcript->toPlainText();
}

void MainWindow::showResult(const QString &text, bool isError)
{
    // The headline shows the start of a long answer (the panes have all of it).
    constexpr qsizetype ResultChars = 300;
    QString shown = text.left(ResultChars);
    if (text.size() > ResultChars)
        shown += QStringLiteral("…");
    m_result->setText(shown);
    m_result->setToolTip(text.size() > ResultChars ? text.left(20 * ResultChars) : QString());
    QPalette palette = m_result->palette();
    palette.setColor(QPalette::WindowText, isError ? QColor(0xb0, 0x20, 0x20) : QApplication::palette().color(QPalette::WindowText));
    m_result->setPalette(palette);
}

void MainWindow::showRecord(const ExchangeRecord &record)
{
    m_transcript->setPlainText(record.transcript.join(QLatin1Char('\n')));
    m_requestPane->showMessage(DecodedBytes::decode(record.requestBytes));
    const DecodedBytes response = DecodedBytes::decode(record.responseBytes);
    m_responsePane->showMessage(response);
    if (!record.error.isEmpty()) {
        showResult(tr("Error: %1").arg(record.error), true);
        statusBar()->showMessage(record.error);
        return;
    }
    statusBar()->clearMessage();
    if (!response.message)
        return;
    const Lab::ResponseSummary summary = Lab::summarizeResponse(*response.message);
    if (summary.resultNumber)
        showResult(tr("result: %1").arg(*summary.resultNumber), false);
    else
        showResult(summary.resultText, summary.isJson && summary.resultText.startsWith(QLatin1String("Error:")));
}

void MainWindow::addToHistory(const ExchangeRecord &record)
{
    m_history.append(record);
    QSignalBlocker blocker(m_historyList);
    m_historyList->addItem(record.summary());
    m_historyList->setCurrentRow(m_historyList->count() - 1);
}

bool MainWindow::saveHistory(const QString &fileName, QString *error) const
{
    QJsonArray exchanges;
    for (const ExchangeRecord &record : m_history)
        exchanges.append(record.toJson());
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    file.write(QJsonDocument(QJsonObject { { QStringLiteral("wirelab-history"), 1 },
                                           { QStringLiteral("exchanges"), exchanges } })
                       .toJson());
    return true;
}

bool MainWindow::loadHistory(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read %1: %2").arg(fileName, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonArray exchanges = document.object().value(QStringLiteral("exchanges")).toArray();
    if (parseError.error != QJsonParseError::NoError || !document.object().contains(QStringLiteral("wirelab-history"))) {
        if (error)
            *error = tr("%1 is not a Wirelab history file.").arg(fileName);
        return false;
    }
    QList<ExchangeRecord> records;
    for (const QJsonValue &value : exchanges) {
        if (const std::optional<ExchangeRecord> record = ExchangeRecord::fromJson(value.toObject()))
            records.append(*record);
    }
    if (records.isEmpty() && !exchanges.isEmpty()) {
        if (error)
            *error = tr("%1 is damaged: none of its %2 exchanges can be read.").arg(fileName).arg(exchanges.size());
        return false;
    }
    m_history.clear();
    m_historyList->clear();
    for (const ExchangeRecord &record : std::as_const(records))
        addToHistory(record);
    if (!m_history.isEmpty())
        showRecord(m_history.last());
    else
        clearExchange();
    const qsizetype skipped = exchanges.size() - records.size();
    statusBar()->showMessage(skipped ? tr("Opened %1: %2 exchanges, %3 damaged ones skipped.")
                                               .arg(fileName).arg(records.size()).arg(skipped)
                                     : tr("Opened %1: %2 exchanges.").arg(fileName).arg(records.size()));
    return true;
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 900);
    m_panes->restoreState(settings.value(QStringLiteral("window/panes")).toByteArray());
    m_vertical->restoreState(settings.value(QStringLiteral("window/vertical")).toByteArray());
    m_form->setHost(settings.value(QStringLiteral("request/host"), QStringLiteral("127.0.0.1")).toString());
    m_form->setPort(quint16(settings.value(QStringLiteral("request/port"), 65432).toUInt()));
    m_form->setAction(settings.value(QStringLiteral("request/action"), QStringLiteral("double")).toString());
    m_form->setValue(settings.value(QStringLiteral("request/value"), QStringLiteral("7654321")).toString());
    const bool builtIn = settings.value(QStringLiteral("request/builtInServer"), true).toBool();
    m_form->setUseBuiltInServer(builtIn);
    if (!builtIn)
        setBuiltInServer(false);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/panes"), m_panes->saveState());
    settings.setValue(QStringLiteral("window/vertical"), m_vertical->saveState());
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
