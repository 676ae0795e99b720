#ifndef WIRELAB_GUIOPTIONS_H
#define WIRELAB_GUIOPTIONS_H

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Wirelab {

// wirelab-gui's command line. --send and --screenshot make a picture of the window after
// one exchange (for the docs, and for machines without a display: run under xvfb-run).
struct GuiOptions
{
    QString sendAction;
    QString sendValue;
    QString screenshotFile;
    QString mistake; // --mistake ID: --send's request made into that mistake, from the lab bench
    QString colours; // --colours system|light|dark, or empty: as remembered
    // --send-plan MODE (whole, chunks, boundaries, byte-by-byte) and --answer-chunk BYTES: the
    // request sent so, the built-in server's answer in such chunks (a picture of the timeline).
    QString sendPlan;
    qint64 answerChunkBytes = 0;
    bool ok = true;
    QString errorMessage;

    static GuiOptions parse(const QStringList &arguments);
};

} // namespace Wirelab

#endif // WIRELAB_GUIOPTIONS_H
