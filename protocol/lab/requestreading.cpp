#include "requestreading.h"

#include "labprotocol.h"
#include "pythonrepr.h"
#include "serverexchange.h"

#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

// The decoder's verdict on bytes that are all the client sends, and on the same bytes once
// the client has closed (which says how far a message that is cut off got).
struct Verdicts
{
    DecodeResult open;
    DecodeResult closed;
};

Verdicts decode(QByteArrayView bytes, const DecoderLimits &limits)
{
    MessageDecoder decoder(limits);
    decoder.feed(bytes);
    Verdicts verdicts { decoder.next(), {} };
    decoder.finish();
    verdicts.closed = verdicts.open.status == DecodeResult::Status::NeedMoreData ? decoder.next()
                                                                                 : verdicts.open;
    return verdicts;
}

} // namespace

QStringList RequestReading::explain(QByteArrayView bytes, const DecoderLimits &limits)
{
    if (bytes.isEmpty())
        return { tr("Nothing to send: the server would wait for a 2-byte length prefix.") };
    if (bytes.size() < 2)
        return { tr("Only one byte: the server waits for the second byte of the length prefix.") };

    QStringList sentences;
    const quint16 declared = qFromBigEndian<quint16>(bytes.data());
    sentences.append(tr("The server reads the first two bytes, %1, big-endian as the header's "
                        "length: 0x%2 = %3.")
                             .arg(QString::fromLatin1(bytes.first(2).toByteArray().toHex(' ')))
                             .arg(declared, 4, 16, QLatin1Char('0'))
                             .arg(declared));
    const Verdicts verdicts = decode(bytes, limits);
    const DecodeResult &result = verdicts.open;
    switch (result.status) {
    case DecodeResult::Status::Failed:
        sentences.append(tr("It refuses the request: %1 (%2, at byte %3.)")
                                 .arg(result.error.reason, kindName(result.error.kind))
                                 .arg(result.error.offset));
        break;
    case DecodeResult::Status::NeedMoreData:
    case DecodeResult::Status::Finished: {
        const MessageLayout &layout = verdicts.closed.message.layout;
        const qsizetype afterPrefix = bytes.size() - 2;
        if (layout.content.offset == 0 && afterPrefix < declared) {
            sentences.append(tr("It waits for that many bytes of header, and only %1 follow the "
                                "prefix: it answers only when the client closes or a timeout "
                                "ends the wait.")
                                     .arg(afterPrefix));
        } else {
            const qsizetype arrived = bytes.size() - layout.content.offset;
            sentences.append(tr("The header is read; it says content-length %1, and only %2 "
                                "bytes of content follow: the server waits for %3 more, and "
                                "answers only when the client closes or a timeout ends the wait.")
                                     .arg(layout.content.length)
                                     .arg(arrived)
                                     .arg(layout.content.length - arrived));
        }
        break;
    }
    case DecodeResult::Status::MessageReady: {
        const DecodedMessage &message = result.message;
        sentences.append(tr("It reads a %1-byte JSON header and %2 bytes of %3 content.")
                                 .arg(message.layout.header.length)
                                 .arg(message.layout.content.length)
                                 .arg(message.message.header.contentType));
        if (const qsizetype rest = bytes.size() - message.size(); rest > 0)
            sentences.append(tr("It never reads the %1 after the message: the lab's server reads "
                                "one request a connection.")
                                     .arg(rest == 1 ? tr("1 byte") : tr("%1 bytes").arg(rest)));
        if (const std::optional<Lab::ArithmeticContent> arithmetic
            = Lab::unpackArithmetic(message.message.content);
            arithmetic && !message.message.header.isTextJson()) {
            const QByteArrayView number = QByteArrayView(message.message.content).sliced(6, 4);
            sentences.append(tr("It reads the int32 %1 big-endian: %2.")
                                     .arg(QString::fromLatin1(number.toByteArray().toHex(' ')))
                                     .arg(arithmetic->value));
        }
        break;
    }
    }
    const ServerSide server = labServer(bytes, {}, limits);
    if (result.status == DecodeResult::Status::Failed)
        sentences.append(tr("It answers that reason in the lab's error shape, {\"result\": "
                            "\"Error: ...\"}, and closes."));
    else if (!server.answer.isEmpty())
        sentences.append((server.waitsForMore ? tr("Once the client closes, it answers %1.")
                                              : tr("It answers %1."))
                                 .arg(answerText(server.answer)));
    return sentences;
}

RequestReading::ServerSide RequestReading::labServer(QByteArrayView bytes,
                                                     const Transcript::Peer &peer,
                                                     const DecoderLimits &limits)
{
    ServerExchange::Settings settings;
    settings.limits = limits; // and the built-in search table, as ServerExchange's default
    ServerExchange exchange(settings, peer);
    ServerSide side;
    const auto take = [&side](const ServerExchange::Actions &actions) {
        side.log += actions.traffic;
        if (!actions.problem.isEmpty())
            side.log.append(actions.problem);
        if (actions.hasReply())
            side.answer = actions.replyBytes();
        return actions.hasReply() || actions.close;
    };
    take(exchange.accepted());
    if (!take(exchange.bytesReceived(bytes))) {
        side.waitsForMore = true;
        take(exchange.peerClosed());
    }
    return side;
}

QString RequestReading::answerText(QByteArrayView answer)
{
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(answer);
    const DecodeResult result = decoder.next();
    if (result.status != DecodeResult::Status::MessageReady)
        return PythonRepr::bytes(answer);
    const Lab::ResponseSummary summary = Lab::summarizeResponse(result.message);
    if (summary.resultNumber)
        return tr("result: %1").arg(*summary.resultNumber);
    return summary.isJson ? PythonRepr::string(summary.resultText) : summary.resultText;
}

} // namespace Wirelab
