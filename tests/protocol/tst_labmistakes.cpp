#include "labmistakes.h"
#include "labprotocol.h"
#include "messagedecoder.h"
#include "messageencoder.h"
#include "requestreading.h"

#include <QtTest/QtTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;
using Mistake = LabMistakes::Mistake;

namespace {

// The golden bytes are written out here, not made with the code under test.
QByteArray header(const QByteArray &contentLength = "10")
{
    return R"({"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": )"
           + contentLength + "}";
}

QByteArray framed(const QByteArray &headerBytes, const QByteArray &content)
{
    const qsizetype size = headerBytes.size();
    return QByteArray(1, char(size >> 8)) + QByteArray(1, char(size & 0xff)) + headerBytes + content;
}

const QByteArray doubleContent = "double\x00t\xcb\xb1"_ba; // struct.pack(">6si", b"double", 7654321)

QByteArray goodDouble()
{
    return framed(header(), doubleContent);
}

Message request(const QString &action, const QString &value)
{
    return Lab::buildRequest(action, value, ByteOrder::Little).message;
}

QByteArray utf16(const QByteArray &ascii)
{
    QByteArray out = "\xff\xfe"_ba;
    for (const char c : ascii)
        out += QByteArray(1, c) + QByteArray(1, '\0');
    return out;
}

} // namespace

class tst_LabMistakes : public QObject
{
    Q_OBJECT

private slots:
    void goldenBytes_data();
    void goldenBytes();
    void notApplicable_data();
    void notApplicable();
    void everyMistakeIsNamedAndExplained();
    void bytesOfARequestAreTheRequest();
    void whatTheServerMakesOfIt_data();
    void whatTheServerMakesOfIt();
    void labServerAnswersAndLogs();
};

void tst_LabMistakes::goldenBytes_data()
{
    QTest::addColumn<Mistake>("mistake");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    const QString d = QStringLiteral("double");
    const QString v = QStringLiteral("7654321");
    QTest::newRow("prefix little-endian: 7f 00") << Mistake::PrefixLittleEndian << d << v
                                                  << "\x7f\x00"_ba + header() + doubleContent;
    QTest::newRow("no prefix") << Mistake::NoPrefix << d << v << header() + doubleContent;
    QTest::newRow("prefix counts itself: 129") << Mistake::PrefixCountsItself << d << v
                                                << "\x00\x81"_ba + header() + doubleContent;
    QTest::newRow("content-length 11 for 10 bytes") << Mistake::ContentLengthOneTooMany << d << v
                                                     << framed(header("11"), doubleContent);
    QTest::newRow("content-length 9 for 10 bytes") << Mistake::ContentLengthOneTooFew << d << v
                                                    << framed(header("9"), doubleContent);
    QTest::newRow("no byteorder")
            << Mistake::MissingByteorder << d << v
            << framed(R"({"content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10})",
                      doubleContent);
    QTest::newRow("no content-type")
            << Mistake::MissingContentType << d << v
            << framed(R"({"byteorder": "little", "content-encoding": "binary", "content-length": 10})", doubleContent);
    QTest::newRow("no content-encoding")
            << Mistake::MissingContentEncoding << d << v
            << framed(R"({"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-length": 10})",
                      doubleContent);
    // The checker's case 8.1.3 sends these bytes.
    QTest::newRow("no content-length")
            << Mistake::MissingContentLength << d << v
            << framed(R"({"byteorder": "little", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary"})",
                      doubleContent);
    QTest::newRow("str(header): single quotes")
            << Mistake::HeaderPythonRepr << d << v
            << framed("{'byteorder': 'little', 'content-type': 'binary/custom-client-binary-type', "
                      "'content-encoding': 'binary', 'content-length': 10}",
                      doubleContent);
    QTest::newRow("header in UTF-16 with its BOM") << Mistake::HeaderUtf16 << d << v
                                                   << framed(utf16(header()), doubleContent);
    QTest::newRow("text/json over >6si")
            << Mistake::TextJsonBinaryContent << d << v
            << framed(R"({"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 10})",
                      doubleContent);
    QTest::newRow("int32 <i: b1 cb 74 00") << Mistake::Int32LittleEndian << d << v
                                           << framed(header(), "double\xb1\xcbt\x00"_ba);
    QTest::newRow("int32 as the text 7654321") << Mistake::Int32AsText << d << v
                                               << framed(header("13"), "double7654321");
    QTest::newRow("negate -300 as text") << Mistake::Int32AsText << QStringLiteral("negate") << QStringLiteral("-300")
                                         << framed(header("10"), "negate-300");
    QTest::newRow("two messages in one write") << Mistake::TwoMessages << d << v << goodDouble() + goodDouble();
    QTest::newRow("cut off: the last 5 bytes") << Mistake::CutOff << d << v << goodDouble().chopped(5);
    const QByteArray search = R"({"action": "search", "value": "morpheus"})";
    const QByteArray searchHeader = R"({"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": )"
                                    + QByteArray::number(search.size()) + "}";
    QTest::newRow("search: prefix little-endian") << Mistake::PrefixLittleEndian << QStringLiteral("search")
                                                  << QStringLiteral("morpheus")
                                                  << QByteArray(1, char(searchHeader.size())) + '\0' + searchHeader + search;
    QTest::newRow("search: cut off half the content") << Mistake::CutOff << QStringLiteral("search")
                                                      << QStringLiteral("morpheus")
                                                      << framed(searchHeader, search).chopped(search.size() / 2);
}

void tst_LabMistakes::goldenBytes()
{
    QFETCH(Mistake, mistake);
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    const LabMistakes::Result result = LabMistakes::apply(mistake, request(action, value));
    QVERIFY2(result.ok(), qPrintable(result.whyNot));
    QCOMPARE(result.bytes, expected);
}

void tst_LabMistakes::notApplicable_data()
{
    QTest::addColumn<Mistake>("mistake");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::newRow("search has no int32 to pack <i") << Mistake::Int32LittleEndian << QStringLiteral("search") << QStringLiteral("neo");
    QTest::newRow("an echo has no int32 to write out") << Mistake::Int32AsText << QStringLiteral("hello") << QStringLiteral("world");
    QTest::newRow("search is JSON already") << Mistake::TextJsonBinaryContent << QStringLiteral("search") << QStringLiteral("neo");
    QTest::newRow("an empty content has no length to lower") << Mistake::ContentLengthOneTooFew << QString() << QString();
}

void tst_LabMistakes::notApplicable()
{
    QFETCH(Mistake, mistake);
    QFETCH(QString, action);
    QFETCH(QString, value);
    const LabMistakes::Result result = LabMistakes::apply(mistake, request(action, value));
    QVERIFY(!result.ok());
    QVERIFY(result.bytes.isEmpty());
}

void tst_LabMistakes::everyMistakeIsNamedAndExplained()
{
    QSet<QString> ids;
    const QList<Mistake> all = LabMistakes::all();
    QCOMPARE(all.size(), 16);
    for (Mistake mistake : all) {
        QVERIFY(!LabMistakes::name(mistake).isEmpty());
        QVERIFY(LabMistakes::explanation(mistake).size() > 60);
        ids.insert(LabMistakes::id(mistake));
    }
    QCOMPARE(ids.size(), all.size());
}

void tst_LabMistakes::bytesOfARequestAreTheRequest()
{
    QCOMPARE(LabMistakes::apply(Mistake::NoPrefix, QByteArrayView(goodDouble())).bytes, header() + doubleContent);
    // Not one whole message: refused, nothing made.
    const LabMistakes::Result cut = LabMistakes::apply(Mistake::NoPrefix, QByteArrayView(goodDouble()).chopped(1));
    QVERIFY(!cut.ok());
    const LabMistakes::Result twice = LabMistakes::apply(Mistake::NoPrefix, QByteArray(goodDouble() + goodDouble()));
    QVERIFY(!twice.ok());
}

void tst_LabMistakes::whatTheServerMakesOfIt_data()
{
    QTest::addColumn<Mistake>("mistake");
    QTest::addColumn<QStringList>("phrases");
    QTest::newRow("little-endian prefix: 32512, over the limit")
            << Mistake::PrefixLittleEndian
            << QStringList { u"7f 00"_s, u"0x7f00 = 32512"_s, u"HeaderTooLarge"_s, u"little-endian"_s };
    QTest::newRow("no prefix: {\" read as 31522")
            << Mistake::NoPrefix << QStringList { u"7b 22"_s, u"0x7b22 = 31522"_s, u"HeaderTooLarge"_s };
    QTest::newRow("prefix counts itself: not JSON")
            << Mistake::PrefixCountsItself << QStringList { u"0x0081 = 129"_s, u"HeaderNotJson"_s };
    QTest::newRow("one too many: waits for one byte")
            << Mistake::ContentLengthOneTooMany
            << QStringList { u"content-length 11"_s, u"only 10 bytes"_s, u"waits for 1 more"_s,
                             u"Once the client closes"_s };
    QTest::newRow("one too few: 9 bytes read, 1 left over")
            << Mistake::ContentLengthOneTooFew << QStringList { u"9 bytes of"_s, u"never reads the 1 byte after"_s };
    QTest::newRow("no content-length: MissingField")
            << Mistake::MissingContentLength << QStringList { u"MissingField"_s, u"content-length"_s };
    QTest::newRow("UTF-16: not UTF-8") << Mistake::HeaderUtf16 << QStringList { u"HeaderNotUtf8"_s };
    QTest::newRow("str(): not JSON") << Mistake::HeaderPythonRepr << QStringList { u"HeaderNotJson"_s };
    QTest::newRow("int32 <i: read as -1312066560")
            << Mistake::Int32LittleEndian
            << QStringList { u"b1 cb 74 00"_s, u"-1312066560"_s, u"does not fit"_s };
    QTest::newRow("int32 as text: 7654 read as 926299444")
            << Mistake::Int32AsText << QStringList { u"37 36 35 34"_s, u"926299444"_s, u"1852598888"_s };
    QTest::newRow("two messages: the second never read")
            << Mistake::TwoMessages << QStringList { u"never reads the 139 bytes after"_s, u"result: 15308642"_s };
    QTest::newRow("cut off: waits for 5 more")
            << Mistake::CutOff << QStringList { u"only 5 bytes of content"_s, u"waits for 5 more"_s };
}

void tst_LabMistakes::whatTheServerMakesOfIt()
{
    QFETCH(Mistake, mistake);
    QFETCH(QStringList, phrases);
    const QByteArray bytes = LabMistakes::apply(mistake, request(u"double"_s, u"7654321"_s)).bytes;
    const QString told = RequestReading::explain(bytes).join(QLatin1Char(' '));
    for (const QString &phrase : phrases)
        QVERIFY2(told.contains(phrase), qPrintable(u"\"%1\" not in: %2"_s.arg(phrase, told)));
}

void tst_LabMistakes::labServerAnswersAndLogs()
{
    const Transcript::Peer peer { u"127.0.0.1"_s, 40000 };
    const RequestReading::ServerSide good = RequestReading::labServer(goodDouble(), peer);
    QVERIFY(!good.waitsForMore);
    QCOMPARE(RequestReading::answerText(good.answer), u"result: 15308642"_s);
    QCOMPARE(good.log.size(), 3); // accepted, received, sending
    QVERIFY(good.log[1].startsWith(u"received binary/custom-client-binary-type request from ('127.0.0.1', 40000)"_s));

    const QByteArray littleEndian = LabMistakes::apply(Mistake::PrefixLittleEndian, request(u"double"_s, u"7654321"_s)).bytes;
    const RequestReading::ServerSide refused = RequestReading::labServer(littleEndian, peer);
    QVERIFY(RequestReading::answerText(refused.answer).startsWith(u"'Error: "_s));
    QVERIFY(std::any_of(refused.log.cbegin(), refused.log.cend(), [](const QString &line) {
        return line.startsWith(u"error: bad request from ('127.0.0.1', 40000)"_s) && line.contains(u"HeaderTooLarge"_s);
    }));

    const RequestReading::ServerSide cut = RequestReading::labServer(goodDouble().chopped(3), peer);
    QVERIFY(cut.waitsForMore);
    QVERIFY(cut.log.join(QLatin1Char('\n')).contains(u"TruncatedAtEof"_s));
}

QTEST_APPLESS_MAIN(tst_LabMistakes)
#include "tst_labmistakes.moc"
