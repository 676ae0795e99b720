#ifndef WIRELAB_LABPROTOCOL_H
#define WIRELAB_LABPROTOCOL_H

#include "decodeerror.h"
#include "message.h"
#include "messagedecoder.h"

#include <QtCore/QList>
#include <QtCore/QString>
#include <optional>
#include <vector>

// The lab's application: what its client asks and what its server answers.
namespace Wirelab::Lab {

inline constexpr char Search[] = "search";
inline constexpr char Double[] = "double";
inline constexpr char Negate[] = "negate";
inline constexpr char ResultTag[] = "result";
inline constexpr char EchoPrefix[] = "First 10 bytes of request: ";
inline constexpr qsizetype ArithmeticContentSize = 10; // struct ">6si"

// A request the lab's client cannot send: double/negate with a value ">i" cannot pack.
struct RequestError
{
    QString reason;
};

struct RequestResult
{
    Message message;
    std::optional<RequestError> error;
    bool ok() const { return !error.has_value(); }
};

bool isArithmetic(const QString &action); // double or negate

// Python's int(value) for a command-line value, limited to what ">i" can pack.
std::optional<qint32> parseInt32(const QString &value);

// app-client.py's create_request(): search as text/json, double/negate as ">6si",
// anything else as the UTF-8 bytes of action + value.
RequestResult buildRequest(const QString &action, const QString &value,
                           ByteOrder order = hostByteOrder());

// The search answers. The built-in table is libserver.py's request_search.
class SearchTable
{
public:
    static SearchTable builtIn();
    // A JSON object of string keys to string answers; nullopt and a reason if it is not. The
    // text is taken (and freed once read), so that a big table never costs its text and the
    // table at once.
    static std::optional<SearchTable> fromJson(QByteArray json, QString *errorReason);
    QString answer(const QString &query) const; // the lab's text, including "No match for ..."
    // The answer's content, {"result": ...}, as the lab's server encodes it. A table's answers
    // are encoded once, with the table, and handed out shared, not copied: a 16 MiB answer
    // takes 80 ms to encode, and every client that asks for it would otherwise hold a copy.
    QByteArray answerContent(const QString &query) const;
    qsizetype size() const { return qsizetype(m_entries.size()); }

private:
    // Laid out for a big table: every key (UTF-8) with its answer's content right after it,
    // all in one block, and an index sorted by key; a lookup is a binary search. It costs the
    // table's text and 16 bytes an answer, where QHashes of QStrings cost three times the text
    // and some 100 bytes an answer (a 200 MB table took 1.5 GiB).
    struct Entry
    {
        qint64 keyOffset = 0;
        quint32 keySize = 0;
        quint32 contentSize = 0; // the content follows the key in the block
    };
    // Builds from forEach(visit), which calls visit(query, answer) for each answer (twice).
    template<typename ForEachAnswer>
    static SearchTable build(const ForEachAnswer &forEach);
    const Entry *find(const QString &query) const;

    QByteArray m_block;
    std::vector<Entry> m_entries;
};

// What the lab's server cannot act on although the message is well formed: double/negate
// content shorter than the 10 bytes of ">6si" (the lab's server would crash unpacking it).
struct CommandTooShort
{
    QString reason;
    qint64 offset = 0; // stream offset of the content
    qint64 length = 0; // the content's size
};
std::optional<CommandTooShort> checkRequest(const DecodedMessage &request);

// libserver.py's create_response(), with the lab's crashes turned into error answers.
Message answerRequest(const DecodedMessage &request, const SearchTable &table,
                      ByteOrder order = hostByteOrder());
// The lab's own error shape, {"result": "Error: <reason>"}, which its client prints.
Message errorResponse(const QString &reason, ByteOrder order = hostByteOrder());
Message errorResponse(const DecodeError &error, ByteOrder order = hostByteOrder());

// ">6si" content: the 6-byte name and the big-endian int32.
struct ArithmeticContent
{
    QByteArray name;
    qint32 value = 0;
};
std::optional<ArithmeticContent> unpackArithmetic(const QByteArray &content);
// The fields of a ">6si" content, request or answer (double, negate or result and at least
// 10 bytes): "name" and "value", with their bytes; empty for any other content.
QList<FieldSpan> arithmeticFields(const DecodedMessage &message);
// The ">i" of ">6si": four bytes, big-endian, signed.
qint32 int32FromBigEndian(QByteArrayView fourBytes);
QByteArray packArithmetic(const QByteArray &name, qint32 value);

// What libclient.py makes of a response.
struct ResponseSummary
{
    bool isJson = false;
    QString resultText;             // text/json: str(content.get("result"))
    bool resultMissing = false;     // text/json without a "result" key: the lab prints None
                                    // as for null, but they are not the same answer
    std::optional<qint32> resultNumber; // binary starting with b"result": the int32
};
ResponseSummary summarizeResponse(const DecodedMessage &response);

} // namespace Wirelab::Lab

#endif // WIRELAB_LABPROTOCOL_H
