#include "decodeerror.h"

namespace Wirelab {

QString kindName(DecodeError::Kind kind)
{
    using Kind = DecodeError::Kind;
    switch (kind) {
    case Kind::HeaderLengthZero: return QStringLiteral("HeaderLengthZero");
    case Kind::HeaderTooLarge: return QStringLiteral("HeaderTooLarge");
    case Kind::HeaderNotUtf8: return QStringLiteral("HeaderNotUtf8");
    case Kind::HeaderNotJson: return QStringLiteral("HeaderNotJson");
    case Kind::HeaderNotObject: return QStringLiteral("HeaderNotObject");
    case Kind::MissingField: return QStringLiteral("MissingField");
    case Kind::InvalidField: return QStringLiteral("InvalidField");
    case Kind::InvalidContentLength: return QStringLiteral("InvalidContentLength");
    case Kind::ContentTooLarge: return QStringLiteral("ContentTooLarge");
    case Kind::UnsupportedEncoding: return QStringLiteral("UnsupportedEncoding");
    case Kind::ContentNotText: return QStringLiteral("ContentNotText");
    case Kind::ContentNotJson: return QStringLiteral("ContentNotJson");
    case Kind::ContentNotObject: return QStringLiteral("ContentNotObject");
    case Kind::TruncatedAtEof: return QStringLiteral("TruncatedAtEof");
    }
    return QStringLiteral("Unknown");
}

} // namespace Wirelab
