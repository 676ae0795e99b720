#ifndef WIRELAB_HISTORYFILE_H
#define WIRELAB_HISTORYFILE_H

#include "exchangerecord.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <optional>

namespace Wirelab {

// The session's history in a file: JSON, one object an exchange, each message's bytes in
// base64 (what is read back) and as `hexdump -C` lines (for a person reading the file).
//
// Reading is strict about the file and lenient about its entries: a file that is empty, cut
// off, not JSON or not a Wirelab history is refused with the reason; in a good file an entry
// that cannot be read whole is skipped, and said (the window lists what it skipped). A file
// with no entry that can be read is refused.
class HistoryFile
{
    Q_DECLARE_TR_FUNCTIONS(HistoryFile)
public:
    // 1: no ending, no conversation, no hex. 2 gained, as optional keys a reader of 2 passes
    // over, "server-conversation" and "send-plan" (the timeline's other end, how it was sent).
    static constexpr int FormatVersion = 2;

    struct Contents
    {
        QList<ExchangeRecord> records;
        QStringList skipped; // "exchange 3: its request is not base64", ...
    };

    static QByteArray toJson(const QList<ExchangeRecord> &records);
    static std::optional<Contents> fromJson(const QByteArray &json, QString *whyNot);

    static bool write(const QString &fileName, const QList<ExchangeRecord> &records, QString *whyNot);
    static std::optional<Contents> read(const QString &fileName, QString *whyNot);

    // The history kept between runs: where, and what of it.
    static QString keptHistoryPath();
    static constexpr qsizetype KeptExchanges = 200;
    static constexpr qsizetype KeptBytes = 16 * 1024 * 1024; // of messages, oldest dropped first
    static QList<ExchangeRecord> toKeep(const QList<ExchangeRecord> &records);
};

} // namespace Wirelab

#endif // WIRELAB_HISTORYFILE_H
