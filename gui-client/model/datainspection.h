#ifndef WIRELAB_DATAINSPECTION_H
#define WIRELAB_DATAINSPECTION_H

#include "message.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

class MessageOutline;

// The lab bench's data inspector, as the inspectors of ImHex, 010 Editor and Kaitai's Web IDE
// show bytes: what the bytes from an offset on mean as each type, in network order (big-endian,
// as the lab's ">H" and ">i" read them) and in little-endian; the UTF-8 sequence a byte belongs
// to; the bits. And the way back: a value typed as a type, as the bytes it packs to.
class DataInspection
{
    Q_DECLARE_TR_FUNCTIONS(DataInspection)
public:
    enum class Type { U8, I8, U16, I16, U32, I32, U64, I64, Float32, Float64, Utf8, Bits };

    struct Row
    {
        Type type;
        QString bigEndian;    // the value, or why there is none ("needs 4 bytes, 3 left")
        QString littleEndian; // the same for u8/i8, UTF-8 and bits, which have no order
        Span span;            // the bytes read
        bool available = false;
    };

    struct Utf8Sequence
    {
        Span span;           // the whole sequence the byte belongs to (or the byte alone)
        bool valid = false;
        QString description; // "U+1F430 🐰 (f0 9f 90 b0)" or why it is not UTF-8
    };

    struct Encoded
    {
        QByteArray bytes;
        QString error;
        bool ok() const { return error.isEmpty(); }
    };

    static QList<Type> types();
    static QString name(Type type);
    static int size(Type type); // bytes a value takes; 0 for UTF-8 and bits, which vary

    // The rows for the bytes from offset on; a selection longer than one byte shows its
    // own bits and text.
    static QList<Row> inspect(QByteArrayView bytes, const Span &selection);
    static Utf8Sequence utf8At(QByteArrayView bytes, qsizetype offset);
    static QString bits(QByteArrayView bytes); // "01111111 00000000"

    // A value typed by a person, as the bytes it is in the given order: integers in decimal
    // or 0x hex, in the type's range; floats as Python writes them (1.5, 1e-3, inf, nan);
    // UTF-8 as text; bits as 0s and 1s, eight a byte.
    static Encoded encode(Type type, const QString &text, ByteOrder order);

    // What the header's "byteorder" says and what it does not, for the message shown.
    static QString byteorderNote(const MessageOutline &outline);
};

} // namespace Wirelab

#endif // WIRELAB_DATAINSPECTION_H
