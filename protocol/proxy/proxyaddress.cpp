#include "proxyaddress.h"

#include <QtCore/QString>
#include <QtCore/QtEndian>

namespace Wirelab {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

bool parseDecimal(QByteArrayView text, int maxDigits, quint32 maxValue, quint32 *value)
{
    if (text.isEmpty() || text.size() > maxDigits || (text.size() > 1 && text[0] == '0'))
        return false;
    quint32 number = 0;
    for (const char c : text) {
        if (!isDigit(c))
            return false;
        number = number * 10 + quint32(c - '0');
    }
    if (number > maxValue)
        return false;
    *value = number;
    return true;
}

bool parseIpv4(QByteArrayView text, uchar *bytes)
{
    int part = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '.')
            continue;
        quint32 value = 0;
        if (part == 4 || !parseDecimal(text.sliced(start, i - start), 3, 255, &value))
            return false;
        bytes[part++] = uchar(value);
        start = i + 1;
    }
    return part == 4;
}

bool parseIpv6(QByteArrayView text, uchar *bytes)
{
    const qsizetype doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0)
        return false;
    const QByteArrayView head = doubleColon >= 0 ? text.first(doubleColon) : text;
    const QByteArrayView tail = doubleColon >= 0 ? text.sliced(doubleColon + 2) : QByteArrayView();

    // The groups of one side of "::", as 16-bit words; the last part of the whole address
    // may be an IPv4 address, worth two words.
    const auto readWords = [](QByteArrayView side, bool ipv4Allowed, quint16 *words, int *count) {
        *count = 0;
        if (side.isEmpty())
            return true;
        qsizetype start = 0;
        for (qsizetype i = 0; i <= side.size(); ++i) {
            if (i < side.size() && side[i] != ':')
                continue;
            const QByteArrayView group = side.sliced(start, i - start);
            const bool last = i == side.size();
            if (last && ipv4Allowed && group.contains('.')) {
                uchar ipv4[4];
                if (*count > 6 || !parseIpv4(group, ipv4))
                    return false;
                words[(*count)++] = quint16(ipv4[0] << 8 | ipv4[1]);
                words[(*count)++] = quint16(ipv4[2] << 8 | ipv4[3]);
                return true;
            }
            if (group.isEmpty() || group.size() > 4 || *count == 8)
                return false;
            quint16 word = 0;
            for (const char c : group) {
                const int digit = hexValue(c);
                if (digit < 0)
                    return false;
                word = quint16(word << 4 | digit);
            }
            words[(*count)++] = word;
            start = i + 1;
        }
        return true;
    };

    quint16 headWords[8];
    quint16 tailWords[8];
    int headCount = 0;
    int tailCount = 0;
    if (!readWords(head, doubleColon < 0, headWords, &headCount)
        || !readWords(tail, doubleColon >= 0, tailWords, &tailCount))
        return false;
    // Without "::" the groups are all there; with it, it stands for one or more zero groups.
    if (doubleColon < 0 ? headCount != 8 : headCount + tailCount > 7)
        return false;
    quint16 words[8] = {};
    for (int i = 0; i < headCount; ++i)
        words[i] = headWords[i];
    for (int i = 0; i < tailCount; ++i)
        words[8 - tailCount + i] = tailWords[i];
    for (int i = 0; i < 8; ++i)
        qToBigEndian<quint16>(words[i], bytes + 2 * i);
    return true;
}

namespace {

QString ipv4Text(QByteArrayView bytes)
{
    return QStringLiteral("%1.%2.%3.%4")
            .arg(quint8(bytes[0]))
            .arg(quint8(bytes[1]))
            .arg(quint8(bytes[2]))
            .arg(quint8(bytes[3]));
}

QString ipv6Text(QByteArrayView bytes)
{
    // ::ffff:0:0/96 is an IPv4 client seen through an IPv6 socket: written the way
    // inet_ntop, Qt and Python write it, so that the transcript names it the same way.
    static const char mappedPrefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\xff', '\xff' };
    if (bytes.first(12) == QByteArrayView(mappedPrefix, 12))
        return QStringLiteral("::ffff:") + ipv4Text(bytes.sliced(12));

    quint16 groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = qFromBigEndian<quint16>(bytes.data() + 2 * i);
    // RFC 5952 4.2: the longest run of two or more zero groups becomes "::", the first
    // such run if two are as long.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int end = i;
        while (end < 8 && groups[end] == 0)
            ++end;
        if (end - i > bestLength) {
            bestStart = i;
            bestLength = end - i;
        }
        i = end;
    }
    QString text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += QLatin1String("::");
            i += bestLength - 1;
            continue;
        }
        if (!text.isEmpty() && !text.endsWith(QLatin1Char(':')))
            text += QLatin1Char(':');
        text += QString::number(groups[i], 16);
    }
    return text;
}

} // namespace

QString proxyAddressText(QByteArrayView addressBytes)
{
    if (addressBytes.size() == 4)
        return ipv4Text(addressBytes);
    if (addressBytes.size() == 16)
        return ipv6Text(addressBytes);
    return {};
}

} // namespace Wirelab
