#ifndef WIRELAB_DECODEHELPERS_H
#define WIRELAB_DECODEHELPERS_H

#include "messagedecoder.h"
#include "jsonwriter.h"

#include <QtCore/QByteArray>
#include <QtCore/QtEndian>
#include <QtCore/QList>
#include <QtCore/QStringList>

namespace DecodeHelpers {

using namespace Wirelab;

// A message from a header text and content, the prefix computed: for hand-made inputs.
inline QByteArray frame(const QByteArray &header, const QByteArray &content = {})
{
    QByteArray prefix(2, Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), prefix.data());
    return prefix + header + content;
}

inline QByteArray header(const QByteArray &contentType, const QByteArray &encoding, qint64 length,
                         const QByteArray &byteorder = "little")
{
    return "{\"byteorder\": \"" + byteorder + "\", \"content-type\": \"" + contentType
            + "\", \"content-encoding\": \"" + encoding
            + "\", \"content-length\": " + QByteArray::number(length) + "}";
}

// Everything a decode produced, as text: two runs are the same run when these are equal.
inline QString describe(const DecodeResult &result)
{
    switch (result.status) {
    case DecodeResult::Status::NeedMoreData:
        return QStringLiteral("need-more");
    case DecodeResult::Status::Finished:
        return QStringLiteral("finished");
    case DecodeResult::Status::Failed:
        return QStringLiteral("error %1 at %2 field '%3': %4")
                .arg(kindName(result.error.kind))
                .arg(result.error.offset)
                .arg(result.error.field, result.error.reason);
    case DecodeResult::Status::MessageReady:
        break;
    }
    const DecodedMessage &message = result.message;
    QStringList parts;
    parts << QStringLiteral("message at %1").arg(message.streamOffset)
          << message.message.header.byteorder << message.message.header.contentType
          << message.message.header.contentEncoding
          << QString::fromUtf8(jsonValueText(message.message.header.extraFields))
          << QString::fromLatin1(message.message.content.toHex())
          << QString::fromUtf8(jsonValueText(message.jsonContent));
    const auto span = [](const Span &s) { return QStringLiteral("%1+%2").arg(s.offset).arg(s.length); };
    parts << span(message.layout.lengthPrefix) << span(message.layout.header)
          << span(message.layout.content);
    for (const QList<FieldSpan> &fields : { message.layout.headerFields, message.contentFields() }) {
        for (const FieldSpan &field : fields)
            parts << QStringLiteral("%1:%2:%3").arg(field.name, span(field.key), span(field.value));
        parts << QStringLiteral("|");
    }
    return parts.join(QLatin1Char(' '));
}

// Feeds chunks one by one, draining next() after each, then finish() if asked; returns
// every result but the need-more ones, and a final need-more if input simply ran out.
inline QStringList decodeChunks(const QList<QByteArray> &chunks, bool finish,
                                DecoderLimits limits = {})
{
    MessageDecoder decoder(limits);
    QStringList results;
    const auto drain = [&] {
        for (;;) {
            const DecodeResult result = decoder.next();
            if (result.status == DecodeResult::Status::NeedMoreData)
                return true;
            results << describe(result);
            if (result.status != DecodeResult::Status::MessageReady)
                return false;
        }
    };
    for (const QByteArray &chunk : chunks) {
        decoder.feed(chunk);
        if (!drain())
            return results;
    }
    if (finish) {
        decoder.finish();
        drain();
    } else {
        results << QStringLiteral("need-more");
    }
    return results;
}

// An answer's result as the lab client would print it: the "result" of a text/json answer,
// the hex of any other content; "(none)" if the bytes are no whole answer.
inline QString resultOf(const QByteArray &answerBytes)
{
    MessageDecoder decoder;
    decoder.feed(answerBytes);
    const DecodeResult answer = decoder.next();
    if (answer.status != DecodeResult::Status::MessageReady)
        return QStringLiteral("(none)");
    return answer.message.message.header.isTextJson()
            ? answer.message.jsonContent.value(QStringLiteral("result")).toString()
            : QString::fromLatin1(answer.message.message.content.toHex());
}

inline QList<QByteArray> bytewise(const QByteArray &bytes)
{
    QList<QByteArray> chunks;
    for (char c : bytes)
        chunks << QByteArray(1, c);
    return chunks;
}

// Every way to cut the input in two.
inline QList<QList<QByteArray>> everySplit(const QByteArray &bytes)
{
    QList<QList<QByteArray>> splits;
    for (qsizetype at = 0; at <= bytes.size(); ++at)
        splits << QList<QByteArray> { bytes.left(at), bytes.mid(at) };
    return splits;
}

} // namespace DecodeHelpers

#endif // WIRELAB_DECODEHELPERS_H
