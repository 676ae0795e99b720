// The soak: 64 concurrent good clients for 100,000 requests (WIRELAB_SOAK_REQUESTS to
// change it) against a real wirelab-server, 500 idle connections held all along, and a
// malformed request mixed in every 100. Every good request must get the right answer and
// every malformed one its error answer; descriptors and RSS must be flat at the end.
#include "labprotocol.h"
#include "loadgenerator.h"
#include "messageencoder.h"
#include "serverprocess.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

namespace {

QByteArray answerTo(const QByteArray &request)
{
    MessageDecoder decoder;
    decoder.feed(request);
    const DecodeResult decoded = decoder.next();
    if (decoded.status == DecodeResult::Status::Failed)
        return encodeMessage(Lab::errorResponse(decoded.error)).bytes;
    return encodeMessage(Lab::answerRequest(decoded.message, Lab::SearchTable::builtIn())).bytes;
}

} // namespace

class tst_Soak : public QObject
{
    Q_OBJECT

private slots:
    void soak();
};

void tst_Soak::soak()
{
    const qint64 requests = qEnvironmentVariableIsSet("WIRELAB_SOAK_REQUESTS")
            ? qEnvironmentVariableIntValue("WIRELAB_SOAK_REQUESTS")
            : 100000;
    ServerProcess server({ "--quiet", "--threads", "2", "--idle-timeout", "300", "--request-timeout", "300" });
    // The run blocks this thread's event loop, so nothing would read the server's error
    // log from a pipe: it goes to a file, counted at the end.
    QTemporaryDir logDirectory;
    const QString errorLog = logDirectory.filePath(u"errors.log"_s);
    server.setStandardErrorFile(errorLog);
    QVERIFY2(server.start(), qPrintable(server.error()));

    LoadSettings settings;
    settings.port = server.port();
    settings.concurrency = 64;
    settings.request = encodeMessage(Lab::buildRequest(u"double"_s, u"7654321"_s).message).bytes;
    settings.expectedAnswer = answerTo(settings.request);
    // Malformed: a header that is not JSON. Its answer is the decoder's error, known ahead.
    QByteArray malformed = "\x00\x0a{not json}"_ba;
    settings.alternateEvery = 100;
    settings.alternateRequest = malformed;
    settings.alternateAnswer = answerTo(malformed);
    QVERIFY(settings.alternateAnswer.contains("Error: The header is not valid JSON"));

    // Descriptors before any client; memory after a warm-up, which allocates what the first
    // requests need once.
    const int descriptorsBefore = server.openDescriptors();
    LoadSettings warmUp = settings;
    warmUp.requests = 2000;
    QCOMPARE(runLoad(warmUp).errorCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.openDescriptors(), descriptorsBefore, 10000);
    const qint64 kilobytesBefore = server.residentKilobytes();

    settings.requests = requests;
    settings.seconds = 110; // the bound: ≤ 2 minutes however slow the build
    settings.idleConnections = 500;
    LoadReport report = runLoad(settings);
    const qint64 malformedCount = requests / 100;
    qInfo("soak: %lld requests in %.1f s (%.0f/s), %lld malformed answered, %d idle held, p99 %.2f ms, errors %lld",
          static_cast<long long>(report.ok), report.seconds, report.requestsPerSecond(),
          static_cast<long long>(report.alternateOk), report.idleHeld, report.percentile(0.99) / 1000.0,
          static_cast<long long>(report.errorCount()));
    for (auto it = report.errors.cbegin(); it != report.errors.cend(); ++it)
        qWarning("  %s: %lld", qPrintable(it.key()), static_cast<long long>(it.value()));

    QCOMPARE(report.errorCount(), 0);
    QCOMPARE(report.idleHeld, 500);
    QCOMPARE(report.ok, requests); // every request answered, the right answer
    QCOMPARE(report.alternateOk, malformedCount);

    // Flat at the end: the idle connections are closed by now, so the descriptors are what
    // they were, and memory has not grown with the requests.
    QTRY_COMPARE_WITH_TIMEOUT(server.openDescriptors(), descriptorsBefore, 10000);
    const qint64 kilobytesAfter = server.residentKilobytes();
    qInfo("soak: descriptors %d -> %d, RSS %lld KiB -> %lld KiB", descriptorsBefore, server.openDescriptors(),
          static_cast<long long>(kilobytesBefore), static_cast<long long>(kilobytesAfter));
#ifdef __SANITIZE_ADDRESS__
    // AddressSanitizer keeps freed memory in quarantine (256 MiB by default), so RSS says
    // nothing there; its leak checker, which runs when the server exits, does instead.
    Q_UNUSED(kilobytesAfter);
#else
    QVERIFY2(kilobytesAfter <= kilobytesBefore + 8192,
             qPrintable(QStringLiteral("RSS grew from %1 to %2 KiB").arg(kilobytesBefore).arg(kilobytesAfter)));
#endif

    // Each malformed request left one line saying why (warm-up included).
    QCOMPARE(server.terminate(), 0);
    QFile log(errorLog);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll().count("error: bad request"), malformedCount + warmUp.requests / 100);
}

QTEST_GUILESS_MAIN(tst_Soak)
#include "tst_soak.moc"
