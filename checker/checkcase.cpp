#include "checkcase.h"

#include "labprotocol.h"
#include "pythonrepr.h"

namespace Wirelab::Check {
namespace {

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const QString &name, const Enum (&values)[N], QString (*toName)(Enum))
{
    for (Enum value : values) {
        if (toName(value) == name)
            return value;
    }
    return std::nullopt;
}

} // namespace

QString levelName(Level level)
{
    switch (level) {
    case Level::Must:
        return QStringLiteral("MUST");
    case Level::Should:
        return QStringLiteral("SHOULD");
    case Level::May:
        return QStringLiteral("MAY");
    }
    return {};
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("PASS");
    case Verdict::NonStrict:
        return QStringLiteral("NON-STRICT");
    case Verdict::Info:
        return QStringLiteral("INFO");
    case Verdict::Fail:
        return QStringLiteral("FAIL");
    }
    return {};
}

QString modeName(Mode mode)
{
    return mode == Mode::Server ? QStringLiteral("server") : QStringLiteral("client");
}

QString chopName(Chop chop)
{
    switch (chop) {
    case Chop::Whole:
        return QStringLiteral("whole");
    case Chop::Bytes:
        return QStringLiteral("bytes");
    case Chop::Split:
        return QStringLiteral("split");
    case Chop::Pause:
        return QStringLiteral("pause");
    }
    return {};
}

QString scenarioName(Scenario scenario)
{
    switch (scenario) {
    case Scenario::Exchange:
        return QStringLiteral("exchange");
    case Scenario::NextClient:
        return QStringLiteral("next-client");
    case Scenario::Concurrent:
        return QStringLiteral("concurrent");
    case Scenario::Stalled:
        return QStringLiteral("stalled");
    case Scenario::Interleaved:
        return QStringLiteral("interleaved");
    case Scenario::ClientRun:
        return QStringLiteral("client-run");
    }
    return {};
}

std::optional<Level> levelFromName(const QString &name)
{
    static const Level values[] = { Level::Must, Level::Should, Level::May };
    return fromName(name, values, levelName);
}

std::optional<Verdict> verdictFromName(const QString &name)
{
    static const Verdict values[]
            = { Verdict::Pass, Verdict::NonStrict, Verdict::Info, Verdict::Fail };
    return fromName(name, values, verdictName);
}

std::optional<Mode> modeFromName(const QString &name)
{
    static const Mode values[] = { Mode::Server, Mode::Client };
    return fromName(name, values, modeName);
}

std::optional<Chop> chopFromName(const QString &name)
{
    static const Chop values[] = { Chop::Whole, Chop::Bytes, Chop::Split, Chop::Pause };
    return fromName(name, values, chopName);
}

std::optional<Scenario> scenarioFromName(const QString &name)
{
    static const Scenario values[]
            = { Scenario::Exchange, Scenario::NextClient,  Scenario::Concurrent,
                Scenario::Stalled,  Scenario::Interleaved, Scenario::ClientRun };
    return fromName(name, values, scenarioName);
}

QString Expectation::describe() const
{
    switch (kind) {
    case Kind::JsonResult:
        return QStringLiteral("a text/json answer whose \"result\" is %1")
                .arg(PythonRepr::string(text));
    case Kind::ErrorResult:
        return QStringLiteral("an error in the lab's shape: a text/json answer whose \"result\" "
                              "starts with \"Error\"");
    case Kind::Arithmetic:
        return QStringLiteral("a binary answer whose content is b'result' and %1 as \">i\" "
                              "(a big-endian int32): %2")
                .arg(number)
                .arg(PythonRepr::bytes(Lab::packArithmetic(Lab::ResultTag, number)));
    case Kind::Echo:
        return QStringLiteral("a binary answer whose content is %1%2")
                .arg(PythonRepr::bytes(echo),
                     errorAccepted ? QStringLiteral(", or an error in the lab's shape")
                                   : QString());
    }
    return {};
}

QString AnswerScript::describe() const
{
    switch (kind) {
    case Kind::Answer:
        return QStringLiteral("the lab server's answer");
    case Kind::AnswerKeptOpen:
        return QStringLiteral("the lab server's answer, connection left open");
    case Kind::Fixed:
        return QStringLiteral("%1 bytes, then close").arg(bytes.size());
    case Kind::Never:
        return QStringLiteral("no answer, connection left open");
    }
    return {};
}

QString ClientExpectation::describe() const
{
    switch (kind) {
    case Kind::JsonResult:
        return QStringLiteral("a line \"got result: %1\"").arg(text);
    case Kind::Arithmetic:
        return QStringLiteral("a line \"result: %1\" (the lab's client prints \"result:  %1\")")
                .arg(number);
    case Kind::Echo:
        return QStringLiteral("a line \"got response: %1\"").arg(PythonRepr::bytes(echo));
    case Kind::Error:
        return QStringLiteral("an error (a line that says \"error\", or a non-zero exit status), "
                              "and no result line");
    }
    return {};
}

QString CheckCase::baseId() const
{
    const qsizetype slash = id.indexOf(QLatin1Char('/'));
    return slash < 0 ? id : id.left(slash);
}

} // namespace Wirelab::Check
