#include "messageoutline.h"

#include "jsonscanner.h"
#include "labprotocol.h"
#include "pythonrepr.h"

namespace Wirelab {

namespace {

// The Python literal of a 16 MiB content would be a 60 MiB row: its start is shown.
constexpr qsizetype ContentBytesShown = 64 * 1024;

QString textOf(QByteArrayView bytes, const Span &span)
{
    return QString::fromUtf8(bytes.sliced(span.offset, qMin(span.length, bytes.size() - span.offset)));
}

} // namespace

MessageOutline::MessageOutline(QByteArray bytes, const DecodeResult &result) : m_bytes(std::move(bytes))
{
    m_layout = result.message.layout;
    if (result.status == DecodeResult::Status::MessageReady)
        m_message = result.message;
    else if (result.status == DecodeResult::Status::Failed)
        m_error = result.error;
    addPrefixRows();
    addHeaderRows();
    addContentRows();
    addTrailingRow();
    addErrorRow();
}

MessageOutline MessageOutline::decode(const QByteArray &bytes)
{
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(bytes);
    decoder.finish();
    return MessageOutline(bytes, decoder.next());
}

Span MessageOutline::arrived(const Span &span) const
{
    return { span.offset, qBound<qsizetype>(0, m_bytes.size() - span.offset, span.length) };
}

QString MessageOutline::sizeText(const Span &span) const
{
    const qsizetype got = arrived(span).length;
    return got < span.length ? tr("%1 bytes, only %2 arrived").arg(span.length).arg(got)
                             : tr("%1 bytes").arg(span.length);
}

void MessageOutline::addRegion(const Span &span, OutlineRole role, const QString &name)
{
    const Span part = arrived(span);
    if (part.length > 0)
        m_regions.append({ part, role, name });
}

void MessageOutline::addPrefixRows()
{
    const Span prefix = m_layout.lengthPrefix;
    if (prefix.length != 2 || m_bytes.size() < 2)
        return;
    // The decoder read the prefix big-endian: the header's length is its value.
    const qsizetype declared = m_layout.header.length;
    m_rows.append({ tr("Length prefix"),
                    tr("%1 bytes of header (0x%2, big-endian)").arg(declared).arg(declared, 4, 16, QLatin1Char('0')),
                    prefix, OutlineRole::LengthPrefix, tr("2-byte length"), {} });
    addRegion(prefix, OutlineRole::LengthPrefix, tr("2-byte length: %1 bytes of header").arg(declared));
}

void MessageOutline::addHeaderRows()
{
    if (m_layout.header.length == 0)
        return;
    OutlineRow header { tr("JSON header"), sizeText(m_layout.header), arrived(m_layout.header),
                        OutlineRole::Header, tr("JSON header"), {} };
    addRegion(m_layout.header, OutlineRole::Header, tr("JSON header"));
    const QList<FieldSpan> &fields = m_layout.headerFields;
    for (const FieldSpan &field : fields.first(qMin(fields.size(), FieldRowsShown))) {
        header.children.append({ field.name, textOf(m_bytes, field.value), field.whole(), OutlineRole::Header,
                                 tr("header key \"%1\"").arg(field.name), {} });
        addRegion(field.key, OutlineRole::HeaderKey, tr("header key \"%1\"").arg(field.name));
        addRegion(field.value, OutlineRole::Header, tr("value of \"%1\"").arg(field.name));
    }
    if (fields.size() > FieldRowsShown)
        header.children.append({ tr("…"), tr("and %1 more keys (the bytes show them all)").arg(fields.size() - FieldRowsShown),
                                 {}, OutlineRole::Header, {}, {} });
    m_rows.append(header);
}

void MessageOutline::addContentRows()
{
    if (!m_message) {
        if (m_layout.content.offset > 0) { // the header was read, the content was refused or cut
            m_rows.append({ tr("Content"), sizeText(m_layout.content), arrived(m_layout.content),
                            OutlineRole::Content, tr("content"), {} });
            addRegion(m_layout.content, OutlineRole::Content, tr("content"));
        }
        return;
    }
    const Header &header = m_message->message.header;
    OutlineRow content { tr("Content"), tr("%1 bytes, %2").arg(m_layout.content.length).arg(header.contentType),
                         m_layout.content, OutlineRole::Content, tr("content"), {} };
    addRegion(m_layout.content, OutlineRole::Content, tr("content"));
    if (header.isTextJson())
        addJsonFieldRows(content);
    else
        addArithmeticRows(content);
    m_rows.append(content);
}

void MessageOutline::addJsonFieldRows(OutlineRow &content)
{
    // Each field in Python's terms, read from its own text: a key written twice shows both
    // values. For a content in another encoding the text is the decoder's UTF-8 form of it,
    // whose fields stand in the same order as the spans of the bytes as they came.
    const DecodedMessage &message = *m_message;
    const QList<FieldSpan> &fields = m_layout.contentFields;
    const QList<FieldSpan> textFields = scanObjectFields(message.jsonText);
    const bool isUtf8 = textFields.size() == fields.size();
    for (qsizetype i = 0; i < qMin(fields.size(), FieldRowsShown); ++i) {
        const FieldSpan &field = fields[i];
        const QByteArrayView valueText = isUtf8 ? QByteArrayView(message.jsonText)
                                                          .sliced(textFields[i].value.offset, textFields[i].value.length)
                                                : QByteArrayView();
        const QString value = PythonRepr::jsonText(valueText).value_or(PythonRepr::json(message.jsonContent.value(field.name)));
        content.children.append({ field.name, value, field.whole(), OutlineRole::Content,
                                  tr("value of \"%1\"").arg(field.name), {} });
        addRegion(field.key, OutlineRole::HeaderKey, tr("key \"%1\"").arg(field.name));
        addRegion(field.value, OutlineRole::Content, tr("value of \"%1\"").arg(field.name));
    }
    if (fields.size() > FieldRowsShown)
        content.children.append({ tr("…"), tr("and %1 more keys (the bytes show them all)").arg(fields.size() - FieldRowsShown),
                                  {}, OutlineRole::Content, {}, {} });
}

void MessageOutline::addArithmeticRows(OutlineRow &content)
{
    const QList<FieldSpan> fields = Lab::arithmeticFields(*m_message);
    if (fields.isEmpty()) {
        const QByteArray &bytes = m_message->message.content;
        QString shown = PythonRepr::bytes(QByteArrayView(bytes).first(qMin(bytes.size(), ContentBytesShown)));
        if (bytes.size() > ContentBytesShown)
            shown += tr("… (%1 more bytes)").arg(bytes.size() - ContentBytesShown);
        content.children.append({ tr("bytes"), shown, m_layout.content, OutlineRole::Content, tr("content"), {} });
        return;
    }
    // ">6si": the lab's double, negate and result.
    const FieldSpan &name = fields[0];
    const FieldSpan &value = fields[1];
    const QByteArrayView bytes = m_bytes;
    content.children.append({ tr("name (6s)"), PythonRepr::bytes(bytes.sliced(name.value.offset, name.value.length)),
                              name.value, OutlineRole::Name, tr("6-byte name"), {} });
    const qint32 number = Lab::int32FromBigEndian(bytes.sliced(value.value.offset, 4));
    content.children.append({ tr("value (i)"),
                              tr("%1 (0x%2, big-endian int32)").arg(number).arg(quint32(number), 8, 16, QLatin1Char('0')),
                              value.value, OutlineRole::Integer, tr("int32: %1").arg(number), {} });
    addRegion(name.value, OutlineRole::Name, tr("6-byte name"));
    addRegion(value.value, OutlineRole::Integer, tr("int32, big-endian: %1").arg(number));
}

qsizetype MessageOutline::trailingBytes() const
{
    return m_message ? m_bytes.size() - m_message->size() : 0;
}

void MessageOutline::addTrailingRow()
{
    const qsizetype extra = trailingBytes();
    if (extra <= 0)
        return;
    const Span span { m_message->size(), extra };
    m_rows.append({ tr("After the message"),
                    tr("%n bytes after the message (not read: the lab reads one message per connection)",
                       nullptr, int(extra)),
                    span, OutlineRole::Trailing, tr("after the message"), {} });
    addRegion(span, OutlineRole::Trailing, tr("after the message: not read"));
}

Span MessageOutline::errorSpan() const
{
    if (!m_error || m_bytes.isEmpty())
        return {};
    const qsizetype offset = qBound<qsizetype>(0, m_error->offset, m_bytes.size() - 1);
    return { offset, qBound<qsizetype>(1, m_error->length, m_bytes.size() - offset) };
}

void MessageOutline::addErrorRow()
{
    if (!m_error)
        return;
    const Span span = errorSpan();
    m_rows.append({ tr("Error"),
                    tr("%1 (%2, at byte %3)").arg(m_error->reason, kindName(m_error->kind)).arg(m_error->offset),
                    span, OutlineRole::Error, m_error->reason, {} });
    addRegion(span, OutlineRole::Error, m_error->reason);
}

const MessageOutline::Region *MessageOutline::regionAt(qsizetype offset) const
{
    // The innermost: the shortest that holds the byte; of two alike, the later (the error).
    const Region *best = nullptr;
    for (const Region &region : m_regions) {
        if (region.span.contains(offset) && (!best || region.span.length <= best->span.length))
            best = &region;
    }
    return best;
}

QList<int> MessageOutline::rowPathAt(qsizetype offset) const
{
    QList<int> best;
    qsizetype bestLength = 0;
    QList<int> path;
    const std::function<void(const QList<OutlineRow> &)> visit = [&](const QList<OutlineRow> &rows) {
        for (int i = 0; i < rows.size(); ++i) {
            path.append(i);
            const Span &span = rows[i].span;
            if (span.contains(offset) && (best.isEmpty() || span.length <= bestLength)) {
                best = path;
                bestLength = span.length;
            }
            visit(rows[i].children);
            path.removeLast();
        }
    };
    visit(m_rows);
    return best;
}

const OutlineRow *MessageOutline::row(const QList<int> &path) const
{
    const QList<OutlineRow> *rows = &m_rows;
    const OutlineRow *found = nullptr;
    for (const int index : path) {
        if (index < 0 || index >= rows->size())
            return nullptr;
        found = &(*rows)[index];
        rows = &found->children;
    }
    return found;
}

} // namespace Wirelab
