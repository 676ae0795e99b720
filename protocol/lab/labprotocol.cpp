#include "labprotocol.h"

#include "jsonwriter.h"
#include "pythonrepr.h"

#include <QtCore/QDataStream>
#include <QtCore/QIODevice>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QtEndian>
#include <algorithm>
#include <limits>

namespace Wirelab::Lab {
namespace {

Message makeMessage(ByteOrder order, const char *contentType, const char *contentEncoding,
                    QByteArray content)
{
    Message message;
    message.header.byteorder = byteOrderName(order);
    message.header.contentType = QLatin1String(contentType);
    message.header.contentEncoding = QLatin1String(contentEncoding);
    message.content = std::move(content);
    return message;
}

QByteArray resultContent(const QString &text)
{
    QByteArray content;
    JsonWriter writer(content);
    writer.addString(QLatin1String(ResultTag), text);
    writer.close();
    return content;
}

Message jsonResult(const QString &text, ByteOrder order)
{
    return makeMessage(order, ContentType::TextJson, ContentEncoding::Utf8, resultContent(text));
}

bool startsWithArithmeticName(const QByteArray &content)
{
    return content.startsWith(Double) || content.startsWith(Negate);
}

// str() of a content value as the lab formats what json.loads() gave it: for a number or a
// nested value read from its own text, since QJsonValue turns 5.0 into 5 and 10**20 into
// 1e+20 and sorts nested keys.
QString pythonStr(const DecodedMessage &message, const QString &key)
{
    const QJsonValue value = message.jsonContent.value(key);
    if (value.isString() || value.isUndefined())
        return PythonRepr::str(value); // the lab's own contents: nothing to read again
    const QByteArrayView text = message.jsonValueText(key);
    if (text.isEmpty())
        return PythonRepr::str(value);
    return PythonRepr::strOfJsonText(text).value_or(PythonRepr::str(value));
}

// JSON's "\ud800" escape makes a lone surrogate, which UTF-8 cannot encode: the lab's server
// crashes writing the answer, and an answer with '?' in its place would be a quiet lie.
std::optional<Message> refuseLoneSurrogate(const QString &key, const QString &text, ByteOrder order)
{
    if (text.isValidUtf16())
        return std::nullopt;
    return errorResponse(QStringLiteral("The %1 %2 holds a lone UTF-16 surrogate (a \"\\ud800\" to "
                                        "\"\\udfff\" escape without its pair), which is not text "
                                        "UTF-8 can encode.")
                                 .arg(key, PythonRepr::string(text)),
                         order);
}

Message answerJson(const DecodedMessage &request, const SearchTable &table, ByteOrder order)
{
    // request.get("action") and .get("value") are None when absent; the lab formats them
    // with str(), so we do too.
    const QJsonValue action = request.jsonContent.value(QLatin1String("action"));
    if (action != QJsonValue(QLatin1String(Search))) {
        const QString actionText = pythonStr(request, QStringLiteral("action"));
        if (std::optional<Message> refusal = refuseLoneSurrogate(QStringLiteral("action"), actionText, order))
            return *refusal;
        return jsonResult(QStringLiteral("Error: invalid action \"%1\".").arg(actionText), order);
    }
    const QString query = pythonStr(request, QStringLiteral("value"));
    if (std::optional<Message> refusal = refuseLoneSurrogate(QStringLiteral("value"), query, order))
        return *refusal;
    return makeMessage(order, ContentType::TextJson, ContentEncoding::Utf8, table.answerContent(query));
}

Message answerBinary(const QByteArray &content, ByteOrder order)
{
    if (const std::optional<ArithmeticContent> arithmetic = unpackArithmetic(content)) {
        const qint64 value = arithmetic->value;
        const bool isDouble = arithmetic->name == Double;
        const qint64 result = isDouble ? value * 2 : -value;
        // ">i" cannot pack it: the lab's server would crash; we say why.
        if (result < std::numeric_limits<qint32>::min() || result > std::numeric_limits<qint32>::max())
            return errorResponse(QStringLiteral("%1 %2 is %3, which does not fit in a 32-bit "
                                                "signed integer.")
                                         .arg(isDouble ? QStringLiteral("double of")
                                                       : QStringLiteral("negate of"))
                                         .arg(value)
                                         .arg(result),
                                 order);
        return makeMessage(order, ContentType::ServerBinary, ContentEncoding::Binary,
                           packArithmetic(ResultTag, qint32(result)));
    }
    return makeMessage(order, ContentType::ServerBinary, ContentEncoding::Binary,
                       EchoPrefix + content.left(10));
}

} // namespace

bool isArithmetic(const QString &action)
{
    return action == QLatin1String(Double) || action == QLatin1String(Negate);
}

std::optional<qint32> parseInt32(const QString &value)
{
    // int() strips white space, takes one sign, and digits with single underscores between.
    // Any Unicode decimal digit counts, those outside the BMP too ("𝟕" is 7), so the text is
    // read by code point, not by UTF-16 unit.
    const QList<uint> text = value.trimmed().toUcs4();
    qsizetype position = 0;
    bool negative = false;
    if (position < text.size() && (text[position] == '+' || text[position] == '-'))
        negative = text[position++] == '-';
    if (position >= text.size())
        return std::nullopt;
    qint64 magnitude = 0;
    bool lastWasDigit = false;
    for (; position < text.size(); ++position) {
        const char32_t c = text[position];
        if (c == '_' && lastWasDigit && position + 1 < text.size()) {
            lastWasDigit = false;
            continue;
        }
        if (!QChar::isDigit(c))
            return std::nullopt;
        magnitude = magnitude * 10 + QChar::digitValue(c);
        if (magnitude > qint64(std::numeric_limits<qint32>::max()) + 1)
            return std::nullopt;
        lastWasDigit = true;
    }
    if (!lastWasDigit)
        return std::nullopt;
    const qint64 signedValue = negative ? -magnitude : magnitude;
    if (signedValue > std::numeric_limits<qint32>::max())
        return std::nullopt;
    return qint32(signedValue);
}

RequestResult buildRequest(const QString &action, const QString &value, ByteOrder order)
{
    if (action == QLatin1String(Search)) {
        QByteArray content;
        JsonWriter writer(content);
        writer.addString(QLatin1String("action"), action);
        writer.addString(QLatin1String("value"), value);
        writer.close();
        return { makeMessage(order, ContentType::TextJson, ContentEncoding::Utf8, content),
                 std::nullopt };
    }
    if (isArithmetic(action)) {
        const std::optional<qint32> number = parseInt32(value);
        if (!number)
            return { {},
                     RequestError { QStringLiteral("%1 needs a whole number from -2147483648 to "
                                                   "2147483647, not %2.")
                                            .arg(action, PythonRepr::string(value)) } };
        return { makeMessage(order, ContentType::ClientBinary, ContentEncoding::Binary,
                             packArithmetic(action.toUtf8(), *number)),
                 std::nullopt };
    }
    return { makeMessage(order, ContentType::ClientBinary, ContentEncoding::Binary,
                         (action + value).toUtf8()),
             std::nullopt };
}

SearchTable SearchTable::builtIn()
{
    static const QString answers[][2] = {
        { QStringLiteral("morpheus"), QStringLiteral("Follow the white rabbit. \U0001f430") },
        { QStringLiteral("ring"), QStringLiteral("In the caves beneath the Misty Mountains. \U0001f48d") },
        { QStringLiteral("\U0001f436"), QStringLiteral("\U0001f43e Playing ball! \U0001f3d0") },
    };
    return build([](const auto &visit) {
        for (const auto &[query, answer] : answers)
            visit(query, answer);
    });
}

std::optional<SearchTable> SearchTable::fromJson(QByteArray json, QString *errorReason)
{
    const auto reject = [errorReason](const QString &reason) {
        if (errorReason)
            *errorReason = reason;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    json = QByteArray(); // the text is not kept beside what was read of it
    if (parseError.error != QJsonParseError::NoError)
        return reject(QStringLiteral("not valid JSON: %1 at byte %2")
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
    if (!document.isObject())
        return reject(QStringLiteral("the search table must be a JSON object of strings"));
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return reject(QStringLiteral("the answer for %1 is not a string").arg(PythonRepr::string(it.key())));
    }
    // Straight from the document into the table, with nothing in between: a QString for each
    // of a big table's answers would cost more than the table.
    return build([&object](const auto &visit) {
        for (auto it = object.begin(); it != object.end(); ++it)
            visit(it.key(), it.value().toString());
    });
}

template<typename ForEachAnswer>
SearchTable SearchTable::build(const ForEachAnswer &forEach)
{
    // Two passes: the block's size first, so that it is allocated once and never copied as it
    // grows. request_search.get(query) or f'No match...': an empty answer is no answer.
    SearchTable table;
    qint64 blockSize = 0;
    qsizetype count = 0;
    forEach([&](const QString &query, const QString &answer) {
        if (answer.isEmpty())
            return;
        blockSize += query.toUtf8().size() + resultContent(answer).size();
        ++count;
    });
    table.m_block.reserve(blockSize);
    table.m_entries.reserve(size_t(count));
    forEach([&](const QString &query, const QString &answer) {
        if (answer.isEmpty())
            return;
        const QByteArray key = query.toUtf8();
        const QByteArray content = resultContent(answer);
        table.m_entries.push_back({ table.m_block.size(), quint32(key.size()), quint32(content.size()) });
        table.m_block += key;
        table.m_block += content;
    });
    const QByteArrayView block = table.m_block;
    const auto keyOf = [block](const Entry &entry) { return block.sliced(entry.keyOffset, entry.keySize); };
    std::sort(table.m_entries.begin(), table.m_entries.end(),
              [&](const Entry &a, const Entry &b) { return keyOf(a) < keyOf(b); });
    return table;
}

const SearchTable::Entry *SearchTable::find(const QString &query) const
{
    const QByteArray key = query.toUtf8();
    const QByteArrayView block = m_block;
    const auto found = std::lower_bound(m_entries.cbegin(), m_entries.cend(), QByteArrayView(key),
                                        [block](const Entry &entry, QByteArrayView wanted) {
                                            return block.sliced(entry.keyOffset, entry.keySize) < wanted;
                                        });
    if (found == m_entries.cend() || block.sliced(found->keyOffset, found->keySize) != QByteArrayView(key))
        return nullptr;
    return &*found;
}

QByteArray SearchTable::answerContent(const QString &query) const
{
    const Entry *entry = find(query);
    if (!entry)
        return resultContent(QStringLiteral("No match for \"%1\".").arg(query));
    // A QByteArray that shares its part of the block instead of copying it: a reference to the
    // block (so that it lives on for as long as any answer taken from it does) that begins
    // and ends where the answer does. Written to, it detaches and copies, as any shared one.
    QByteArray content = m_block;
    QByteArray::DataPointer &part = content.data_ptr();
    part.setBegin(part.data() + entry->keyOffset + entry->keySize);
    part.size = entry->contentSize;
    return content;
}

QString SearchTable::answer(const QString &query) const
{
    return QJsonDocument::fromJson(answerContent(query)).object().value(QLatin1String(ResultTag)).toString();
}

std::optional<CommandTooShort> checkRequest(const DecodedMessage &request)
{
    const QByteArray &content = request.message.content;
    if (request.message.header.isTextJson() || !startsWithArithmeticName(content)
        || content.size() >= ArithmeticContentSize)
        return std::nullopt;
    return CommandTooShort { QStringLiteral("%1 needs 10 bytes of content (\">6si\": a 6-byte name "
                                            "and a 4-byte integer), but %2 arrived.")
                                     .arg(QString::fromLatin1(content.left(6)))
                                     .arg(content.size()),
                             request.streamOffset + request.layout.content.offset, content.size() };
}

Message answerRequest(const DecodedMessage &request, const SearchTable &table, ByteOrder order)
{
    if (const std::optional<CommandTooShort> tooShort = checkRequest(request))
        return errorResponse(tooShort->reason, order);
    if (request.message.header.isTextJson())
        return answerJson(request, table, order);
    return answerBinary(request.message.content, order);
}

Message errorResponse(const QString &reason, ByteOrder order)
{
    return jsonResult(QStringLiteral("Error: ") + reason, order);
}

Message errorResponse(const DecodeError &error, ByteOrder order)
{
    return errorResponse(error.reason, order);
}

std::optional<ArithmeticContent> unpackArithmetic(const QByteArray &content)
{
    if (content.size() < ArithmeticContentSize || !startsWithArithmeticName(content))
        return std::nullopt;
    QDataStream stream(content);
    stream.setByteOrder(QDataStream::BigEndian); // ">": network order, whatever the host
    ArithmeticContent unpacked;
    unpacked.name.resize(6);
    stream.readRawData(unpacked.name.data(), 6);
    stream >> unpacked.value;
    return unpacked;
}

QList<FieldSpan> arithmeticFields(const DecodedMessage &message)
{
    const QByteArray &content = message.message.content;
    if (message.message.header.isTextJson() || content.size() < ArithmeticContentSize)
        return {};
    const QByteArrayView name = QByteArrayView(content).first(6);
    if (name != Double && name != Negate && name != ResultTag)
        return {};
    const qsizetype start = message.layout.content.offset;
    return { { QStringLiteral("name"), {}, { start, 6 } },
             { QStringLiteral("value"), {}, { start + 6, 4 } } };
}

qint32 int32FromBigEndian(QByteArrayView fourBytes)
{
    Q_ASSERT(fourBytes.size() >= 4);
    return qFromBigEndian<qint32>(fourBytes.data());
}

QByteArray packArithmetic(const QByteArray &name, qint32 value)
{
    QByteArray content;
    content.reserve(ArithmeticContentSize);
    QDataStream stream(&content, QIODevice::WriteOnly);
    stream.setByteOrder(QDataStream::BigEndian);
    QByteArray paddedName = name.left(6); // struct's "6s": cut or NUL-padded to 6 bytes
    paddedName.append(6 - paddedName.size(), '\0');
    stream.writeRawData(paddedName.constData(), 6);
    stream << value;
    return content;
}

ResponseSummary summarizeResponse(const DecodedMessage &response)
{
    ResponseSummary summary;
    const Message &message = response.message;
    if (message.header.isTextJson()) {
        summary.isJson = true;
        summary.resultText = pythonStr(response, QLatin1String(ResultTag));
        summary.resultMissing = !response.jsonContent.contains(QLatin1String(ResultTag));
        return summary;
    }
    summary.resultText = PythonRepr::bytes(message.content);
    if (message.content.startsWith(ResultTag) && message.content.size() >= ArithmeticContentSize)
        summary.resultNumber = int32FromBigEndian(QByteArrayView(message.content).sliced(6, 4));
    return summary;
}

} // namespace Wirelab::Lab
