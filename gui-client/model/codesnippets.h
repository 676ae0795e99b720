#ifndef WIRELAB_CODESNIPPETS_H
#define WIRELAB_CODESNIPPETS_H

#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// Copy as code: a message (or any bytes) as a program that rebuilds exactly those bytes, in
// the words a student of the lab writes them. Where the bytes are a length, a JSON header and
// a content, the program says so: struct.pack(">H", ...), json.dumps(...) and struct.pack(
// ">6si", ...) in Python, QDataStream in C++; each part the lab's calls cannot rebuild byte for
// byte (a header json.dumps would not write, a prefix packed "<H") is written as its bytes.
// Hex, the b'' literal, a C array and `hexdump -C` come from ByteFormats.
class CodeSnippets
{
    Q_DECLARE_TR_FUNCTIONS(CodeSnippets)
public:
    enum class Format { Python, PythonLiteral, Cpp, CArray, Hex, Hexdump };

    static QList<Format> formats();
    static QString name(Format format); // a menu entry: "Python (struct and json)"
    static QString text(Format format, QByteArrayView bytes);

    // Python 3 that leaves the bytes in a variable called message.
    static QString python(QByteArrayView bytes);
    // C++ with QtCore that leaves the bytes in a QByteArray called message.
    static QString cpp(QByteArrayView bytes);
    // A C++ string literal of bytes: "..." pieces, split where a hex escape would run on.
    static QString cppStringLiteral(QByteArrayView bytes);
};

} // namespace Wirelab

#endif // WIRELAB_CODESNIPPETS_H
