#include "clientapplication.h"

#include "clientexchange.h"
#include "clientoptions.h"
#include "labprotocol.h"
#include "messageencoder.h"
#include "pcapngwriter.h"
#include "pythonrepr.h"
#include "transcript.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace Wirelab {

namespace {

void printLine(FILE *stream, const QString &line)
{
    fputs(line.toUtf8().constData(), stream);
    fputc('\n', stream);
    fflush(stream);
}

// Whether the main thread is inside a write to stdout, for the watchdog's message.
std::atomic<bool> writingOutput { false };

struct OutputWrite
{
    OutputWrite() { writingOutput = true; }
    ~OutputWrite() { writingOutput = false; }
    Q_DISABLE_COPY_MOVE(OutputWrite)
};

// The transcript on stdout, written as it is made: a huge answer's line is printed piece by
// piece, never held whole. What a terminal would act on is escaped unless --raw, and printing
// stops once the exchange's deadline has passed.
class TerminalLines : public Transcript::LineSink
{
public:
    TerminalLines(bool raw, QDeadlineTimer deadline) : m_raw(raw), m_deadline(deadline) { }

    bool write(QStringView piece) override
    {
        constexpr qsizetype ChunkChars = 64 * 1024;
        while (!piece.isEmpty()) {
            if (m_deadline.hasExpired()) {
                m_timedOut = true;
                return false;
            }
            qsizetype size = qMin(piece.size(), ChunkChars);
            if (size < piece.size() && piece.at(size - 1).isHighSurrogate())
                --size;
            const QStringView chunk = piece.first(size);
            const QByteArray utf8 = m_raw ? chunk.toUtf8() : PythonRepr::printable(chunk).toUtf8();
            const OutputWrite writing;
            fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
            piece = piece.sliced(size);
        }
        return true;
    }
    bool endLine() override
    {
        const OutputWrite writing;
        fputc('\n', stdout);
        fflush(stdout);
        return true;
    }
    bool line(const QString &text) { return write(text) && endLine(); }
    bool timedOut() const { return m_timedOut; }

private:
    bool m_raw;
    QDeadlineTimer m_deadline;
    bool m_timedOut = false;
};

// --timeout's last resort. Printing to a pipe nobody reads, or to a stopped terminal, blocks
// inside fwrite(), where no check between pieces can run, and decoding a huge answer is one
// call; so a thread ends the program with the timeout's exit code half a second after the
// deadline, unless the exchange ended first, and says which of the two held it.
class Watchdog
{
public:
    explicit Watchdog(QDeadlineTimer deadline)
        : m_thread([this, deadline] {
              std::unique_lock lock(m_mutex);
              const auto late = deadline.deadline<std::chrono::steady_clock>() + std::chrono::milliseconds(500);
              if (!m_ended.wait_until(lock, late, [this] { return m_done; })) {
                  fputs(writingOutput ? "wirelab-client: error: the exchange did not end within "
                                        "--timeout: its output could not be written\n"
                                      : "wirelab-client: error: the exchange did not end within "
                                        "--timeout: the answer is too big to handle in time\n",
                        stderr);
                  std::_Exit(ExitTimeout);
              }
          })
    {
    }
    ~Watchdog()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_ended.notify_all();
        m_thread.join();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ended;
    bool m_done = false;
    std::thread m_thread;
};

int exitCodeFor(ClientExchange::Failure failure)
{
    switch (failure) {
    case ClientExchange::Failure::ConnectionRefused: return ExitConnectionRefused;
    case ClientExchange::Failure::HostNotFound: return ExitHostNotFound;
    case ClientExchange::Failure::Timeout: return ExitTimeout;
    case ClientExchange::Failure::ClosedEarly: return ExitClosedEarly;
    case ClientExchange::Failure::MalformedResponse: return ExitMalformedResponse;
    case ClientExchange::Failure::NetworkError:
    case ClientExchange::Failure::Cancelled: break;
    }
    return ExitNetworkError;
}

// What --quiet prints: the result alone, once.
bool writeResultOnly(const DecodedMessage &response, TerminalLines &out)
{
    const QByteArray &content = response.message.content;
    if (response.message.header.isTextJson())
        return out.line(Lab::summarizeResponse(response).resultText);
    if (const std::optional<qint32> number = Lab::resultNumber(content))
        return out.line(QString::number(*number));
    return PythonRepr::writeBytes(content, [&out](QStringView piece) { return out.write(piece); })
            && out.endLine();
}

// The first argument that is not UTF-8 text, or 0. Qt would hand it over with U+FFFD for
// its bad bytes, and that is what would be sent; the lab client refuses such an argument
// (Python cannot encode it), and so do we.
int firstArgumentNotUtf8(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (!QUtf8StringView(argv[i]).isValidUtf8())
            return i;
    }
    return 0;
}

// --capture: the exchange as pcapng, written whatever its outcome (a failed exchange is the
// one most worth looking at). A file that cannot be written is said on stderr; it changes
// the exit code only of an exchange that succeeded, since the exchange's own failure is what
// a script needs to know first.
int writeCapture(const QString &fileName, const ClientExchange &exchange, int exitCode)
{
    QString error;
    if (fileName.isEmpty() || PcapngWriter::writeFile(fileName, { exchange.conversation() }, &error))
        return exitCode;
    printLine(stderr, QStringLiteral("wirelab-client: %1").arg(error));
    return exitCode == ExitOk ? ExitCaptureNotWritten : exitCode;
}

} // namespace

int runClientApplication(int argc, char *argv[])
{
    if (const int bad = firstArgumentNotUtf8(argc, argv)) {
        printLine(stderr, QStringLiteral("wirelab-client: argument %1 is not valid UTF-8 text: %2")
                                  .arg(bad)
                                  .arg(PythonRepr::bytes(QByteArray(argv[bad]))));
        return ExitUsage;
    }
    const ClientOptions options = ClientOptions::parse(QCoreApplication::arguments());
    switch (options.outcome) {
    case ClientOptions::Outcome::ShowHelp:
        fputs(options.helpText.toUtf8().constData(), stdout);
        return ExitOk;
    case ClientOptions::Outcome::ShowVersion:
        printLine(stdout, QStringLiteral("%1 %2").arg(QCoreApplication::applicationName(),
                                                      QCoreApplication::applicationVersion()));
        return ExitOk;
    case ClientOptions::Outcome::UsageError:
        printLine(stderr, QStringLiteral("wirelab-client: %1").arg(options.errorMessage));
        return ExitUsage;
    case ClientOptions::Outcome::Run:
        break;
    }

    const Lab::RequestResult request = Lab::buildRequest(options.action, options.value);
    if (!request.ok()) {
        printLine(stderr, QStringLiteral("wirelab-client: %1").arg(request.error->reason));
        return ExitUsage;
    }
    const QByteArray requestBytes = encodeMessage(request.message).bytes;
    // The lab prints the address as it was given: ('localhost', 9000).
    const Transcript::Peer peer { options.host, options.port };
    const QDeadlineTimer deadline(options.timeout);
    const Watchdog watchdog(deadline);
    TerminalLines out(options.raw, deadline);
    const auto transcript = [&](const QString &line) {
        if (!options.quiet)
            out.line(line);
    };

    ClientExchange exchange;
    exchange.setTimeout(options.timeout);
    exchange.setKeepsBytes(!options.captureFile.isEmpty());
    int exitCode = ExitOk;
    QObject::connect(&exchange, &ClientExchange::connected, [&] {
        transcript(Transcript::sending(requestBytes, peer));
    });
    QObject::connect(&exchange, &ClientExchange::responseReceived,
                     [&](const DecodedMessage &response, const QByteArray &) {
                         if (options.quiet)
                             writeResultOnly(response, out);
                         else
                             Transcript::writeReceivedResponse(response, peer, out);
                         if (out.timedOut()) {
                             fputc('\n', stdout);
                             printLine(stderr, QStringLiteral("wirelab-client: error: the answer "
                                                              "could not be printed within %1 s")
                                                       .arg(options.timeout.count() / 1000.0));
                             exitCode = ExitTimeout;
                         }
                     });
    QObject::connect(&exchange, &ClientExchange::failed,
                     [&](ClientExchange::Failure failure, const QString &reason,
                         const DecodeResult &, const QByteArray &) {
                         printLine(stderr, QStringLiteral("wirelab-client: error: %1").arg(reason));
                         exitCode = exitCodeFor(failure);
                     });
    QObject::connect(&exchange, &ClientExchange::finished, [&] {
        transcript(Transcript::closingConnection(peer));
        QCoreApplication::exit(writeCapture(options.captureFile, exchange, exitCode));
    });

    transcript(Transcript::startingConnection(peer));
    exchange.start(options.host, options.port, requestBytes);
    return QCoreApplication::exec();
}

} // namespace Wirelab
