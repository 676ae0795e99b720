#include "roster.h"

#include <QtCore/QRegularExpression>
#include <QtCore/QSet>

namespace Wirelab::Check::Roster {

std::optional<QList<RosterEntry>> parse(const QByteArray &text, QString *error)
{
    static const QRegularExpression entry(QStringLiteral("^([A-Za-z0-9._-]+)\\s+(\\S.*)$"));
    const auto fail = [error](int line, const QString &reason) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(line).arg(reason);
        return std::nullopt;
    };
    QList<RosterEntry> entries;
    QSet<QString> names;
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch match = entry.match(line);
        if (!match.hasMatch())
            return fail(i + 1,
                        QStringLiteral(
                                "expected a name (letters, digits, '.', '_', '-') and a command"));
        const QString name = match.captured(1);
        const QString command = match.captured(2).trimmed();
        // The names become file names in the output folder: "." and ".." would not be.
        if (name == QLatin1String(".") || name == QLatin1String(".."))
            return fail(i + 1, QStringLiteral("%1 is not a usable name").arg(name));
        if (names.contains(name))
            return fail(i + 1, QStringLiteral("the name %1 is used twice").arg(name));
        if (!command.contains(QLatin1String("{port}")))
            return fail(i + 1, QStringLiteral("the command of %1 has no {port}").arg(name));
        names.insert(name);
        entries.append({ name, command, i + 1 });
    }
    if (entries.isEmpty()) {
        if (error)
            *error = QStringLiteral("no submissions in the roster");
        return std::nullopt;
    }
    return entries;
}

} // namespace Wirelab::Check::Roster
