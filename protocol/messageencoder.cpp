#include "messageencoder.h"

#include "messagedecoder.h"
#include "pythonjson.h"

#include <QtCore/QtEndian>

namespace Wirelab {

QByteArray encodeHeader(const Header &header, qint64 contentLength)
{
    PythonJson::OrderedObject fields = {
        { QLatin1String(HeaderKey::ByteOrder), header.byteorder },
        { QLatin1String(HeaderKey::ContentType), header.contentType },
        { QLatin1String(HeaderKey::ContentEncoding), header.contentEncoding },
        { QLatin1String(HeaderKey::ContentLength), QJsonValue(contentLength) },
    };
    for (auto it = header.extraFields.begin(); it != header.extraFields.end(); ++it)
        fields.append({ it.key(), it.value() });
    return PythonJson::dumps(fields);
}

EncodeResult encodeMessage(const Message &message)
{
    const QByteArray header = encodeHeader(message.header, message.content.size());
    if (header.size() > DecoderLimits::HeaderBytesCeiling)
        return { {},
                 EncodeError{ EncodeError::Kind::HeaderTooLarge,
                              QStringLiteral("The JSON header is %1 bytes; the 2-byte length "
                                             "prefix can say at most 65535.")
                                      .arg(header.size()) } };
    QByteArray bytes(2 + header.size() + message.content.size(), Qt::Uninitialized);
    qToBigEndian<quint16>(quint16(header.size()), bytes.data());
    memcpy(bytes.data() + 2, header.constData(), header.size());
    memcpy(bytes.data() + 2 + header.size(), message.content.constData(), message.content.size());
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
