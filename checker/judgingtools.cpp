#include "judgingtools.h"

#include "byteannotation.h"
#include "jsonscanner.h"
#include "pythonrepr.h"

#include <QtCore/QtEndian>

namespace Wirelab::Check::JudgingTools {
namespace {

QStringList fieldNames(const QList<FieldSpan> &fields)
{
    QStringList names;
    for (const FieldSpan &field : fields)
        names.append(field.name);
    return names;
}

// The header's text with content-length's value blanked out: two headers that are equal so
// differ only because their contents differ in size.
QByteArray headerShape(const QByteArray &bytes, const MessageLayout &layout)
{
    const Span header = layout.header;
    if (header.end() > bytes.size())
        return bytes.mid(header.offset);
    QByteArray shape = bytes.mid(header.offset, header.length);
    for (auto field = layout.headerFields.crbegin(); field != layout.headerFields.crend();
         ++field) {
        if (field->name == QLatin1String("content-length"))
            shape.replace(field->value.offset - header.offset, field->value.length, "N");
    }
    return shape;
}

} // namespace

Decoded decode(const QByteArray &bytes, bool ended, const DecoderLimits &limits)
{
    Decoded decoded;
    MessageDecoder decoder(limits);
    decoder.feed(bytes);
    if (ended)
        decoder.finish();
    decoded.result = decoder.next();
    if (decoded.result.status == DecodeResult::Status::MessageReady) {
        decoded.trailingBytes = decoder.bufferedBytes();
    } else if (decoded.result.status == DecodeResult::Status::NeedMoreData && !bytes.isEmpty()) {
        MessageDecoder ending(limits);
        ending.feed(bytes);
        ending.finish();
        decoded.incompleteReason = ending.next().error.reason;
    }
    return decoded;
}

std::optional<Finding> notAWholeMessage(Finding finding, const Decoded &decoded,
                                        const QString &incomplete, const QString &noun)
{
    const DecodeResult &result = decoded.result;
    if (result.status == DecodeResult::Status::NeedMoreData) {
        finding.clause = QStringLiteral("2.3");
        finding.problem = incomplete + decoded.incompleteReason;
        pointAt(finding, finding.actualBytes.size());
        return finding;
    }
    if (result.status == DecodeResult::Status::Failed) {
        finding.clause = result.error.kind == DecodeError::Kind::TruncatedAtEof
                                 ? QStringLiteral("2.3")
                                 : QStringLiteral("1.1");
        finding.problem = QStringLiteral("The %1 is not a valid message: %2")
                                  .arg(noun, result.error.reason);
        pointAt(finding, result.error.offset);
        return finding;
    }
    return std::nullopt;
}

void pointAt(Finding &finding, qint64 offset)
{
    const qint64 clamped = qBound<qint64>(0, offset, finding.actualBytes.size());
    finding.differsAt = clamped;
    finding.differsField = fieldAt(annotateMessage(finding.actualBytes), clamped);
}

QByteArray closest(const QByteArray &actual, const QList<QByteArray> &candidates)
{
    QByteArray best;
    qsizetype bestAgreement = -2;
    for (const QByteArray &candidate : candidates) {
        qsizetype agreement = firstDifference(actual, candidate);
        if (agreement < 0)
            return candidate;
        if (agreement > bestAgreement) {
            bestAgreement = agreement;
            best = candidate;
        }
    }
    return best;
}

QList<Accepted> acceptedOutcomes(const QString &meaning, const QList<QByteArray> &labBytes,
                                 const QString &whose)
{
    QList<Accepted> accepted { { meaning, {} } };
    for (const QByteArray &bytes : labBytes) {
        const bool big = bytes.contains("\"byteorder\": \"big\"");
        accepted.append(
                { QStringLiteral("%1 bytes, on a %2-endian host")
                          .arg(whose, big ? QStringLiteral("big") : QStringLiteral("little")),
                  bytes });
    }
    return accepted;
}

ByteDifference describeByteDifference(const QByteArray &actual, const QByteArray &lab)
{
    ByteDifference difference;
    difference.at = firstDifference(actual, lab);
    const Decoded ours = decode(actual, true);
    const Decoded theirs = decode(lab, true);
    const MessageLayout &layout = ours.result.message.layout;
    const MessageLayout &labLayout = theirs.result.message.layout;
    const bool headerDiffers = difference.at < layout.header.end()
                               && headerShape(actual, layout) != headerShape(lab, labLayout);
    if (headerDiffers || layout.header.length == 0) {
        difference.clause = QStringLiteral("2.6");
        const QStringList keys = fieldNames(layout.headerFields);
        const QStringList labKeys = fieldNames(labLayout.headerFields);
        const QString byteorder = ours.result.message.message.header.byteorder;
        if (byteorder != QLatin1String("little") && byteorder != QLatin1String("big")) {
            difference.clause = QStringLiteral("2.5");
            difference.problem = QStringLiteral("The header's byteorder is %1; sys.byteorder is "
                                                "\"little\" or \"big\".")
                                         .arg(PythonRepr::string(byteorder));
        } else if (keys != labKeys) {
            difference.problem
                    = QStringLiteral("The header's keys are %1; the lab's json.dumps writes %2.")
                              .arg(keys.join(QLatin1String(", ")),
                                   labKeys.join(QLatin1String(", ")));
        } else {
            difference.problem = QStringLiteral(
                    "The header's bytes are not the lab's: json.dumps writes the same keys "
                    "with \", \" and \": \" between them and these values.");
        }
        return difference;
    }
    const QByteArrayView content
            = QByteArrayView(actual).sliced(qMin(layout.content.offset, actual.size()));
    const QByteArrayView labContent
            = QByteArrayView(lab).sliced(qMin(labLayout.content.offset, lab.size()));
    // The header differs only in the content's size: point at the content's first difference.
    if (const qsizetype inContent = firstDifference(content, labContent); inContent >= 0)
        difference.at = layout.content.offset + inContent;
    if (ours.result.message.message.header.isTextJson()) {
        difference.clause = QStringLiteral("3.2");
        if (content.contains("\\u") && !labContent.contains("\\u"))
            difference.problem = QStringLiteral(
                    "The content escapes characters as \\uXXXX where json.dumps(..., "
                    "ensure_ascii=False) writes them as UTF-8.");
        else
            difference.problem = QStringLiteral(
                    "The content's bytes are not json.dumps(..., ensure_ascii=False)'s, "
                    "though they mean the same.");
        return difference;
    }
    difference.clause = QStringLiteral("1.3");
    difference.problem
            = QStringLiteral(
                      "The content's bytes are not the lab's (%1 bytes where the lab sends %2).")
                      .arg(content.size())
                      .arg(labContent.size());
    return difference;
}

} // namespace Wirelab::Check::JudgingTools
