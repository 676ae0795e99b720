#include "historyfile.h"

#include "byteformats.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSaveFile>
#include <QtCore/QStandardPaths>

namespace Wirelab {

namespace {

const QLatin1String MarkerKey("wirelab-history");

QString endingName(ExchangeRecord::Ending ending)
{
    switch (ending) {
    case ExchangeRecord::Ending::Answered: return QStringLiteral("answered");
    case ExchangeRecord::Ending::Failed: return QStringLiteral("failed");
    case ExchangeRecord::Ending::Cancelled: return QStringLiteral("cancelled");
    case ExchangeRecord::Ending::InProgress: break;
    }
    return QStringLiteral("in progress");
}

std::optional<ExchangeRecord::Ending> endingNamed(const QString &name)
{
    for (const auto ending : { ExchangeRecord::Ending::Answered, ExchangeRecord::Ending::Failed,
                               ExchangeRecord::Ending::Cancelled }) {
        if (name == endingName(ending))
            return ending;
    }
    return std::nullopt;
}

QJsonObject toJson(const ExchangeRecord &record)
{
    QJsonObject object {
        { QStringLiteral("time"), record.time.toString(Qt::ISODateWithMs) },
        { QStringLiteral("host"), record.host },
        { QStringLiteral("port"), record.port },
        { QStringLiteral("action"), record.action },
        { QStringLiteral("value"), record.value },
        { QStringLiteral("ending"), endingName(record.ending) },
        { QStringLiteral("error"), record.error },
        { QStringLiteral("request"), QString::fromLatin1(record.requestBytes.toBase64()) },
        { QStringLiteral("response"), QString::fromLatin1(record.responseBytes.toBase64()) },
        { QStringLiteral("request-hexdump"), QJsonArray::fromStringList(ByteFormats::hexdumpLines(record.requestBytes)) },
        { QStringLiteral("response-hexdump"), QJsonArray::fromStringList(ByteFormats::hexdumpLines(record.responseBytes)) },
        { QStringLiteral("transcript"), QJsonArray::fromStringList(record.transcript) },
    };
    // An exchange that never connected has no conversation to keep.
    if (!record.conversation.events.isEmpty())
        object.insert(QStringLiteral("conversation"), record.conversation.toJson());
    // The timeline's other end and the send plan: optional keys, which a reader of format 2
    // before them passes over.
    if (!record.serverConversation.events.isEmpty())
        object.insert(QStringLiteral("server-conversation"), record.serverConversation.toJson());
    if (!record.sendPlan.isEmpty())
        object.insert(QStringLiteral("send-plan"), record.sendPlan);
    return object;
}

// One entry, or why it cannot be read whole.
std::optional<ExchangeRecord> recordFrom(const QJsonValue &value, int version, QString *whyNot)
{
    const auto fail = [whyNot](const QString &reason) {
        *whyNot = reason;
        return std::nullopt;
    };
    if (!value.isObject())
        return fail(HistoryFile::tr("it is not an object"));
    const QJsonObject object = value.toObject();
    const auto base64 = [&object](const char *key) {
        return QByteArray::fromBase64Encoding(object.value(QLatin1String(key)).toString().toLatin1(),
                                              QByteArray::AbortOnBase64DecodingErrors);
    };
    ExchangeRecord record;
    record.time = QDateTime::fromString(object.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    if (!record.time.isValid())
        return fail(HistoryFile::tr("its time is missing or not a time"));
    const QByteArray::FromBase64Result request = base64("request");
    const QByteArray::FromBase64Result response = base64("response");
    if (!object.value(QStringLiteral("request")).isString() || !request)
        return fail(HistoryFile::tr("its request is missing or not base64"));
    if (!response)
        return fail(HistoryFile::tr("its response is not base64"));
    const int port = object.value(QStringLiteral("port")).toInt(-1);
    if (port < 0 || port > 65535)
        return fail(HistoryFile::tr("its port is not a port"));
    record.host = object.value(QStringLiteral("host")).toString();
    record.port = quint16(port);
    record.action = object.value(QStringLiteral("action")).toString();
    record.value = object.value(QStringLiteral("value")).toString();
    record.requestBytes = *request;
    record.responseBytes = *response;
    record.error = object.value(QStringLiteral("error")).toString();
    if (version >= 2) {
        const std::optional<ExchangeRecord::Ending> ending = endingNamed(object.value(QStringLiteral("ending")).toString());
        if (!ending)
            return fail(HistoryFile::tr("its ending is not answered, failed or cancelled"));
        record.ending = *ending;
        // An optional key: absent, it stays empty; there but damaged, the entry is skipped.
        const auto readConversation = [&object](const char *key, Conversation *into) {
            const QJsonValue value = object.value(QLatin1String(key));
            if (value.isUndefined())
                return true;
            const std::optional<Conversation> read = Conversation::fromJson(value.toObject());
            if (read)
                *into = *read;
            return read.has_value();
        };
        if (!readConversation("conversation", &record.conversation))
            return fail(HistoryFile::tr("its conversation is damaged"));
        if (!readConversation("server-conversation", &record.serverConversation))
            return fail(HistoryFile::tr("its server's conversation is damaged"));
        record.sendPlan = object.value(QStringLiteral("send-plan")).toString();
    } else {
        record.ending = record.error.isEmpty() ? ExchangeRecord::Ending::Answered : ExchangeRecord::Ending::Failed;
    }
    for (const QJsonValue &line : object.value(QStringLiteral("transcript")).toArray())
        record.transcript.append(line.toString());
    // What the panes show is made once, here, from the bytes.
    record.request = MessageOutline::decode(record.requestBytes);
    record.response = MessageOutline::decode(record.responseBytes);
    return record;
}

} // namespace

QByteArray HistoryFile::toJson(const QList<ExchangeRecord> &records)
{
    QJsonArray exchanges;
    for (const ExchangeRecord &record : records)
        exchanges.append(Wirelab::toJson(record));
    return QJsonDocument(QJsonObject { { MarkerKey, FormatVersion }, { QStringLiteral("exchanges"), exchanges } })
            .toJson();
}

std::optional<HistoryFile::Contents> HistoryFile::fromJson(const QByteArray &json, QString *whyNot)
{
    const auto refuse = [whyNot](const QString &reason) {
        *whyNot = reason;
        return std::nullopt;
    };
    if (json.trimmed().isEmpty())
        return refuse(tr("it is empty"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refuse(parseError.offset >= json.trimmed().size() - 1
                              ? tr("it is damaged: it ends early, at byte %1 (cut off?)").arg(json.size())
                              : tr("it is damaged: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject top = document.object();
    const int version = top.value(MarkerKey).toInt(0);
    if (!document.isObject() || version <= 0)
        return refuse(tr("it is not a Wirelab history file"));
    if (version > FormatVersion)
        return refuse(tr("it was written by a newer Wirelab (format %1)").arg(version));
    if (!top.value(QStringLiteral("exchanges")).isArray())
        return refuse(tr("it holds no list of exchanges"));
    const QJsonArray exchanges = top.value(QStringLiteral("exchanges")).toArray();
    if (exchanges.isEmpty())
        return refuse(tr("it holds no exchanges"));
    Contents contents;
    for (qsizetype i = 0; i < exchanges.size(); ++i) {
        QString why;
        if (std::optional<ExchangeRecord> record = recordFrom(exchanges[i], version, &why))
            contents.records.append(std::move(*record));
        else
            contents.skipped.append(tr("exchange %1: %2").arg(i + 1).arg(why));
    }
    if (contents.records.isEmpty())
        return refuse(tr("it is damaged: none of its %n exchange(s) can be read (%1)", nullptr, int(exchanges.size()))
                              .arg(contents.skipped.join(QStringLiteral("; "))));
    return contents;
}

bool HistoryFile::write(const QString &fileName, const QList<ExchangeRecord> &records, QString *whyNot)
{
    // Written whole or not at all: a crash halfway leaves the last good file.
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson(records)) < 0 || !file.commit()) {
        *whyNot = file.errorString();
        return false;
    }
    return true;
}

std::optional<HistoryFile::Contents> HistoryFile::read(const QString &fileName, QString *whyNot)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *whyNot = file.errorString();
        return std::nullopt;
    }
    return fromJson(file.readAll(), whyNot);
}

QString HistoryFile::keptHistoryPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("history.json"));
}

QList<ExchangeRecord> HistoryFile::toKeep(const QList<ExchangeRecord> &records)
{
    // The newest, within both bounds.
    QList<ExchangeRecord> kept;
    qsizetype bytes = 0;
    for (auto record = records.crbegin(); record != records.crend() && kept.size() < KeptExchanges; ++record) {
        bytes += record->requestBytes.size() + record->responseBytes.size();
        if (bytes > KeptBytes)
            break;
        kept.prepend(*record);
    }
    return kept;
}

} // namespace Wirelab
