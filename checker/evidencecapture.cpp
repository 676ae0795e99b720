#include "evidencecapture.h"

#include "htmlreport.h"
#include "pcapngwriter.h"

#include <QtCore/QDir>

namespace Wirelab::Check::EvidenceCapture {
namespace {

using Side = Conversation::Side;
using Kind = Conversation::Event::Kind;

Conversation conversationOf(const Evidence &evidence, const ConnectionRecord &connection,
                            qint64 startUs)
{
    // The capture is drawn from the client's side; wirelab-check is the client in server
    // mode and the server in client mode.
    const Side us = connection.checkerIsClient ? Side::Client : Side::Server;
    const Side peer = connection.checkerIsClient ? Side::Server : Side::Client;
    const Conversation::Endpoint local { connection.local.address, connection.local.port };
    const Conversation::Endpoint remote { connection.peer.address, connection.peer.port };
    Conversation conversation;
    conversation.client = connection.checkerIsClient ? local : remote;
    conversation.server = connection.checkerIsClient ? remote : local;
    conversation.startTime = QDateTime::fromMSecsSinceEpoch(startUs / 1000, Qt::UTC);
    const qint64 originUs = (startUs / 1000) * 1000;
    bool connected = false;
    for (const WireEvent &event : evidence.events) {
        if (event.connection != connection.id)
            continue;
        Conversation::Event out;
        out.microseconds = event.timeUs - originUs;
        switch (event.kind) {
        case WireEvent::Kind::Connecting:
            continue;
        case WireEvent::Kind::Connected:
            connected = true;
            out.kind = Kind::Connected;
            out.from = Side::Client;
            break;
        case WireEvent::Kind::Sent:
            out.kind = Kind::Data;
            out.from = us;
            out.bytes = event.bytes;
            break;
        case WireEvent::Kind::Received:
            out.kind = Kind::Data;
            out.from = peer;
            out.bytes = event.bytes;
            break;
        case WireEvent::Kind::PeerClosed:
            out.kind = Kind::Fin;
            out.from = peer;
            break;
        case WireEvent::Kind::Closed:
            out.kind = Kind::Fin;
            out.from = us;
            break;
        case WireEvent::Kind::Error:
            if (!connected && connection.checkerIsClient) {
                out.kind = Kind::Reset; // refused: a SYN answered by RST
                out.from = Side::Server;
                out.comment = event.text;
                break;
            }
            if (!conversation.events.isEmpty())
                conversation.events.last().comment = event.text;
            continue;
        }
        conversation.events.append(out);
    }
    return conversation;
}

QString fileNameFor(const CaseResult &result)
{
    return HtmlReport::anchorFor(result.id) + QStringLiteral(".pcapng");
}

} // namespace

QList<Conversation> conversations(const Evidence &evidence, const QString &comment)
{
    QList<Conversation> list;
    if (evidence.events.isEmpty())
        return list;
    const qint64 startUs = evidence.events.first().timeUs;
    for (const ConnectionRecord &connection : evidence.connections)
        list.append(conversationOf(evidence, connection, startUs));
    if (!comment.isEmpty() && !list.isEmpty() && !list.first().events.isEmpty()) {
        QString &first = list.first().events.first().comment;
        first = first.isEmpty() ? comment : comment + QStringLiteral("; ") + first;
    }
    return list;
}

bool writeCaptures(CheckReport &report, const QString &directory, QString *error)
{
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = QStringLiteral("cannot make the folder %1").arg(directory);
        return false;
    }
    for (CaseResult &result : report.cases) {
        if (result.verdict == Verdict::Pass || result.evidence.events.isEmpty())
            continue;
        const QString fileName = QDir(directory).filePath(fileNameFor(result));
        const QString comment
                = QStringLiteral("wirelab-check %1 %2: %3")
                          .arg(result.id, verdictName(result.verdict), result.summary());
        if (!PcapngWriter::writeFile(fileName, conversations(result.evidence, comment), error))
            return false;
        result.notes.append(QStringLiteral("capture: %1").arg(fileName));
    }
    return true;
}

} // namespace Wirelab::Check::EvidenceCapture
