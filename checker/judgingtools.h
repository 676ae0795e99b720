#ifndef WIRELAB_JUDGINGTOOLS_H
#define WIRELAB_JUDGINGTOOLS_H

#include "caseresult.h"
#include "messagedecoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <optional>

// What the server-mode and client-mode judges share: decoding what a peer sent, pointing at
// a byte, and saying how bytes differ from the lab's.
namespace Wirelab::Check::JudgingTools {

struct Decoded
{
    DecodeResult result;
    qsizetype trailingBytes = 0; // bytes after a complete message
    // Why the message is incomplete, as the decoder says it for a connection that ended
    // there ("... 10 of its 11 bytes arrived."); empty unless result needs more data.
    QString incompleteReason;
};

// bytes as one message. ended: the peer closed, so a cut-off message is an error rather
// than one still arriving.
Decoded decode(const QByteArray &bytes, bool ended,
               const DecoderLimits &limits = DecoderLimits::ceilings());

// For bytes that are not one whole message, the finding that says so: still incomplete
// (clause 2.3, incomplete then the decoder's reason), or refused by the decoder ("The <noun>
// is not a valid message: ...", 1.1, or 2.3 for one cut short). nullopt for a whole message.
std::optional<Finding> notAWholeMessage(Finding finding, const Decoded &decoded,
                                        const QString &incomplete, const QString &noun);

// Points the finding's caret at offset of its actual bytes, with the field it falls in.
void pointAt(Finding &finding, qint64 offset);

// Of candidates, the one that agrees with actual the longest (the first of equals).
QByteArray closest(const QByteArray &actual, const QList<QByteArray> &candidates);

// The lab's bytes, as "Expected:" lines, after the meaning's description.
QList<Accepted> acceptedOutcomes(const QString &meaning, const QList<QByteArray> &labBytes,
                                 const QString &whose);

// One sentence on how actual differs from lab's bytes, for a message whose meaning is right,
// and the clause that difference breaks (2.6 header, 3.2 JSON content, 2.5 byteorder, ...).
struct ByteDifference
{
    QString problem;
    QString clause;
    qsizetype at = -1;
};
ByteDifference describeByteDifference(const QByteArray &actual, const QByteArray &lab);

} // namespace Wirelab::Check::JudgingTools

#endif // WIRELAB_JUDGINGTOOLS_H
