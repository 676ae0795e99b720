#include "checkrun.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpSocket>

using namespace Qt::StringLiterals;
using namespace Wirelab::Check;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCheckProgram(const QStringList &arguments, int timeoutMs = 120000)
{
    QProcess process;
    process.start(QStringLiteral(WIRELAB_CHECK_PATH), arguments);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = u"did not finish"_s;
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QStringList csvRow(const QString &line)
{
    // The matrix's fields hold no quotes or commas but in the command column.
    QStringList fields;
    QString field;
    bool quoted = false;
    for (const QChar c : line) {
        if (c == u'"')
            quoted = !quoted;
        else if (c == u',' && !quoted) {
            fields.append(field);
            field.clear();
        } else
            field += c;
    }
    fields.append(field);
    return fields;
}

} // namespace

class tst_CheckCli : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors_data();
    void usageErrors();
    void listsTheCases();
    void exitStatus_data();
    void exitStatus();
    void writesEveryReport();
    void rosterGradesAClass();
};

void tst_CheckCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QStringList {} << u"usage: wirelab-check"_s;
    QTest::newRow("port not a number")
            << QStringList { u"127.0.0.1"_s, u"http"_s } << u"not a port number"_s;
    QTest::newRow("unknown case") << QStringList { u"--only"_s, u"9.9"_s, u"127.0.0.1"_s, u"1"_s }
                                  << u"9.9"_s;
    QTest::newRow("nothing left") << QStringList { u"--skip"_s, u"2,4,5,6,8"_s, u"127.0.0.1"_s,
                                                   u"1"_s }
                                  << u"no case"_s;
    QTest::newRow("client without {port}")
            << QStringList { u"--client"_s, u"python3 app-client.py"_s } << u"{port}"_s;
    QTest::newRow("roster with a report file")
            << QStringList { u"--roster"_s, u"r.txt"_s, u"--junit"_s, u"x.xml"_s } << u"--output"_s;
    QTest::newRow("timeout zero") << QStringList { u"--timeout"_s, u"0"_s, u"127.0.0.1"_s, u"1"_s }
                                  << u"--timeout"_s;
    QTest::newRow("pause past the timeout") << QStringList {
        u"--timeout"_s, u"1"_s, u"--pause"_s, u"2000"_s, u"127.0.0.1"_s, u"1"_s
    } << u"--pause"_s;
    QTest::newRow("unknown option")
            << QStringList { u"--fast"_s, u"127.0.0.1"_s, u"1"_s } << u"fast"_s;
    QTest::newRow("roster that is not there")
            << QStringList { u"--roster"_s, u"/nonexistent/roster"_s } << u"cannot read"_s;
}

void tst_CheckCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = runCheckProgram(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_CheckCli::listsTheCases()
{
    const Run server = runCheckProgram({ u"--list"_s, u"--seed"_s, u"3"_s });
    QCOMPARE(server.exitCode, 0);
    QVERIFY(server.out.contains(
            u"5.2.1/bytes   MUST     double 7654321 (lab sample), sent one byte at a time  [5.2 MUST; 1.2 MUST]"_s));
    QVERIFY(server.out.contains(u"%1 cases"_s.arg(CaseCatalog::cases(Mode::Server, 3).size())));
    const Run client
            = runCheckProgram({ u"--list"_s, u"--client"_s, u"x {port}"_s, u"--only"_s, u"7.4"_s });
    QCOMPARE(client.exitCode, 0);
    QCOMPARE(
            client.out,
            u"7.4.1         SHOULD   the server never answers  [7.4 SHOULD; 8.7 SHOULD; 5.1 MUST]\n1 cases\n"_s);
}

void tst_CheckCli::exitStatus_data()
{
    QTest::addColumn<QString>("fault"); // "" for wirelab-server
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("result");
    QTest::newRow("wirelab-server")
            << QString() << QStringList { u"--strict"_s, u"--only"_s, u"4.2.1,5.2.1"_s } << 0
            << u"Result: PASS"_s;
    QTest::newRow("a MUST broken")
            << u"little-endian-int"_s << QStringList { u"--only"_s, u"5.2.1"_s } << 1
            << u"Result: FAIL (4 cases break a MUST)"_s;
    QTest::newRow("a SHOULD missed")
            << u"sorted-keys"_s << QStringList { u"--only"_s, u"4.2.1"_s } << 0
            << u"Result: PASS (every MUST met; 4 cases miss a SHOULD, which --strict would fail)"_s;
    QTest::newRow("a SHOULD missed, --strict")
            << u"sorted-keys"_s << QStringList { u"--strict"_s, u"--only"_s, u"4.2.1"_s } << 1
            << u"Result: FAIL (--strict: 4 cases miss a SHOULD)"_s;
}

void tst_CheckCli::exitStatus()
{
    QFETCH(QString, fault);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, result);
    std::unique_ptr<ServerProcess> server;
    if (fault.isEmpty()) {
        server = std::make_unique<ServerProcess>(QStringList { u"--quiet"_s });
        QVERIFY(server->start());
    } else {
        server = startFaultyServer(fault);
    }
    const Run run = runCheckProgram(options
                                    + QStringList { u"--pause"_s, u"30"_s, u"127.0.0.1"_s,
                                                    QString::number(server->port()) });
    QVERIFY2(run.exitCode == exitCode, qPrintable(run.out + run.err));
    // The summary comes last.
    QVERIFY2(run.out.trimmed().endsWith(result), qPrintable(run.out));
}

void tst_CheckCli::writesEveryReport()
{
    const std::unique_ptr<ServerProcess> server = startFaultyServer(u"little-endian-int"_s);
    QTemporaryDir directory;
    const QStringList files
            = { directory.filePath(u"r.xml"_s), directory.filePath(u"r.json"_s),
                directory.filePath(u"r.html"_s), directory.filePath(u"results.json"_s) };
    const Run run = runCheckProgram({ u"--only"_s, u"5.2.1,4.2.1"_s, u"--quiet"_s, u"--pause"_s,
                                      u"30"_s, u"--junit"_s, files[0], u"--json"_s, files[1],
                                      u"--html"_s, files[2], u"--gradescope"_s, files[3],
                                      u"--captures"_s, directory.filePath(u"captures"_s),
                                      u"127.0.0.1"_s, QString::number(server->port()) });
    QCOMPARE(run.exitCode, 1);
    // --quiet: the summary alone (and where the captures went)
    QVERIFY2(run.out.startsWith(u"Summary:"_s), qPrintable(run.out));
    // A capture of each case that failed, and none of those that passed.
    QCOMPARE(QDir(directory.filePath(u"captures"_s)).entryList({ u"*.pcapng"_s }).size(), 4);
    QVERIFY(QFileInfo::exists(directory.filePath(u"captures/case-5.2.1-bytes.pcapng"_s)));
    for (const QString &file : files) {
        QFileInfo info(file);
        QVERIFY2(info.size() > 100, qPrintable(file));
    }
    QFile json(files[1]);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject report = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(report.value(u"cases"_s).toArray().size(), 8);
    QCOMPARE(report.value(u"summary"_s).toObject().value(u"fail"_s).toInt(), 4);
}

void tst_CheckCli::rosterGradesAClass()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString output = directory.filePath(u"out"_s);
    QFile roster(directory.filePath(u"roster.txt"_s));
    QVERIFY(roster.open(QIODevice::WriteOnly));
    roster.write(
            u"# a class of three\n"
            "good      %1 --quiet {host} {port}\n"
            "crashes   %2 --fault exit-on-bad {host} {port}\n"
            "\n"
            "nolisten  exit 3 # {port}\n"_s
                    .arg(QStringLiteral(WIRELAB_SERVER_PATH), QStringLiteral(FAULTY_SERVER_PATH))
                    .toUtf8());
    roster.close();
    const Run run = runCheckProgram({ u"--roster"_s, roster.fileName(), u"--output"_s, output,
                                      u"--only"_s, u"5.2.1,8.1.1,8.3.1"_s, u"--timeout"_s, u"2"_s,
                                      u"--pause"_s, u"30"_s, u"--start-timeout"_s, u"10"_s });
    QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(u"Roster: 3 submissions x 9 cases"_s), qPrintable(run.out));
    // The terminal matrix: a column per case and its chops.
    // The terminal matrix: a column per case and its chops, grouped by section (5, 8).
    QVERIFY2(run.out.contains(u"good        9/9          . ..\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"nolisten    0/9          - --\n"_s), qPrintable(run.out));

    QFile csv(output + u"/matrix.csv"_s);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    const QStringList header = csvRow(lines[0]);
    QCOMPARE(header.mid(0, 9),
             (QStringList { u"submission"_s, u"command"_s, u"problem"_s, u"score"_s, u"max_score"_s,
                            u"pass"_s, u"non_strict"_s, u"info"_s, u"fail"_s }));
    QCOMPARE(header.size(), 9 + 9);
    const QStringList good = csvRow(lines[1]);
    QCOMPARE(good[0], u"good"_s);
    QCOMPARE(good.mid(9), QStringList(9, u"PASS"_s));
    // The crashing one fails the case that crashed it and every case after it: those that
    // ran before wirelab-check saw the exit (refused), and the rest, not run.
    const QStringList crashes = csvRow(lines[2]);
    QCOMPARE(crashes[0], u"crashes"_s);
    QVERIFY2(
            crashes[2] == u"its server exited with status 3 during case 8.1.1"_s
                    || crashes[2]
                               == u"its server exited with status 3 after case 8.1.1, the last in which it accepted a connection"_s,
            qPrintable(crashes[2]));
    const int first811 = int(header.indexOf(u"8.1.1"_s));
    QCOMPARE(crashes.mid(9, first811 - 9), QStringList(first811 - 9, u"PASS"_s));
    QCOMPARE(crashes[first811], u"FAIL"_s);
    for (qsizetype i = first811 + 1; i < header.size(); ++i)
        QVERIFY2(crashes[i] == u"FAIL"_s || crashes[i] == u"NOT-RUN"_s,
                 qPrintable(header[i] + u' ' + crashes[i]));
    QCOMPARE(crashes.last(), u"NOT-RUN"_s);
    QCOMPARE(crashes[4], u"9"_s); // max score
    QCOMPARE(crashes[3], u"4"_s);
    const QStringList nolisten = csvRow(lines[3]);
    QVERIFY2(nolisten[2].contains(u"exited with status 3 before it listened"_s),
             qPrintable(nolisten[2]));
    QCOMPARE(nolisten.mid(9), QStringList(9, u"NOT-RUN"_s));

    QFile index(output + u"/index.html"_s);
    QVERIFY(index.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(index.readAll());
    for (const char *name : { "good", "crashes", "nolisten" }) {
        QVERIFY(html.contains(u"<a href=\"%1.html\">%1</a>"_s.arg(QLatin1String(name))));
        QVERIFY(QFileInfo::exists(output + u"/%1.html"_s.arg(QLatin1String(name))));
        QVERIFY(QFileInfo::exists(output + u"/%1.log"_s.arg(QLatin1String(name))));
    }
    // Every server was stopped: the good one's port no longer answers.
    QFile goodJson(output + u"/good.json"_s);
    QVERIFY(goodJson.open(QIODevice::ReadOnly));
    const QString target
            = QJsonDocument::fromJson(goodJson.readAll()).object().value(u"target"_s).toString();
    const quint16 port = quint16(target.section(u':', -1).toUInt());
    QVERIFY(port != 0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!socket.waitForConnected(2000));
}

QTEST_GUILESS_MAIN(tst_CheckCli)
#include "tst_checkcli.moc"
