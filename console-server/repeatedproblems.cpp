#include "repeatedproblems.h"

namespace Wirelab {

namespace {

QString summary(RepeatedProblems::Kind kind, qint64 count, qint64 milliseconds, QString last)
{
    const char *what = "connections timed out";
    switch (kind) {
    case RepeatedProblems::Kind::Reset:
        what = "clients reset their connection";
        break;
    case RepeatedProblems::Kind::Refused:
        what = "connections refused (server busy)";
        break;
    case RepeatedProblems::Kind::ProxyRefused:
        what = "connections refused (PROXY protocol)";
        break;
    case RepeatedProblems::Kind::Timeout:
        break;
    }
    if (last.startsWith(QLatin1String("error: ")))
        last.remove(0, 7);
    return QStringLiteral("error: %1 more %2 in the last %3 ms (the last: %4)")
            .arg(count)
            .arg(QLatin1String(what))
            .arg(milliseconds)
            .arg(last);
}

} // namespace

bool RepeatedProblems::admit(Kind kind, qint64 now, const QString &line)
{
    Window &window = m_windows[size_t(kind)];
    if (now - window.startedAt < WindowMilliseconds) {
        ++window.unlogged;
        window.lastLine = line;
        return false;
    }
    window.startedAt = now;
    return true;
}

QStringList RepeatedProblems::summaries(qint64 now)
{
    QStringList lines;
    for (size_t i = 0; i < m_windows.size(); ++i) {
        Window &window = m_windows[i];
        if (window.unlogged == 0 || now - window.startedAt < WindowMilliseconds)
            continue;
        lines.append(summary(Kind(i), window.unlogged, now - window.startedAt, window.lastLine));
        window.unlogged = 0;
        window.startedAt = now; // the next one in this second is counted too
    }
    return lines;
}

} // namespace Wirelab
