#ifndef WIRELAB_LABMISTAKES_H
#define WIRELAB_LABMISTAKES_H

#include "message.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>

namespace Wirelab {

// The mistakes students of the lab make in their programs, each as the bytes it puts on the
// wire: one well-formed request in, the same request with the mistake made out. The lab
// bench's Mistakes menu offers them, and wirelab-check's catalogue builds its faulty
// requests and answers with them, so that both mean the same bytes by the same name.
class LabMistakes
{
    Q_DECLARE_TR_FUNCTIONS(LabMistakes)
public:
    enum class Mistake {
        PrefixLittleEndian,     // struct.pack("<H", ...)
        NoPrefix,               // the header sent without its length
        PrefixCountsItself,     // len(header) + 2
        ContentLengthOneTooMany,
        ContentLengthOneTooFew,
        MissingByteorder,
        MissingContentType,
        MissingContentEncoding,
        MissingContentLength,
        HeaderPythonRepr,       // str(header).encode(): single quotes, True
        HeaderUtf16,            // json.dumps(header).encode("utf-16")
        TextJsonBinaryContent,  // "text/json" over a binary content
        Int32LittleEndian,      // struct.pack("<6si", ...)
        Int32AsText,            // b"double" + b"7654321"
        TwoMessages,            // two requests in one write
        CutOff,                 // the end never sent
    };

    struct Result
    {
        QByteArray bytes;
        QString whyNot; // why this mistake cannot be made of this request; empty if it was
        bool ok() const { return whyNot.isEmpty(); }
    };

    static QList<Mistake> all();                 // in the order a menu lists them
    static QString id(Mistake mistake);          // "prefix-little-endian": stable, for tests
    static QString name(Mistake mistake);        // a menu entry
    static QString explanation(Mistake mistake); // what the student wrote, what it does

    static Result apply(Mistake mistake, const Message &request);
    // The same for a request's bytes; refused unless they are one whole, valid message.
    static Result apply(Mistake mistake, QByteArrayView requestBytes);

    // A header's bytes and a content behind the 2-byte big-endian length of the header: for a
    // message whose header the lab's programs would not write, but whose framing is right.
    static QByteArray frame(QByteArrayView header, QByteArrayView content);
};

} // namespace Wirelab

#endif // WIRELAB_LABMISTAKES_H
