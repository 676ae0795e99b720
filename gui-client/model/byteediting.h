#ifndef WIRELAB_BYTEEDITING_H
#define WIRELAB_BYTEEDITING_H

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringView>

namespace Wirelab {

// The lab bench's request as text a student types or pastes, and back: hex in the forms people
// copy it in, Python's bytes literals (the lab's programs print every message as one), and
// PacketSender's mixed ASCII with \XX escapes. Every parse gives exactly the bytes meant or
// says where it stopped and why; nothing is guessed.
class ByteEditing
{
    Q_DECLARE_TR_FUNCTIONS(ByteEditing)
public:
    struct Parsed
    {
        QByteArray bytes;
        QString error;         // empty if the text was read whole
        qsizetype column = -1; // where in the text the error is
        bool ok() const { return error.isEmpty(); }
    };

    // Hex digits, two a byte, with separators between bytes (spaces, new lines, ':', '-', ',',
    // ';') and 0x or \x before a byte allowed: "00 7f", "00:7f", "0x00, 0x7f", "\x00\x7f",
    // "007f". Also `hexdump -C` output (its offsets and text column are left out).
    static Parsed parseHex(QStringView text);
    // The escaped-text field. Python bytes literals (b'...' or b"...", raw or not, several in
    // a row as Python joins them), also inside the lab's `sending b'...' to ('...', N)` line;
    // or anything else as PacketSender's mixed ASCII: text as UTF-8, \XX (two hex digits) or
    // \xXX for a byte, \n \r \t and \\.
    static Parsed parseText(QStringView text);
    // What the escaped-text field shows for bytes: the Python literal, as the lab prints it.
    static QString text(QByteArrayView bytes);
    // Hex or text? For a paste into the hex editor: hex if it reads as hex.
    static Parsed parseHexOrText(QStringView text);

    // bytes with data written over them from offset on, longer if it runs past the end.
    static QByteArray overwrite(QByteArray bytes, qsizetype offset, QByteArrayView data);

private:
    static Parsed parsePythonLiterals(QStringView text, qsizetype start);
    static Parsed parseMixedAscii(QStringView text);
};

} // namespace Wirelab

#endif // WIRELAB_BYTEEDITING_H
