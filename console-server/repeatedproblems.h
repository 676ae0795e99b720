#ifndef WIRELAB_REPEATEDPROBLEMS_H
#define WIRELAB_REPEATEDPROBLEMS_H

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <array>

namespace Wirelab {

// Problems that come in floods (clients that reset, clients refused while the server is
// full, clients that time out, connections the PROXY protocol refuses): of each kind, the first in
// a second is logged as it is, and the rest are counted and summed up in one line once the second
// is over. 2,000 resets make two lines, not 2,000.
class RepeatedProblems
{
public:
    enum class Kind { Reset, Refused, Timeout, ProxyRefused };
    static constexpr qint64 WindowMilliseconds = 1000;

    // Whether a problem of this kind, now, is to be logged (true) or only counted.
    bool admit(Kind kind, qint64 now, const QString &line);
    // "N more ... (the last: ...)" for each kind whose second is over and that counted some.
    QStringList summaries(qint64 now);

private:
    struct Window
    {
        qint64 startedAt = -WindowMilliseconds;
        qint64 unlogged = 0;
        QString lastLine; // of those counted
    };
    std::array<Window, 4> m_windows;
};

} // namespace Wirelab

#endif // WIRELAB_REPEATEDPROBLEMS_H
