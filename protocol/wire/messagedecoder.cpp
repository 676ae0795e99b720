#include "messagedecoder.h"

#include "jsonscanner.h"
#include "protocollogging.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QStringDecoder>
#include <QtCore/QStringEncoder>
#include <QtCore/QVariant>
#include <QtCore/QtEndian>
#include <algorithm>
#include <cmath>
#include <optional>

Q_LOGGING_CATEGORY(lcProtocol, "wirelab.protocol", QtWarningMsg)

namespace Wirelab {
namespace {

constexpr qsizetype LengthPrefixSize = 2;

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
std::optional<qint64> contentLengthOf(const QJsonValue &value)
{
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

// The mistakes behind nearly every wrong prefix in this lab, named for the student: the
// prefix packed little-endian ("<H" or "H" on a PC instead of ">H"), no prefix at all, or
// another protocol (HTTP) on the port.
// buffer starts with the prefix; the hint is given only where it fits what follows.
QString prefixHint(QByteArrayView buffer)
{
    if (buffer.size() >= 2 && buffer[0] == '{' && buffer[1] != '\0') // "\x7b\x00" is 123 packed little-endian
        return QStringLiteral(" The message starts with '{': is the 2-byte length prefix missing?");
    // Another protocol on the port: a web server's answer, or a browser's request.
    for (const char *http : { "HTTP/", "GET ", "POST ", "HEAD ", "PUT " }) {
        if (buffer.startsWith(http))
            return QStringLiteral(" The bytes start with \"%1\": that is HTTP, not the lab's protocol.")
                    .arg(QString::fromLatin1(http).trimmed());
    }
    const quint16 littleEndian = qFromLittleEndian<quint16>(buffer.data());
    if (littleEndian == 0 || littleEndian == qFromBigEndian<quint16>(buffer.data()))
        return {};
    // Fits: the header it would announce ends with '}', or, before those bytes arrive, the
    // high byte is 0 as it is for every header under 256 bytes. A real big-endian header
    // that is only too long (0x2001) gets no such hint.
    const qsizetype announcedEnd = LengthPrefixSize + littleEndian;
    const bool fits = buffer.size() >= announcedEnd ? buffer[announcedEnd - 1] == '}' : buffer[1] == '\0';
    if (!fits)
        return {};
    return QStringLiteral(" Read little-endian it would be %1: the prefix must be big-endian "
                          "(struct.pack(\">H\", ...)).")
            .arg(littleEndian);
}

const FieldSpan *lastField(const QList<FieldSpan> &fields, QLatin1String name)
{
    for (auto field = fields.crbegin(); field != fields.crend(); ++field) {
        if (field->name == name)
            return &*field;
    }
    return nullptr;
}

// The fields of a text in another encoding, scanned in its UTF-8 form, with their spans
// moved to the bytes as they came. Each character's width in the encoding is asked of the
// encoder once per distinct character, so a hostile content costs at most one call for each
// of the 65,536 characters of the BMP.
QList<FieldSpan> fieldsInEncoding(QList<FieldSpan> fields, const QString &text,
                                  const QByteArray &encoding, qsizetype encodedSize, qsizetype base)
{
    QStringEncoder encoder(encoding.constData());
    QHash<char32_t, qsizetype> widths;
    // utf8ToEncoded[k]: the encoded offset of the character starting at UTF-8 offset k.
    QHash<qsizetype, qsizetype> utf8ToEncoded;
    qsizetype utf8Offset = 0;
    qsizetype encodedOffset = 0;
    const QList<uint> codePoints = text.toUcs4();
    for (const uint codePoint : codePoints) {
        utf8ToEncoded.insert(utf8Offset, encodedOffset);
        const char32_t c = codePoint;
        auto width = widths.constFind(c);
        if (width == widths.cend())
            width = widths.insert(c, QByteArray(encoder(QStringView(QChar::fromUcs4(c)))).size());
        utf8Offset += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        encodedOffset += *width;
    }
    utf8ToEncoded.insert(utf8Offset, encodedOffset);
    // A byte order mark the decoder took away stands before the text.
    const qsizetype mark = qMax<qsizetype>(0, encodedSize - encodedOffset);
    const auto move = [&](const Span &span) {
        const qsizetype begin = utf8ToEncoded.value(span.offset, 0);
        const qsizetype end = utf8ToEncoded.value(span.end(), begin);
        return Span { base + mark + begin, end - begin };
    };
    for (FieldSpan &field : fields) {
        field.key = move(field.key);
        field.value = move(field.value);
    }
    return fields;
}

} // namespace

QByteArrayView DecodedMessage::jsonValueText(const QString &key) const
{
    // Read key by key without making a string of each: a content may have a million.
    const QByteArray wanted = key.toUtf8();
    QByteArrayView found;
    JsonScanner scanner(jsonText);
    if (scanner.next() != JsonScanner::Token::BeginObject)
        return found;
    while (scanner.next() == JsonScanner::Token::Key) {
        const QByteArrayView token = scanner.tokenText();
        const QByteArrayView inner = token.sliced(1, token.size() - 2);
        const bool matches = inner.contains('\\') ? scanner.stringValue() == key : inner == wanted;
        const Span value = scanner.skipValue();
        if (value.length == 0)
            break;
        if (matches)
            found = QByteArrayView(jsonText).sliced(value.offset, value.length);
    }
    return found;
}

QList<FieldSpan> DecodedMessage::contentFields() const
{
    const std::optional<QByteArray> encoding = textEncoding(message.header.contentEncoding);
    if (!message.header.isTextJson() || !encoding || jsonText.isEmpty())
        return {};
    if (*encoding == "UTF-8")
        return scanObjectFields(jsonText, layout.content.offset);
    return fieldsInEncoding(scanObjectFields(jsonText), QString::fromUtf8(jsonText), *encoding,
                            layout.content.length, layout.content.offset);
}

DecoderLimits DecoderLimits::clamped() const
{
    return { std::clamp<qsizetype>(maxHeaderBytes, 1, HeaderBytesCeiling),
             std::clamp<qint64>(maxContentBytes, 1, ContentBytesCeiling) };
}

MessageDecoder::MessageDecoder(DecoderLimits limits, HeaderFieldSpans spans)
    : m_limits(limits.clamped()), m_headerFieldSpans(spans)
{
}

void MessageDecoder::feed(QByteArrayView bytes)
{
    if (m_failed || m_finished)
        return; // nothing more is read after an error or the end
    // The buffer grows geometrically, as QByteArray does: linear in what arrives, and never
    // more than twice what the peer has really sent, whatever it declared. Once the message's
    // end is known, growth stops there rather than at the next doubling (which would hold up
    // to twice a huge message's size).
    const qsizetype needed = m_buffer.size() + bytes.size();
    if (needed > m_buffer.capacity()) {
        qsizetype grown = qMax(needed, 2 * m_buffer.capacity());
        if (m_stage == Stage::Content)
            grown = qMin(grown, qMax(needed, m_current.layout.content.end()));
        m_buffer.reserve(grown);
    }
    m_buffer.append(bytes.data(), bytes.size());
}

void MessageDecoder::finish()
{
    m_finished = true;
}

DecoderProgress MessageDecoder::progress() const
{
    DecoderProgress progress;
    progress.messagesRead = m_messagesRead;
    if (m_failed) {
        progress.stage = DecoderProgress::Stage::Failed;
        progress.layout = m_failure.message.layout;
        progress.messageOffset = m_failure.message.streamOffset;
        return progress;
    }
    progress.messageOffset = m_consumed;
    const auto partOf = [this](const Span &part) {
        return qBound<qint64>(0, m_buffer.size() - part.offset, part.length);
    };
    switch (m_stage) {
    case Stage::LengthPrefix:
        if (m_finished && m_buffer.isEmpty()) {
            progress.stage = DecoderProgress::Stage::Finished;
            progress.partLength = 0;
            return progress;
        }
        progress.layout.lengthPrefix = { 0, LengthPrefixSize };
        progress.arrived = partOf(progress.layout.lengthPrefix);
        return progress;
    case Stage::Header:
    case Stage::Content: {
        const bool inHeader = m_stage == Stage::Header;
        const Span &part = inHeader ? m_current.layout.header : m_current.layout.content;
        progress.stage = inHeader ? DecoderProgress::Stage::Header : DecoderProgress::Stage::Content;
        progress.layout = m_current.layout;
        progress.partLength = part.length;
        progress.arrived = partOf(part);
        return progress;
    }
    }
    return progress;
}

DecodeResult MessageDecoder::fail(DecodeError::Kind kind, const QString &reason, qint64 offset,
                                  qint64 length, const QString &field)
{
    m_failed = true;
    scanHeaderFields(); // if its header was read as text, and not scanned yet
    m_failure = {};
    m_failure.status = DecodeResult::Status::Failed;
    m_failure.error = { kind, reason, offset, length, field };
    m_failure.message = std::move(m_current); // what was read before the error, for display
    m_current = {};
    qCDebug(lcProtocol).noquote() << kindName(kind) << "at stream offset" << offset << reason;
    m_buffer.clear();
    m_buffer.squeeze();
    return m_failure;
}

DecodeResult MessageDecoder::failTruncated()
{
    static const char *const parts[] = { "length prefix", "header", "content" };
    const Span part = m_stage == Stage::LengthPrefix ? Span { 0, LengthPrefixSize }
            : m_stage == Stage::Header                ? m_current.layout.header
                                                      : m_current.layout.content;
    QString reason = QStringLiteral("The connection ended in the middle of the message's %1: %2 "
                                    "of its %3 bytes arrived.")
                             .arg(QLatin1String(parts[int(m_stage)]))
                             .arg(m_buffer.size() - part.offset)
                             .arg(part.length);
    qint64 offset = m_consumed + m_buffer.size();
    qint64 length = 1;
    if (m_stage == Stage::Header) {
        // What arrived of the header still says something: the keys read whole so far, and a
        // prefix that announced more than came may have been packed the wrong way round.
        const QByteArrayView arrived = QByteArrayView(m_buffer).sliced(LengthPrefixSize);
        m_current.layout.headerFields = scanObjectFields(arrived, LengthPrefixSize);
        if (const QString hint = prefixHint(m_buffer); !hint.isEmpty()) {
            reason += hint;
            offset = m_consumed;
            length = LengthPrefixSize;
        }
    }
    return fail(DecodeError::Kind::TruncatedAtEof, reason, offset, length);
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
        return failTruncated();
    }

    switch (m_stage) {
    case Stage::LengthPrefix: {
        // The 2-byte header length, big-endian ("network order", struct ">H").
        const qsizetype headerLength = qFromBigEndian<quint16>(m_buffer.constData());
        m_current = {};
        m_current.streamOffset = m_consumed;
        m_current.layout.lengthPrefix = { 0, LengthPrefixSize };
        m_current.layout.header = { LengthPrefixSize, headerLength };
        if (headerLength == 0)
            return fail(DecodeError::Kind::HeaderLengthZero,
                        QStringLiteral("The 2-byte length prefix is 0, but every message needs a "
                                       "JSON header."),
                        m_consumed, LengthPrefixSize);
        if (headerLength > m_limits.maxHeaderBytes)
            return fail(DecodeError::Kind::HeaderTooLarge,
                        QStringLiteral("The 2-byte length prefix announces a %1-byte header; the "
                                       "limit is %2 bytes.%3")
                                .arg(headerLength)
                                .arg(m_limits.maxHeaderBytes)
                                .arg(prefixHint(m_buffer)),
                        m_consumed, LengthPrefixSize);
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
    const Span headerSpan = m_current.layout.header;
    // A refused message still shows what its header said: fail() finds its keys. An accepted
    // header's are found here, unless nobody reads them.
    DecodeResult result
            = checkHeader(QByteArrayView(m_buffer).sliced(headerSpan.offset, headerSpan.length));
    if (m_headerFieldSpans == HeaderFieldSpans::Always
        && result.status != DecodeResult::Status::Failed)
        scanHeaderFields();
    return result;
}

const QList<FieldSpan> &MessageDecoder::scanHeaderFields()
{
    if (m_headerFieldsPending) {
        const Span header = m_current.layout.header;
        m_current.layout.headerFields = scanObjectFields(
                QByteArrayView(m_buffer).sliced(header.offset, header.length), header.offset);
        m_headerFieldsPending = false;
    }
    return m_current.layout.headerFields;
}

DecodeResult MessageDecoder::checkHeader(QByteArrayView headerBytes)
{
    using Kind = DecodeError::Kind;
    const Span headerSpan = m_current.layout.header;
    const qint64 headerStart = m_consumed + headerSpan.offset;
    if (!headerBytes.isValidUtf8())
        return fail(Kind::HeaderNotUtf8, QStringLiteral("The JSON header is not valid UTF-8 text."),
                    headerStart + firstInvalidUtf8Byte(headerBytes));
    // Text: from here on, a refusal of this message finds its keys (fail()).
    m_headerFieldsPending = true;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(
            QByteArray::fromRawData(headerBytes.data(), headerBytes.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (isJsonScalar(headerBytes))
            return fail(Kind::HeaderNotObject,
                        QStringLiteral("The header must be a JSON object ({...})."), headerStart,
                        headerSpan.length);
        const qint64 at = qMin<qint64>(parseError.offset, headerBytes.size() - 1);
        return fail(Kind::HeaderNotJson,
                    QStringLiteral("The header is not valid JSON: %1 at byte %2 of the header.")
                            .arg(parseError.errorString())
                            .arg(at),
                    headerStart + at);
    }
    if (!document.isObject())
        return fail(Kind::HeaderNotObject,
                    QStringLiteral("The header must be a JSON object ({...})."), headerStart,
                    headerSpan.length);
    const QJsonObject object = document.object();

    // One pass over the object: each key is compared once, and the others are kept as they
    // are. (QJsonObject keeps one value per key, the last written, as Python's dict does.)
    Header &header = m_current.message.header;
    // Undefined until found: a key written with null is there.
    QJsonValue byteorder(QJsonValue::Undefined), contentType(QJsonValue::Undefined),
            contentEncoding(QJsonValue::Undefined), contentLengthValue(QJsonValue::Undefined);
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String(HeaderKey::ByteOrder))
            byteorder = it.value();
        else if (key == QLatin1String(HeaderKey::ContentType))
            contentType = it.value();
        else if (key == QLatin1String(HeaderKey::ContentEncoding))
            contentEncoding = it.value();
        else if (key == QLatin1String(HeaderKey::ContentLength))
            contentLengthValue = it.value();
        else
            header.extraFields.insert(key, it.value());
    }
    // Checked in the order libclient.py and libserver.py check them.
    for (const auto &[key, value] : { std::pair { HeaderKey::ByteOrder, &byteorder },
                                      std::pair { HeaderKey::ContentLength, &contentLengthValue },
                                      std::pair { HeaderKey::ContentType, &contentType },
                                      std::pair { HeaderKey::ContentEncoding, &contentEncoding } }) {
        if (value->isUndefined())
            return fail(Kind::MissingField,
                        QStringLiteral("Missing required header \"%1\".").arg(QLatin1String(key)),
                        headerStart, headerSpan.length, QLatin1String(key));
    }
    // Of a key written twice, the last one counts, as in QJsonObject and Python's dict.
    const auto valueText = [&](const char *key) {
        const FieldSpan *field = lastField(scanHeaderFields(), QLatin1String(key));
        return field ? QString::fromUtf8(QByteArrayView(m_buffer).sliced(field->value.offset, field->value.length))
                     : QString();
    };
    const auto invalid = [&](const char *key, Kind kind, const QString &reason) {
        const FieldSpan *field = lastField(scanHeaderFields(), QLatin1String(key));
        const Span value = field ? field->value : headerSpan;
        return fail(kind, reason, m_consumed + value.offset, value.length, QLatin1String(key));
    };

    // Required, but never read, as in the lab: the prefix and ">6si" are big-endian whatever
    // it says. Kept as written (anything but a string as its JSON text) for display.
    header.byteorder = byteorder.isString() ? byteorder.toString() : valueText(HeaderKey::ByteOrder);
    if (!contentType.isString())
        return invalid(HeaderKey::ContentType, Kind::InvalidField,
                       QStringLiteral("\"content-type\" must be a string."));
    header.contentType = contentType.toString();
    if (!contentEncoding.isString())
        return invalid(HeaderKey::ContentEncoding, Kind::InvalidField,
                       QStringLiteral("\"content-encoding\" must be a string."));
    header.contentEncoding = contentEncoding.toString();

    const std::optional<qint64> contentLength = contentLengthOf(contentLengthValue);
    if (!contentLength)
        return invalid(HeaderKey::ContentLength, Kind::InvalidContentLength,
                       QStringLiteral("\"content-length\" must be a whole number of bytes, 0 or "
                                      "more, not %1.")
                               .arg(valueText(HeaderKey::ContentLength)));
    if (*contentLength > m_limits.maxContentBytes)
        return invalid(HeaderKey::ContentLength, Kind::ContentTooLarge,
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
        return invalid(HeaderKey::ContentEncoding, Kind::UnsupportedEncoding,
                       QStringLiteral("The content-encoding \"%1\" is not one %2 content can use.")
                               .arg(header.contentEncoding, header.contentType));

    m_current.layout.content = { headerSpan.end(), qsizetype(*contentLength) };
    return {};
}

DecodeResult MessageDecoder::parseJsonContent()
{
    using Kind = DecodeError::Kind;
    const Span contentSpan = m_current.layout.content;
    const QByteArrayView content = QByteArrayView(m_buffer).sliced(contentSpan.offset, contentSpan.length);
    const qint64 contentStart = m_consumed + contentSpan.offset;
    const Header &header = m_current.message.header;

    const QByteArray encoding = *textEncoding(header.contentEncoding);
    const bool isUtf8 = encoding == "UTF-8";
    QByteArray utf8;
    QString decodedText; // the content as text, for a content in another encoding
    if (isUtf8) {
        if (!content.isValidUtf8())
            return fail(Kind::ContentNotText, QStringLiteral("The text/json content is not valid UTF-8."),
                        contentStart + firstInvalidUtf8Byte(content));
        utf8 = QByteArray::fromRawData(content.data(), content.size());
    } else {
        QStringDecoder decoder(encoding.constData());
        decodedText = decoder(content);
        if (decoder.hasError() || (encoding == "US-ASCII" && !isAscii(content)))
            return fail(Kind::ContentNotText,
                        QStringLiteral("The text/json content is not valid %1 text.").arg(header.contentEncoding),
                        contentStart);
        utf8 = decodedText.toUtf8();
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (isJsonScalar(utf8))
            return fail(Kind::ContentNotObject,
                        QStringLiteral("The text/json content must be a JSON object ({...})."),
                        contentStart, contentSpan.length);
        const qint64 at = qMax<qint64>(0, qMin<qint64>(parseError.offset, utf8.size() - 1));
        return fail(Kind::ContentNotJson,
                    QStringLiteral("The text/json content is not valid JSON: %1 at byte %2 of the "
                                   "content.")
                            .arg(parseError.errorString())
                            .arg(at),
                    contentStart + (isUtf8 ? at : 0));
    }
    if (!document.isObject())
        return fail(Kind::ContentNotObject,
                    QStringLiteral("The text/json content must be a JSON object ({...})."),
                    contentStart, contentSpan.length);
    m_current.jsonContent = document.object();
    if (!isUtf8)
        m_current.jsonText = utf8;
    return {};
}

DecodeResult MessageDecoder::takeMessage()
{
    if (m_current.message.header.isTextJson()) {
        DecodeResult result = parseJsonContent();
        if (result.status == DecodeResult::Status::Failed)
            return result;
    }
    // Hand the content out without copying it: the message takes the buffer, and only
    // bytes of a following message (rare: the lab sends one per connection) are copied.
    const Span contentSpan = m_current.layout.content;
    const qsizetype messageEnd = contentSpan.end();
    QByteArray following = m_buffer.size() > messageEnd ? m_buffer.sliced(messageEnd) : QByteArray();
    QByteArray &messageContent = m_current.message.content;
    messageContent = std::move(m_buffer);
    messageContent.truncate(messageEnd);
    messageContent.remove(0, contentSpan.offset);
    if (m_current.message.header.isTextJson() && m_current.jsonText.isNull())
        m_current.jsonText = messageContent; // UTF-8: the content is its own text (shared)
    m_buffer = std::move(following);
    m_consumed += messageEnd;
    m_stage = Stage::LengthPrefix;
    m_headerFieldsPending = false; // nobody reads them
    ++m_messagesRead;

    DecodeResult result;
    result.status = DecodeResult::Status::MessageReady;
    result.message = std::move(m_current);
    m_current = {};
    return result;
}

} // namespace Wirelab
