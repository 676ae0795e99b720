#include "messageencoder.h"

#include "jsonwriter.h"
#include "messagedecoder.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

constexpr qsizetype LengthPrefixSize = 2;
constexpr qsizetype TypicalHeaderSize = 160; // the lab's headers are 103 to 127 bytes

// The header's keys in the lab's order, then any extra keys, appended to out.
void writeHeader(QByteArray &out, const Header &header, qint64 contentLength, QLatin1String omittedKey)
{
    JsonWriter writer(out);
    const auto add = [&](const char *key, const QString &text) {
        if (omittedKey != QLatin1String(key))
            writer.addString(QLatin1String(key), text);
    };
    add(HeaderKey::ByteOrder, header.byteorder);
    add(HeaderKey::ContentType, header.contentType);
    add(HeaderKey::ContentEncoding, header.contentEncoding);
    if (omittedKey != QLatin1String(HeaderKey::ContentLength))
        writer.addInteger(QLatin1String(HeaderKey::ContentLength), contentLength);
    const QJsonObject &extra = header.extraFields;
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (omittedKey != it.key())
            writer.addValue(it.key(), it.value());
    }
    writer.close();
}

// The prefix and the header into bytes, reserving room for extra bytes after them: the
// header is written in place and its length filled in afterwards.
EncodeResult encodeHeadWithRoom(const Message &message, qsizetype room)
{
    QByteArray bytes;
    bytes.reserve(LengthPrefixSize + TypicalHeaderSize + room);
    bytes.resize(LengthPrefixSize);
    writeHeader(bytes, message.header, message.content.size(), {});

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

QByteArray encodeHeaderText(const Header &header, qint64 contentLength, QLatin1String omittedKey)
{
    QByteArray text;
    writeHeader(text, header, contentLength, omittedKey);
    return text;
}

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
