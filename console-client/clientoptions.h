#ifndef WIRELAB_CLIENTOPTIONS_H
#define WIRELAB_CLIENTOPTIONS_H

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <chrono>

namespace Wirelab {

// wirelab-client's command line: the lab client's "HOST PORT ACTION VALUE", options first.
struct ClientOptions
{
    enum class Outcome { Run, ShowHelp, ShowVersion, UsageError };

    Outcome outcome = Outcome::Run;
    QString errorMessage;
    QString helpText;
    QString host;
    quint16 port = 0;
    QString action;
    QString value;
    std::chrono::milliseconds timeout { 10'000 };
    bool quiet = false;
    bool raw = false;    // --raw: the server's text as it came, control characters and all
    QString captureFile; // --capture: where the exchange's pcapng goes; empty for none

    static ClientOptions parse(const QStringList &arguments);
};

} // namespace Wirelab

#endif // WIRELAB_CLIENTOPTIONS_H
