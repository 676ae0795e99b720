#include "checkrun.h"
#include "evidencecapture.h"
#include "gradescopereport.h"
#include "htmlreport.h"
#include "junitreport.h"
#include "pcapngreader.h"
#include "textreport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtCore/QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace Wirelab::Check;

namespace {

struct JUnitCounts
{
    int tests = -1;
    int failures = -1;
    int testcases = 0;
    QStringList failed; // the testcases with a <failure>
    QStringList withOutput; // the testcases with a <system-out>
    QString firstFailureText;
    QString error;
};

JUnitCounts readJUnit(const QByteArray &xml)
{
    JUnitCounts counts;
    QXmlStreamReader reader(xml);
    QString testcase;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        if (reader.name() == u"testsuites") {
            counts.tests = reader.attributes().value(u"tests"_s).toInt();
            counts.failures = reader.attributes().value(u"failures"_s).toInt();
        } else if (reader.name() == u"testcase") {
            ++counts.testcases;
            testcase = reader.attributes().value(u"name"_s).toString();
        } else if (reader.name() == u"failure") {
            counts.failed.append(testcase);
            const QString text = reader.readElementText();
            if (counts.firstFailureText.isEmpty())
                counts.firstFailureText = text;
        } else if (reader.name() == u"system-out") {
            counts.withOutput.append(testcase);
        }
    }
    if (reader.hasError())
        counts.error = reader.errorString();
    return counts;
}

} // namespace

class tst_CheckReports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void verdictsToReport();
    void textShowsTheEvidence();
    void junitParsesWithTheRightCounts();
    void junitStrictCountsNonStrictAsFailures();
    void junitSurvivesControlCharacters();
    void jsonRoundTrips();
    void gradescopeSchema();
    void htmlIsSelfContained();
    void capturesOfWhatDidNotPass();

private:
    CheckReport m_report;
};

void tst_CheckReports::initTestCase()
{
    // One case of each verdict, from a real run: JSON answers with sorted keys (NON-STRICT),
    // the int32 little-endian (FAIL), latin-1 refused (INFO, a MAY), the echo untouched (PASS).
    const std::unique_ptr<ServerProcess> server
            = startFaultyServer(u"little-endian-int,sorted-keys,utf8-only"_s);
    QVERIFY(server->port() != 0);
    m_report = runCheck(CheckTarget::server(u"127.0.0.1"_s, server->port()),
                        { u"4.2.1/split"_s, u"5.2.1/split"_s, u"2.8.1/split"_s, u"6.2.2/split"_s },
                        3000);
}

void tst_CheckReports::verdictsToReport()
{
    QCOMPARE(m_report.cases.size(), 4);
    QCOMPARE(resultOf(m_report, u"4.2.1/split"_s)->verdict, Verdict::NonStrict);
    QCOMPARE(resultOf(m_report, u"5.2.1/split"_s)->verdict, Verdict::Fail);
    QCOMPARE(resultOf(m_report, u"2.8.1/split"_s)->verdict, Verdict::Info);
    QCOMPARE(resultOf(m_report, u"6.2.2/split"_s)->verdict, Verdict::Pass);
}

void tst_CheckReports::textShowsTheEvidence()
{
    const CaseResult *failed = resultOf(m_report, u"5.2.1/split"_s);
    const QString details = TextReport::caseDetails(*failed);
    QVERIFY2(details.contains(u"Sent (client):\n      b'\\x00\\x7f{\"byteorder\": \"little\""_s),
             qPrintable(details));
    QVERIFY(details.contains(
            u"Expected:\n      - a binary answer whose content is b'result' and 15308642"_s));
    QVERIFY(details.contains(
            u"The lab server's bytes, on a little-endian host\n        b'\\x00\\x7f{"_s));
    QVERIFY(details.contains(u"Actual:\n      b'\\x00\\x7f{"_s));
    QVERIFY(details.contains(u"^ byte 135: content int32 (\">i\")"_s));
    QVERIFY(TextReport::caseDetails(*resultOf(m_report, u"6.2.2/split"_s)).isEmpty());
    const QString summary = TextReport::summary(m_report);
    QVERIFY(summary.contains(u"PASS 1   NON-STRICT 1   INFO 1   FAIL 1"_s));
    QVERIFY(summary.trimmed().endsWith(u"Result: FAIL (1 case breaks a MUST)"_s));
}

void tst_CheckReports::junitParsesWithTheRightCounts()
{
    const JUnitCounts counts = readJUnit(JUnitReport::write(m_report));
    QVERIFY2(counts.error.isEmpty(), qPrintable(counts.error));
    QCOMPARE(counts.tests, 4);
    QCOMPARE(counts.testcases, 4);
    QCOMPARE(counts.failures, 1);
    QCOMPARE(counts.failed.size(), 1);
    QVERIFY(counts.failed[0].startsWith(u"5.2.1/split "_s));
    QVERIFY(counts.firstFailureText.contains(u"^ byte 135"_s));
    QCOMPARE(counts.withOutput.size(), 2); // the NON-STRICT and the INFO case keep their evidence
}

void tst_CheckReports::junitStrictCountsNonStrictAsFailures()
{
    CheckReport strict = m_report;
    strict.strict = true;
    const JUnitCounts counts = readJUnit(JUnitReport::write(strict));
    QVERIFY2(counts.error.isEmpty(), qPrintable(counts.error));
    QCOMPARE(counts.failures, 2);
    QCOMPARE(counts.failed.size(), 2);
}

void tst_CheckReports::junitSurvivesControlCharacters()
{
    // A student's client may print anything; the XML must stay XML.
    CheckReport report = m_report;
    report.cases[0].notes.append(u"bell \x07 and escape \x1b[31m"_s);
    report.cases[0].findings[0].problem += u" \x01"_s;
    report.strict = true;
    const JUnitCounts counts = readJUnit(JUnitReport::write(report));
    QVERIFY2(counts.error.isEmpty(), qPrintable(counts.error));
    QCOMPARE(counts.testcases, 4);
}

void tst_CheckReports::jsonRoundTrips()
{
    const QByteArray text = QJsonDocument(m_report.toJson()).toJson();
    QString error;
    const std::optional<CheckReport> back
            = CheckReport::fromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == m_report);
    const QJsonObject object = QJsonDocument::fromJson(text).object();
    QCOMPARE(object.value(u"summary"_s).toObject().value(u"fail"_s).toInt(), 1);
    QCOMPARE(object.value(u"passed"_s).toBool(true), false);
    // The evidence's bytes, in hex and as the Python literal.
    const QJsonObject first = object.value(u"cases"_s).toArray().at(0).toObject();
    QVERIFY(first.value(u"sent"_s)
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(u"bytesRepr"_s)
                    .toString()
                    .startsWith(u"b'\\x00"_s));
    QVERIFY(!CheckReport::fromJson(QJsonObject { { u"tool"_s, u"other"_s } }, &error));
}

void tst_CheckReports::gradescopeSchema()
{
    const QJsonObject results
            = QJsonDocument::fromJson(GradescopeReport::write(m_report, { u"5.2"_s })).object();
    QVERIFY(results.value(u"score"_s).isDouble());
    // 4.2.1 (NON-STRICT, not --strict) and 6.2.2 score their point, 5.2.1 not; 2.8.1 is a MAY,
    // worth none.
    QCOMPARE(results.value(u"score"_s).toDouble(), 2.0);
    QVERIFY(results.value(u"output"_s).toString().contains(u"Result: FAIL"_s));
    QCOMPARE(results.value(u"visibility"_s).toString(), u"visible"_s);
    const QJsonArray tests = results.value(u"tests"_s).toArray();
    QCOMPARE(tests.size(), 4);
    double sum = 0;
    for (const QJsonValue &value : tests) {
        const QJsonObject test = value.toObject();
        QVERIFY(test.value(u"name"_s).isString());
        QVERIFY(test.value(u"score"_s).isDouble());
        QVERIFY(test.value(u"max_score"_s).isDouble());
        QVERIFY(test.value(u"output"_s).isString());
        const QString status = test.value(u"status"_s).toString();
        QVERIFY(status == u"passed"_s || status == u"failed"_s);
        const QString id = test.value(u"number"_s).toString();
        QCOMPARE(test.value(u"visibility"_s).toString(),
                 id.startsWith(u"5.2."_s) ? u"after_published"_s : u"visible"_s);
        QCOMPARE(status == u"failed"_s, id == u"5.2.1/split"_s);
        QCOMPARE(test.value(u"max_score"_s).toDouble(), id == u"2.8.1/split"_s ? 0.0 : 1.0);
        sum += test.value(u"score"_s).toDouble();
    }
    QCOMPARE(sum, 2.0);
    CheckReport strict = m_report;
    strict.strict = true;
    QCOMPARE(QJsonDocument::fromJson(GradescopeReport::write(strict))
                     .object()
                     .value(u"score"_s)
                     .toDouble(),
             1.0);
}

void tst_CheckReports::htmlIsSelfContained()
{
    const QString html = QString::fromUtf8(HtmlReport::write(m_report));
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.trimmed().endsWith(u"</html>"_s));
    for (const char *external :
         { "http://", "https://", "<script", "<link", "src=", "@import", "url(" })
        QVERIFY2(!html.contains(QLatin1String(external)), external);
    for (const CaseResult &result : m_report.cases) {
        QVERIFY(html.contains(u"id=\"%1\""_s.arg(HtmlReport::anchorFor(result.id))));
        QVERIFY(html.contains(u"href=\"#%1\""_s.arg(HtmlReport::anchorFor(result.id))));
    }
    // Annotated hex: the int32 coloured as such, the first wrong byte marked, its field as title.
    QVERIFY(html.contains(
            u"class=\"b content-number diff\" title=\"content int32 (&quot;&gt;i&quot;)\""_s));
    QVERIFY(html.contains(u"class=\"b prefix\""_s));
    QVERIFY(html.contains(u"class=\"b header-key\""_s));
    QVERIFY(html.contains(u"<span class=\"verdict fail\">FAIL</span>"_s));
}

void tst_CheckReports::capturesOfWhatDidNotPass()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    CheckReport report = m_report;
    QString error;
    QVERIFY2(EvidenceCapture::writeCaptures(report, directory.path(), &error), qPrintable(error));
    const QStringList files
            = QDir(directory.path()).entryList({ u"*.pcapng"_s }, QDir::Files, QDir::Name);
    QCOMPARE(files, (QStringList { u"case-2.8.1-split.pcapng"_s, u"case-4.2.1-split.pcapng"_s,
                                   u"case-5.2.1-split.pcapng"_s }));
    const CaseResult *failed = resultOf(report, u"5.2.1/split"_s);
    QVERIFY(failed->notes.contains(u"capture: %1/case-5.2.1-split.pcapng"_s.arg(directory.path())));
    QVERIFY(!resultOf(report, u"6.2.2/split"_s)->notes.join(u' ').contains(u"capture:"_s));

    QFile file(directory.filePath(u"case-5.2.1-split.pcapng"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const PcapngReader::File capture = PcapngReader::read(file.readAll());
    QVERIFY2(capture.valid, qPrintable(capture.error));
    QVERIFY(!capture.packets.isEmpty());
    QVERIFY(capture.packets.first().comments.join(u' ').startsWith(
            u"wirelab-check 5.2.1/split FAIL: The int32 is"_s));
    // One segment per write: the request's two writes, then the answer as it was read.
    QByteArray outbound, inbound;
    QList<qsizetype> writes;
    for (const PcapngReader::Packet &packet : capture.packets) {
        QVERIFY(PcapngReader::ipChecksumIsRight(packet));
        QVERIFY(PcapngReader::tcpChecksumIsRight(packet));
        if (packet.payload().isEmpty())
            continue;
        if ((packet.flags & 3) == 2) {
            outbound += packet.payload();
            writes.append(packet.payload().size());
        } else {
            inbound += packet.payload();
        }
    }
    const int connection = failed->evidence.connections.first().id;
    QCOMPARE(outbound, failed->evidence.sentBytes(connection));
    QCOMPARE(inbound, failed->evidence.receivedBytes(connection));
    QCOMPARE(writes, (QList<qsizetype> { 129, 10 }));
}

QTEST_GUILESS_MAIN(tst_CheckReports)
#include "tst_checkreports.moc"
