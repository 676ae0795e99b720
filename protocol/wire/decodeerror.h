#ifndef WIRELAB_DECODEERROR_H
#define WIRELAB_DECODEERROR_H

#include <QtCore/QString>

namespace Wirelab {

// Something the peer sent that breaks the wire format. Errors are data: the kind for code,
// the reason for people, and the stream offsets of the offending bytes.
struct DecodeError
{
    enum class Kind {
        HeaderLengthZero,    // the 2-byte prefix says 0
        HeaderTooLarge,      // the prefix is over DecoderLimits::maxHeaderBytes
        HeaderNotUtf8,       // the header bytes are not valid UTF-8
        HeaderNotJson,       // the header is not JSON
        HeaderNotObject,     // the header is JSON, but not an object
        MissingField,        // a required header key is absent (see field)
        InvalidField,        // a header value has the wrong type or value (see field)
        InvalidContentLength, // content-length is not a non-negative integer
        ContentTooLarge,     // content-length is over DecoderLimits::maxContentBytes
        UnsupportedEncoding, // content-encoding is not one this content type can use
        ContentNotText,      // text content that is not valid in its content-encoding
        ContentNotJson,      // text/json content that is not JSON
        ContentNotObject,    // text/json content that is JSON, but not an object
        TruncatedAtEof,      // the peer closed in the middle of a message
    };

    Kind kind = Kind::HeaderNotJson;
    QString reason;    // one sentence a student understands
    qint64 offset = 0; // stream offset of the first byte concerned
    qint64 length = 1; // how many bytes are concerned (the prefix: 2; a header value: its text)
    QString field;     // the header key concerned, if any
};

QString kindName(DecodeError::Kind kind);

} // namespace Wirelab

#endif // WIRELAB_DECODEERROR_H
