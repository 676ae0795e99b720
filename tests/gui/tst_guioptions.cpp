#include "guioptions.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace Wirelab;

// wirelab-gui's command line: --send takes its two arguments as they are, and a request
// that cannot be sent is refused before any window opens.
class tst_GuiOptions : public QObject
{
    Q_OBJECT

private slots:
    void sendAndScreenshot_data();
    void sendAndScreenshot();
    void mistake();
    void usageErrors_data();
    void usageErrors();
};

void tst_GuiOptions::sendAndScreenshot_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("screenshot");
    QTest::newRow("nothing") << QStringList { "wirelab-gui" } << QString() << QString() << QString();
    QTest::newRow("double 7654321 with a picture")
            << QStringList { "wirelab-gui", "--screenshot", "w.png", "--send", "double", "7654321" }
            << u"double"_s << u"7654321"_s << u"w.png"_s;
    QTest::newRow("a negative value is a value")
            << QStringList { "wirelab-gui", "--send", "negate", "-300" } << u"negate"_s << u"-300"_s << QString();
    QTest::newRow("a value that looks like an option")
            << QStringList { "wirelab-gui", "--send", "search", "--help" } << u"search"_s << u"--help"_s << QString();
}

void tst_GuiOptions::sendAndScreenshot()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, action);
    QFETCH(QString, value);
    QFETCH(QString, screenshot);
    const GuiOptions options = GuiOptions::parse(arguments);
    QVERIFY2(options.ok, qPrintable(options.errorMessage));
    QCOMPARE(options.sendAction, action);
    QCOMPARE(options.sendValue, value);
    QCOMPARE(options.screenshotFile, screenshot);
    QVERIFY(options.mistake.isEmpty());
}

void tst_GuiOptions::mistake()
{
    const GuiOptions options = GuiOptions::parse(
            { u"wirelab-gui"_s, u"--send"_s, u"double"_s, u"7654321"_s, u"--mistake"_s, u"int32-little-endian"_s });
    QVERIFY2(options.ok, qPrintable(options.errorMessage));
    QCOMPARE(options.mistake, u"int32-little-endian"_s);
}

void tst_GuiOptions::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("double abc") << QStringList { "wirelab-gui", "--send", "double", "abc" }
                                << u"double needs a whole number"_s;
    QTest::newRow("double of nothing") << QStringList { "wirelab-gui", "--send", "double", "" }
                                       << u"double needs a whole number"_s;
    QTest::newRow("--send without a value") << QStringList { "wirelab-gui", "--send", "double" }
                                            << u"--send takes an action and a value"_s;
    QTest::newRow("--screenshot without --send") << QStringList { "wirelab-gui", "--screenshot", "w.png" }
                                                 << u"--screenshot needs --send"_s;
    QTest::newRow("an unknown mistake") << QStringList { "wirelab-gui", "--send", "double", "1", "--mistake", "typo" }
                                        << u"--mistake takes one of prefix-little-endian, "_s;
    QTest::newRow("--mistake without --send") << QStringList { "wirelab-gui", "--mistake", "no-prefix" }
                                              << u"--mistake needs --send"_s;
    QTest::newRow("a stray argument") << QStringList { "wirelab-gui", "stray" } << u"unexpected argument 'stray'"_s;
}

void tst_GuiOptions::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const GuiOptions options = GuiOptions::parse(arguments);
    QVERIFY(!options.ok);
    QVERIFY2(options.errorMessage.contains(message), qPrintable(options.errorMessage));
}

QTEST_GUILESS_MAIN(tst_GuiOptions)
#include "tst_guioptions.moc"
