#include "guioptions.h"

#include <QtCore/QCommandLineParser>

namespace Wirelab {

GuiOptions GuiOptions::parse(const QStringList &arguments)
{
    GuiOptions options;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Sends the lab's requests and shows every byte that travels, annotated."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption send(QStringLiteral("send"),
                                  QStringLiteral("Send ACTION VALUE once the window is up (the value is the next argument)."),
                                  QStringLiteral("action"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("After --send's answer, save a picture of the window to FILE and quit."),
                                        QStringLiteral("file"));
    parser.addOptions({ send, screenshot });
    parser.process(arguments); // exits for --help, --version and unknown options
    if (parser.isSet(send)) {
        const QStringList rest = parser.positionalArguments();
        if (rest.size() != 1) {
            options.ok = false;
            options.errorMessage = QStringLiteral("--send takes an action and a value: --send double 7654321");
            return options;
        }
        options.sendAction = parser.value(send);
        options.sendValue = rest.first();
    }
    options.screenshotFile = parser.value(screenshot);
    if (!options.screenshotFile.isEmpty() && options.sendAction.isEmpty()) {
        options.ok = false;
        options.errorMessage = QStringLiteral("--screenshot needs --send ACTION VALUE");
    }
    return options;
}

} // namespace Wirelab
