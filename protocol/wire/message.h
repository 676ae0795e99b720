#ifndef WIRELAB_MESSAGE_H
#define WIRELAB_MESSAGE_H

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// The wire format (lab 4, "Application Protocol Header"):
//
//   message      = length-prefix json-header content
//   length-prefix = 2 bytes, unsigned, big-endian: the size of json-header in bytes
//   json-header  = a UTF-8 JSON object with at least these keys:
//                    "byteorder"        "little" or "big" (the sender's sys.byteorder; never read)
//                    "content-type"     "text/json", or a binary type name
//                    "content-encoding" "utf-8" for text/json, "binary" otherwise
//                    "content-length"   the size of content in bytes
//   content      = content-length bytes
//
// The lab sends one request and one response per connection.

enum class ByteOrder { Little, Big };

ByteOrder hostByteOrder();
QString byteOrderName(ByteOrder order);

namespace HeaderKey {
inline constexpr char ByteOrder[] = "byteorder";
inline constexpr char ContentType[] = "content-type";
inline constexpr char ContentEncoding[] = "content-encoding";
inline constexpr char ContentLength[] = "content-length";
}

namespace ContentType {
inline constexpr char TextJson[] = "text/json";
inline constexpr char ClientBinary[] = "binary/custom-client-binary-type";
inline constexpr char ServerBinary[] = "binary/custom-server-binary-type";
}

namespace ContentEncoding {
inline constexpr char Utf8[] = "utf-8";
inline constexpr char Binary[] = "binary";
}

struct Header
{
    QString byteorder;
    QString contentType;
    QString contentEncoding;
    // Keys beyond the four required ones, kept so that nothing a peer sent is lost.
    QJsonObject extraFields;

    bool isTextJson() const { return contentType == QLatin1String(ContentType::TextJson); }
    friend bool operator==(const Header &a, const Header &b);
    friend bool operator!=(const Header &a, const Header &b) { return !(a == b); }
};

// The content-length on the wire is always content.size().
struct Message
{
    Header header;
    QByteArray content;

    friend bool operator==(const Message &a, const Message &b);
    friend bool operator!=(const Message &a, const Message &b) { return !(a == b); }
};

// A byte range, relative to the first byte of the message it belongs to.
struct Span
{
    qsizetype offset = 0;
    qsizetype length = 0;

    qsizetype end() const { return offset + length; }
    bool contains(qsizetype position) const { return position >= offset && position < end(); }
    friend bool operator==(const Span &a, const Span &b)
    {
        return a.offset == b.offset && a.length == b.length;
    }
};

// One key of a JSON object, or one field of a binary content, and where it stands.
struct FieldSpan
{
    QString name;
    Span key;   // the quoted key; empty for binary fields
    Span value; // the value's bytes
    Span whole() const;
};

// Where each part of a message stands, as the decoder saw it, so that a hex view
// and the parser always agree.
struct MessageLayout
{
    Span lengthPrefix;
    Span header;
    Span content;
    QList<FieldSpan> headerFields; // in the order the peer wrote them, a repeated key twice
};

} // namespace Wirelab

#endif // WIRELAB_MESSAGE_H
