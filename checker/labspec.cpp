#include "labspec.h"

namespace Wirelab::Check::LabSpec {

const QList<Clause> &clauses()
{
    using Role = Clause::Role;
    // Where the lab's own server crashes or hangs, the clause is a SHOULD: the lab's programs
    // are the reference, and they must come out conformant (docs/LAB-SPEC.md says why for each).
    static const QList<Clause> table = {
        { QStringLiteral("1.1"), Level::Must, Role::Both,
          QStringLiteral("A 2-byte big-endian header length, the JSON header, the content") },
        { QStringLiteral("1.2"), Level::Must, Role::Both,
          QStringLiteral("A message is read whatever pieces it arrives in") },
        { QStringLiteral("1.3"), Level::Should, Role::Both,
          QStringLiteral("Nothing follows the message") },
        { QStringLiteral("2.1"), Level::Must, Role::Both,
          QStringLiteral("The header is a UTF-8 JSON object, in any key order and spacing") },
        { QStringLiteral("2.2"), Level::Must, Role::Both,
          QStringLiteral(
                  "The header holds byteorder, content-length, content-type, content-encoding") },
        { QStringLiteral("2.3"), Level::Must, Role::Both,
          QStringLiteral("content-length is the content's size in bytes") },
        { QStringLiteral("2.4"), Level::Must, Role::Both,
          QStringLiteral("content-type text/json for JSON content, another type for binary") },
        { QStringLiteral("2.5"), Level::Should, Role::Both,
          QStringLiteral("byteorder is \"little\" or \"big\", and is not relied on") },
        { QStringLiteral("2.6"), Level::Should, Role::Both,
          QStringLiteral("The header's bytes are the lab's: json.dumps key order and separators") },
        { QStringLiteral("2.7"), Level::Should, Role::Server,
          QStringLiteral("Header keys the server does not know are ignored") },
        { QStringLiteral("2.8"), Level::May, Role::Server,
          QStringLiteral("text/json content in another text encoding") },
        { QStringLiteral("3.1"), Level::Must, Role::Both,
          QStringLiteral("text/json content is a JSON object in its content-encoding") },
        { QStringLiteral("3.2"), Level::Should, Role::Both,
          QStringLiteral("JSON content's bytes are json.dumps(..., ensure_ascii=False)'s") },
        { QStringLiteral("4.1"), Level::Must, Role::Client,
          QStringLiteral("search is sent as text/json {\"action\": \"search\", \"value\": V}") },
        { QStringLiteral("4.2"), Level::Must, Role::Server,
          QStringLiteral("search is answered {\"result\": A} from the lab's table") },
        { QStringLiteral("4.3"), Level::Must, Role::Server,
          QStringLiteral("a miss is answered No match for \"V\".") },
        { QStringLiteral("4.4"), Level::Must, Role::Server,
          QStringLiteral("another JSON action is answered Error: invalid action \"A\".") },
        { QStringLiteral("4.5"), Level::Must, Role::Both,
          QStringLiteral("values and answers are Unicode, sent as UTF-8") },
        { QStringLiteral("4.6"), Level::Must, Role::Client,
          QStringLiteral("the client prints got result: A") },
        { QStringLiteral("5.1"), Level::Must, Role::Client,
          QStringLiteral("double/negate N is sent binary as struct.pack(\">6si\", name, N)") },
        { QStringLiteral("5.2"), Level::Must, Role::Server,
          QStringLiteral("double N is answered b\"result\" and 2N as \">i\"") },
        { QStringLiteral("5.3"), Level::Must, Role::Server,
          QStringLiteral("negate N is answered b\"result\" and -N as \">i\"") },
        { QStringLiteral("5.4"), Level::Should, Role::Server,
          QStringLiteral("an overflowing result or a short content is answered with an error") },
        { QStringLiteral("5.5"), Level::Must, Role::Client,
          QStringLiteral("the client prints result: R") },
        { QStringLiteral("6.1"), Level::Must, Role::Client,
          QStringLiteral("any other action is sent binary as the UTF-8 bytes of action + value") },
        { QStringLiteral("6.2"), Level::Must, Role::Server,
          QStringLiteral("it is answered First 10 bytes of request: and the first 10 bytes") },
        { QStringLiteral("6.3"), Level::Must, Role::Client,
          QStringLiteral("the client prints got response: and repr() of the content") },
        { QStringLiteral("7.1"), Level::Must, Role::Server,
          QStringLiteral("a complete request is answered without waiting for more") },
        { QStringLiteral("7.2"), Level::Should, Role::Server,
          QStringLiteral("the server closes the connection once its answer is sent") },
        { QStringLiteral("7.3"), Level::Must, Role::Client,
          QStringLiteral("the client sends one request, reads one answer and ends") },
        { QStringLiteral("7.4"), Level::Should, Role::Client,
          QStringLiteral("the client gives up on a server that never answers") },
        { QStringLiteral("8.1"), Level::Must, Role::Server,
          QStringLiteral("a malformed request does not stop the server serving the next client") },
        { QStringLiteral("8.2"), Level::Should, Role::Server,
          QStringLiteral("a malformed request is answered with an error in the lab's shape") },
        { QStringLiteral("8.3"), Level::Must, Role::Server,
          QStringLiteral("several clients are served at once") },
        { QStringLiteral("8.4"), Level::Must, Role::Server,
          QStringLiteral("a client that stalls does not hold up the others") },
        { QStringLiteral("8.5"), Level::Should, Role::Server,
          QStringLiteral("empty content and an empty JSON object are answered") },
        { QStringLiteral("8.6"), Level::Must, Role::Client,
          QStringLiteral("a malformed or cut-off answer ends the client in bounded time") },
        { QStringLiteral("8.7"), Level::Should, Role::Client,
          QStringLiteral("the client reports it as an error, not as a result") },
    };
    return table;
}

const Clause *find(const QString &id)
{
    for (const Clause &clause : clauses()) {
        if (clause.id == id)
            return &clause;
    }
    return nullptr;
}

QString roleName(Clause::Role role)
{
    switch (role) {
    case Clause::Role::Server:
        return QStringLiteral("server");
    case Clause::Role::Client:
        return QStringLiteral("client");
    case Clause::Role::Both:
        return QStringLiteral("both");
    }
    return {};
}

} // namespace Wirelab::Check::LabSpec
