#include "messagedecoder.h"

#include "jsonlayout.h"
#include "protocollogging.h"
#include "pythonjson.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QStringDecoder>
#include <QtCore/QVariant>
#include <QtCore/QtEndian>
#include <algorithm>
#include <cmath>

#ifdef Q_OS_LINUX
#    include <sys/mman.h>
#    include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcProtocol, "wirelab.protocol", QtWarningMsg)

namespace Wirelab {
namespace {

constexpr qsizetype LengthPrefixSize = 2;
constexpr qsizetype GrowthFactor = 2;
constexpr qsizetype FreshBlockBytes = 1024 * 1024;

// A text content-encoding as the name of a decoder for it, or nullopt if none knows it.
// Python's codec names are accepted as Python spells them (case, '-', '_' and ' ' alike) with
// its aliases (utf8, u8, utf-8-sig, latin-1, l1, ...); Qt decodes the UTF family and Latin-1
// itself, and hands the rest (cp1252, koi8-r, shift_jis, ...) to ICU.
std::optional<QByteArray> textEncoding(const QString &name)
{
    if (name == QLatin1String(ContentEncoding::Utf8))
        return QByteArrayLiteral("UTF-8"); // the lab's own, and nearly every message's
    QString key = name.toLower();
    key.replace(QLatin1Char('-'), QLatin1Char('_')).replace(QLatin1Char(' '), QLatin1Char('_'));
    static const QHash<QString, QByteArray> pythonAliases = {
        { QStringLiteral("utf_8"), "UTF-8" },        { QStringLiteral("utf8"), "UTF-8" },
        { QStringLiteral("u8"), "UTF-8" },           { QStringLiteral("utf"), "UTF-8" },
        { QStringLiteral("cp65001"), "UTF-8" },      { QStringLiteral("utf_8_sig"), "UTF-8" },
        { QStringLiteral("latin_1"), "ISO-8859-1" }, { QStringLiteral("latin1"), "ISO-8859-1" },
        { QStringLiteral("l1"), "ISO-8859-1" },      { QStringLiteral("iso8859_1"), "ISO-8859-1" },
        { QStringLiteral("iso_8859_1"), "ISO-8859-1" }, { QStringLiteral("8859"), "ISO-8859-1" },
        { QStringLiteral("cp819"), "ISO-8859-1" },   { QStringLiteral("ascii"), "US-ASCII" },
        { QStringLiteral("us_ascii"), "US-ASCII" },  { QStringLiteral("646"), "US-ASCII" },
    };
    if (const auto alias = pythonAliases.constFind(key); alias != pythonAliases.cend())
        return *alias;
    if (key == QLatin1String("locale") || key == QLatin1String("system"))
        return std::nullopt; // their meaning would depend on the host
    const QByteArray latin1 = name.toLatin1();
    if (QStringDecoder(latin1.constData()).isValid())
        return latin1;
    return std::nullopt;
}

// A big content is written once into fresh memory, and the first touch of each 4 KiB page
// faults: for 64 MiB that is 16,384 faults, more time than the copying. Transparent huge
// pages (which Debian enables on request) cut that 512-fold. The advice covers the block's
// whole mapping, out to its page boundaries: advising a part would split the mapping in
// two or three, and a block of several mappings cannot grow by mremap, so realloc would
// copy it (peak RSS twice the content).
void preferHugePages(const QByteArray &buffer)
{
#ifdef Q_OS_LINUX
    constexpr quintptr hugePage = 2 * 1024 * 1024;
    if (buffer.capacity() < qsizetype(4 * hugePage))
        return;
    const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<quintptr>(buffer.constData());
    const quintptr pageBegin = begin & ~(page - 1);
    const quintptr pageEnd = (begin + quintptr(buffer.capacity()) + page - 1) & ~(page - 1);
    madvise(reinterpret_cast<void *>(pageBegin), pageEnd - pageBegin, MADV_HUGEPAGE);
#else
    Q_UNUSED(buffer);
#endif
}

// QJsonDocument only takes an object or an array at the top. For a string or number it
// reports a syntax error, which would tell a student their valid JSON is broken: check
// whether the text is a valid JSON value after all.
bool isJsonScalar(QByteArrayView text)
{
    QJsonParseError error;
    const QByteArray wrapped = '[' + text.toByteArray() + ']';
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    return error.error == QJsonParseError::NoError && document.array().size() == 1;
}

// Where UTF-8 text first goes wrong, so that the error points at the offending byte. Qt's
// decoder turns each bad sequence into U+FFFD; the valid text before it re-encodes to the
// same bytes, whose count is the offset. A U+FFFD that was really in the text is skipped;
// each stretch is re-encoded once, so a content full of them costs one pass, not one each.
qsizetype firstInvalidUtf8Byte(QByteArrayView bytes)
{
    const QString text = QString::fromUtf8(bytes);
    qsizetype offset = 0;
    qsizetype counted = 0; // characters of text whose bytes are in offset
    for (qsizetype at = text.indexOf(QChar::ReplacementCharacter); at >= 0;
         at = text.indexOf(QChar::ReplacementCharacter, at + 1)) {
        offset += QStringView(text).sliced(counted, at - counted).toUtf8().size();
        counted = at;
        if (!bytes.sliced(offset).startsWith("\xEF\xBF\xBD"))
            return offset;
    }
    return 0;
}

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A content-length as the lab means it: a JSON number with no fraction, 0 or more. Python
// slices with it, so 41.0 would crash the lab; we read it as 41.
std::optional<qint64> contentLengthOf(const JsonField &field)
{
    if (field.type == JsonField::Type::Integer)
        return field.integer >= 0 ? std::optional<qint64>(field.integer) : std::nullopt;
    const QJsonValue &value = field.other;
    if (!value.isDouble())
        return std::nullopt;
    const QVariant number = value.toVariant();
    if (number.typeId() == QMetaType::LongLong) {
        const qint64 length = number.toLongLong();
        return length >= 0 ? std::optional<qint64>(length) : std::nullopt;
    }
    const double real = value.toDouble();
    constexpr double largestExactInteger = 9007199254740992.0; // 2^53
    if (!std::isfinite(real) || real < 0 || real != std::floor(real) || real > largestExactInteger)
        return std::nullopt;
    return qint64(real);
}

// The two mistakes behind nearly every oversized prefix in this lab, named for the student:
// the prefix packed little-endian ("<H" or "H" on a PC instead of ">H"), or no prefix at all.
QString headerLengthHint(QByteArrayView buffer, qsizetype maxHeaderBytes)
{
    if (buffer[0] == '{' && buffer[1] != '\0') // "\x7b\x00" is 123 packed little-endian
        return QStringLiteral(" The message starts with '{': is the 2-byte length prefix missing?");
    const quint16 littleEndian = qFromLittleEndian<quint16>(buffer.data());
    if (littleEndian == 0 || littleEndian > maxHeaderBytes)
        return {};
    // Only where it fits: the header it would announce ends with '}', or, before those
    // bytes arrive, the high byte is 0 as it is for every header under 256 bytes. A real
    // big-endian header just over the limit (0x2001) gets no such hint.
    const qsizetype announcedEnd = LengthPrefixSize + littleEndian;
    const bool fits = buffer.size() >= announcedEnd ? buffer[announcedEnd - 1] == '}' : buffer[1] == '\0';
    if (!fits)
        return {};
    return QStringLiteral(" Read little-endian it would be %1: the prefix must be big-endian "
                          "(struct.pack(\">H\", ...)).")
            .arg(littleEndian);
}

const JsonField *findField(const QList<JsonField> &fields, QLatin1String name)
{
    for (const JsonField &field : fields) {
        if (field.span.name == name)
            return &field;
    }
    return nullptr;
}

bool isRequiredKey(const QString &key)
{
    return key == QLatin1String(HeaderKey::ByteOrder) || key == QLatin1String(HeaderKey::ContentType)
            || key == QLatin1String(HeaderKey::ContentEncoding)
            || key == QLatin1String(HeaderKey::ContentLength);
}

// The general path's fields: values from QJsonDocument, spans from the scan. Of a key
// written twice, the last one counts, as in QJsonObject (and Python's dict).
QList<JsonField> fieldsOf(const QJsonObject &object, const QList<FieldSpan> &spans)
{
    // One pass to find each key's last place, one to keep only those: linear, however many
    // keys a hostile header repeats.
    QHash<QString, qsizetype> lastPlace;
    lastPlace.reserve(spans.size());
    for (qsizetype i = 0; i < spans.size(); ++i)
        lastPlace.insert(spans[i].name, i);
    QList<JsonField> fields;
    fields.reserve(lastPlace.size());
    for (qsizetype i = 0; i < spans.size(); ++i) {
        if (lastPlace.value(spans[i].name) == i)
            fields.append(JsonField::fromJson(spans[i], object.value(spans[i].name)));
    }
    return fields;
}

// ">6si" content, request or answer: the name and the int32 are worth showing apart.
bool looksArithmetic(QByteArrayView content)
{
    if (content.size() < 10)
        return false;
    const QByteArrayView name = content.first(6);
    return name == "double" || name == "negate" || name == "result";
}

} // namespace

QJsonObject DecodedMessage::jsonContent() const
{
    if (!m_jsonContent) {
        QJsonObject object;
        for (const JsonField &field : m_jsonContentFields)
            object.insert(field.span.name, field.toJson());
        m_jsonContent = object;
    }
    return *m_jsonContent;
}

QJsonValue DecodedMessage::jsonContentValue(const QString &key) const
{
    if (m_jsonContent)
        return m_jsonContent->value(key);
    for (const JsonField &field : m_jsonContentFields) {
        if (field.span.name == key)
            return field.toJson(); // the flat path has no duplicate keys
    }
    return QJsonValue(QJsonValue::Undefined);
}

QByteArrayView DecodedMessage::jsonContentText(const QString &key) const
{
    // Spans are message offsets, and only a UTF-8 content has them.
    for (auto field = layout.contentFields.crbegin(); field != layout.contentFields.crend(); ++field) {
        if (field->name == key)
            return QByteArrayView(message.content).sliced(field->value.offset - layout.content.offset,
                                                          field->value.length);
    }
    return {};
}

void DecodedMessage::setJsonContent(const QJsonObject &object)
{
    m_jsonContentFields.clear();
    m_jsonContent = object;
}

void DecodedMessage::setJsonContentFields(QList<JsonField> fields)
{
    m_jsonContentFields = std::move(fields);
    m_jsonContent.reset();
}

DecoderLimits DecoderLimits::clamped() const
{
    return { std::clamp<qsizetype>(maxHeaderBytes, 1, HeaderBytesCeiling),
             std::clamp<qint64>(maxContentBytes, 1, ContentBytesCeiling) };
}

MessageDecoder::MessageDecoder(DecoderLimits limits) : m_limits(limits.clamped()) { }

void MessageDecoder::feed(QByteArrayView bytes)
{
    if (m_failed || m_finished)
        return; // nothing more is read after an error or the end
    const qsizetype needed = m_buffer.size() + bytes.size();
    if (m_stage == Stage::Content && needed > m_buffer.capacity()) {
        // A big content's buffer doubles as it fills, up to the message's end: linear in
        // what arrives (a big block grows by mremap, which copies nothing), and never more
        // than twice what the peer has really sent. Reserving the claimed content-length at
        // once would let a header alone make us take a gigabyte.
        const qsizetype messageEnd = m_current.layout.content.end();
        const qsizetype capacity = qMin(qMax(needed, GrowthFactor * m_buffer.capacity()), qMax(needed, messageEnd));
        if (m_buffer.capacity() < FreshBlockBytes) {
            // A small block may sit in the heap, where each realloc that cannot grow it in
            // place copies it whole (peak RSS twice the content). A fresh big one comes
            // from mmap, and grows from then on by mremap, which copies nothing.
            QByteArray grown;
            grown.reserve(capacity);
            grown.append(m_buffer);
            m_buffer = std::move(grown);
        } else {
            m_buffer.reserve(capacity);
        }
        preferHugePages(m_buffer);
    }
    m_buffer.append(bytes.data(), bytes.size());
}

void MessageDecoder::finish()
{
    m_finished = true;
}

DecodeResult MessageDecoder::fail(DecodeError::Kind kind, const QString &reason, qint64 offset,
                                  const QString &field)
{
    m_failed = true;
    m_failure = {};
    m_failure.status = DecodeResult::Status::Failed;
    m_failure.error = { kind, reason, offset, field };
    m_failure.message = std::move(m_current); // what was read before the error, for display
    m_current = {};
    qCDebug(lcProtocol).noquote() << kindName(kind) << "at stream offset" << offset << reason;
    m_buffer.clear();
    m_buffer.squeeze();
    return m_failure;
}

DecodeResult MessageDecoder::next()
{
    if (m_failed)
        return m_failure;

    qsizetype needed = LengthPrefixSize;
    if (m_stage == Stage::Header)
        needed = m_current.layout.header.end();
    else if (m_stage == Stage::Content)
        needed = m_current.layout.content.end();

    if (m_buffer.size() < needed) {
        if (!m_finished)
            return {};
        if (m_stage == Stage::LengthPrefix && m_buffer.isEmpty())
            return { DecodeResult::Status::Finished, {}, {} };
        static const char *const parts[] = { "length prefix", "header", "content" };
        const Span part = m_stage == Stage::LengthPrefix ? Span { 0, LengthPrefixSize }
                : m_stage == Stage::Header                ? m_current.layout.header
                                                          : m_current.layout.content;
        return fail(DecodeError::Kind::TruncatedAtEof,
                    QStringLiteral("The connection ended in the middle of the message's %1: "
                                   "%2 of its %3 bytes arrived.")
                            .arg(QLatin1String(parts[int(m_stage)]))
                            .arg(m_buffer.size() - part.offset)
                            .arg(part.length),
                    m_consumed + m_buffer.size());
    }

    switch (m_stage) {
    case Stage::LengthPrefix: {
        m_headerLength = qFromBigEndian<quint16>(m_buffer.constData());
        m_current = {};
        m_current.streamOffset = m_consumed;
        m_current.layout.lengthPrefix = { 0, LengthPrefixSize };
        m_current.layout.header = { LengthPrefixSize, m_headerLength };
        if (m_headerLength == 0)
            return fail(DecodeError::Kind::HeaderLengthZero,
                        QStringLiteral("The 2-byte length prefix is 0, but every message needs a "
                                       "JSON header."),
                        m_consumed);
        if (m_headerLength > m_limits.maxHeaderBytes)
            return fail(DecodeError::Kind::HeaderTooLarge,
                        QStringLiteral("The 2-byte length prefix announces a %1-byte header; the "
                                       "limit is %2 bytes.%3")
                                .arg(m_headerLength)
                                .arg(m_limits.maxHeaderBytes)
                                .arg(headerLengthHint(m_buffer, m_limits.maxHeaderBytes)),
                        m_consumed);
        m_stage = Stage::Header;
        return next();
    }
    case Stage::Header: {
        DecodeResult result = parseHeader();
        if (result.status == DecodeResult::Status::Failed)
            return result;
        m_stage = Stage::Content; // the buffer grows as the content arrives (feed())
        return next();
    }
    case Stage::Content:
        return takeMessage();
    }
    return {};
}

DecodeResult MessageDecoder::parseHeader()
{
    using Kind = DecodeError::Kind;
    const qint64 headerStart = m_consumed + LengthPrefixSize;
    const QByteArrayView headerBytes(m_buffer.constData() + LengthPrefixSize, m_headerLength);
    if (!headerBytes.isValidUtf8())
        return fail(Kind::HeaderNotUtf8, QStringLiteral("The JSON header is not valid UTF-8 text."),
                    headerStart + firstInvalidUtf8Byte(headerBytes));

    std::optional<QList<JsonField>> fields = parseFlatObject(headerBytes, LengthPrefixSize);
    if (!fields) {
        // Not the usual flat shape: QJsonDocument judges it and says what is wrong.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(
                QByteArray::fromRawData(headerBytes.data(), headerBytes.size()), &parseError);
        if (parseError.error != QJsonParseError::NoError && isJsonScalar(headerBytes))
            return fail(Kind::HeaderNotObject,
                        QStringLiteral("The header must be a JSON object ({...})."), headerStart);
        if (parseError.error != QJsonParseError::NoError)
            return fail(Kind::HeaderNotJson,
                        QStringLiteral("The header is not valid JSON: %1 at byte %2 of the "
                                       "header.")
                                .arg(parseError.errorString())
                                .arg(qMin<qint64>(parseError.offset, headerBytes.size())),
                        headerStart + qMin<qint64>(parseError.offset, headerBytes.size()));
        if (!document.isObject())
            return fail(Kind::HeaderNotObject,
                        QStringLiteral("The header must be a JSON object ({...})."), headerStart);
        fields = fieldsOf(document.object(), scanObjectFields(headerBytes, LengthPrefixSize));
    }

    // Kept before the checks, so that a refused header still shows what it said.
    m_current.layout.headerFields.reserve(fields->size());
    for (const JsonField &each : std::as_const(*fields))
        m_current.layout.headerFields.append(each.span);

    // Checked in the order libclient.py and libserver.py check them.
    const char *const requiredKeys[] = { HeaderKey::ByteOrder, HeaderKey::ContentLength,
                                         HeaderKey::ContentType, HeaderKey::ContentEncoding };
    const JsonField *required[4] = {};
    for (int i = 0; i < 4; ++i) {
        required[i] = findField(*fields, QLatin1String(requiredKeys[i]));
        if (!required[i])
            return fail(Kind::MissingField,
                        QStringLiteral("Missing required header \"%1\".")
                                .arg(QLatin1String(requiredKeys[i])),
                        headerStart, QLatin1String(requiredKeys[i]));
    }
    const auto &[byteorderField, lengthField, typeField, encodingField] = required;
    const auto invalid = [&](const JsonField *field, Kind kind, const QString &reason) {
        return fail(kind, reason, m_consumed + field->span.value.offset, field->span.name);
    };

    Header &header = m_current.message.header;
    // Required, but never read, as in the lab: the prefix and ">6si" are big-endian whatever
    // it says. Kept as written (anything but a string as its JSON text) for display.
    header.byteorder = byteorderField->isString()
            ? byteorderField->text
            : QString::fromUtf8(PythonJson::dumps(byteorderField->toJson()));
    if (!typeField->isString())
        return invalid(typeField, Kind::InvalidField,
                       QStringLiteral("\"content-type\" must be a string."));
    header.contentType = typeField->text;
    if (!encodingField->isString())
        return invalid(encodingField, Kind::InvalidField,
                       QStringLiteral("\"content-encoding\" must be a string."));
    header.contentEncoding = encodingField->text;

    const std::optional<qint64> contentLength = contentLengthOf(*lengthField);
    if (!contentLength)
        return invalid(lengthField, Kind::InvalidContentLength,
                       QStringLiteral("\"content-length\" must be a whole number of bytes, 0 or "
                                      "more, not %1.")
                               .arg(QString::fromUtf8(PythonJson::dumps(lengthField->toJson()))));
    if (*contentLength > m_limits.maxContentBytes)
        return invalid(lengthField, Kind::ContentTooLarge,
                       QStringLiteral("The content-length is %1 bytes; the limit is %2 bytes.")
                               .arg(*contentLength)
                               .arg(m_limits.maxContentBytes));

    // "binary" first: it is every binary message's, and looking up a text encoding's name
    // costs more than the rest of the header.
    const bool usable = header.isTextJson()
            ? textEncoding(header.contentEncoding).has_value()
            : header.contentEncoding == QLatin1String(ContentEncoding::Binary)
                    || textEncoding(header.contentEncoding).has_value();
    if (!usable)
        return invalid(encodingField, Kind::UnsupportedEncoding,
                       QStringLiteral("The content-encoding \"%1\" is not one %2 content can use.")
                               .arg(header.contentEncoding, header.contentType));

    for (const JsonField &each : std::as_const(*fields)) {
        if (!isRequiredKey(each.span.name))
            header.extraFields.insert(each.span.name, each.toJson());
    }
    m_current.layout.content = { m_current.layout.header.end(), qsizetype(*contentLength) };
    return {};
}

DecodeResult MessageDecoder::takeMessage()
{
    using Kind = DecodeError::Kind;
    const Span contentSpan = m_current.layout.content;
    const QByteArrayView content(m_buffer.constData() + contentSpan.offset, contentSpan.length);
    const qint64 contentStart = m_consumed + contentSpan.offset;
    const Header &header = m_current.message.header;

    if (header.isTextJson()) {
        const QByteArray encoding = *textEncoding(header.contentEncoding);
        QByteArray utf8;
        const bool isUtf8 = encoding == "UTF-8";
        if (isUtf8) {
            if (!content.isValidUtf8())
                return fail(Kind::ContentNotText,
                            QStringLiteral("The text/json content is not valid UTF-8."),
                            contentStart + firstInvalidUtf8Byte(content));
            utf8 = QByteArray::fromRawData(content.data(), content.size());
        } else {
            QStringDecoder decoder(encoding.constData());
            const QString text = decoder(content);
            if (decoder.hasError() || (encoding == "US-ASCII" && !isAscii(content)))
                return fail(Kind::ContentNotText,
                            QStringLiteral("The text/json content is not valid %1 text.")
                                    .arg(header.contentEncoding),
                            contentStart);
            utf8 = text.toUtf8();
        }
        // The lab's contents ({"action": ..., "value": ...}) take the one-pass path the
        // headers take, which checks them as fully as QJsonDocument would; anything else
        // goes to QJsonDocument.
        if (isUtf8) {
            if (std::optional<QList<JsonField>> fields = parseFlatObject(content, contentSpan.offset)) {
                m_current.layout.contentFields.reserve(fields->size());
                for (const JsonField &field : std::as_const(*fields))
                    m_current.layout.contentFields.append(field.span);
                m_current.setJsonContentFields(std::move(*fields));
                return takeContent();
            }
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
        if (parseError.error != QJsonParseError::NoError && isJsonScalar(utf8))
            return fail(Kind::ContentNotObject,
                        QStringLiteral("The text/json content must be a JSON object ({...})."),
                        contentStart);
        if (parseError.error != QJsonParseError::NoError)
            return fail(Kind::ContentNotJson,
                        QStringLiteral("The text/json content is not valid JSON: %1 at byte %2 "
                                       "of the content.")
                                .arg(parseError.errorString())
                                .arg(parseError.offset),
                        contentStart + (isUtf8 ? qMin<qint64>(parseError.offset, content.size()) : 0));
        if (!document.isObject())
            return fail(Kind::ContentNotObject,
                        QStringLiteral("The text/json content must be a JSON object ({...})."),
                        contentStart);
        m_current.setJsonContent(document.object());
        if (isUtf8)
            m_current.layout.contentFields = scanObjectFields(content, contentSpan.offset);
    } else if (looksArithmetic(content)) {
        m_current.layout.contentFields = {
            { QStringLiteral("name"), {}, { contentSpan.offset, 6 } },
            { QStringLiteral("value"), {}, { contentSpan.offset + 6, 4 } },
        };
    }

    return takeContent();
}

DecodeResult MessageDecoder::takeContent()
{
    // Hand the content out without copying it: the message takes the buffer, and only
    // bytes of a following message (rare: the lab sends one per connection) are copied.
    const Span contentSpan = m_current.layout.content;
    const qsizetype messageEnd = contentSpan.end();
    QByteArray following = m_buffer.size() > messageEnd ? m_buffer.sliced(messageEnd) : QByteArray();
    QByteArray &messageContent = m_current.message.content;
    messageContent = std::move(m_buffer);
    messageContent.truncate(messageEnd);
    messageContent.remove(0, contentSpan.offset);
    m_buffer = std::move(following);
    m_consumed += messageEnd;
    m_stage = Stage::LengthPrefix;

    DecodeResult result;
    result.status = DecodeResult::Status::MessageReady;
    result.message = std::move(m_current);
    m_current = {};
    return result;
}

} // namespace Wirelab
