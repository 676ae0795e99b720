#include "byteformats.h"

#include "pythonrepr.h"

namespace Wirelab::ByteFormats {

QString hex(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex(' '));
}

QString pythonLiteral(QByteArrayView bytes)
{
    return PythonRepr::bytes(bytes);
}

QString cArray(QByteArrayView bytes, const QString &name)
{
    QString out = QStringLiteral("const unsigned char %1[%2] = {").arg(name).arg(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        out += i % 12 == 0 ? QStringLiteral("\n    ") : QStringLiteral(" ");
        out += QStringLiteral("0x%1,").arg(static_cast<unsigned char>(bytes[i]), 2, 16, QLatin1Char('0'));
    }
    out += QStringLiteral("\n};\n");
    return out;
}

QStringList hexdumpLines(QByteArrayView bytes)
{
    // hexdump -C: the offset in 8 hex digits, 16 bytes in two groups of 8, the printable
    // ASCII between bars.
    QStringList lines;
    for (qsizetype row = 0; row < bytes.size(); row += 16) {
        QString line = QStringLiteral("%1 ").arg(row, 8, 16, QLatin1Char('0'));
        QString text;
        for (qsizetype i = row; i < row + 16; ++i) {
            if (i - row == 8)
                line += QLatin1Char(' ');
            if (i < bytes.size()) {
                const auto byte = static_cast<unsigned char>(bytes[i]);
                line += QStringLiteral(" %1").arg(byte, 2, 16, QLatin1Char('0'));
                text += byte >= 0x20 && byte < 0x7f ? QLatin1Char(char(byte)) : QLatin1Char('.');
            } else {
                line += QStringLiteral("   ");
            }
        }
        lines.append(line + QStringLiteral("  |") + text + QLatin1Char('|'));
    }
    return lines;
}

QString hexdump(QByteArrayView bytes)
{
    QStringList lines = hexdumpLines(bytes);
    lines.append(QStringLiteral("%1").arg(bytes.size(), 8, 16, QLatin1Char('0')));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace Wirelab::ByteFormats
