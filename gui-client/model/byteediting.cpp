#include "byteediting.h"

#include "pythonrepr.h"

#include <QtCore/QRegularExpression>

namespace Wirelab {

namespace {

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

bool isHexSeparator(QChar c)
{
    return c.isSpace() || c == u':' || c == u'-' || c == u',' || c == u';';
}

// `hexdump -C` lines: an 8-digit offset, the bytes, and the text between bars; the last line
// is the offset alone.
const QRegularExpression &hexdumpLine()
{
    static const QRegularExpression line(QStringLiteral("^[0-9a-fA-F]{8}(  (.*)\\|.*\\|)?\\s*$"));
    return line;
}

std::optional<QString> hexdumpBytes(QStringView text)
{
    QString bytes;
    bool any = false;
    for (const QStringView line : text.split(u'\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QRegularExpressionMatch match = hexdumpLine().match(line);
        if (!match.hasMatch())
            return std::nullopt;
        any = any || match.hasCaptured(1);
        bytes += match.captured(2) + QLatin1Char(' ');
    }
    if (!any)
        return std::nullopt;
    return bytes;
}

} // namespace

ByteEditing::Parsed ByteEditing::parseHex(QStringView text)
{
    if (const std::optional<QString> dumped = hexdumpBytes(text))
        return parseHex(*dumped);
    Parsed parsed;
    qsizetype i = 0;
    while (i < text.size()) {
        if (isHexSeparator(text[i])) {
            ++i;
            continue;
        }
        bool prefixed = false;
        if (i + 1 < text.size() && (text[i] == u'0' || text[i] == u'\\')
            && (text[i + 1] == u'x' || text[i + 1] == u'X')) {
            i += 2;
            prefixed = true;
        }
        const qsizetype start = i;
        while (i < text.size() && hexValue(text[i]) >= 0)
            ++i;
        const qsizetype digits = i - start;
        if (digits == 0) {
            parsed.error = tr("%1 is not a hex digit.").arg(PythonRepr::string(text.mid(i, 1).toString()));
            parsed.column = i;
            parsed.bytes.clear();
            return parsed;
        }
        if (prefixed && digits > 2) {
            parsed.error = tr("0x or \\x is followed by one byte: one or two hex digits.");
            parsed.column = start;
            parsed.bytes.clear();
            return parsed;
        }
        if (!prefixed && digits % 2 != 0) {
            parsed.error = tr("An odd number of hex digits: every byte is two.");
            parsed.column = i - 1;
            parsed.bytes.clear();
            return parsed;
        }
        if (prefixed && digits == 1) {
            parsed.bytes.append(char(hexValue(text[start])));
            continue;
        }
        for (qsizetype d = start; d < i; d += 2)
            parsed.bytes.append(char(hexValue(text[d]) * 16 + hexValue(text[d + 1])));
    }
    return parsed;
}

ByteEditing::Parsed ByteEditing::parseText(QStringView text)
{
    // A Python literal, or the lab's transcript line around one.
    qsizetype start = 0;
    while (start < text.size() && text[start].isSpace())
        ++start;
    const QStringView rest = text.sliced(start);
    static const QRegularExpression literalStart(QStringLiteral("^(sending\\s+)?([rR]?[bB]|[bB][rR])['\"]"));
    const QRegularExpressionMatch match = literalStart.match(rest);
    if (match.hasMatch())
        return parsePythonLiterals(text, start + match.capturedLength(1));
    return parseMixedAscii(text);
}

ByteEditing::Parsed ByteEditing::parsePythonLiterals(QStringView text, qsizetype start)
{
    Parsed parsed;
    qsizetype i = start;
    const auto fail = [&parsed](const QString &error, qsizetype column) {
        parsed.error = error;
        parsed.column = column;
        parsed.bytes.clear();
        return parsed;
    };
    const auto skipSpace = [&] {
        while (i < text.size() && text[i].isSpace())
            ++i;
    };
    bool anyLiteral = false;
    for (;;) {
        skipSpace();
        // A prefix: b, rb or br, in either case.
        qsizetype p = i;
        bool raw = false;
        bool bytesPrefix = false;
        while (p < text.size() && p - i < 2) {
            const QChar c = text[p].toLower();
            if (c == u'b' && !bytesPrefix)
                bytesPrefix = true;
            else if (c == u'r' && !raw)
                raw = true;
            else
                break;
            ++p;
        }
        if (!bytesPrefix || p >= text.size() || (text[p] != u'\'' && text[p] != u'"'))
            break;
        anyLiteral = true;
        const QChar quote = text[p];
        const bool triple = p + 2 < text.size() && text[p + 1] == quote && text[p + 2] == quote;
        const qsizetype opening = p;
        i = p + (triple ? 3 : 1);
        for (;;) {
            if (i >= text.size())
                return fail(tr("The literal has no closing quote."), opening);
            const QChar c = text[i];
            if (c == quote && (!triple || (i + 2 < text.size() && text[i + 1] == quote && text[i + 2] == quote))) {
                i += triple ? 3 : 1;
                break;
            }
            if (c == u'\n' && !triple)
                return fail(tr("The literal ends at the end of the line without its closing quote."), i);
            if (c.unicode() > 0x7f)
                return fail(tr("%1 is not ASCII: a bytes literal holds ASCII characters only (write "
                               "\\x escapes for other bytes).")
                                    .arg(PythonRepr::string(QString(c))),
                            i);
            if (c != u'\\' || raw) {
                parsed.bytes.append(char(c.unicode()));
                ++i;
                continue;
            }
            if (i + 1 >= text.size())
                return fail(tr("The literal has no closing quote."), opening);
            const QChar e = text[i + 1];
            const qsizetype escape = i;
            i += 2;
            switch (e.unicode()) {
            case '\\': parsed.bytes.append('\\'); break;
            case '\'': parsed.bytes.append('\''); break;
            case '"': parsed.bytes.append('"'); break;
            case 'a': parsed.bytes.append('\a'); break;
            case 'b': parsed.bytes.append('\b'); break;
            case 'f': parsed.bytes.append('\f'); break;
            case 'n': parsed.bytes.append('\n'); break;
            case 'r': parsed.bytes.append('\r'); break;
            case 't': parsed.bytes.append('\t'); break;
            case 'v': parsed.bytes.append('\v'); break;
            case '\n': break; // a line continued
            case 'x': {
                if (i + 1 >= text.size() || hexValue(text[i]) < 0 || hexValue(text[i + 1]) < 0)
                    return fail(tr("\\x needs two hex digits."), escape);
                parsed.bytes.append(char(hexValue(text[i]) * 16 + hexValue(text[i + 1])));
                i += 2;
                break;
            }
            default:
                if (e >= u'0' && e <= u'7') {
                    // Up to three octal digits, as in C.
                    int value = e.unicode() - '0';
                    for (int digits = 1; digits < 3 && i < text.size() && text[i] >= u'0' && text[i] <= u'7'; ++digits)
                        value = value * 8 + (text[i++].unicode() - '0');
                    if (value > 0xff)
                        return fail(tr("An octal escape above \\377 is not a byte."), escape);
                    parsed.bytes.append(char(value));
                } else if (e.unicode() > 0x7f) {
                    return fail(tr("%1 is not ASCII: a bytes literal holds ASCII characters only.")
                                        .arg(PythonRepr::string(QString(e))),
                                escape + 1);
                } else {
                    // Python keeps an unknown escape as it is, backslash and all.
                    parsed.bytes.append('\\');
                    parsed.bytes.append(char(e.unicode()));
                }
            }
        }
    }
    if (!anyLiteral)
        return fail(tr("A bytes literal starts with b' or b\"."), i);
    // The lab's transcript line goes on " to ('127.0.0.1', 65432)".
    static const QRegularExpression transcriptEnd(QStringLiteral("^\\s*to\\s*\\(.*\\)\\s*$"));
    const QStringView after = text.sliced(i);
    if (!after.trimmed().isEmpty() && !transcriptEnd.match(after).hasMatch())
        return fail(tr("Text after the literal: only more literals may follow."), i);
    return parsed;
}

ByteEditing::Parsed ByteEditing::parseMixedAscii(QStringView text)
{
    Parsed parsed;
    qsizetype plainStart = 0;
    const auto flushPlain = [&](qsizetype end) {
        parsed.bytes.append(text.sliced(plainStart, end - plainStart).toUtf8());
    };
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i] != u'\\') {
            ++i;
            continue;
        }
        flushPlain(i);
        const qsizetype escape = i;
        const QChar e = i + 1 < text.size() ? text[i + 1] : QChar();
        const bool xHex = (e == u'x' || e == u'X') && i + 3 < text.size() && hexValue(text[i + 2]) >= 0
                          && hexValue(text[i + 3]) >= 0;
        if (xHex) {
            parsed.bytes.append(char(hexValue(text[i + 2]) * 16 + hexValue(text[i + 3])));
            i += 4;
        } else if (i + 2 < text.size() && hexValue(e) >= 0 && hexValue(text[i + 2]) >= 0) {
            parsed.bytes.append(char(hexValue(e) * 16 + hexValue(text[i + 2])));
            i += 3;
        } else if (e == u'n' || e == u'r' || e == u't' || e == u'\\') {
            parsed.bytes.append(e == u'n' ? '\n' : e == u'r' ? '\r' : e == u't' ? '\t' : '\\');
            i += 2;
        } else {
            parsed.error = tr("\\%1 is not an escape here: write \\XX (two hex digits) for a byte, "
                              "\\n, \\r, \\t, or \\\\ for a backslash.")
                                   .arg(e.isNull() ? QString() : QString(e));
            parsed.column = escape;
            parsed.bytes.clear();
            return parsed;
        }
        plainStart = i;
    }
    flushPlain(text.size());
    return parsed;
}

QString ByteEditing::text(QByteArrayView bytes)
{
    return PythonRepr::bytes(bytes);
}

ByteEditing::Parsed ByteEditing::parseHexOrText(QStringView text)
{
    const Parsed hex = parseHex(text);
    return hex.ok() ? hex : parseText(text);
}

QByteArray ByteEditing::overwrite(QByteArray bytes, qsizetype offset, QByteArrayView data)
{
    offset = qBound<qsizetype>(0, offset, bytes.size());
    if (offset + data.size() > bytes.size())
        bytes.resize(offset + data.size());
    std::copy(data.begin(), data.end(), bytes.begin() + offset);
    return bytes;
}

} // namespace Wirelab
