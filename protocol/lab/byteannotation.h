#ifndef WIRELAB_BYTEANNOTATION_H
#define WIRELAB_BYTEANNOTATION_H

#include "message.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// What each byte of a message is, from the decoder's spans: for the caret under the first
// wrong byte ("content-length value") in wirelab-check's reports and the lab bench's
// expected-versus-actual diff, and for the coloured hex of the HTML report.
enum class ByteRole {
    LengthPrefix,
    Header, // the header's braces, separators and anything the scanner could not place
    HeaderKey,
    HeaderValue,
    Content, // content that is neither a JSON field nor a ">6si" field
    ContentKey,
    ContentValue,
    ContentName, // the 6-byte name of ">6si"
    ContentNumber, // the int32 of ">6si"
    Trailing, // after the message's last byte
};

QString byteRoleName(ByteRole role); // a CSS class name: "prefix", "header-key", ...

struct ByteRange
{
    Span span;
    ByteRole role = ByteRole::Content;
    QString label; // "header \"content-length\" value"
};

// Contiguous ranges that cover every byte, in order. Decodes bytes as one message with the
// widest limits, so that a broken or cut-off one is still labelled as far as it goes.
QList<ByteRange> annotateMessage(QByteArrayView bytes);
// The label of the byte at offset; at or past the end, where the bytes stop.
QString fieldAt(const QList<ByteRange> &ranges, qsizetype offset);

// The first offset where a and b differ (one ending first counts); -1 if they are equal.
qsizetype firstDifference(QByteArrayView a, QByteArrayView b);
// The column at which byte index starts in PythonRepr::bytes(bytes) (index == size: the
// closing quote), for a caret under it.
qsizetype reprColumn(QByteArrayView bytes, qsizetype index);

} // namespace Wirelab

#endif // WIRELAB_BYTEANNOTATION_H
