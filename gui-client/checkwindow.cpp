#include "checkwindow.h"

#include "checkrunner.h"
#include "htmlreport.h"
#include "rolecolors.h"
#include "textreport.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSaveFile>
#include <QtGui/QFontDatabase>
#include <QtGui/QScreen>
#include <QtGui/QStandardItemModel>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

namespace Wirelab {

namespace {

enum Column { VerdictColumn, IdColumn, ClausesColumn, TitleColumn, ProblemColumn, ColumnCount };

} // namespace

CheckWindow::CheckWindow(QWidget *parent)
    : QDialog(parent), m_runner(new Check::CheckRunner(this)), m_results(new QStandardItemModel(0, ColumnCount, this))
{
    setWindowTitle(tr("Check this server"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);

    m_results->setHorizontalHeaderLabels({ tr("Verdict"), tr("Case"), tr("Clauses"), tr("What it checks"), tr("Problem") });
    m_table = new QTreeView(this);
    m_table->setModel(m_results);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->header()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Cases"));

    m_details = new QPlainTextEdit(this);
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a case to see what was sent, what would have been "
                                     "right, and what came back."));
    m_details->setAccessibleName(tr("Evidence of the selected case"));

    // Side by side there is no room for the evidence's hex lines on a small screen: one
    // above the other.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_stop = buttons->addButton(tr("&Stop"), QDialogButtonBox::ActionRole);
    m_again = buttons->addButton(tr("&Run again"), QDialogButtonBox::ActionRole);
    m_save = buttons->addButton(tr("&Save report (HTML)…"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_runner, &Check::CheckRunner::caseStarted, this,
            [this](const Check::CheckCase &testCase, int index, int count) {
                caseStarted(testCase.id, testCase.title, index, count);
            });
    connect(m_runner, &Check::CheckRunner::caseFinished, this, &CheckWindow::caseFinished);
    connect(m_runner, &Check::CheckRunner::finished, this, &CheckWindow::runFinished);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CheckWindow::showSelectedCase);
    connect(m_stop, &QPushButton::clicked, m_runner, &Check::CheckRunner::cancel);
    connect(m_again, &QPushButton::clicked, this, [this] { start(m_host, m_port); });
    connect(m_save, &QPushButton::clicked, this, &CheckWindow::saveReport);
    connect(buttons, &QDialogButtonBox::rejected, this, &CheckWindow::reject);
    m_again->setEnabled(false);
    m_save->setEnabled(false);

    // Room for the evidence's lines of hex, within a small screen.
    const QRect available = screen()->availableGeometry();
    resize(qMin(960, available.width() * 9 / 10), qMin(720, available.height() * 9 / 10));
}

CheckWindow::~CheckWindow() = default;

void CheckWindow::start(const QString &host, quint16 port)
{
    m_host = host;
    m_port = port;
    m_finished.clear();
    m_results->removeRows(0, m_results->rowCount());
    m_details->clear();
    Check::CheckPlan plan = Check::CheckPlan::allCases(Check::Mode::Server, QRandomGenerator::global()->generate());
    plan.version = QCoreApplication::applicationVersion();
    m_progress->setRange(0, int(plan.cases.size()));
    m_progress->setValue(0);
    m_stop->setEnabled(true);
    m_again->setEnabled(false);
    m_save->setEnabled(false);
    m_status->setText(tr("Checking %1:%2 with wirelab-check's %3 server cases (seed %4)…")
                              .arg(host)
                              .arg(port)
                              .arg(plan.cases.size())
                              .arg(plan.seed));
    m_runner->start(plan, Check::CheckTarget::server(host, port));
}

bool CheckWindow::isRunning() const
{
    return m_runner->isRunning();
}

const Check::CheckReport &CheckWindow::report() const
{
    return m_runner->report();
}

QString CheckWindow::details() const
{
    return m_details->toPlainText();
}

void CheckWindow::reject()
{
    if (m_runner->isRunning())
        m_runner->cancel();
    QDialog::reject();
}

void CheckWindow::caseStarted(const QString &id, const QString &title, int index, int count)
{
    m_progress->setFormat(tr("Case %1 of %2: %3").arg(index + 1).arg(count).arg(id));
    m_progress->setToolTip(title);
}

void CheckWindow::caseFinished(const Check::CaseResult &result, int index, int count)
{
    Q_UNUSED(count);
    m_progress->setValue(index + 1);
    m_finished.append(result);
    QList<QStandardItem *> row {
        new QStandardItem(Check::verdictName(result.verdict)),
        new QStandardItem(result.id),
        new QStandardItem(Check::TextReport::clauseTag(result.clauses)),
        new QStandardItem(result.title),
        new QStandardItem(result.summary()),
    };
    if (result.verdict == Check::Verdict::Fail) {
        const QColor red = RoleColors::errorText(m_table->palette());
        for (QStandardItem *item : row)
            item->setForeground(red);
    }
    for (QStandardItem *item : row)
        item->setToolTip(result.summary().isEmpty() ? result.title : result.summary());
    m_results->appendRow(row);
    if (m_results->rowCount() == 1)
        m_table->resizeColumnToContents(VerdictColumn);
    // The first failure is what a student wants to read first.
    if (result.verdict == Check::Verdict::Fail && !m_table->currentIndex().isValid())
        m_table->setCurrentIndex(m_results->index(m_results->rowCount() - 1, 0));
}

void CheckWindow::runFinished(const Check::CheckReport &report)
{
    m_stop->setEnabled(false);
    m_again->setEnabled(true);
    m_save->setEnabled(!report.cases.isEmpty());
    m_progress->setFormat(tr("%1 cases run").arg(report.cases.size()));
    m_status->setText((Check::TextReport::summaryCounts(report) + Check::TextReport::resultLine(report)).trimmed());
    for (int column : { IdColumn, ClausesColumn })
        m_table->resizeColumnToContents(column);
    emit finished(report);
}

void CheckWindow::showSelectedCase()
{
    const int row = m_table->currentIndex().row();
    if (row < 0 || row >= m_finished.size()) {
        m_details->clear();
        return;
    }
    const Check::CaseResult &result = m_finished[row];
    QString text = Check::TextReport::caseLine(result);
    const QString details = Check::TextReport::caseDetails(result);
    if (!details.isEmpty())
        text += QLatin1Char('\n') + details;
    for (const QString &note : result.notes)
        text += QLatin1String("\n  ") + note;
    m_details->setPlainText(text);
}

void CheckWindow::saveReport()
{
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Save the check's report"),
                                                          QStringLiteral("wirelab-check.html"),
                                                          tr("HTML pages (*.html)"));
    if (fileName.isEmpty())
        return;
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(Check::HtmlReport::write(report())) < 0
        || !file.commit()) {
        QMessageBox::warning(this, tr("Report not saved"),
                             tr("The report could not be written to %1: %2").arg(fileName, file.errorString()));
        return;
    }
    m_status->setText(m_status->text() + QLatin1Char('\n') + tr("Report saved to %1.").arg(fileName));
}

} // namespace Wirelab
