#include "exchangerecord.h"

#include "labprotocol.h"

#include <QtCore/QtEndian>

namespace Wirelab {

QString ExchangeRecord::summary() const
{
    QString outcome = error;
    if (outcome.isEmpty()) {
        const DecodedBytes decoded = DecodedBytes::decode(responseBytes);
        if (decoded.message) {
            const Lab::ResponseSummary result = Lab::summarizeResponse(*decoded.message);
            outcome = result.resultNumber ? QStringLiteral("result: %1").arg(*result.resultNumber)
                                          : result.resultText;
        }
    }
    return QStringLiteral("%1  %2 %3  →  %4")
            .arg(time.toString(QStringLiteral("HH:mm:ss")), action, value, outcome);
}

QJsonObject ExchangeRecord::toJson() const
{
    return {
        { QStringLiteral("time"), time.toString(Qt::ISODateWithMs) },
        { QStringLiteral("host"), host },
        { QStringLiteral("port"), port },
        { QStringLiteral("action"), action },
        { QStringLiteral("value"), value },
        { QStringLiteral("request"), QString::fromLatin1(requestBytes.toBase64()) },
        { QStringLiteral("response"), QString::fromLatin1(responseBytes.toBase64()) },
        { QStringLiteral("error"), error },
    };
}

std::optional<ExchangeRecord> ExchangeRecord::fromJson(const QJsonObject &object)
{
    if (!object.value(QStringLiteral("request")).isString())
        return std::nullopt;
    ExchangeRecord record;
    record.time = QDateTime::fromString(object.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    record.host = object.value(QStringLiteral("host")).toString();
    record.port = quint16(object.value(QStringLiteral("port")).toInt());
    record.action = object.value(QStringLiteral("action")).toString();
    record.value = object.value(QStringLiteral("value")).toString();
    const auto base64 = [&object](const char *key) {
        return QByteArray::fromBase64(object.value(QLatin1String(key)).toString().toLatin1());
    };
    record.requestBytes = base64("request");
    record.responseBytes = base64("response");
    record.error = object.value(QStringLiteral("error")).toString();
    return record;
}

DecodedBytes DecodedBytes::decode(const QByteArray &bytes)
{
    DecodedBytes decoded;
    decoded.bytes = bytes;
    MessageDecoder decoder({ DecoderLimits::HeaderBytesCeiling, DecoderLimits::ContentBytesCeiling });
    decoder.feed(bytes);
    decoder.finish();
    const DecodeResult result = decoder.next();
    if (result.status == DecodeResult::Status::MessageReady) {
        decoded.message = result.message;
        decoded.layout = result.message.layout;
        return decoded;
    }
    if (result.status == DecodeResult::Status::Failed)
        decoded.error = result.error;
    // What can still be told apart in bytes that do not decode.
    if (bytes.size() >= 2) {
        decoded.layout.lengthPrefix = { 0, 2 };
        const qsizetype headerLength = qFromBigEndian<quint16>(bytes.constData());
        decoded.layout.header = { 2, qMin(headerLength, bytes.size() - 2) };
    }
    return decoded;
}

} // namespace Wirelab
