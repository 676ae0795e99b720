#ifndef WIRELAB_LABPROTOCOL_H
#define WIRELAB_LABPROTOCOL_H

#include "decodeerror.h"
#include "message.h"
#include "messagedecoder.h"

#include <QtCore/QHash>
#include <QtCore/QString>
#include <optional>

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
    // A JSON object of string keys to string answers; nullopt and a reason if it is not.
    static std::optional<SearchTable> fromJson(const QByteArray &json, QString *errorReason);
    QString answer(const QString &query) const; // the lab's text, including "No match for ..."
    // The answer's content, {"result": ...}, as the lab's server encodes it. A table
    // answer's is encoded once, with the table: a big one (a 16 MiB answer takes 80 ms to
    // encode) then costs a copy per request instead of holding the worker up.
    QByteArray answerContent(const QString &query) const;
    qsizetype size() const { return m_answers.size(); }

private:
    void insert(const QString &query, const QString &answer);

    QHash<QString, QString> m_answers;
    QHash<QString, QByteArray> m_contents;
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
    QString resultText;             // text/json: str(content["result"])
    std::optional<qint32> resultNumber; // binary starting with b"result": the int32
};
ResponseSummary summarizeResponse(const DecodedMessage &response);

} // namespace Wirelab::Lab

#endif // WIRELAB_LABPROTOCOL_H
