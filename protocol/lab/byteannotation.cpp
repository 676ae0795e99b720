#include "byteannotation.h"

#include "labprotocol.h"
#include "messagedecoder.h"

#include <QtCore/QtEndian>
#include <algorithm>

namespace Wirelab {
namespace {

struct Labelled
{
    ByteRole role;
    QString label;
};

void paint(QList<Labelled> &bytes, const Span &span, ByteRole role, const QString &label)
{
    const qsizetype end = qMin<qsizetype>(span.end(), bytes.size());
    for (qsizetype i = qMax<qsizetype>(0, span.offset); i < end; ++i)
        bytes[i] = { role, label };
}

} // namespace

QString byteRoleName(ByteRole role)
{
    switch (role) {
    case ByteRole::LengthPrefix:
        return QStringLiteral("prefix");
    case ByteRole::Header:
        return QStringLiteral("header");
    case ByteRole::HeaderKey:
        return QStringLiteral("header-key");
    case ByteRole::HeaderValue:
        return QStringLiteral("header-value");
    case ByteRole::Content:
        return QStringLiteral("content");
    case ByteRole::ContentKey:
        return QStringLiteral("content-key");
    case ByteRole::ContentValue:
        return QStringLiteral("content-value");
    case ByteRole::ContentName:
        return QStringLiteral("content-name");
    case ByteRole::ContentNumber:
        return QStringLiteral("content-number");
    case ByteRole::Trailing:
        return QStringLiteral("trailing");
    }
    return {};
}

QList<ByteRange> annotateMessage(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return {};
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(bytes);
    decoder.finish();
    const DecodeResult result = decoder.next();
    const MessageLayout &layout = result.message.layout;

    QList<Labelled> labelled(bytes.size(),
                             { ByteRole::Trailing, QStringLiteral("after the message") });
    if (bytes.size() < 2 || layout.lengthPrefix.length == 0) {
        paint(labelled, { 0, 2 }, ByteRole::LengthPrefix, QStringLiteral("length prefix"));
    } else {
        const quint16 announced = qFromBigEndian<quint16>(bytes.data());
        paint(labelled, layout.lengthPrefix, ByteRole::LengthPrefix,
              QStringLiteral("length prefix (\">H\": %1)").arg(announced));
        paint(labelled, layout.header, ByteRole::Header, QStringLiteral("header"));
        for (const FieldSpan &field : layout.headerFields) {
            paint(labelled, field.key, ByteRole::HeaderKey,
                  QStringLiteral("header key \"%1\"").arg(field.name));
            paint(labelled, field.value, ByteRole::HeaderValue,
                  QStringLiteral("header \"%1\" value").arg(field.name));
        }
        // A content is laid out only once its header has been read.
        if (layout.content.offset > 0 || layout.content.length > 0) {
            paint(labelled, layout.content, ByteRole::Content, QStringLiteral("content"));
            for (const FieldSpan &field : result.message.contentFields()) {
                paint(labelled, field.key, ByteRole::ContentKey,
                      QStringLiteral("content key \"%1\"").arg(field.name));
                paint(labelled, field.value, ByteRole::ContentValue,
                      QStringLiteral("content \"%1\" value").arg(field.name));
            }
            if (result.status == DecodeResult::Status::MessageReady) {
                for (const FieldSpan &field : Lab::arithmeticFields(result.message)) {
                    const bool isName = field.name == QLatin1String("name");
                    paint(labelled, field.value,
                          isName ? ByteRole::ContentName : ByteRole::ContentNumber,
                          isName ? QStringLiteral("content name (\"6s\")")
                                 : QStringLiteral("content int32 (\">i\")"));
                }
            }
        } else if (layout.header.end() < bytes.size()
                   && result.status == DecodeResult::Status::Failed) {
            // The header was refused: what follows it is not a content anyone has read.
            paint(labelled, { layout.header.end(), bytes.size() - layout.header.end() },
                  ByteRole::Trailing,
                  QStringLiteral("after the header (unread: the header was refused)"));
        }
    }

    QList<ByteRange> ranges;
    for (qsizetype i = 0; i < labelled.size(); ++i) {
        if (!ranges.isEmpty() && ranges.last().role == labelled[i].role
            && ranges.last().label == labelled[i].label)
            ++ranges.last().span.length;
        else
            ranges.append({ { i, 1 }, labelled[i].role, labelled[i].label });
    }
    return ranges;
}

QString fieldAt(const QList<ByteRange> &ranges, qsizetype offset)
{
    for (const ByteRange &range : ranges) {
        if (range.span.contains(offset))
            return range.label;
    }
    if (ranges.isEmpty())
        return QStringLiteral("nothing arrived");
    return QStringLiteral("the end: nothing came after byte %1").arg(ranges.last().span.end() - 1);
}

qsizetype firstDifference(QByteArrayView a, QByteArrayView b)
{
    const qsizetype common = qMin(a.size(), b.size());
    const auto mismatch = std::mismatch(a.begin(), a.begin() + common, b.begin());
    const qsizetype at = mismatch.first - a.begin();
    if (at < common)
        return at;
    return a.size() == b.size() ? -1 : common;
}

qsizetype reprColumn(QByteArrayView bytes, qsizetype index)
{
    // repr(bytes) as CPython writes it: b, a quote (double only if there is a single quote
    // and no double one), each byte as itself, as \\, \', \t, \n, \r, or as \xhh.
    const char quote = bytes.contains('\'') && !bytes.contains('"') ? '"' : '\'';
    qsizetype column = 2;
    const qsizetype end = qMin(index, bytes.size());
    for (qsizetype i = 0; i < end; ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == quote || c == '\\' || c == '\t' || c == '\n' || c == '\r')
            column += 2;
        else if (c < 0x20 || c >= 0x7f)
            column += 4;
        else
            column += 1;
    }
    return column;
}

} // namespace Wirelab
