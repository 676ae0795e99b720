#ifndef WIRELAB_SENDPLAN_H
#define WIRELAB_SENDPLAN_H

#include "message.h"

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <chrono>
#include <optional>

namespace Wirelab {

// How a request goes out: whole (what the lab's client does), or in pieces with pauses
// between them, to watch the receiver buffer until it has the prefix, the header and the
// content (TCP is a stream: recv() returns whatever has arrived). ClientExchange carries it
// out with TCP_NODELAY on, so on loopback each piece is a segment and a read of its own.
// Plain data: pieces() says where the bytes are cut, delayBefore() how long to wait.
struct SendPlan
{
    Q_DECLARE_TR_FUNCTIONS(SendPlan)
public:
    enum class Mode {
        Whole, // one write
        Chunks, // chunkBytes at a time
        Boundaries, // the prefix, the header and the content, each a write of its own
        ByteByByte, // one byte per write
        CutPoints, // a new write begins at each of cutPoints
    };

    // A piece of 1 byte every millisecond of a 16 MiB message would take four hours: past this
    // many pieces the rest goes out in one write.
    static constexpr qsizetype MaxPieces = 100000;

    Mode mode = Mode::Whole;
    qsizetype chunkBytes = 16; // Chunks
    QList<qsizetype> cutPoints; // CutPoints: offsets into the request
    std::chrono::milliseconds interval { 0 }; // between one write and the next
    // Held back before the last byte, sent alone: a receiver that has all but one byte must
    // still wait (0: no such pause).
    std::chrono::milliseconds pauseBeforeLastByte { 0 };

    // One write of all the bytes at once, as the lab's client sends.
    bool isWhole() const;
    // The writes, in order: spans of bytes that cover them all, none empty.
    QList<Span> pieces(const QByteArray &bytes) const;
    // The wait before piece index of count (none before the first).
    std::chrono::milliseconds delayBefore(qsizetype index, qsizetype count) const;
    // For a person: "in 16-byte chunks every 20 ms, the last byte after 500 ms".
    QString description() const;

    // For history files: {"mode", "chunk-bytes", "cut-points", "interval-ms",
    // "pause-before-last-byte-ms"}; nullopt for an object that is not a plan.
    QJsonObject toJson() const;
    static std::optional<SendPlan> fromJson(const QJsonObject &object);
    static QString modeName(Mode mode);
    static std::optional<Mode> modeNamed(const QString &name);

    friend bool operator==(const SendPlan &a, const SendPlan &b);
    friend bool operator!=(const SendPlan &a, const SendPlan &b) { return !(a == b); }
};

} // namespace Wirelab

#endif // WIRELAB_SENDPLAN_H
