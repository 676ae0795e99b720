#ifndef WIRELAB_EXCHANGERECORD_H
#define WIRELAB_EXCHANGERECORD_H

#include "decodeerror.h"
#include "messagedecoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <optional>

namespace Wirelab {

// One request and what came back: what the history keeps and the panes show.
struct ExchangeRecord
{
    QDateTime time;
    QString host;
    quint16 port = 0;
    QString action;
    QString value;
    QByteArray requestBytes;
    QByteArray responseBytes;
    QString error; // empty when a response was decoded
    QStringList transcript; // the lab client's lines for this exchange

    QString summary() const; // one line for the history list
    QJsonObject toJson() const;
    // nullopt for an entry that is not a whole exchange (a damaged or hand-edited file).
    static std::optional<ExchangeRecord> fromJson(const QJsonObject &object);
};

// Bytes as the decoder sees them, for display: the message if it decodes, else the error
// and whatever spans could be told (the length prefix, the header).
struct DecodedBytes
{
    QByteArray bytes;
    std::optional<DecodedMessage> message;
    std::optional<DecodeError> error;
    MessageLayout layout;

    static DecodedBytes decode(const QByteArray &bytes);
};

} // namespace Wirelab

#endif // WIRELAB_EXCHANGERECORD_H
