#include "labmistakes.h"

#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "pythonrepr.h"

#include <QtCore/QStringEncoder>
#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

using Mistake = LabMistakes::Mistake;

QByteArray prefixed(quint16 length, QByteArrayView rest, bool littleEndian = false)
{
    QByteArray bytes(2, Qt::Uninitialized);
    if (littleEndian)
        qToLittleEndian<quint16>(length, bytes.data());
    else
        qToBigEndian<quint16>(length, bytes.data());
    bytes.append(rest);
    return bytes;
}

QByteArray headerText(const Message &request)
{
    return encodeHeaderText(request.header, request.content.size());
}

// str(header) as Python writes a dict: repr() of each key and value, in the order written.
QByteArray pythonReprHeader(const Message &request)
{
    return PythonRepr::jsonText(headerText(request)).value_or(QString()).toUtf8();
}

// json.dumps(header).encode("utf-16"): Python's "utf-16" writes a byte-order mark and the
// host's order; on the little-endian machines students use, ff fe and UTF-16LE.
QByteArray utf16Header(const Message &request)
{
    QStringEncoder encoder(QStringConverter::Utf16LE, QStringConverter::Flag::WriteBom);
    return encoder(QString::fromUtf8(headerText(request)));
}

QByteArray withHeader(const Message &request, const QByteArray &header)
{
    return LabMistakes::frame(header, request.content);
}

// The bytes CutOff leaves unsent: half the content, at least one byte.
qsizetype cutOffBytes(const Message &request)
{
    return qMax<qsizetype>(1, request.content.size() / 2);
}

} // namespace

QList<LabMistakes::Mistake> LabMistakes::all()
{
    return { Mistake::PrefixLittleEndian,     Mistake::NoPrefix,
             Mistake::PrefixCountsItself,     Mistake::ContentLengthOneTooMany,
             Mistake::ContentLengthOneTooFew, Mistake::MissingByteorder,
             Mistake::MissingContentType,     Mistake::MissingContentEncoding,
             Mistake::MissingContentLength,   Mistake::HeaderPythonRepr,
             Mistake::HeaderUtf16,            Mistake::TextJsonBinaryContent,
             Mistake::Int32LittleEndian,      Mistake::Int32AsText,
             Mistake::TwoMessages,            Mistake::CutOff };
}

QString LabMistakes::id(Mistake mistake)
{
    switch (mistake) {
    case Mistake::PrefixLittleEndian: return QStringLiteral("prefix-little-endian");
    case Mistake::NoPrefix: return QStringLiteral("no-prefix");
    case Mistake::PrefixCountsItself: return QStringLiteral("prefix-counts-itself");
    case Mistake::ContentLengthOneTooMany: return QStringLiteral("content-length-plus-one");
    case Mistake::ContentLengthOneTooFew: return QStringLiteral("content-length-minus-one");
    case Mistake::MissingByteorder: return QStringLiteral("missing-byteorder");
    case Mistake::MissingContentType: return QStringLiteral("missing-content-type");
    case Mistake::MissingContentEncoding: return QStringLiteral("missing-content-encoding");
    case Mistake::MissingContentLength: return QStringLiteral("missing-content-length");
    case Mistake::HeaderPythonRepr: return QStringLiteral("header-python-repr");
    case Mistake::HeaderUtf16: return QStringLiteral("header-utf-16");
    case Mistake::TextJsonBinaryContent: return QStringLiteral("text-json-binary-content");
    case Mistake::Int32LittleEndian: return QStringLiteral("int32-little-endian");
    case Mistake::Int32AsText: return QStringLiteral("int32-as-text");
    case Mistake::TwoMessages: return QStringLiteral("two-messages");
    case Mistake::CutOff: return QStringLiteral("cut-off");
    }
    return {};
}

QString LabMistakes::name(Mistake mistake)
{
    switch (mistake) {
    case Mistake::PrefixLittleEndian: return tr("Length prefix packed little-endian (\"<H\")");
    case Mistake::NoPrefix: return tr("No length prefix");
    case Mistake::PrefixCountsItself: return tr("A length prefix that counts itself");
    case Mistake::ContentLengthOneTooMany: return tr("content-length one too many");
    case Mistake::ContentLengthOneTooFew: return tr("content-length one too few");
    case Mistake::MissingByteorder: return tr("Header without \"byteorder\"");
    case Mistake::MissingContentType: return tr("Header without \"content-type\"");
    case Mistake::MissingContentEncoding: return tr("Header without \"content-encoding\"");
    case Mistake::MissingContentLength: return tr("Header without \"content-length\"");
    case Mistake::HeaderPythonRepr: return tr("Header written with str(), not JSON (single quotes, True)");
    case Mistake::HeaderUtf16: return tr("Header encoded as UTF-16");
    case Mistake::TextJsonBinaryContent: return tr("\"text/json\" with a binary content");
    case Mistake::Int32LittleEndian: return tr("int32 packed little-endian (\"<i\")");
    case Mistake::Int32AsText: return tr("int32 sent as text");
    case Mistake::TwoMessages: return tr("Two messages in one write");
    case Mistake::CutOff: return tr("A message cut off");
    }
    return {};
}

QString LabMistakes::explanation(Mistake mistake)
{
    switch (mistake) {
    case Mistake::PrefixLittleEndian:
        return tr("struct.pack(\"<H\", len(header)) puts the low byte first. The receiver reads the "
                  "prefix big-endian (\">H\", network order): a 127-byte header's 7f 00 says 32512, "
                  "so it waits for a header that never comes, or refuses one that large.");
    case Mistake::NoPrefix:
        return tr("The header goes out without its 2-byte length. The receiver takes the header's "
                  "first two characters, {\" (7b 22), for the length: 31522 bytes of header.");
    case Mistake::PrefixCountsItself:
        return tr("The prefix says len(header) + 2, counting its own two bytes. The receiver reads "
                  "two bytes too many as the header (the first two of the content, after the "
                  "closing brace), so the header is not JSON.");
    case Mistake::ContentLengthOneTooMany:
        return tr("The header promises one byte more than is sent. The receiver waits for it: "
                  "nothing is answered until the client closes or a timeout ends the wait.");
    case Mistake::ContentLengthOneTooFew:
        return tr("The header promises one byte less than is sent. The receiver reads a content "
                  "one byte short (the JSON or the int32 cut) and never reads the last byte.");
    case Mistake::MissingByteorder:
    case Mistake::MissingContentType:
    case Mistake::MissingContentEncoding:
    case Mistake::MissingContentLength:
        return tr("The lab's header has four required keys, and its server refuses a header "
                  "without any one of them (even byteorder, which nobody reads: the server "
                  "checks that it is there).");
    case Mistake::HeaderPythonRepr:
        return tr("str(header).encode() writes Python's repr of the dict: single quotes, and "
                  "True, False and None where JSON has true, false and null. It is not JSON: "
                  "json.dumps(header) is.");
    case Mistake::HeaderUtf16:
        return tr("json.dumps(header).encode(\"utf-16\") writes a byte-order mark (ff fe) and two "
                  "bytes a character. The lab's header is UTF-8: the receiver finds bytes that "
                  "are not UTF-8.");
    case Mistake::TextJsonBinaryContent:
        return tr("The header says the content is JSON text in UTF-8, but it is binary (the "
                  "\">6si\" of double and negate, or any other bytes): the receiver tries to read "
                  "JSON and fails.");
    case Mistake::Int32LittleEndian:
        return tr("struct.pack(\"<6si\", ...) puts the int32's low byte first. The framing is "
                  "right, so the request is read, with another number: 7654321 (00 74 cb b1) "
                  "arrives as b1 cb 74 00, which big-endian is -1312066560.");
    case Mistake::Int32AsText:
        return tr("The number goes out as its digits, not as 4 bytes. The receiver reads the "
                  "first four digits' bytes as a big-endian int32: b\"7654\" is 0x37363534 = "
                  "926299444.");
    case Mistake::TwoMessages:
        return tr("Two requests in one write. The lab's server reads one message a connection: "
                  "it answers the first and never reads the second. (A receiver that takes one "
                  "recv() for one message breaks here.)");
    case Mistake::CutOff:
        return tr("The end of the message is never sent (send()'s return value ignored where "
                  "sendall() was needed). The receiver waits for the rest and answers only when "
                  "the client closes or a timeout ends the wait.");
    }
    return {};
}

QByteArray LabMistakes::frame(QByteArrayView header, QByteArrayView content)
{
    QByteArray bytes = prefixed(quint16(header.size()), header);
    bytes.append(content);
    return bytes;
}

LabMistakes::Result LabMistakes::apply(Mistake mistake, const Message &request)
{
    const QByteArray header = headerText(request);
    const auto without = [&](const char *key) {
        return Result { withHeader(request, encodeHeaderText(request.header, request.content.size(),
                                                             QLatin1String(key))),
                        {} };
    };
    switch (mistake) {
    case Mistake::PrefixLittleEndian:
        return { prefixed(quint16(header.size()), header + request.content, true), {} };
    case Mistake::NoPrefix:
        return { header + request.content, {} };
    case Mistake::PrefixCountsItself:
        return { prefixed(quint16(header.size() + 2), header + request.content), {} };
    case Mistake::ContentLengthOneTooMany:
        return { withHeader(request,
                            encodeHeaderText(request.header, request.content.size() + 1)),
                 {} };
    case Mistake::ContentLengthOneTooFew:
        if (request.content.isEmpty())
            return { {}, tr("The content is empty: content-length cannot be one less than 0.") };
        return { withHeader(request,
                            encodeHeaderText(request.header, request.content.size() - 1)),
                 {} };
    case Mistake::MissingByteorder:
        return without(HeaderKey::ByteOrder);
    case Mistake::MissingContentType:
        return without(HeaderKey::ContentType);
    case Mistake::MissingContentEncoding:
        return without(HeaderKey::ContentEncoding);
    case Mistake::MissingContentLength:
        return without(HeaderKey::ContentLength);
    case Mistake::HeaderPythonRepr:
        return { withHeader(request, pythonReprHeader(request)), {} };
    case Mistake::HeaderUtf16:
        return { withHeader(request, utf16Header(request)), {} };
    case Mistake::TextJsonBinaryContent: {
        if (request.header.isTextJson())
            return { {}, tr("The content is JSON already: make a binary request (double, negate or "
                            "any other word) first.") };
        Header header = request.header;
        header.contentType = QLatin1String(ContentType::TextJson);
        header.contentEncoding = QLatin1String(ContentEncoding::Utf8);
        return { withHeader(request, encodeHeaderText(header, request.content.size())), {} };
    }
    case Mistake::Int32LittleEndian:
    case Mistake::Int32AsText: {
        // unpackArithmetic() takes only a content that starts with double or negate.
        const std::optional<Lab::ArithmeticContent> content =
                request.header.isTextJson() ? std::nullopt : Lab::unpackArithmetic(request.content);
        if (!content)
            return { {}, tr("Only double and negate send an int32.") };
        Message changed = request;
        if (mistake == Mistake::Int32LittleEndian) {
            QByteArray littleEndian(4, Qt::Uninitialized);
            qToLittleEndian<qint32>(content->value, littleEndian.data());
            changed.content = content->name + littleEndian + request.content.mid(10);
        } else {
            changed.content = content->name + QByteArray::number(content->value);
        }
        return { encodeMessage(changed).bytes, {} };
    }
    case Mistake::TwoMessages:
        return { withHeader(request, header).repeated(2), {} };
    case Mistake::CutOff: {
        const QByteArray whole = withHeader(request, header);
        return { whole.first(whole.size() - cutOffBytes(request)), {} };
    }
    }
    return { {}, tr("Unknown mistake.") };
}

LabMistakes::Result LabMistakes::apply(Mistake mistake, QByteArrayView requestBytes)
{
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(requestBytes);
    const DecodeResult decoded = decoder.next();
    if (decoded.status != DecodeResult::Status::MessageReady
        || decoded.message.size() != requestBytes.size())
        return { {}, tr("The bytes are not one whole, valid message to make the mistake with.") };
    return apply(mistake, decoded.message.message);
}

} // namespace Wirelab
