#ifndef WIRELAB_LOGWRITER_H
#define WIRELAB_LOGWRITER_H

#include <QtCore/QString>
#include <chrono>
#include <memory>

namespace Wirelab {

class LogQueue;

// The one writer of a LogQueue: a thread of its own that takes what the serving threads
// queued and writes it to the standard output or error, or to a file. When the output blocks
// (nobody reads it), only this thread waits; the queue drops and counts what does not fit,
// and the count is written once the output moves again ("1234 transcript lines dropped:
// output not read"). A write that fails is said once on the error queue.
class LogWriter
{
public:
    struct Output
    {
        int descriptor = -1; // 1 or 2; or -1 for the file at path
        QString path;
        QString name;     // for messages: "standard output", the file's name
        QString contents; // what its lines are: "transcript", "error"
    };

    // Starts writing queue to output; nullptr (and why) if a file cannot be opened.
    static std::unique_ptr<LogWriter> start(std::shared_ptr<LogQueue> queue, Output output,
                                            std::shared_ptr<LogQueue> errors, QString *whyNot);
    ~LogWriter(); // finish(0) if not finished

    void reopen(); // the file is closed and opened again before the next write (SIGHUP)
    // Writes what is queued and stops, waiting for the output at most timeout: output that
    // nobody reads would block for ever, and then the thread is left to end with the process.
    void finish(std::chrono::milliseconds timeout);

    struct State;

private:
    explicit LogWriter(std::shared_ptr<State> state);
    std::shared_ptr<State> m_state;
    bool m_finished = false;
};

} // namespace Wirelab

#endif // WIRELAB_LOGWRITER_H
