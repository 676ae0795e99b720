#include "guioptions.h"

#include "appearance.h"
#include "labmistakes.h"
#include "labprotocol.h"
#include "sendplan.h"

#include <QtCore/QCommandLineParser>

namespace Wirelab {

GuiOptions GuiOptions::parse(const QStringList &arguments)
{
    GuiOptions options;
    const auto usageError = [&options](const QString &message) {
        options.ok = false;
        options.errorMessage = message;
        return options;
    };

    // --send takes the next two arguments as they are, so that "--send negate -300" sends
    // -300 (QCommandLineParser would read it as options), as wirelab-client does.
    QStringList rest = arguments;
    const qsizetype send = rest.indexOf(QStringLiteral("--send"));
    if (send > 0) {
        if (send + 2 >= rest.size())
            return usageError(QStringLiteral("--send takes an action and a value: --send double 7654321"));
        options.sendAction = rest[send + 1];
        options.sendValue = rest[send + 2];
        rest.remove(send, 3);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Sends the lab's requests and shows every byte that travels, annotated."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("send"),
                       QStringLiteral("Send ACTION VALUE through the built-in server once the window is up."),
                       QStringLiteral("action value") });
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("After --send's answer, save a picture of the window to FILE and quit."),
                                        QStringLiteral("file"));
    parser.addOption(screenshot);
    const QCommandLineOption colours(QStringLiteral("colours"),
                                     QStringLiteral("The window's colours: system, light or dark (View > Colours)."),
                                     QStringLiteral("scheme"));
    parser.addOption(colours);
    const QCommandLineOption sendPlan(QStringLiteral("send-plan"),
                                      QStringLiteral("Send --send's request whole, in chunks, at the boundaries or byte by byte "
                                                     "(whole, chunks, boundaries, byte-by-byte)."),
                                      QStringLiteral("mode"));
    parser.addOption(sendPlan);
    const QCommandLineOption answerChunk(QStringLiteral("answer-chunk"),
                                         QStringLiteral("The built-in server answers in chunks of BYTES."),
                                         QStringLiteral("bytes"));
    parser.addOption(answerChunk);
    const QCommandLineOption mistake(
            QStringLiteral("mistake"),
            QStringLiteral("Make --send's request into the mistake ID (prefix-little-endian, int32-little-endian, ...) "
                           "and send it from the lab bench; with --screenshot, the picture is of the bench."),
            QStringLiteral("id"));
    parser.addOption(mistake);
    parser.process(rest); // exits for --help, --version and unknown options
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    options.screenshotFile = parser.value(screenshot);
    options.colours = parser.value(colours);
    if (parser.isSet(colours) && !Appearance::fromName(options.colours))
        return usageError(QStringLiteral("--colours takes system, light or dark, not '%1'").arg(options.colours));
    options.sendPlan = parser.value(sendPlan);
    if (parser.isSet(sendPlan)
        && (!SendPlan::modeNamed(options.sendPlan) || *SendPlan::modeNamed(options.sendPlan) == SendPlan::Mode::CutPoints))
        return usageError(QStringLiteral("--send-plan takes whole, chunks, boundaries or byte-by-byte, not '%1'")
                                  .arg(options.sendPlan));
    if (parser.isSet(answerChunk)) {
        bool ok = false;
        options.answerChunkBytes = parser.value(answerChunk).toLongLong(&ok);
        if (!ok || options.answerChunkBytes < 1)
            return usageError(QStringLiteral("--answer-chunk takes a number of bytes, not '%1'").arg(parser.value(answerChunk)));
    }
    options.mistake = parser.value(mistake);
    if (parser.isSet(mistake)) {
        QStringList ids;
        for (LabMistakes::Mistake each : LabMistakes::all())
            ids.append(LabMistakes::id(each));
        if (!ids.contains(options.mistake))
            return usageError(QStringLiteral("--mistake takes one of %1, not '%2'").arg(ids.join(QStringLiteral(", ")), options.mistake));
        if (options.sendAction.isEmpty())
            return usageError(QStringLiteral("--mistake needs --send ACTION VALUE"));
    }
    if (!options.screenshotFile.isEmpty() && options.sendAction.isEmpty())
        return usageError(QStringLiteral("--screenshot needs --send ACTION VALUE"));
    if (!options.sendAction.isEmpty()) {
        const Lab::RequestResult request = Lab::buildRequest(options.sendAction, options.sendValue);
        if (!request.ok())
            return usageError(request.error->reason);
    }
    return options;
}

} // namespace Wirelab
