#include "decodehelpers.h"
#include "labsamples.h"
#include "messagedecoder.h"

#include <QtTest/QTest>

using namespace Wirelab;
using namespace DecodeHelpers;

namespace {

using Stage = DecoderProgress::Stage;

// A progress as one short line, for comparing a whole run at once.
QString describe(const DecoderProgress &progress)
{
    static const char *const names[] = { "prefix", "header", "content", "failed", "finished" };
    return QStringLiteral("%1 %2/%3 @%4 #%5")
            .arg(QLatin1String(names[int(progress.stage)]))
            .arg(progress.arrived)
            .arg(progress.partLength)
            .arg(progress.messageOffset)
            .arg(progress.messagesRead);
}

// The decoder's progress after each byte of a 2-byte prefix, an N-byte header and an
// L-byte content, fed one byte at a time: what a timeline shows read by read.
QStringList expectedBytewise(qint64 headerLength, qint64 contentLength)
{
    QStringList expected;
    expected << QStringLiteral("prefix 1/2 @0 #0");
    for (qint64 k = 0; k < headerLength; ++k)
        expected << QStringLiteral("header %1/%2 @0 #0").arg(k).arg(headerLength);
    for (qint64 k = 0; k < contentLength; ++k)
        expected << QStringLiteral("content %1/%2 @0 #0").arg(k).arg(contentLength);
    return expected;
}

} // namespace

class tst_DecoderProgress : public QObject
{
    Q_OBJECT

private slots:
    void freshDecoderWaitsForThePrefix();
    void byteByByte_data();
    void byteByByte();
    void splitAtEachBoundary_data();
    void splitAtEachBoundary();
    void layoutGrowsAsThePartsAreRead();
    void bytesFedBeforeNextCountTowardsThePart();
    void failedKeepsTheLayoutAndStays();
    void cleanEndIsFinished();
    void secondMessageStartsAfterTheFirst();
};

void tst_DecoderProgress::freshDecoderWaitsForThePrefix()
{
    const MessageDecoder decoder;
    const DecoderProgress progress = decoder.progress();
    QCOMPARE(progress.stage, Stage::LengthPrefix);
    QCOMPARE(progress.arrived, 0);
    QCOMPARE(progress.partLength, 2);
    QCOMPARE(progress.messagesRead, 0);
    QCOMPARE(progress.layout.lengthPrefix, (Span { 0, 2 }));
    QCOMPARE(progress.layout.header, Span {});
}

void tst_DecoderProgress::byteByByte_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const LabSample &sample : labRequests())
        QTest::newRow(sample.name) << sample.bytes;
    for (const LabSample &sample : labResponses())
        QTest::newRow(sample.name) << sample.bytes;
}

void tst_DecoderProgress::byteByByte()
{
    QFETCH(QByteArray, bytes);
    const qint64 headerLength = qFromBigEndian<quint16>(bytes.constData());
    const qint64 contentLength = bytes.size() - 2 - headerLength;
    MessageDecoder decoder;
    QStringList seen;
    for (qsizetype i = 0; i + 1 < bytes.size(); ++i) {
        decoder.feed(bytes.sliced(i, 1));
        QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
        seen << describe(decoder.progress());
    }
    QCOMPARE(seen, expectedBytewise(headerLength, contentLength));
    decoder.feed(bytes.last(1));
    QCOMPARE(decoder.next().status, DecodeResult::Status::MessageReady);
    QCOMPARE(describe(decoder.progress()), QStringLiteral("prefix 0/2 @%1 #1").arg(bytes.size()));
}

void tst_DecoderProgress::splitAtEachBoundary_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<qsizetype>>("cuts");
    QTest::addColumn<QStringList>("expected");
    const QByteArray bytes
            = labRequests().constFirst().bytes; // search morpheus: 103-byte header, 41
    QTest::newRow("after the prefix") << bytes << QList<qsizetype> { 2 }
                                      << QStringList { "header 0/103 @0 #0", "prefix 0/2 @146 #1" };
    QTest::newRow("after the header") << bytes << QList<qsizetype> { 105 }
                                      << QStringList { "content 0/41 @0 #0", "prefix 0/2 @146 #1" };
    QTest::newRow("after the prefix and after the header")
            << bytes << QList<qsizetype> { 2, 105 }
            << QStringList { "header 0/103 @0 #0", "content 0/41 @0 #0", "prefix 0/2 @146 #1" };
    QTest::newRow("inside the prefix") << bytes << QList<qsizetype> { 1 }
                                       << QStringList { "prefix 1/2 @0 #0", "prefix 0/2 @146 #1" };
    QTest::newRow("inside the header")
            << bytes << QList<qsizetype> { 50 }
            << QStringList { "header 48/103 @0 #0", "prefix 0/2 @146 #1" };
    QTest::newRow("inside the content")
            << bytes << QList<qsizetype> { 120 }
            << QStringList { "content 15/41 @0 #0", "prefix 0/2 @146 #1" };
    QTest::newRow("before the last byte")
            << bytes << QList<qsizetype> { 145 }
            << QStringList { "content 40/41 @0 #0", "prefix 0/2 @146 #1" };
}

void tst_DecoderProgress::splitAtEachBoundary()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<qsizetype>, cuts);
    QFETCH(QStringList, expected);
    MessageDecoder decoder;
    QStringList seen;
    qsizetype from = 0;
    cuts.append(bytes.size());
    for (const qsizetype cut : std::as_const(cuts)) {
        decoder.feed(bytes.sliced(from, cut - from));
        from = cut;
        decoder.next();
        seen << describe(decoder.progress());
    }
    QCOMPARE(seen, expected);
}

void tst_DecoderProgress::layoutGrowsAsThePartsAreRead()
{
    const QByteArray bytes = labRequests().constFirst().bytes;
    MessageDecoder decoder;
    decoder.feed(bytes.first(1));
    decoder.next();
    QCOMPARE(decoder.progress().layout.header, Span {});
    decoder.feed(bytes.sliced(1, 10));
    decoder.next();
    DecoderProgress progress = decoder.progress();
    QCOMPARE(progress.layout.header, (Span { 2, 103 }));
    QVERIFY(progress.layout.headerFields.isEmpty()); // not read until it is whole
    QCOMPARE(progress.layout.content, Span {});
    decoder.feed(bytes.sliced(11, 100));
    decoder.next();
    progress = decoder.progress();
    QCOMPARE(progress.layout.content, (Span { 105, 41 }));
    QCOMPARE(progress.layout.headerFields.size(), 4);
    QCOMPARE(progress.layout.headerFields.last().name, u"content-length"_s);
    QCOMPARE(progress.arrived, 6);
}

void tst_DecoderProgress::bytesFedBeforeNextCountTowardsThePart()
{
    MessageDecoder decoder;
    decoder.feed(labRequests().constFirst().bytes.first(40));
    // next() not called: the prefix is all there, but not read yet.
    QCOMPARE(describe(decoder.progress()), u"prefix 2/2 @0 #0"_s);
    decoder.next();
    QCOMPARE(describe(decoder.progress()), u"header 38/103 @0 #0"_s);
}

void tst_DecoderProgress::failedKeepsTheLayoutAndStays()
{
    const QByteArray bytes = frame("{\"byteorder\": 1}", "xx");
    MessageDecoder decoder;
    decoder.feed(bytes);
    const DecodeResult result = decoder.next();
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    DecoderProgress progress = decoder.progress();
    QCOMPARE(progress.stage, Stage::Failed);
    QCOMPARE(progress.layout.header, (Span { 2, 16 }));
    QCOMPARE(progress.messagesRead, 0);
    decoder.feed("more");
    decoder.next();
    QCOMPARE(decoder.progress().stage, Stage::Failed);
}

void tst_DecoderProgress::cleanEndIsFinished()
{
    MessageDecoder decoder;
    decoder.feed(labResponses().constFirst().bytes);
    QCOMPARE(decoder.next().status, DecodeResult::Status::MessageReady);
    decoder.finish();
    QCOMPARE(decoder.next().status, DecodeResult::Status::Finished);
    QCOMPARE(decoder.progress().stage, Stage::Finished);
    QCOMPARE(decoder.progress().messagesRead, 1);

    MessageDecoder cut;
    cut.feed(labResponses().constFirst().bytes.first(30));
    cut.finish();
    QCOMPARE(cut.next().error.kind, DecodeError::Kind::TruncatedAtEof);
    QCOMPARE(cut.progress().stage, Stage::Failed);
}

void tst_DecoderProgress::secondMessageStartsAfterTheFirst()
{
    const QByteArray first = labRequests()[0].bytes;
    const QByteArray second = labRequests()[3].bytes;
    MessageDecoder decoder;
    decoder.feed(first + second.first(5));
    QCOMPARE(decoder.next().status, DecodeResult::Status::MessageReady);
    QCOMPARE(decoder.next().status, DecodeResult::Status::NeedMoreData);
    QCOMPARE(describe(decoder.progress()), QStringLiteral("header 3/127 @%1 #1").arg(first.size()));
}

QTEST_GUILESS_MAIN(tst_DecoderProgress)
#include "tst_decoderprogress.moc"
