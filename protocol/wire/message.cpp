#include "message.h"

#include <QtCore/QSysInfo>

namespace Wirelab {

ByteOrder hostByteOrder()
{
    return QSysInfo::ByteOrder == QSysInfo::LittleEndian ? ByteOrder::Little : ByteOrder::Big;
}

QString byteOrderName(ByteOrder order)
{
    // Python's sys.byteorder spelling, which the lab puts in every header.
    return order == ByteOrder::Little ? QStringLiteral("little") : QStringLiteral("big");
}

bool operator==(const Header &a, const Header &b)
{
    return a.byteorder == b.byteorder && a.contentType == b.contentType
            && a.contentEncoding == b.contentEncoding && a.extraFields == b.extraFields;
}

bool operator==(const Message &a, const Message &b)
{
    return a.header == b.header && a.content == b.content;
}

Span FieldSpan::whole() const
{
    if (key.length == 0)
        return value;
    return { key.offset, value.end() - key.offset };
}

} // namespace Wirelab
