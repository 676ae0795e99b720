#ifndef WIRELAB_MESSAGEOUTLINE_H
#define WIRELAB_MESSAGEOUTLINE_H

#include "messagedecoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>
#include <optional>

namespace Wirelab {

// What a part of a message is: its colour in the hex view, and its meaning.
enum class OutlineRole {
    LengthPrefix,
    Header,
    HeaderKey,
    Content,
    Name,    // the 6-byte name of ">6si"
    Integer, // its big-endian int32
    Trailing, // bytes after the message
    Error,
};

// One row of the outline: a label, a value, the bytes it stands for (message offsets; empty
// for a row with no bytes of its own), its role, and the rows under it.
struct OutlineRow
{
    QString label;
    QString value;
    Span span;
    OutlineRole role = OutlineRole::Content;
    QString bytesName; // what the hex view calls these bytes: "value of \"content-length\""
    QList<OutlineRow> children;
};

// One message's bytes as the decoder read them, as every view shows them: the tree's rows,
// the hex view's coloured regions and their names, the Python literal, and what the error
// concerns. Built once from what the decoder said, for a live exchange or one from history;
// no widget reads a byte of the message itself.
class MessageOutline
{
    Q_DECLARE_TR_FUNCTIONS(MessageOutline)
public:
    struct Region
    {
        Span span;
        OutlineRole role;
        QString name;
    };

    // A message of 100,000 keys is a test of the decoder, not something to read row by row.
    static constexpr qsizetype FieldRowsShown = 1000;

    MessageOutline() = default;
    // bytes: everything that arrived; result: the decoder's verdict on them (MessageReady,
    // Failed with the spans read before the error, or NeedMoreData when they are not a whole
    // message yet, as while an answer arrives).
    MessageOutline(QByteArray bytes, const DecodeResult &result);
    // The decoder's verdict on bytes that are all there is (the widest limits).
    static MessageOutline decode(const QByteArray &bytes);

    const QByteArray &bytes() const { return m_bytes; }
    const QList<OutlineRow> &rows() const { return m_rows; }
    const QList<Region> &regions() const { return m_regions; }
    const std::optional<DecodedMessage> &message() const { return m_message; }
    const std::optional<DecodeError> &error() const { return m_error; }
    // The bytes the error concerns, within what arrived (the last byte for an end of input).
    Span errorSpan() const;
    // Bytes after the message's end (the lab reads one message; they are shown, not read).
    qsizetype trailingBytes() const;

    // The innermost region holding the byte, or null.
    const Region *regionAt(qsizetype offset) const;
    // The deepest row whose bytes hold the byte, as a path of child indexes from the top; empty
    // if none does.
    QList<int> rowPathAt(qsizetype offset) const;
    const OutlineRow *row(const QList<int> &path) const;

private:
    void addPrefixRows();
    void addHeaderRows();
    void addContentRows();
    void addJsonFieldRows(OutlineRow &content);
    void addArithmeticRows(OutlineRow &content);
    void addTrailingRow();
    void addErrorRow();
    void addRegion(const Span &span, OutlineRole role, const QString &name);
    Span arrived(const Span &span) const; // the part of a declared span that arrived
    QString sizeText(const Span &span) const;

    QByteArray m_bytes;
    MessageLayout m_layout;
    std::optional<DecodedMessage> m_message;
    std::optional<DecodeError> m_error;
    QList<OutlineRow> m_rows;
    QList<Region> m_regions;
};

} // namespace Wirelab

#endif // WIRELAB_MESSAGEOUTLINE_H
