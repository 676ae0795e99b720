#include "messageencoder.h"

#include "messagedecoder.h"
#include "pythonjson.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

void appendHeader(QByteArray &out, const Header &header, qint64 contentLength)
{
    PythonJson::ObjectWriter writer(out);
    writer.addString(QLatin1String(HeaderKey::ByteOrder), header.byteorder);
    writer.addString(QLatin1String(HeaderKey::ContentType), header.contentType);
    writer.addString(QLatin1String(HeaderKey::ContentEncoding), header.contentEncoding);
    writer.addInteger(QLatin1String(HeaderKey::ContentLength), contentLength);
    for (auto it = header.extraFields.begin(); it != header.extraFields.end(); ++it)
        writer.addValue(it.key(), it.value());
    writer.close();
}

constexpr qsizetype LengthPrefixSize = 2;

} // namespace

QByteArray encodeHeader(const Header &header, qint64 contentLength)
{
    QByteArray out;
    out.reserve(160);
    appendHeader(out, header, contentLength);
    return out;
}

EncodeResult encodeMessage(const Message &message)
{
    // Prefix, header and content in one buffer: the header is written in place and its
    // length filled in afterwards.
    QByteArray bytes;
    bytes.reserve(LengthPrefixSize + 160 + message.content.size());
    bytes.resize(LengthPrefixSize);
    appendHeader(bytes, message.header, message.content.size());
    const qsizetype headerSize = bytes.size() - LengthPrefixSize;
    if (headerSize > DecoderLimits::HeaderBytesCeiling)
        return { {},
                 EncodeError{ EncodeError::Kind::HeaderTooLarge,
                              QStringLiteral("The JSON header is %1 bytes; the 2-byte length "
                                             "prefix can say at most 65535.")
                                      .arg(headerSize) } };
    qToBigEndian<quint16>(quint16(headerSize), bytes.data());
    bytes.append(message.content);
    return { bytes, std::nullopt };
}

MessageLayout layoutOf(const QByteArray &encodedMessage)
{
    MessageDecoder decoder({ DecoderLimits::HeaderBytesCeiling, DecoderLimits::ContentBytesCeiling });
    decoder.feed(encodedMessage);
    decoder.finish();
    const DecodeResult result = decoder.next();
    return result.message.layout;
}

} // namespace Wirelab
