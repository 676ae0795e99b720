#include "messageencoder.h"

#include "jsonwriter.h"
#include "messagedecoder.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

constexpr qsizetype LengthPrefixSize = 2;
constexpr qsizetype TypicalHeaderSize = 160; // the lab's headers are 103 to 127 bytes

} // namespace

EncodeResult encodeMessage(const Message &message)
{
    // Prefix, header and content in one buffer: the header is written in place and its
    // length filled in afterwards.
    QByteArray bytes;
    bytes.reserve(LengthPrefixSize + TypicalHeaderSize + message.content.size());
    bytes.resize(LengthPrefixSize);
    JsonWriter writer(bytes);
    writer.addString(QLatin1String(HeaderKey::ByteOrder), message.header.byteorder);
    writer.addString(QLatin1String(HeaderKey::ContentType), message.header.contentType);
    writer.addString(QLatin1String(HeaderKey::ContentEncoding), message.header.contentEncoding);
    writer.addInteger(QLatin1String(HeaderKey::ContentLength), message.content.size());
    const QJsonObject &extra = message.header.extraFields;
    for (auto it = extra.begin(); it != extra.end(); ++it)
        writer.addValue(it.key(), it.value());
    writer.close();

    const qsizetype headerSize = bytes.size() - LengthPrefixSize;
    if (headerSize > DecoderLimits::HeaderBytesCeiling)
        return { {},
                 EncodeError { QStringLiteral("The JSON header is %1 bytes; the 2-byte length "
                                              "prefix can say at most 65535.")
                                       .arg(headerSize) } };
    // The header's length, big-endian (struct ">H"), as every message starts.
    qToBigEndian<quint16>(quint16(headerSize), bytes.data());
    bytes.append(message.content);
    return { bytes, std::nullopt };
}

} // namespace Wirelab
