#include "messageencoder.h"

#include "jsonwriter.h"
#include "messagedecoder.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

constexpr qsizetype LengthPrefixSize = 2;
constexpr qsizetype TypicalHeaderSize = 160; // the lab's headers are 103 to 127 bytes

// The prefix and the header into bytes, reserving room for extra bytes after them: the
// header is written in place and its length filled in afterwards.
EncodeResult encodeHeadWithRoom(const Message &message, qsizetype room)
{
    QByteArray bytes;
    bytes.reserve(LengthPrefixSize + TypicalHeaderSize + room);
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
    return { bytes, std::nullopt };
}

} // namespace

EncodeResult encodeHead(const Message &message)
{
    return encodeHeadWithRoom(message, 0);
}

EncodeResult encodeMessage(const Message &message)
{
    EncodeResult result = encodeHeadWithRoom(message, message.content.size());
    if (result.ok())
        result.bytes.append(message.content);
    return result;
}

} // namespace Wirelab
