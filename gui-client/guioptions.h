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
    bool ok = true;
    QString errorMessage;

    static GuiOptions parse(const QStringList &arguments);
};

} // namespace Wirelab

#endif // WIRELAB_GUIOPTIONS_H
