#include "bytediff.h"

#include "byteannotation.h"
#include "exchangerecord.h"
#include "messageencoder.h"
#include "pythonrepr.h"
#include "requestreading.h"

namespace Wirelab {

namespace {

QString byteText(QByteArrayView bytes, qsizetype at)
{
    if (at >= bytes.size())
        return ByteDiff::tr("nothing (it ends there)");
    return QStringLiteral("%1").arg(static_cast<unsigned char>(bytes[at]), 2, 16, QLatin1Char('0'));
}

struct Window
{
    QString line;
    qsizetype caretColumn = 0;
};

// The bytes around at as a Python literal, after a name; the column of byte at in the line.
Window window(QByteArrayView bytes, qsizetype at, const QString &name, qsizetype nameWidth)
{
    const qsizetype start = qBound<qsizetype>(0, at - ByteDiff::ContextBytes, bytes.size());
    const qsizetype end = qMin(bytes.size(), qMax(at, start) + ByteDiff::ContextBytes);
    const QByteArrayView shown = bytes.sliced(start, end - start);
    QString line = name.leftJustified(nameWidth);
    if (start > 0)
        line += QStringLiteral("…");
    const qsizetype literalColumn = line.size();
    line += PythonRepr::bytes(shown);
    if (end < bytes.size())
        line += QStringLiteral("…");
    return { line, literalColumn + reprColumn(shown, qMax<qsizetype>(0, at - start)) };
}

} // namespace

ByteDiff::Comparison ByteDiff::compare(QByteArrayView expected, QByteArrayView actual,
                                       const QString &expectedName, const QString &actualName)
{
    Comparison comparison;
    const qsizetype nameWidth = qMax(expectedName.size(), actualName.size()) + 1;
    // The names as they head the lines ("lab server:"), and bare for a sentence.
    const auto bareName = [](const QString &name) {
        return name.endsWith(QLatin1Char(':')) ? name.chopped(1) : name;
    };
    const QString bare = bareName(expectedName);
    const QString actualBare = bareName(actualName);
    comparison.at = firstDifference(expected, actual);
    if (comparison.at < 0) {
        comparison.same = true;
        comparison.summary = tr("Same bytes as %1 (%n bytes).", nullptr, int(actual.size())).arg(bare);
        comparison.lines = { window(actual, 0, actualName, nameWidth).line };
        return comparison;
    }
    comparison.field = fieldAt(annotateMessage(actual), comparison.at);
    comparison.summary = tr("First difference at byte %1 (%2): %3 has %4 where %5 has %6.")
                                 .arg(comparison.at)
                                 .arg(comparison.field, actualBare, byteText(actual, comparison.at), bare,
                                      byteText(expected, comparison.at));
    const Window expectedLine = window(expected, comparison.at, expectedName, nameWidth);
    const Window actualLine = window(actual, comparison.at, actualName, nameWidth);
    comparison.lines = { expectedLine.line, actualLine.line,
                         QString(actualLine.caretColumn, QLatin1Char(' ')) + QLatin1Char('^') };
    return comparison;
}

QByteArray ByteDiff::labAnswer(QByteArrayView request, QByteArrayView actualAnswer)
{
    const QByteArray lab = RequestReading::labServer(request).answer;
    MessageDecoder actualDecoder(DecoderLimits::ceilings());
    actualDecoder.feed(actualAnswer);
    const DecodeResult actual = actualDecoder.next();
    if (actual.status != DecodeResult::Status::MessageReady)
        return lab;
    const QString declared = actual.message.message.header.byteorder;
    if (declared != byteOrderName(ByteOrder::Little) && declared != byteOrderName(ByteOrder::Big))
        return lab;
    MessageDecoder labDecoder(DecoderLimits::ceilings());
    labDecoder.feed(lab);
    DecodeResult ours = labDecoder.next();
    if (ours.status != DecodeResult::Status::MessageReady || ours.message.message.header.byteorder == declared)
        return lab;
    ours.message.message.header.byteorder = declared;
    return encodeMessage(ours.message.message).bytes;
}

ByteDiff::Comparison ByteDiff::againstLab(const ExchangeRecord &record)
{
    const QByteArray lab = labAnswer(record.requestBytes, record.responseBytes);
    Comparison comparison = compare(lab, record.responseBytes, tr("lab:"), tr("actual:"));
    if (comparison.same)
        comparison.summary = tr("Same bytes as the lab's server would send (%n bytes).", nullptr, int(lab.size()));
    else if (record.responseBytes.isEmpty())
        comparison.summary = tr("Nothing came back; the lab's server answers %1.").arg(RequestReading::answerText(lab));
    return comparison;
}

QString ByteDiff::compareExchanges(const ExchangeRecord &first, const ExchangeRecord &second)
{
    const QString firstName = tr("first:");
    const QString secondName = tr("second:");
    const Comparison requests = compare(first.requestBytes, second.requestBytes, firstName, secondName);
    const Comparison answers = compare(first.responseBytes, second.responseBytes, firstName, secondName);
    return tr("Requests: %1").arg(requests.summary) + QLatin1Char('\n') + requests.lines.join(QLatin1Char('\n'))
           + QStringLiteral("\n\n") + tr("Answers: %1").arg(answers.summary) + QLatin1Char('\n')
           + answers.lines.join(QLatin1Char('\n'));
}

} // namespace Wirelab
