#include "byteannotation.h"
#include "casecatalog.h"
#include "chopplan.h"
#include "labsamples.h"
#include "labspec.h"
#include "pythonrepr.h"
#include "textreport.h"

#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;
using namespace Wirelab::Check;

namespace {

const CheckCase *findCase(const QList<CheckCase> &cases, const QString &id)
{
    for (const CheckCase &testCase : cases) {
        if (testCase.id == id)
            return &testCase;
    }
    return nullptr;
}

QByteArray labSample(const QList<LabSample> &samples, const char *name)
{
    for (const LabSample &sample : samples) {
        if (QByteArray(sample.name) == name)
            return sample.bytes;
    }
    return {};
}

} // namespace

class tst_CheckCatalog : public QObject
{
    Q_OBJECT

private slots:
    void specDocumentAgreesWithTheClauses();
    void everyClauseIsCited();
    void casesAreWellFormed_data();
    void casesAreWellFormed();
    void everyExchangeIsAlsoChopped();
    void labSamplesAreTheLabsBytes_data();
    void labSamplesAreTheLabsBytes();
    void seedPicksTheRandomValues();
    void selection_data();
    void selection();
    void unknownSelectorsAreReported();
    void chops_data();
    void chops();
    void reprColumnMatchesPythonRepr_data();
    void reprColumnMatchesPythonRepr();
    void caretStandsUnderTheByte();
    void annotationNamesTheFields_data();
    void annotationNamesTheFields();
};

void tst_CheckCatalog::specDocumentAgreesWithTheClauses()
{
    QFile file(QStringLiteral(WIRELAB_SOURCE_DIR "/docs/LAB-SPEC.md"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    static const QRegularExpression heading(
            QStringLiteral(
                    "^### (\\d+\\.\\d+) \\((MUST|SHOULD|MAY), (server|client|both)\\) (.+)$"),
            QRegularExpression::MultilineOption);
    QStringList documented;
    for (const QRegularExpressionMatch &match :
         heading.globalMatch(QString::fromUtf8(file.readAll()))) {
        const QString id = match.captured(1);
        documented.append(id);
        const Clause *clause = LabSpec::find(id);
        QVERIFY2(clause,
                 qPrintable(u"docs/LAB-SPEC.md has clause %1, the code does not"_s.arg(id)));
        QCOMPARE(levelName(clause->level), match.captured(2));
        QCOMPARE(LabSpec::roleName(clause->role), match.captured(3));
        QCOMPARE(clause->title, match.captured(4));
    }
    QStringList coded;
    for (const Clause &clause : LabSpec::clauses())
        coded.append(clause.id);
    QCOMPARE(documented, coded);
}

void tst_CheckCatalog::everyClauseIsCited()
{
    // By a case, or (7.1, 7.2, 1.1, ...) by the findings every exchange can make; those are
    // checked in tst_checkjudges. Here: the case lists cite only clauses that exist, and
    // both modes together cite most of them.
    QSet<QString> cited;
    for (Mode mode : { Mode::Server, Mode::Client }) {
        for (const CheckCase &testCase : CaseCatalog::cases(mode, 1)) {
            for (const QString &clause : testCase.clauses) {
                QVERIFY2(LabSpec::find(clause),
                         qPrintable(u"%1 cites %2"_s.arg(testCase.id, clause)));
                cited.insert(clause);
            }
        }
    }
    const QSet<QString> citedOnlyByFindings = { u"1.1"_s, u"1.3"_s, u"2.2"_s, u"2.3"_s, u"2.4"_s,
                                                u"2.5"_s, u"2.6"_s, u"3.1"_s, u"7.1"_s, u"7.2"_s };
    for (const Clause &clause : LabSpec::clauses())
        QVERIFY2(cited.contains(clause.id) || citedOnlyByFindings.contains(clause.id),
                 qPrintable(clause.id));
}

void tst_CheckCatalog::casesAreWellFormed_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("server") << Mode::Server;
    QTest::newRow("client") << Mode::Client;
}

void tst_CheckCatalog::casesAreWellFormed()
{
    QFETCH(Mode, mode);
    const QList<CheckCase> cases = CaseCatalog::cases(mode, 42);
    QVERIFY2(cases.size() >= 40, qPrintable(QString::number(cases.size())));
    QSet<QString> ids;
    for (const CheckCase &testCase : cases) {
        QVERIFY2(!ids.contains(testCase.id), qPrintable(testCase.id));
        ids.insert(testCase.id);
        QCOMPARE(testCase.mode, mode);
        QVERIFY(!testCase.title.isEmpty());
        QVERIFY(!testCase.clauses.isEmpty());
        QCOMPARE(testCase.level, LabSpec::find(testCase.clauses.first())->level);
        // An id starts with its own clause's number.
        QVERIFY2(testCase.id.startsWith(testCase.clauses.first() + u'.'), qPrintable(testCase.id));
        if (mode == Mode::Server) {
            QVERIFY(!testCase.request.isEmpty());
        } else {
            QVERIFY(!testCase.labRequestBytes.isEmpty());
            QVERIFY(!testCase.answer.isEmpty());
        }
    }
}

void tst_CheckCatalog::everyExchangeIsAlsoChopped()
{
    const QList<CheckCase> cases = CaseCatalog::cases(Mode::Server, 1);
    int exchanges = 0;
    for (const CheckCase &testCase : cases) {
        if (testCase.isChopVariant()
            || (testCase.scenario != Scenario::Exchange
                && testCase.scenario != Scenario::NextClient))
            continue;
        ++exchanges;
        for (const char *chop : { "bytes", "split", "pause" }) {
            const CheckCase *chopped = findCase(cases, testCase.id + u'/' + QLatin1String(chop));
            QVERIFY2(chopped, qPrintable(testCase.id + u'/' + QLatin1String(chop)));
            QCOMPARE(chopped->request, testCase.request);
            QVERIFY(chopped->clauses.contains(u"1.2"_s));
        }
    }
    QVERIFY(exchanges >= 40);
}

void tst_CheckCatalog::labSamplesAreTheLabsBytes_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("answer");
    // The lab text's samples, as it prints them: searches and the echo from its big-endian
    // client, double and negate from a little-endian one; its server's answers little-endian.
    QTest::newRow("search morpheus")
            << Mode::Server << u"4.2.1"_s << labSample(labRequests(), "search morpheus (big)")
            << labSample(labResponses(), "search morpheus (little)");
    QTest::newRow("search dog") << Mode::Server << u"4.5.1"_s
                                << labSample(labRequests(), "search dog emoji (big)")
                                << labSample(labResponses(), "search dog emoji (little)");
    QTest::newRow("binary smiley")
            << Mode::Server << u"6.2.1"_s << labSample(labRequests(), "binary smiley (big)")
            << labSample(labResponses(), "binary smiley (little)");
    QTest::newRow("double 7654321")
            << Mode::Server << u"5.2.1"_s << labSample(labRequests(), "double 7654321 (little)")
            << labSample(labResponses(), "double 7654321 (little)");
    QTest::newRow("negate -300") << Mode::Server << u"5.3.2"_s
                                 << labSample(labRequests(), "negate -300 (little)")
                                 << labSample(labResponses(), "negate -300 (little)");
    QTest::newRow("client double")
            << Mode::Client << u"5.1.1"_s << labSample(labRequests(), "double 7654321 (little)")
            << labSample(labResponses(), "double 7654321 (little)");
    QTest::newRow("client search dog")
            << Mode::Client << u"4.1.2"_s << labSample(labRequests(), "search dog emoji (little)")
            << labSample(labResponses(), "search dog emoji (little)");
}

void tst_CheckCatalog::labSamplesAreTheLabsBytes()
{
    QFETCH(Mode, mode);
    QFETCH(QString, id);
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, answer);
    QVERIFY(!request.isEmpty() && !answer.isEmpty());
    const QList<CheckCase> cases = CaseCatalog::cases(mode, 1);
    const CheckCase *testCase = findCase(cases, id);
    QVERIFY(testCase);
    if (mode == Mode::Server) {
        QCOMPARE(testCase->request, request);
        QVERIFY2(testCase->expectation.labBytes.contains(answer),
                 qPrintable(PythonRepr::bytes(testCase->expectation.labBytes.value(0))));
        QCOMPARE(testCase->expectation.labBytes.size(), 2);
    } else {
        QVERIFY(testCase->labRequestBytes.contains(request));
        QCOMPARE(testCase->answer,
                 answer); // this host is little-endian, as the lab's sample server was
    }
}

void tst_CheckCatalog::seedPicksTheRandomValues()
{
    const auto titles = [](quint32 seed) {
        QStringList list;
        for (const CheckCase &testCase : CaseCatalog::cases(Mode::Server, seed))
            list.append(testCase.title);
        return list;
    };
    QCOMPARE(titles(7), titles(7));
    QVERIFY(titles(7) != titles(8));
    const QList<CheckCase> cases = CaseCatalog::cases(Mode::Server, 7);
    const CheckCase *random = findCase(cases, u"5.2.6"_s);
    QVERIFY(random);
    QVERIFY2(random->title.contains(u"random, seed 7"_s), qPrintable(random->title));
    // The value in the title is the one sent, and its double is what is expected.
    const qint32 value = random->title.section(u' ', 1, 1).toInt();
    QCOMPARE(random->expectation.number, value * 2);
}

void tst_CheckCatalog::selection_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("selected");
    QTest::newRow("itself") << u"5.2.1"_s << u"5.2.1"_s << true;
    QTest::newRow("its chop") << u"5.2.1"_s << u"5.2.1/bytes"_s << true;
    QTest::newRow("clause") << u"5.2"_s << u"5.2.1/pause"_s << true;
    QTest::newRow("section") << u"5"_s << u"5.3.2"_s << true;
    QTest::newRow("not a longer number") << u"5.2.1"_s << u"5.2.10"_s << false;
    QTest::newRow("not another clause") << u"5.2"_s << u"5.3.1"_s << false;
    QTest::newRow("a chop exactly") << u"5.2.1/bytes"_s << u"5.2.1/bytes"_s << true;
    QTest::newRow("not the other chops") << u"5.2.1/bytes"_s << u"5.2.1/split"_s << false;
}

void tst_CheckCatalog::selection()
{
    QFETCH(QString, selector);
    QFETCH(QString, id);
    QFETCH(bool, selected);
    QCOMPARE(CaseCatalog::selects(selector, id), selected);
}

void tst_CheckCatalog::unknownSelectorsAreReported()
{
    const QList<CheckCase> all = CaseCatalog::cases(Mode::Server, 1);
    const CaseCatalog::Selection selection
            = CaseCatalog::select(all, { u"5.2"_s, u"9.9"_s }, { u"5.2.1"_s, u"nope"_s });
    QCOMPARE(selection.unknownSelectors, (QStringList { u"9.9"_s, u"nope"_s }));
    QVERIFY(!selection.cases.isEmpty());
    for (const CheckCase &testCase : selection.cases) {
        QVERIFY(testCase.id.startsWith(u"5.2."_s));
        QVERIFY(testCase.baseId() != u"5.2.1"_s);
    }
    QCOMPARE(CaseCatalog::select(all, {}, {}).cases.size(), all.size());
}

void tst_CheckCatalog::chops_data()
{
    QTest::addColumn<Chop>("chop");
    QTest::addColumn<QList<qsizetype>>("pieceSizes");
    // The lab's double request: 2 + 127 + 10 bytes.
    QTest::newRow("whole") << Chop::Whole << QList<qsizetype> { 139 };
    QTest::newRow("split at the content") << Chop::Split << QList<qsizetype> { 129, 10 };
    QTest::newRow("pause mid-header") << Chop::Pause << QList<qsizetype> { 2 + 63, 139 - 65 };
    QList<qsizetype> ones(139, 1);
    QTest::newRow("one byte at a time") << Chop::Bytes << ones;
}

void tst_CheckCatalog::chops()
{
    QFETCH(Chop, chop);
    QFETCH(QList<qsizetype>, pieceSizes);
    const QByteArray bytes = labSample(labRequests(), "double 7654321 (little)");
    QCOMPARE(bytes.size(), 139);
    ChopTiming timing;
    timing.pause = std::chrono::milliseconds(77);
    const QList<Piece> pieces = chopMessage(bytes, chop, timing);
    QList<qsizetype> sizes;
    QByteArray joined;
    for (const Piece &piece : pieces) {
        sizes.append(piece.bytes.size());
        joined += piece.bytes;
    }
    QCOMPARE(sizes, pieceSizes);
    QCOMPARE(joined, bytes);
    QCOMPARE(pieces.last().pauseAfter.count(), 0);
    if (chop == Chop::Pause)
        QCOMPARE(pieces.first().pauseAfter.count(), 77);
}

void tst_CheckCatalog::reprColumnMatchesPythonRepr_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("the lab's double answer")
            << labSample(labResponses(), "double 7654321 (little)");
    QTest::newRow("the lab's search answer")
            << labSample(labResponses(), "search morpheus (little)");
    QTest::newRow("escapes") << "a\\b\tc\nd\re\x01\x7f\xff'z"_ba;
    QTest::newRow("both quotes") << "it's \"quoted\" \\ done"_ba;
    QTest::newRow("single quotes only: double-quoted") << "it's"_ba;
}

void tst_CheckCatalog::reprColumnMatchesPythonRepr()
{
    QFETCH(QByteArray, bytes);
    const QString literal = PythonRepr::bytes(bytes);
    // Each byte's own repr, cut from the whole literal, is what a literal of that one byte
    // (in the same quotes) holds.
    const QChar quote = literal.at(1);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const qsizetype from = reprColumn(bytes, i);
        const qsizetype to = reprColumn(bytes, i + 1);
        QString single = PythonRepr::bytes(bytes.mid(i, 1));
        single = single.mid(2, single.size() - 3);
        if (single == u"\\'"_s && quote == u'"')
            single = u"'"_s;
        if (bytes[i] == '\'' && quote == u'\'')
            single = u"\\'"_s;
        QCOMPARE(literal.mid(from, to - from), single);
    }
    QCOMPARE(reprColumn(bytes, bytes.size()), literal.size() - 1);
}

void tst_CheckCatalog::caretStandsUnderTheByte()
{
    const QByteArray bytes = labSample(labResponses(), "double 7654321 (little)");
    const qsizetype valueAt = bytes.size() - 4;
    const QString text = TextReport::literalWithCaret(bytes, valueAt, u"content int32"_s, u"  "_s);
    const QStringList lines = text.split(u'\n');
    QCOMPARE(lines.size(), 2);
    const qsizetype caret = lines[1].indexOf(u'^');
    // Under the \x00 that starts the int32.
    QCOMPARE(lines[0].mid(caret, 4), u"\\x00"_s);
    QVERIFY(lines[1].endsWith(u"byte %1: content int32"_s.arg(valueAt)));
    const QString atEnd = TextReport::literalWithCaret(bytes, bytes.size(), {}, {});
    QVERIFY(atEnd.contains(u"nothing more came"_s));
}

void tst_CheckCatalog::annotationNamesTheFields_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("field");
    const QByteArray doubleAnswer = labSample(labResponses(), "double 7654321 (little)");
    const QByteArray searchAnswer = labSample(labResponses(), "search morpheus (little)");
    QTest::newRow("prefix") << doubleAnswer << qsizetype(1) << u"length prefix (\">H\": 127)"_s;
    QTest::newRow("header key") << doubleAnswer << qsizetype(3) << u"header key \"byteorder\""_s;
    QTest::newRow("content-length value") << doubleAnswer << qsizetype(doubleAnswer.indexOf("10}"))
                                          << u"header \"content-length\" value"_s;
    QTest::newRow("header brace") << doubleAnswer << qsizetype(2) << u"header"_s;
    QTest::newRow("name") << doubleAnswer << qsizetype(doubleAnswer.size() - 10)
                          << u"content name (\"6s\")"_s;
    QTest::newRow("int32") << doubleAnswer << qsizetype(doubleAnswer.size() - 1)
                           << u"content int32 (\">i\")"_s;
    QTest::newRow("json value") << searchAnswer << qsizetype(searchAnswer.indexOf("Follow"))
                                << u"content \"result\" value"_s;
    QTest::newRow("json key") << searchAnswer << qsizetype(searchAnswer.indexOf("\"result\""))
                              << u"content key \"result\""_s;
    QTest::newRow("after the message")
            << doubleAnswer + "xy" << qsizetype(doubleAnswer.size() + 1) << u"after the message"_s;
    QTest::newRow("past the end") << doubleAnswer << qsizetype(doubleAnswer.size())
                                  << u"the end: nothing came after byte 138"_s;
    QTest::newRow("cut-off header")
            << doubleAnswer.left(30) << qsizetype(5) << u"header key \"byteorder\""_s;
}

void tst_CheckCatalog::annotationNamesTheFields()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, offset);
    QFETCH(QString, field);
    const QList<ByteRange> ranges = annotateMessage(bytes);
    QCOMPARE(fieldAt(ranges, offset), field);
    // The ranges cover every byte once, in order.
    qsizetype next = 0;
    for (const ByteRange &range : ranges) {
        QCOMPARE(range.span.offset, next);
        next = range.span.end();
    }
    QCOMPARE(next, bytes.size());
}

QTEST_GUILESS_MAIN(tst_CheckCatalog)
#include "tst_checkcatalog.moc"
