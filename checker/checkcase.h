#ifndef WIRELAB_CHECKCASE_H
#define WIRELAB_CHECKCASE_H

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

// wirelab-check's vocabulary: what a case is, how sure a clause is, and what a case concludes.
namespace Wirelab::Check {

// RFC 2119's words, as docs/LAB-SPEC.md gives each clause one.
enum class Level { Must, Should, May };

// Autobahn|Testsuite's grades, less the ones this protocol has no use for. A case is FAIL if a
// MUST it checks is not met, NON-STRICT if only a SHOULD is not, INFO if only a MAY is not.
enum class Verdict { Pass, NonStrict, Info, Fail };

enum class Mode { Server, Client };

// How the bytes of a message travel: whole in one write, one byte per write, in two writes
// split where the header ends and the content starts, or with a pause in the middle of the
// header. TCP promises none of these boundaries, so a peer must read them all the same.
enum class Chop { Whole, Bytes, Split, Pause };

enum class Scenario {
    Exchange, // one request, one answer
    NextClient, // a malformed request, then a good one from another client
    Concurrent, // several clients at once
    Stalled, // one client stops mid-request while another is served
    Interleaved, // two clients whose requests arrive interleaved
    ClientRun, // client mode: the student's client against the scripted server
};

QString levelName(Level level); // MUST, SHOULD, MAY
QString verdictName(Verdict verdict); // PASS, NON-STRICT, INFO, FAIL
QString modeName(Mode mode); // server, client
QString chopName(Chop chop); // whole, bytes, split, pause (the id suffix)
QString scenarioName(Scenario scenario);
std::optional<Level> levelFromName(const QString &name);
std::optional<Verdict> verdictFromName(const QString &name);
std::optional<Mode> modeFromName(const QString &name);
std::optional<Chop> chopFromName(const QString &name);
std::optional<Scenario> scenarioFromName(const QString &name);

// What a right answer holds, in meaning (MUST) and, where the lab's server has bytes for it,
// in bytes (SHOULD).
struct Expectation
{
    enum class Kind {
        JsonResult, // text/json {"result": text}
        ErrorResult, // text/json {"result": "Error..."}: the lab's shape for an error
        Arithmetic, // binary b"result" + number as ">i"
        Echo, // binary content exactly echo
    };
    Kind kind = Kind::JsonResult;
    Level level = Level::Must; // of the meaning; the bytes are always SHOULD at most
    QString text;
    qint32 number = 0;
    QByteArray echo;
    bool errorAccepted = false; // Echo: an error answer is as good
    // The lab's server's answer, one per byteorder it could declare; empty where it has
    // none (it crashes or hangs on the request).
    QList<QByteArray> labBytes;

    QString describe() const; // one line for "Expected:"
};

// Client mode: how the scripted server answers the student's client.
struct AnswerScript
{
    enum class Kind {
        Answer, // the lab server's answer, delivered by the case's chop
        AnswerKeptOpen, // the answer whole, and the connection left open after it
        Fixed, // exactly bytes (a malformed answer, or part of one), then close
        Never, // read the request, never answer, keep the connection open
    };
    Kind kind = Kind::Answer;
    QByteArray bytes;
    QString describe() const;
};

// What the student's client must print for a case.
struct ClientExpectation
{
    enum class Kind {
        JsonResult, // "got result: text"
        Arithmetic, // "result: number"
        Echo, // "got response: " + repr(echo)
        Error, // an error, and no result
    };
    Kind kind = Kind::JsonResult;
    QString text;
    qint32 number = 0;
    QByteArray echo;
    QString describe() const;
};

struct CheckCase
{
    QString id; // "5.2.1", "5.2.1/bytes": the clause's number, then the case's
    QString title;
    QStringList clauses; // the first is the case's own; the others it also checks
    Level level = Level::Must; // the first clause's
    Mode mode = Mode::Server;
    Scenario scenario = Scenario::Exchange;
    Chop chop = Chop::Whole;

    // Server mode. request: what is sent (the good request of a robustness case);
    // badRequest: what the first client of a NextClient case sends.
    QByteArray request;
    QByteArray badRequest;
    bool badRequestIsCut = false; // the first client leaves mid-request: no answer is due
    Expectation expectation;
    int clients = 1; // Concurrent: requests and expectations come from extra
    QList<QByteArray> extraRequests;
    QList<Expectation> extraExpectations;

    // Client mode: the command-line arguments, the lab client's bytes for them (per
    // byteorder), the scripted answer and what must be printed.
    QString action;
    QString value;
    QList<QByteArray> labRequestBytes;
    QByteArray answer; // the lab server's answer to the request, for Answer scripts
    AnswerScript script;
    ClientExpectation output;

    bool isChopVariant() const { return chop != Chop::Whole; }
    QString baseId() const; // the id without its chop suffix
};

} // namespace Wirelab::Check

#endif // WIRELAB_CHECKCASE_H
