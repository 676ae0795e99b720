#include "guioptions.h"
#include "mainwindow.h"
#include "sendplan.h"

#include <QtWidgets/QApplication>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Wirelab"));
    QApplication::setApplicationName(QStringLiteral("wirelab-gui"));
    QApplication::setApplicationDisplayName(QStringLiteral("Wirelab"));
    QApplication::setApplicationVersion(QStringLiteral(WIRELAB_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.wirelab.Wirelab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/wirelab.svg")));

    const Wirelab::GuiOptions options = Wirelab::GuiOptions::parse(QApplication::arguments());
    if (!options.ok) {
        fprintf(stderr, "wirelab-gui: %s\n", qPrintable(options.errorMessage));
        return 2;
    }
    Wirelab::MainWindow window;
    if (!options.colours.isEmpty())
        window.setColours(*Wirelab::Appearance::fromName(options.colours));
    window.show();
    if (!options.sendPlan.isEmpty() || options.answerChunkBytes > 0) {
        Wirelab::SendPlan plan;
        plan.mode = Wirelab::SendPlan::modeNamed(options.sendPlan).value_or(Wirelab::SendPlan::Mode::Whole);
        plan.interval = std::chrono::milliseconds(5);
        window.sendOnce(options.sendAction, options.sendValue, options.screenshotFile, plan, options.answerChunkBytes);
    } else if (!options.sendAction.isEmpty()) {
        window.sendOnce(options.sendAction, options.sendValue, options.screenshotFile, options.mistake);
    }
    return QApplication::exec();
}
