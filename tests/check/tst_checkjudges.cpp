#include "answerjudge.h"
#include "casecatalog.h"
#include "clientjudge.h"
#include "labprotocol.h"
#include "labsamples.h"
#include "messageencoder.h"

#include <QtCore/QtEndian>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;
using namespace Wirelab::Check;

namespace {

using CaseCatalog::frame;

CheckCase caseNamed(Mode mode, const QString &id)
{
    for (const CheckCase &testCase : CaseCatalog::cases(mode, 1)) {
        if (testCase.id == id)
            return testCase;
    }
    return {};
}

ConnectionOutcome closedAfter(const QByteArray &received)
{
    ConnectionOutcome outcome;
    outcome.end = ConnectionOutcome::End::PeerClosed;
    outcome.received = received;
    outcome.lastSentMs = 1;
    outcome.endedMs = 3;
    return outcome;
}

QStringList levelsAndClauses(const QList<Finding> &findings)
{
    QStringList list;
    for (const Finding &finding : findings)
        list.append(levelName(finding.level) + u' ' + finding.clause);
    return list;
}

const QByteArray doubleAnswer = "\x00\x7f{\"byteorder\": \"little\", \"content-type\": "
                                "\"binary/custom-server-binary-type\", \"content-encoding\": "
                                "\"binary\", \"content-length\": 10}result\x00\xe9\x97"
                                "b"_ba;
const QByteArray morpheusAnswer
        = "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 43}{\"result\": \"Follow the white rabbit. \xf0\x9f\x90\xb0\"}"_ba;

} // namespace

class tst_CheckJudges : public QObject
{
    Q_OBJECT

private slots:
    void verdicts_data();
    void verdicts();
    void serverAnswers_data();
    void serverAnswers();
    void littleEndianIntIsNamed();
    void caretPointsAtTheWrongByte();
    void clientRequests_data();
    void clientRequests();
    void clientOutput_data();
    void clientOutput();
    void hangingClient_data();
    void hangingClient();
};

void tst_CheckJudges::verdicts_data()
{
    QTest::addColumn<QList<Level>>("unmet");
    QTest::addColumn<Verdict>("verdict");
    QTest::newRow("nothing unmet") << QList<Level> {} << Verdict::Pass;
    QTest::newRow("a MAY") << QList<Level> { Level::May } << Verdict::Info;
    QTest::newRow("a SHOULD") << QList<Level> { Level::Should, Level::May } << Verdict::NonStrict;
    QTest::newRow("a MUST") << QList<Level> { Level::May, Level::Should, Level::Must }
                            << Verdict::Fail;
}

void tst_CheckJudges::verdicts()
{
    QFETCH(QList<Level>, unmet);
    QFETCH(Verdict, verdict);
    QList<Finding> findings;
    for (Level level : unmet) {
        Finding finding;
        finding.level = level;
        findings.append(finding);
    }
    QCOMPARE(verdictOf(findings), verdict);
    sortFindings(findings);
    if (!findings.isEmpty())
        QCOMPARE(verdictOf({ findings.first() }), verdict);
}

void tst_CheckJudges::serverAnswers_data()
{
    QTest::addColumn<QString>("caseId");
    QTest::addColumn<ConnectionOutcome>("outcome");
    QTest::addColumn<QStringList>("unmet");

    QTest::newRow("the lab's bytes") << u"5.2.1"_s << closedAfter(doubleAnswer) << QStringList {};
    QTest::newRow("the lab's bytes, big-endian host")
            << u"5.2.1"_s
            << closedAfter(
                       QByteArray(doubleAnswer).replace("\"little\"", "\"big\"").replace(1, 1, "|"))
            << QStringList {};
    const QByteArray content = "result\x00\xe9\x97"
                               "b"_ba;
    QTest::newRow("keys in another order")
            << u"5.2.1"_s
            << closedAfter(frame(
                       R"({"content-type": "binary/custom-server-binary-type", "byteorder": "little", "content-encoding": "binary", "content-length": 10})",
                       content))
            << QStringList { u"SHOULD 2.6"_s };
    QTest::newRow("no spaces")
            << u"5.2.1"_s
            << closedAfter(frame(
                       R"({"byteorder":"little","content-type":"binary/custom-server-binary-type","content-encoding":"binary","content-length":10})",
                       content))
            << QStringList { u"SHOULD 2.6"_s };
    QTest::newRow("non-ASCII escaped")
            << u"4.2.1"_s
            << closedAfter(frame(
                       R"({"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 51})",
                       R"({"result": "Follow the white rabbit. \ud83d\udc30"})"))
            << QStringList { u"SHOULD 3.2"_s };
    QTest::newRow("byteorder neither little nor big")
            << u"5.2.1"_s
            << closedAfter(QByteArray(doubleAnswer).replace("\"little\"", "\"middle\""))
            << QStringList { u"SHOULD 2.5"_s };
    ConnectionOutcome keptOpen = closedAfter(doubleAnswer);
    keptOpen.end = ConnectionOutcome::End::Open;
    QTest::newRow("kept open after the answer")
            << u"5.2.1"_s << keptOpen << QStringList { u"SHOULD 7.2"_s };
    QTest::newRow("bytes after the message")
            << u"5.2.1"_s << closedAfter(doubleAnswer + "!!") << QStringList { u"SHOULD 1.3"_s };
    QTest::newRow("closed without answering")
            << u"5.2.1"_s << closedAfter({}) << QStringList { u"MUST 5.2"_s };
    ConnectionOutcome silent;
    silent.end = ConnectionOutcome::End::TimedOut;
    QTest::newRow("no answer at all") << u"5.2.1"_s << silent << QStringList { u"MUST 7.1"_s };
    QTest::newRow("content cut short")
            << u"5.2.1"_s << closedAfter(doubleAnswer.chopped(1)) << QStringList { u"MUST 2.3"_s };
    QTest::newRow("double wrong") << u"5.2.1"_s
                                  << closedAfter(QByteArray(doubleAnswer)
                                                         .replace("\x97"
                                                                  "b",
                                                                  "\x97"
                                                                  "c"))
                                  << QStringList { u"MUST 5.2"_s };
    QTest::newRow("a JSON answer to double")
            << u"5.2.1"_s
            << closedAfter(frame(
                       R"({"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 22})",
                       R"({"result": "15308642"})"))
            << QStringList { u"MUST 5.2"_s };
    QTest::newRow("the miss misquoted")
            << u"4.3.1"_s
            << closedAfter(frame(
                       R"({"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 33})",
                       R"({"result": "No match for 'neo'."})"))
            << QStringList { u"MUST 4.3"_s };
    QTest::newRow("a header that is not JSON")
            << u"4.3.1"_s << closedAfter("\x00\x05hello"_ba) << QStringList { u"MUST 1.1"_s };
    QTest::newRow("an error where an error is due (overflow)")
            << u"5.4.1"_s << closedAfter(encodeMessage(Lab::errorResponse(u"too big"_s)).bytes)
            << QStringList {};
    QTest::newRow("no answer to an overflow")
            << u"5.4.1"_s << closedAfter({}) << QStringList { u"SHOULD 5.4"_s };
    QTest::newRow("latin-1 refused with an error")
            << u"2.8.1"_s << closedAfter(encodeMessage(Lab::errorResponse(u"utf-8 only"_s)).bytes)
            << QStringList { u"MAY 2.8"_s };
}

void tst_CheckJudges::serverAnswers()
{
    QFETCH(QString, caseId);
    QFETCH(ConnectionOutcome, outcome);
    QFETCH(QStringList, unmet);
    const CheckCase testCase = caseNamed(Mode::Server, caseId);
    QVERIFY(!testCase.id.isEmpty());
    const QList<Finding> findings = AnswerJudge::judge(
            testCase.expectation, outcome, { testCase.clauses.first(), u"answer"_s, 5000, {}, {} });
    QStringList problems;
    for (const Finding &finding : findings)
        problems.append(finding.problem);
    QVERIFY2(levelsAndClauses(findings) == unmet,
             qPrintable(levelsAndClauses(findings).join(u", "_s) + u": "_s
                        + problems.join(u" | "_s)));
}

void tst_CheckJudges::littleEndianIntIsNamed()
{
    const CheckCase testCase = caseNamed(Mode::Server, u"5.2.1"_s);
    QByteArray littleEndian = doubleAnswer;
    std::reverse(littleEndian.end() - 4, littleEndian.end());
    const QList<Finding> findings
            = AnswerJudge::judge(testCase.expectation, closedAfter(littleEndian),
                                 { u"5.2"_s, u"answer"_s, 5000, {}, {} });
    QCOMPARE(findings.size(), 1);
    QVERIFY2(findings[0].problem.contains(u"Read little-endian it is 15308642"_s),
             qPrintable(findings[0].problem));
    QCOMPARE(findings[0].differsAt, littleEndian.size() - 4);
    QCOMPARE(findings[0].differsField, u"content int32 (\">i\")"_s);
    // Every accepted outcome: the meaning, and the lab's bytes in both byteorders.
    QCOMPARE(findings[0].expected.size(), 3);
    QVERIFY(findings[0].expected[1].bytes == doubleAnswer
            || findings[0].expected[2].bytes == doubleAnswer);
}

void tst_CheckJudges::caretPointsAtTheWrongByte()
{
    const CheckCase testCase = caseNamed(Mode::Server, u"4.2.1"_s);
    const QByteArray wrong = QByteArray(morpheusAnswer).replace("rabbit", "rabbiT");
    const QList<Finding> findings = AnswerJudge::judge(testCase.expectation, closedAfter(wrong),
                                                       { u"4.2"_s, u"answer"_s, 5000, {}, {} });
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings[0].differsAt, wrong.indexOf("T. "));
    QCOMPARE(findings[0].differsField, u"content \"result\" value"_s);
}

void tst_CheckJudges::clientRequests_data()
{
    QTest::addColumn<QString>("caseId");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("closed");
    QTest::addColumn<QStringList>("unmet");
    QTest::addColumn<QString>("problem");
    const QByteArray doubleRequest
            = "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}double\x00t\xcb\xb1"_ba;
    QTest::newRow("the lab client's")
            << u"5.1.1"_s << doubleRequest << false << QStringList {} << QString();
    QByteArray littleEndian = doubleRequest;
    std::reverse(littleEndian.end() - 4, littleEndian.end());
    QTest::newRow("int32 little-endian")
            << u"5.1.1"_s << littleEndian << false << QStringList { u"MUST 5.1"_s }
            << u"Read little-endian it is 7654321"_s;
    QByteArray prefixLittleEndian = doubleRequest;
    std::swap(prefixLittleEndian[0], prefixLittleEndian[1]);
    QTest::newRow("prefix little-endian")
            << u"5.1.1"_s << prefixLittleEndian << false << QStringList { u"MUST 1.1"_s }
            << u"Read little-endian it would be 127"_s;
    QTest::newRow("content-length one too many, still open")
            << u"5.1.1"_s
            << QByteArray(doubleRequest).replace("\"content-length\": 10", "\"content-length\": 11")
            << false << QStringList { u"MUST 2.3"_s } << u"10 of its 11 bytes arrived"_s;
    QTest::newRow("keys sorted")
            << u"5.1.1"_s
            << frame(R"({"byteorder": "little", "content-encoding": "binary", "content-length": 10, "content-type": "binary/custom-client-binary-type"})",
                     "double\x00t\xcb\xb1"_ba)
            << true << QStringList { u"SHOULD 2.6"_s } << u"keys"_s;
    QTest::newRow("search as binary")
            << u"4.1.1"_s
            << encodeMessage(Lab::buildRequest(u"searchx"_s, u"morpheus"_s).message).bytes << true
            << QStringList { u"MUST 4.1"_s } << u"must be text/json"_s;
}

void tst_CheckJudges::clientRequests()
{
    QFETCH(QString, caseId);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, closed);
    QFETCH(QStringList, unmet);
    QFETCH(QString, problem);
    const CheckCase testCase = caseNamed(Mode::Client, caseId);
    const QList<Finding> findings = ClientJudge::judgeRequest(testCase, { true, bytes, closed });
    QVERIFY2(levelsAndClauses(findings) == unmet,
             qPrintable(levelsAndClauses(findings).join(u", "_s)
                        + (findings.isEmpty() ? QString() : findings[0].problem)));
    if (!problem.isEmpty())
        QVERIFY2(findings[0].problem.contains(problem), qPrintable(findings[0].problem));
}

void tst_CheckJudges::clientOutput_data()
{
    QTest::addColumn<QString>("caseId");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("unmet");
    QTest::newRow("lab client's result line")
            << u"5.1.1"_s << "got response: b'result\\x00\\xe9\\x97b'\nresult:  15308642\n"_ba << 0
            << QStringList {};
    QTest::newRow("one space") << u"5.1.1"_s << "result: 15308642\n"_ba << 0 << QStringList {};
    QTest::newRow("the number alone")
            << u"5.1.1"_s << "15308642\n"_ba << 0 << QStringList { u"MUST 5.5"_s };
    QTest::newRow("wrong number") << u"5.1.1"_s << "result:  15308643\n"_ba << 0
                                  << QStringList { u"MUST 5.5"_s };
    QTest::newRow("search result")
            << u"4.1.1"_s << "got result: Follow the white rabbit. \xf0\x9f\x90\xb0\n"_ba << 0
            << QStringList {};
    QTest::newRow("echo")
            << u"6.1.1"_s
            << "got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'\n"_ba << 0
            << QStringList {};
    QTest::newRow("error reported")
            << u"8.6.1"_s << "main: error: exception for ('127.0.0.1', 1):\n"_ba << 0
            << QStringList {};
    QTest::newRow("error by exit status") << u"8.6.1"_s << ""_ba << 6 << QStringList {};
    QTest::newRow("silence") << u"8.6.1"_s << ""_ba << 0 << QStringList { u"SHOULD 8.7"_s };
    QTest::newRow("a result for a broken answer")
            << u"8.6.5"_s << "result:  15308642\n"_ba << 0 << QStringList { u"SHOULD 8.7"_s };
}

void tst_CheckJudges::clientOutput()
{
    QFETCH(QString, caseId);
    QFETCH(QByteArray, output);
    QFETCH(int, exitCode);
    QFETCH(QStringList, unmet);
    ProcessOutcome process;
    process.started = true;
    process.standardOutput = output;
    process.exitCode = exitCode;
    const QList<Finding> findings
            = ClientJudge::judgeRun(caseNamed(Mode::Client, caseId), process, 5000);
    QCOMPARE(levelsAndClauses(findings), unmet);
}

void tst_CheckJudges::hangingClient_data()
{
    QTest::addColumn<QString>("caseId");
    QTest::addColumn<QStringList>("unmet");
    QTest::newRow("answered, still killed")
            << u"5.1.1"_s << QStringList { u"MUST 7.3"_s, u"MUST 5.5"_s };
    QTest::newRow("a broken answer") << u"8.6.1"_s << QStringList { u"MUST 8.6"_s };
    QTest::newRow("the server never answers") << u"7.4.1"_s << QStringList { u"SHOULD 7.4"_s };
}

void tst_CheckJudges::hangingClient()
{
    QFETCH(QString, caseId);
    QFETCH(QStringList, unmet);
    ProcessOutcome process;
    process.started = true;
    process.killedAtTimeout = true;
    process.durationMs = 5001;
    QCOMPARE(
            levelsAndClauses(ClientJudge::judgeRun(caseNamed(Mode::Client, caseId), process, 5000)),
            unmet);
}

QTEST_GUILESS_MAIN(tst_CheckJudges)
#include "tst_checkjudges.moc"
