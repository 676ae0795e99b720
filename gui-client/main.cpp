#include "guioptions.h"
#include "mainwindow.h"

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
    if (!options.sendAction.isEmpty())
        window.sendOnce(options.sendAction, options.sendValue, options.screenshotFile, options.mistake);
    return QApplication::exec();
}
