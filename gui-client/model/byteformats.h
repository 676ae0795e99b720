#ifndef WIRELAB_BYTEFORMATS_H
#define WIRELAB_BYTEFORMATS_H

#include <QtCore/QByteArrayView>
#include <QtCore/QString>
#include <QtCore/QStringList>

// Bytes written out for copying: the forms a student pastes into a program, a report or a
// terminal. Each is exact (the bytes can be read back from it).
namespace Wirelab::ByteFormats {

QString hex(QByteArrayView bytes);             // "00 7f 7b 22"
QString pythonLiteral(QByteArrayView bytes);   // b'\x00\x7f{"', as Python prints it
QString cArray(QByteArrayView bytes, const QString &name = QStringLiteral("message"));
QStringList hexdumpLines(QByteArrayView bytes); // as `hexdump -C`, one string a line
QString hexdump(QByteArrayView bytes);           // those lines, and the final offset

} // namespace Wirelab::ByteFormats

#endif // WIRELAB_BYTEFORMATS_H
