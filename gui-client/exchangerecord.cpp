#include "exchangerecord.h"

#include "labprotocol.h"

#include <QtCore/QJsonArray>


namespace Wirelab {

namespace {

// A history line stays a line, whatever the answer was.
constexpr qsizetype SummaryOutcomeChars = 120;

} // namespace

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
    if (outcome.isEmpty())
        outcome = QStringLiteral("(no answer)");
    outcome.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (outcome.size() > SummaryOutcomeChars)
        outcome = outcome.left(SummaryOutcomeChars) + QStringLiteral("…");
    // An exchange of another day (from a history file) says which day.
    const QString when = time.date() == QDate::currentDate()
            ? time.toString(QStringLiteral("HH:mm:ss"))
            : time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return QStringLiteral("%1  %2 %3  →  %4").arg(when, action, value, outcome);
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
        { QStringLiteral("transcript"), QJsonArray::fromStringList(transcript) },
    };
}

std::optional<ExchangeRecord> ExchangeRecord::fromJson(const QJsonObject &object)
{
    const auto base64 = [&object](const char *key) {
        return QByteArray::fromBase64Encoding(object.value(QLatin1String(key)).toString().toLatin1(),
                                              QByteArray::AbortOnBase64DecodingErrors);
    };
    const QByteArray::FromBase64Result request = base64("request");
    const QByteArray::FromBase64Result response = base64("response");
    const QDateTime time = QDateTime::fromString(object.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    if (!object.value(QStringLiteral("request")).isString() || !request || !response || !time.isValid())
        return std::nullopt;
    ExchangeRecord record;
    record.time = time;
    record.host = object.value(QStringLiteral("host")).toString();
    record.port = quint16(object.value(QStringLiteral("port")).toInt());
    record.action = object.value(QStringLiteral("action")).toString();
    record.value = object.value(QStringLiteral("value")).toString();
    record.requestBytes = *request;
    record.responseBytes = *response;
    record.error = object.value(QStringLiteral("error")).toString();
    for (const QJsonValue &line : object.value(QStringLiteral("transcript")).toArray())
        record.transcript.append(line.toString());
    return record;
}

DecodedBytes DecodedBytes::decode(const QByteArray &bytes)
{
    DecodedBytes decoded;
    decoded.bytes = bytes;
    MessageDecoder decoder({ DecoderLimits::HeaderBytesCeiling, DecoderLimits::ContentBytesCeiling });
    decoder.feed(bytes);
    decoder.finish();
    DecodeResult result = decoder.next();
    // A refusal still carries the spans the decoder read before it: what can be shown.
    decoded.layout = result.message.layout;
    if (result.status == DecodeResult::Status::MessageReady)
        decoded.message = std::move(result.message);
    else if (result.status == DecodeResult::Status::Failed)
        decoded.error = result.error;
    return decoded;
}

} // namespace Wirelab
