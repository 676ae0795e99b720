#include "casecatalog.h"

#include "labmistakes.h"
#include "labprotocol.h"
#include "labspec.h"
#include "messagedecoder.h"
#include "messageencoder.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QtEndian>

namespace Wirelab::Check::CaseCatalog {
namespace {

using Kind = Expectation::Kind;

const QList<ByteOrder> &byteOrders()
{
    // The host's first: the lab's server writes sys.byteorder, so on this machine that is
    // the likelier one; either is right (clause 2.5).
    static const QList<ByteOrder> orders
            = hostByteOrder() == ByteOrder::Little
                      ? QList<ByteOrder> { ByteOrder::Little, ByteOrder::Big }
                      : QList<ByteOrder> { ByteOrder::Big, ByteOrder::Little };
    return orders;
}

QByteArray requestBytes(const QString &action, const QString &value, ByteOrder order)
{
    return encodeMessage(Lab::buildRequest(action, value, order).message).bytes;
}

// A header as the lab writes one, for requests the lab's client cannot make.
QByteArray labHeader(const QByteArray &contentType, const QByteArray &encoding, qsizetype length)
{
    Header header;
    header.byteorder = QStringLiteral("little");
    header.contentType = QString::fromLatin1(contentType);
    header.contentEncoding = QString::fromLatin1(encoding);
    return encodeHeaderText(header, length);
}

QByteArray binaryRequest(const QByteArray &content)
{
    return frame(labHeader(ContentType::ClientBinary, ContentEncoding::Binary, content.size()),
                 content);
}

QByteArray jsonRequest(const QByteArray &content,
                       const QByteArray &encoding = ContentEncoding::Utf8)
{
    return frame(labHeader(ContentType::TextJson, encoding, content.size()), content);
}

// The lab's server's answer to a request, in each byteorder it could declare: what
// libserver.py's create_response() sends, from the protocol library's model of it.
QList<QByteArray> labAnswers(const QByteArray &request)
{
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(request);
    const DecodeResult decoded = decoder.next();
    QList<QByteArray> answers;
    if (decoded.status != DecodeResult::Status::MessageReady)
        return answers;
    for (ByteOrder order : byteOrders())
        answers.append(encodeMessage(Lab::answerRequest(decoded.message,
                                                        Lab::SearchTable::builtIn(), order))
                               .bytes);
    return answers;
}

// A value in [lowest, highest), from the seeded generator. The 64-bit overload: the int one
// computes highest - lowest in an int, which the int32 ranges here overflow.
qint32 randomValue(QRandomGenerator &random, qint64 lowest, qint64 highest)
{
    return qint32(random.bounded(lowest, highest));
}

Level levelOf(const QString &clause)
{
    const Clause *found = LabSpec::find(clause);
    Q_ASSERT_X(found, "CaseCatalog", "a case cites a clause docs/LAB-SPEC.md does not have");
    return found ? found->level : Level::Must;
}

Expectation jsonResult(const QString &text, const QByteArray &request, Level level = Level::Must)
{
    Expectation expectation;
    expectation.kind = Kind::JsonResult;
    expectation.level = level;
    expectation.text = text;
    expectation.labBytes = labAnswers(request);
    return expectation;
}

// The lab's server has no answer to compare bytes with here: it crashes or hangs.
Expectation errorResult(Level level = Level::Should)
{
    Expectation expectation;
    expectation.kind = Kind::ErrorResult;
    expectation.level = level;
    return expectation;
}

Expectation arithmetic(qint32 number, const QByteArray &request)
{
    Expectation expectation;
    expectation.kind = Kind::Arithmetic;
    expectation.number = number;
    expectation.labBytes = labAnswers(request);
    return expectation;
}

Expectation echo(const QByteArray &content, const QByteArray &request)
{
    Expectation expectation;
    expectation.kind = Kind::Echo;
    expectation.echo = Lab::EchoPrefix + content.left(10);
    expectation.labBytes = labAnswers(request);
    return expectation;
}

CheckCase makeCase(const QString &id, const QString &title, const QStringList &clauses, Mode mode,
                   Scenario scenario)
{
    CheckCase testCase;
    testCase.id = id;
    testCase.title = title;
    testCase.clauses = clauses;
    testCase.level = levelOf(clauses.first());
    testCase.mode = mode;
    testCase.scenario = scenario;
    return testCase;
}

CheckCase exchange(const QString &id, const QString &title, const QStringList &clauses,
                   const QByteArray &request, const Expectation &expectation)
{
    CheckCase testCase = makeCase(id, title, clauses, Mode::Server, Scenario::Exchange);
    testCase.request = request;
    testCase.expectation = expectation;
    return testCase;
}

QString chopTitle(Chop chop)
{
    switch (chop) {
    case Chop::Whole:
        return {};
    case Chop::Bytes:
        return QStringLiteral(", sent one byte at a time");
    case Chop::Split:
        return QStringLiteral(", split between header and content");
    case Chop::Pause:
        return QStringLiteral(", with a pause in the middle of the header");
    }
    return {};
}

// Each case once whole and then in each chop, right after it (clause 1.2).
void addWithChops(QList<CheckCase> &cases, const CheckCase &whole)
{
    cases.append(whole);
    for (Chop chop : { Chop::Bytes, Chop::Split, Chop::Pause }) {
        CheckCase chopped = whole;
        chopped.id = whole.id + QLatin1Char('/') + chopName(chop);
        chopped.title = whole.title + chopTitle(chop);
        chopped.chop = chop;
        if (!chopped.clauses.contains(QLatin1String("1.2")))
            chopped.clauses.append(QStringLiteral("1.2"));
        cases.append(chopped);
    }
}

QString sample(const QString &title)
{
    return title + QStringLiteral(" (lab sample)");
}

// --- server mode ----------------------------------------------------------------------

void addSearchCases(QList<CheckCase> &cases)
{
    // The lab text's search samples come from its big-endian client ("\x00d{"byteorder": "big"...).
    const QByteArray morpheus
            = requestBytes(QStringLiteral("search"), QStringLiteral("morpheus"), ByteOrder::Big);
    addWithChops(cases, exchange(QStringLiteral("4.2.1"), sample(QStringLiteral("search morpheus")),
                                 { QStringLiteral("4.2") }, morpheus,
                                 jsonResult(QStringLiteral("Follow the white rabbit. \U0001f430"),
                                            morpheus)));
    const QByteArray ring
            = requestBytes(QStringLiteral("search"), QStringLiteral("ring"), ByteOrder::Little);
    addWithChops(
            cases,
            exchange(QStringLiteral("4.2.2"), QStringLiteral("search ring"),
                     { QStringLiteral("4.2") }, ring,
                     jsonResult(
                             QStringLiteral("In the caves beneath the Misty Mountains. \U0001f48d"),
                             ring)));
    const QByteArray dog
            = requestBytes(QStringLiteral("search"), QStringLiteral("\U0001f436"), ByteOrder::Big);
    addWithChops(cases,
                 exchange(QStringLiteral("4.5.1"), sample(QStringLiteral("search \U0001f436")),
                          { QStringLiteral("4.5"), QStringLiteral("4.2") }, dog,
                          jsonResult(QStringLiteral("\U0001f43e Playing ball! \U0001f3d0"), dog)));
    const QByteArray japanese
            = requestBytes(QStringLiteral("search"), QStringLiteral("日本語"), ByteOrder::Little);
    addWithChops(cases, exchange(QStringLiteral("4.5.2"),
                                 QStringLiteral("search 日本語 (a miss in Unicode)"),
                                 { QStringLiteral("4.5"), QStringLiteral("4.3") }, japanese,
                                 jsonResult(QStringLiteral("No match for \"日本語\"."), japanese)));

    const QByteArray neo
            = requestBytes(QStringLiteral("search"), QStringLiteral("neo"), ByteOrder::Little);
    addWithChops(cases, exchange(QStringLiteral("4.3.1"), QStringLiteral("search neo (a miss)"),
                                 { QStringLiteral("4.3") }, neo,
                                 jsonResult(QStringLiteral("No match for \"neo\"."), neo)));
    const QByteArray empty = requestBytes(QStringLiteral("search"), QString(), ByteOrder::Little);
    addWithChops(cases,
                 exchange(QStringLiteral("4.3.2"), QStringLiteral("search with an empty value"),
                          { QStringLiteral("4.3") }, empty,
                          jsonResult(QStringLiteral("No match for \"\"."), empty)));
    const QString quoted = QStringLiteral("say \"hi\" \\o/");
    const QByteArray escapes = requestBytes(QStringLiteral("search"), quoted, ByteOrder::Little);
    addWithChops(cases,
                 exchange(QStringLiteral("4.3.3"),
                          QStringLiteral("search a value with quotes and a backslash"),
                          { QStringLiteral("4.3"), QStringLiteral("3.2") }, escapes,
                          jsonResult(QStringLiteral("No match for \"%1\".").arg(quoted), escapes)));

    const QByteArray lookup = jsonRequest(R"({"action": "lookup", "value": "morpheus"})");
    addWithChops(cases,
                 exchange(QStringLiteral("4.4.1"),
                          QStringLiteral("JSON request with the action lookup"),
                          { QStringLiteral("4.4") }, lookup,
                          jsonResult(QStringLiteral("Error: invalid action \"lookup\"."), lookup)));

    // The same search in other clothes: keys in another order without json.dumps' spaces,
    // a key the lab does not know, and a text encoding other than UTF-8.
    const QByteArray morpheusContent = R"({"action": "search", "value": "morpheus"})";
    const QByteArray reordered
            = frame("{\"content-length\":" + QByteArray::number(morpheusContent.size())
                            + ",\"content-encoding\":\"utf-8\",\"content-type\":\"text/"
                              "json\",\"byteorder\":\"big\"}",
                    morpheusContent);
    addWithChops(
            cases,
            exchange(QStringLiteral("2.1.1"),
                     QStringLiteral("search morpheus, header keys in another order without spaces"),
                     { QStringLiteral("2.1") }, reordered,
                     jsonResult(QStringLiteral("Follow the white rabbit. \U0001f430"), reordered)));
    Message extra = Lab::buildRequest(QStringLiteral("search"), QStringLiteral("morpheus"),
                                      ByteOrder::Little)
                            .message;
    extra.header.extraFields.insert(QStringLiteral("x-course"), QStringLiteral("CS457"));
    const QByteArray extraKey = encodeMessage(extra).bytes;
    addWithChops(cases, exchange(QStringLiteral("2.7.1"),
                                 QStringLiteral("search morpheus with an extra header key"),
                                 { QStringLiteral("2.7") }, extraKey,
                                 jsonResult(QStringLiteral("Follow the white rabbit. \U0001f430"),
                                            extraKey, Level::Should)));
    const QByteArray latin1 = jsonRequest(
            QStringLiteral(R"({"action": "search", "value": "café"})").toLatin1(), "latin-1");
    addWithChops(cases, exchange(QStringLiteral("2.8.1"),
                                 QStringLiteral("search café, content-encoding latin-1"),
                                 { QStringLiteral("2.8") }, latin1,
                                 jsonResult(QStringLiteral("No match for \"café\"."), latin1,
                                            Level::May)));
}

CheckCase arithmeticCase(const QString &id, const QString &title, const QString &clause,
                         const QString &action, qint32 value, ByteOrder order = ByteOrder::Little)
{
    const QByteArray request = requestBytes(action, QString::number(value), order);
    const qint32 result = action == QLatin1String(Lab::Double) ? value * 2 : -value;
    return exchange(id, title, { clause }, request, arithmetic(result, request));
}

QString arithmeticTitle(const QString &action, qint32 value, const QString &note = {})
{
    const QString title = action + QLatin1Char(' ') + QString::number(value);
    return note.isEmpty() ? title : title + QStringLiteral(" (") + note + QLatin1Char(')');
}

void addArithmeticCases(QList<CheckCase> &cases, QRandomGenerator &random, quint32 seed)
{
    const QString doubleAction = QLatin1String(Lab::Double);
    const QString negateAction = QLatin1String(Lab::Negate);
    const QString seedNote = QStringLiteral("random, seed %1").arg(seed);
    struct Fixed
    {
        const char *id;
        QString action;
        qint32 value;
        QString note;
    };
    const QList<Fixed> fixed = {
        { "5.2.1", doubleAction, 7654321, QStringLiteral("lab sample") },
        { "5.2.2", doubleAction, 0, {} },
        { "5.2.3", doubleAction, -1, {} },
        { "5.2.4", doubleAction, 1073741823, QStringLiteral("largest that fits") },
        { "5.2.5", doubleAction, -1073741824, QStringLiteral("smallest that fits") },
        { "5.3.1", negateAction, 7654321, QStringLiteral("lab sample") },
        { "5.3.2", negateAction, -300, QStringLiteral("lab sample") },
        { "5.3.3", negateAction, 0, {} },
        { "5.3.4", negateAction, 2147483647, QStringLiteral("largest int32") },
        { "5.3.5", negateAction, -2147483647, QStringLiteral("smallest that fits") },
    };
    for (const Fixed &item : fixed) {
        const QString clause
                = item.action == doubleAction ? QStringLiteral("5.2") : QStringLiteral("5.3");
        addWithChops(cases, arithmeticCase(QLatin1String(item.id),
                                           arithmeticTitle(item.action, item.value, item.note),
                                           clause, item.action, item.value));
    }
    // Random values that fit, so that an answer cannot be learnt by heart (CodeCrafters).
    for (int i = 0; i < 3; ++i) {
        const qint32 value = randomValue(random, -1073741824, 1073741824);
        addWithChops(cases, arithmeticCase(QStringLiteral("5.2.%1").arg(6 + i),
                                           arithmeticTitle(doubleAction, value, seedNote),
                                           QStringLiteral("5.2"), doubleAction, value));
    }
    for (int i = 0; i < 3; ++i) {
        const qint32 value = randomValue(random, -2147483647, 2147483647);
        addWithChops(cases, arithmeticCase(QStringLiteral("5.3.%1").arg(6 + i),
                                           arithmeticTitle(negateAction, value, seedNote),
                                           QStringLiteral("5.3"), negateAction, value));
    }

    // Results ">i" cannot pack, and a content too short to unpack: the lab's server raises
    // struct.error and closes without answering, so these are SHOULD.
    const struct
    {
        const char *id;
        QString action;
        qint32 value;
    } overflows[] = {
        { "5.4.1", doubleAction, 1073741824 },
        { "5.4.2", doubleAction, -1073741825 },
        { "5.4.3", negateAction, -2147483647 - 1 },
    };
    for (const auto &item : overflows) {
        const QByteArray request
                = requestBytes(item.action, QString::number(item.value), ByteOrder::Little);
        addWithChops(cases, exchange(QLatin1String(item.id),
                                     arithmeticTitle(item.action, item.value,
                                                     QStringLiteral("overflows int32")),
                                     { QStringLiteral("5.4") }, request, errorResult()));
    }
    addWithChops(cases, exchange(QStringLiteral("5.4.4"),
                                 QStringLiteral("double with 8 bytes of content instead of 10"),
                                 { QStringLiteral("5.4") },
                                 binaryRequest(QByteArray("double\x00\x01", 8)), errorResult()));
}

void addEchoCases(QList<CheckCase> &cases)
{
    struct Item
    {
        const char *id;
        QString action;
        QString value;
        QString title;
        bool sampleBigEndian;
    };
    const QList<Item> items = {
        { "6.2.1", QStringLiteral("binary"), QStringLiteral("\U0001f603"),
          sample(QStringLiteral("binary \U0001f603")), true },
        { "6.2.2", QStringLiteral("ab"), QStringLiteral("c"),
          QStringLiteral("ab c: 3 bytes, all echoed"), false },
        { "6.2.3", QStringLiteral("hello"), QStringLiteral("world"),
          QStringLiteral("hello world: exactly 10 bytes"), false },
        { "6.2.4", QStringLiteral("echo"), QStringLiteral(" this is longer than ten bytes"),
          QStringLiteral("echo: 34 bytes, the first 10 echoed"), false },
        { "6.2.5", QStringLiteral("abcdefgh"), QStringLiteral("\U0001f603"),
          QStringLiteral("abcdefgh\U0001f603: the 10th byte cuts a character in two"), false },
    };
    for (const Item &item : items) {
        const QByteArray request = requestBytes(
                item.action, item.value, item.sampleBigEndian ? ByteOrder::Big : ByteOrder::Little);
        addWithChops(cases, exchange(QLatin1String(item.id), item.title, { QStringLiteral("6.2") },
                                     request, echo((item.action + item.value).toUtf8(), request)));
    }
}

void addEmptyCases(QList<CheckCase> &cases)
{
    // libserver.py answers only `if self.request:`, which b"" and {} are not: it never
    // answers them (and spins on the connection), so these are SHOULD.
    const QByteArray emptyBinary = binaryRequest({});
    Expectation emptyEcho = echo({}, emptyBinary);
    emptyEcho.level = Level::Should;
    emptyEcho.errorAccepted = true;
    emptyEcho.labBytes.clear();
    addWithChops(cases, exchange(QStringLiteral("8.5.1"),
                                 QStringLiteral("binary request with empty content"),
                                 { QStringLiteral("8.5") }, emptyBinary, emptyEcho));
    addWithChops(cases, exchange(QStringLiteral("8.5.2"), QStringLiteral("text/json request {}"),
                                 { QStringLiteral("8.5") }, jsonRequest("{}"), errorResult()));
}

void addRobustnessCases(QList<CheckCase> &cases, QRandomGenerator &random)
{
    const QByteArray good
            = requestBytes(QStringLiteral("double"), QStringLiteral("7654321"), ByteOrder::Little);
    const QByteArray doubleContent = Lab::packArithmetic(Lab::Double, 7654321);
    const Expectation goodAnswer = arithmetic(15308642, good);

    const QByteArray littleEndianPrefix
            = LabMistakes::apply(LabMistakes::Mistake::PrefixLittleEndian, good).bytes;
    QByteArray notUtf8Header = labHeader(ContentType::ClientBinary, ContentEncoding::Binary, 10);
    notUtf8Header.replace("binary\"", "binary\xff\"");
    QByteArray zeroPrefix = good;
    zeroPrefix[0] = 0;
    zeroPrefix[1] = 0;
    const struct
    {
        const char *id;
        QString title;
        QByteArray bytes;
        bool cut;
    } bad[] = {
        { "8.1.1", QStringLiteral("a header that is not JSON (a comma missing)"),
          frame(R"({"byteorder": "little", "content-type": "binary/custom-client-binary-type" "content-encoding": "binary", "content-length": 10})",
                doubleContent),
          false },
        { "8.1.2", QStringLiteral("a length prefix packed little-endian"), littleEndianPrefix,
          false },
        { "8.1.3", QStringLiteral("a header without content-length"),
          LabMistakes::apply(LabMistakes::Mistake::MissingContentLength, good).bytes, false },
        { "8.1.4", QStringLiteral("text/json content that is not JSON"),
          jsonRequest(R"({"action": "search", "value": })"), false },
        { "8.1.5", QStringLiteral("text/json content that is a list, not an object"),
          jsonRequest(R"(["search", "morpheus"])"), false },
        { "8.1.6", QStringLiteral("a length prefix of 0"), zeroPrefix, false },
        { "8.1.7", QStringLiteral("a header that is not UTF-8"),
          frame(notUtf8Header, doubleContent), false },
        { "8.1.8", QStringLiteral("a client that leaves in the middle of its header"),
          good.left(40), true },
    };
    for (const auto &item : bad) {
        CheckCase testCase = makeCase(
                QLatin1String(item.id), QStringLiteral("%1, then the next client").arg(item.title),
                item.cut ? QStringList { QStringLiteral("8.1") }
                         : QStringList { QStringLiteral("8.1"), QStringLiteral("8.2") },
                Mode::Server, Scenario::NextClient);
        testCase.badRequest = item.bytes;
        testCase.badRequestIsCut = item.cut;
        testCase.request = good;
        testCase.expectation = goodAnswer;
        addWithChops(cases, testCase);
    }

    CheckCase concurrent = makeCase(QStringLiteral("8.3.1"), QStringLiteral("five clients at once"),
                                    { QStringLiteral("8.3") }, Mode::Server, Scenario::Concurrent);
    concurrent.clients = 5;
    for (int i = 0; i < concurrent.clients; ++i) {
        const qint32 value = randomValue(random, -1073741824, 1073741824);
        const QByteArray request
                = requestBytes(QStringLiteral("double"), QString::number(value), ByteOrder::Little);
        if (i == 0) {
            concurrent.request = request;
            concurrent.expectation = arithmetic(value * 2, request);
        } else {
            concurrent.extraRequests.append(request);
            concurrent.extraExpectations.append(arithmetic(value * 2, request));
        }
    }
    cases.append(concurrent);

    // The first client's request is sent in two halves with the second client's whole
    // request in between.
    CheckCase interleaved
            = makeCase(QStringLiteral("8.3.2"),
                       QStringLiteral("two clients whose requests arrive interleaved"),
                       { QStringLiteral("8.3") }, Mode::Server, Scenario::Interleaved);
    const QByteArray first
            = requestBytes(QStringLiteral("negate"), QStringLiteral("300"), ByteOrder::Little);
    interleaved.badRequest = first;
    interleaved.extraExpectations = { arithmetic(-300, first) };
    interleaved.request = good;
    interleaved.expectation = goodAnswer;
    cases.append(interleaved);

    const QByteArray morpheus
            = requestBytes(QStringLiteral("search"), QStringLiteral("morpheus"), ByteOrder::Little);
    CheckCase stalledHeader
            = makeCase(QStringLiteral("8.4.1"),
                       QStringLiteral("a client stalls in its header while another is served"),
                       { QStringLiteral("8.4") }, Mode::Server, Scenario::Stalled);
    stalledHeader.badRequest = good.left(12);
    stalledHeader.request = morpheus;
    stalledHeader.expectation
            = jsonResult(QStringLiteral("Follow the white rabbit. \U0001f430"), morpheus);
    cases.append(stalledHeader);
    CheckCase stalledContent = stalledHeader;
    stalledContent.id = QStringLiteral("8.4.2");
    stalledContent.title = QStringLiteral("a client stalls in its content while another is served");
    stalledContent.badRequest = good.left(good.size() - 3);
    cases.append(stalledContent);
}

QList<CheckCase> serverCases(quint32 seed)
{
    QRandomGenerator random(seed);
    QList<CheckCase> cases;
    addSearchCases(cases);
    addArithmeticCases(cases, random, seed);
    addEchoCases(cases);
    addEmptyCases(cases);
    addRobustnessCases(cases, random);
    return cases;
}

// --- client mode ----------------------------------------------------------------------

// What the lab's client must print for the lab server's answer.
ClientExpectation outputFor(const QByteArray &answer)
{
    MessageDecoder decoder(DecoderLimits::ceilings());
    decoder.feed(answer);
    const DecodeResult decoded = decoder.next();
    const Lab::ResponseSummary summary = Lab::summarizeResponse(decoded.message);
    ClientExpectation output;
    if (summary.isJson) {
        output.kind = ClientExpectation::Kind::JsonResult;
        output.text = summary.resultText;
    } else if (summary.resultNumber) {
        output.kind = ClientExpectation::Kind::Arithmetic;
        output.number = *summary.resultNumber;
    } else {
        output.kind = ClientExpectation::Kind::Echo;
        output.echo = decoded.message.message.content;
    }
    return output;
}

QString requestClause(const QString &action)
{
    if (action == QLatin1String(Lab::Search))
        return QStringLiteral("4.1");
    return Lab::isArithmetic(action) ? QStringLiteral("5.1") : QStringLiteral("6.1");
}

QString outputClause(const QString &action)
{
    if (action == QLatin1String(Lab::Search))
        return QStringLiteral("4.6");
    return Lab::isArithmetic(action) ? QStringLiteral("5.5") : QStringLiteral("6.3");
}

CheckCase clientCase(const QString &id, const QString &title, const QStringList &clauses,
                     const QString &action, const QString &value)
{
    CheckCase testCase = makeCase(id, title, clauses, Mode::Client, Scenario::ClientRun);
    testCase.action = action;
    testCase.value = value;
    for (ByteOrder order : byteOrders())
        testCase.labRequestBytes.append(requestBytes(action, value, order));
    testCase.answer = labAnswers(testCase.labRequestBytes.first()).value(0);
    testCase.output = outputFor(testCase.answer);
    return testCase;
}

CheckCase answeredCase(const QString &id, const QString &title, const QString &action,
                       const QString &value, const QStringList &extraClauses = {})
{
    return clientCase(
            id, title,
            QStringList { requestClause(action), outputClause(action), QStringLiteral("7.3") }
                    + extraClauses,
            action, value);
}

void addClientAnswered(QList<CheckCase> &cases, QRandomGenerator &random, quint32 seed)
{
    const QString search = QLatin1String(Lab::Search);
    const QString doubleAction = QLatin1String(Lab::Double);
    const QString negateAction = QLatin1String(Lab::Negate);
    QList<CheckCase> answered = {
        answeredCase(QStringLiteral("4.1.1"), sample(QStringLiteral("search morpheus")), search,
                     QStringLiteral("morpheus")),
        answeredCase(QStringLiteral("4.1.2"), sample(QStringLiteral("search \U0001f436")), search,
                     QStringLiteral("\U0001f436"), { QStringLiteral("4.5") }),
        answeredCase(QStringLiteral("4.1.3"), QStringLiteral("search ring"), search,
                     QStringLiteral("ring")),
        answeredCase(QStringLiteral("4.1.4"), QStringLiteral("search neo (a miss)"), search,
                     QStringLiteral("neo")),
        answeredCase(QStringLiteral("4.1.5"), QStringLiteral("search 日本語 (a miss in Unicode)"),
                     search, QStringLiteral("日本語"), { QStringLiteral("4.5") }),
        answeredCase(QStringLiteral("5.1.1"), sample(QStringLiteral("double 7654321")),
                     doubleAction, QStringLiteral("7654321")),
        answeredCase(QStringLiteral("5.1.2"), sample(QStringLiteral("negate 7654321")),
                     negateAction, QStringLiteral("7654321")),
        answeredCase(QStringLiteral("5.1.3"), sample(QStringLiteral("negate -300")), negateAction,
                     QStringLiteral("-300")),
        answeredCase(QStringLiteral("5.1.4"), QStringLiteral("double 0"), doubleAction,
                     QStringLiteral("0")),
        answeredCase(QStringLiteral("5.1.5"), QStringLiteral("negate -2147483647"), negateAction,
                     QStringLiteral("-2147483647")),
        answeredCase(QStringLiteral("5.1.6"),
                     QStringLiteral("double -1073741824 (smallest that fits)"), doubleAction,
                     QStringLiteral("-1073741824")),
    };
    const QString seedNote = QStringLiteral("random, seed %1").arg(seed);
    for (int i = 0; i < 4; ++i) {
        const bool isDouble = i < 2;
        const qint32 value = isDouble ? randomValue(random, -1073741824, 1073741824)
                                      : randomValue(random, -2147483647, 2147483647);
        const QString action = isDouble ? doubleAction : negateAction;
        answered.append(answeredCase(QStringLiteral("5.1.%1").arg(7 + i),
                                     arithmeticTitle(action, value, seedNote), action,
                                     QString::number(value)));
    }
    // An error answer in the lab's shape is a result like any other: the client prints it.
    answered.append(clientCase(
            QStringLiteral("5.1.11"), QStringLiteral("double 1073741824, answered with an error"),
            { QStringLiteral("5.1"), QStringLiteral("4.6"), QStringLiteral("7.3") }, doubleAction,
            QStringLiteral("1073741824")));
    answered.append(answeredCase(QStringLiteral("6.1.1"),
                                 sample(QStringLiteral("binary \U0001f603")),
                                 QStringLiteral("binary"), QStringLiteral("\U0001f603")));
    answered.append(answeredCase(QStringLiteral("6.1.2"), QStringLiteral("hello world"),
                                 QStringLiteral("hello"), QStringLiteral("world")));
    answered.append(
            answeredCase(QStringLiteral("6.1.3"),
                         QStringLiteral("abcdefgh\U0001f603: the echo cuts a character in two"),
                         QStringLiteral("abcdefgh"), QStringLiteral("\U0001f603")));
    for (const CheckCase &testCase : answered)
        addWithChops(cases, testCase);
}

void addClientFailures(QList<CheckCase> &cases)
{
    const QString search = QLatin1String(Lab::Search);
    const QString doubleAction = QLatin1String(Lab::Double);

    CheckCase keptOpen = answeredCase(
            QStringLiteral("7.3.1"),
            QStringLiteral("double 7654321, the connection left open after the answer"),
            doubleAction, QStringLiteral("7654321"), { QStringLiteral("1.2") });
    keptOpen.clauses.move(keptOpen.clauses.indexOf(QLatin1String("7.3")), 0);
    keptOpen.script.kind = AnswerScript::Kind::AnswerKeptOpen;
    cases.append(keptOpen);

    const auto failure = [&](const QString &id, const QString &title, const QString &action,
                             const QString &value, const QByteArray &bytes) {
        CheckCase testCase = clientCase(
                id, title, { QStringLiteral("8.6"), QStringLiteral("8.7"), requestClause(action) },
                action, value);
        testCase.script = { AnswerScript::Kind::Fixed, bytes };
        testCase.output = { ClientExpectation::Kind::Error, {}, 0, {} };
        return testCase;
    };
    const QByteArray doubleAnswer
            = clientCase({}, {}, { QStringLiteral("5.1") }, doubleAction, QStringLiteral("7654321"))
                      .answer;
    const QByteArray searchAnswer
            = clientCase({}, {}, { QStringLiteral("4.1") }, search, QStringLiteral("morpheus"))
                      .answer;
    const qsizetype headerEnd = 2 + qFromBigEndian<quint16>(doubleAnswer.constData());
    const QByteArray doubleContent = doubleAnswer.mid(headerEnd);

    const QByteArray littleEndianPrefix
            = LabMistakes::apply(LabMistakes::Mistake::PrefixLittleEndian, doubleAnswer).bytes;
    cases.append(failure(QStringLiteral("8.6.1"),
                         QStringLiteral("an answer whose length prefix is little-endian"),
                         doubleAction, QStringLiteral("7654321"), littleEndianPrefix));
    cases.append(failure(
            QStringLiteral("8.6.2"), QStringLiteral("an answer whose header is not JSON"),
            doubleAction, QStringLiteral("7654321"),
            frame(R"({"byteorder": "little", "content-type": "binary/custom-server-binary-type", "content-length": 10)",
                  doubleContent)));
    cases.append(failure(
            QStringLiteral("8.6.3"), QStringLiteral("an answer without content-length"),
            doubleAction, QStringLiteral("7654321"),
            LabMistakes::apply(LabMistakes::Mistake::MissingContentLength, doubleAnswer).bytes));
    const QByteArray cutJson = R"({"result": "Follow the)";
    cases.append(failure(QStringLiteral("8.6.4"),
                         QStringLiteral("a text/json answer whose content is not JSON"), search,
                         QStringLiteral("morpheus"), jsonRequest(cutJson)));
    cases.append(failure(QStringLiteral("8.6.5"),
                         QStringLiteral("the server closes without answering"), doubleAction,
                         QStringLiteral("7654321"), {}));
    cases.append(failure(QStringLiteral("8.6.6"),
                         QStringLiteral("the server closes in the middle of the answer's header"),
                         search, QStringLiteral("morpheus"), searchAnswer.left(40)));
    cases.append(failure(QStringLiteral("8.6.7"),
                         QStringLiteral("the server closes after the header, before the content"),
                         doubleAction, QStringLiteral("7654321"), doubleAnswer.left(headerEnd)));

    // The lab's client has no timeout: select(timeout=1) loops for as long as its socket is
    // registered, so it waits for ever. Hence a SHOULD.
    CheckCase never
            = clientCase(QStringLiteral("7.4.1"), QStringLiteral("the server never answers"),
                         { QStringLiteral("7.4"), QStringLiteral("8.7"), QStringLiteral("5.1") },
                         doubleAction, QStringLiteral("7654321"));
    never.script.kind = AnswerScript::Kind::Never;
    never.output = { ClientExpectation::Kind::Error, {}, 0, {} };
    cases.append(never);
}

QList<CheckCase> clientCases(quint32 seed)
{
    QRandomGenerator random(seed);
    QList<CheckCase> cases;
    addClientAnswered(cases, random, seed);
    addClientFailures(cases);
    return cases;
}

} // namespace

QByteArray frame(const QByteArray &header, const QByteArray &content)
{
    return LabMistakes::frame(header, content);
}

QList<CheckCase> cases(Mode mode, quint32 seed)
{
    return mode == Mode::Server ? serverCases(seed) : clientCases(seed);
}

bool selects(const QString &selector, const QString &id)
{
    if (!id.startsWith(selector))
        return false;
    if (id.size() == selector.size())
        return true;
    const QChar next = id.at(selector.size());
    return next == QLatin1Char('.') || next == QLatin1Char('/');
}

Selection select(const QList<CheckCase> &all, const QStringList &only, const QStringList &skip)
{
    Selection selection;
    for (const QString &selector : only + skip) {
        const bool known = std::any_of(all.cbegin(), all.cend(), [&](const CheckCase &testCase) {
            return selects(selector, testCase.id);
        });
        if (!known)
            selection.unknownSelectors.append(selector);
    }
    const auto matchesAny = [](const QStringList &selectors, const QString &id) {
        return std::any_of(selectors.cbegin(), selectors.cend(),
                           [&](const QString &selector) { return selects(selector, id); });
    };
    for (const CheckCase &testCase : all) {
        if ((only.isEmpty() || matchesAny(only, testCase.id)) && !matchesAny(skip, testCase.id))
            selection.cases.append(testCase);
    }
    return selection;
}

} // namespace Wirelab::Check::CaseCatalog
