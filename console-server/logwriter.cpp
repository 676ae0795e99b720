#include "logwriter.h"

#include "logqueue.h"

#include <QtCore/QFile>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace Wirelab {

// Shared by the writing thread and the LogWriter, so that a thread left blocked on its output
// at exit never touches anything freed.
struct LogWriter::State
{
    std::shared_ptr<LogQueue> queue;
    std::shared_ptr<LogQueue> errors;
    Output output;
    std::atomic<bool> reopenRequested { false };
    std::mutex mutex;
    std::condition_variable finishedChanged;
    bool finished = false;
};

namespace {

bool openOutput(QFile &file, const LogWriter::Output &output)
{
    if (output.descriptor >= 0)
        return file.open(output.descriptor, QIODevice::WriteOnly | QIODevice::Unbuffered,
                         QFileDevice::DontCloseHandle);
    file.setFileName(output.path);
    return file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered);
}

void writeAll(QFile &file, const QByteArray &text, LogWriter::State &state, bool &failed)
{
    if (text.isEmpty() || file.write(text) == text.size() || failed)
        return;
    // A full disk or a closed pipe loses the lines; the server goes on serving.
    failed = true;
    if (state.errors && state.errors != state.queue)
        state.errors->push(QStringLiteral("error: cannot write the %1 to %2: %3")
                                   .arg(state.output.contents, state.output.name, file.errorString()));
}

void run(std::shared_ptr<LogWriter::State> state)
{
    QFile file;
    bool failed = !openOutput(file, state->output);
    for (;;) {
        const LogQueue::Batch batch = state->queue->take(std::chrono::milliseconds(100));
        if (state->reopenRequested.exchange(false) && state->output.descriptor < 0) {
            file.close();
            failed = !openOutput(file, state->output);
        }
        writeAll(file, batch.text, *state, failed);
        if (batch.dropped > 0)
            writeAll(file,
                     QStringLiteral("%1 %2 lines dropped: output not read\n")
                             .arg(batch.dropped)
                             .arg(state->output.contents)
                             .toUtf8(),
                     *state, failed);
        if (batch.closed)
            break;
    }
    const std::lock_guard<std::mutex> lock(state->mutex);
    state->finished = true;
    state->finishedChanged.notify_all();
}

} // namespace

LogWriter::LogWriter(std::shared_ptr<State> state) : m_state(std::move(state)) { }

std::unique_ptr<LogWriter> LogWriter::start(std::shared_ptr<LogQueue> queue, Output output,
                                            std::shared_ptr<LogQueue> errors, QString *whyNot)
{
    if (output.descriptor < 0) {
        QFile probe(output.path);
        if (!probe.open(QIODevice::WriteOnly | QIODevice::Append)) {
            if (whyNot)
                *whyNot = probe.errorString();
            return nullptr;
        }
    }
    auto state = std::make_shared<State>();
    state->queue = std::move(queue);
    state->errors = std::move(errors);
    state->output = std::move(output);
    std::thread(run, state).detach(); // joined by finish(), with a bound
    return std::unique_ptr<LogWriter>(new LogWriter(state));
}

LogWriter::~LogWriter()
{
    if (!m_finished)
        finish(std::chrono::milliseconds(0));
}

void LogWriter::reopen()
{
    m_state->reopenRequested = true;
}

void LogWriter::finish(std::chrono::milliseconds timeout)
{
    m_finished = true;
    m_state->queue->close();
    std::unique_lock<std::mutex> lock(m_state->mutex);
    m_state->finishedChanged.wait_for(lock, timeout, [this] { return m_state->finished; });
}

} // namespace Wirelab
