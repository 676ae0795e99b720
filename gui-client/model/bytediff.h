#ifndef WIRELAB_BYTEDIFF_H
#define WIRELAB_BYTEDIFF_H

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Wirelab {

struct ExchangeRecord;

// Two messages byte by byte, as wirelab-check shows them: both as Python literals, a caret
// under the first byte that differs, and the field of the message it falls in (the
// annotation the checker uses). For the lab bench's "expected versus actual" (an answer beside
// the one the lab's server gives to the same request) and for comparing two exchanges.
class ByteDiff
{
    Q_DECLARE_TR_FUNCTIONS(ByteDiff)
public:
    // Bytes shown on each side of the first difference; the rest is "…".
    static constexpr qsizetype ContextBytes = 24;

    struct Comparison
    {
        bool same = false;
        qsizetype at = -1; // the first byte that differs (one ending first counts)
        QString field;     // what that byte is in the second message ("header \"byteorder\" value")
        QString summary;   // one sentence: "same bytes as the lab", or where and how they differ
        QStringList lines; // the first, the second, and the caret under the second
    };

    // expected first (the lab's, or the earlier exchange), then actual.
    static Comparison compare(QByteArrayView expected, QByteArrayView actual,
                              const QString &expectedName, const QString &actualName);
    // What the lab's server answers to request (RequestReading::labServer): with the byteorder
    // the actual answer declares, if it declares "little" or "big", since either is right.
    static QByteArray labAnswer(QByteArrayView request, QByteArrayView actualAnswer = {});
    // "Expected vs actual" for an exchange: its answer beside the lab's.
    static Comparison againstLab(const ExchangeRecord &record);
    // Two exchanges, their requests and their answers: one text, for a dialog.
    static QString compareExchanges(const ExchangeRecord &first, const ExchangeRecord &second);
};

} // namespace Wirelab

#endif // WIRELAB_BYTEDIFF_H
