#include "transcript.h"

#include "labprotocol.h"
#include "pythonrepr.h"

namespace Wirelab::Transcript {
namespace {

// repr() of the dict json.loads() made, read from the content's own text (numbers and nested
// keys exactly as Python has them).
QString jsonContentRepr(const DecodedMessage &message)
{
    if (std::optional<QString> repr = PythonRepr::jsonText(message.jsonText))
        return *std::move(repr);
    return PythonRepr::json(message.jsonContent);
}

QString from(const Peer &peer)
{
    return QLatin1String(" from ") + peer.repr();
}

} // namespace

QString Peer::repr() const
{
    return PythonRepr::address(host, port);
}

QString listeningOn(const Peer &local)
{
    return QLatin1String("listening on ") + local.repr();
}

QString acceptedConnection(const Peer &peer)
{
    return QLatin1String("accepted connection from ") + peer.repr();
}

QString startingConnection(const Peer &peer)
{
    return QLatin1String("starting connection to ") + peer.repr();
}

QString sending(QByteArrayView bytes, const Peer &peer)
{
    return QLatin1String("sending ") + PythonRepr::bytes(bytes) + QLatin1String(" to ")
            + peer.repr();
}

QString closingConnection(const Peer &peer)
{
    return QLatin1String("closing connection to ") + peer.repr();
}

QString caughtKeyboardInterrupt()
{
    return QStringLiteral("caught keyboard interrupt, exiting");
}

QString receivedRequest(const DecodedMessage &request, const Peer &peer)
{
    if (request.message.header.isTextJson())
        return QLatin1String("received request ") + jsonContentRepr(request) + from(peer);
    return QLatin1String("received ") + request.message.header.contentType
            + QLatin1String(" request") + from(peer);
}

QStringList receivedResponse(const DecodedMessage &response, const Peer &peer)
{
    class Lines : public LineSink
    {
    public:
        bool write(QStringView piece) override { m_line += piece; return true; }
        bool endLine() override { lines.append(std::exchange(m_line, {})); return true; }
        QStringList lines;
    private:
        QString m_line;
    } lines;
    writeReceivedResponse(response, peer, lines);
    return lines.lines;
}

bool writeReceivedResponse(const DecodedMessage &response, const Peer &peer, LineSink &sink)
{
    const auto line = [&sink](std::initializer_list<QStringView> pieces) {
        for (const QStringView piece : pieces) {
            if (!sink.write(piece))
                return false;
        }
        return sink.endLine();
    };
    bool stopped = false;
    qsizetype piecesWritten = 0;
    const PythonRepr::Pieces pieces = [&](QStringView piece) {
        ++piecesWritten;
        stopped = !sink.write(piece);
        return !stopped;
    };
    const QString fromPeer = from(peer);
    const Message &message = response.message;
    if (message.header.isTextJson()) {
        // repr() of the dict, read from the content's own text (numbers and nested keys
        // exactly as Python has them); from QJsonObject only if the text cannot be read.
        if (!sink.write(u"received response "))
            return false;
        if (!PythonRepr::writeJsonText(response.jsonText, pieces)
            && (stopped || piecesWritten > 0 || !sink.write(PythonRepr::json(response.jsonContent))))
            return false;
        const Lab::ResponseSummary summary = Lab::summarizeResponse(response);
        return line({ fromPeer }) && line({ u"got result: ", summary.resultText });
    }
    if (!line({ u"received ", message.header.contentType, u" response", fromPeer })
        || !sink.write(u"got response: ") || !PythonRepr::writeBytes(message.content, pieces)
        || !sink.endLine())
        return false;
    // print("result: ", value) puts two spaces between the words.
    const std::optional<qint32> number = Lab::resultNumber(message.content);
    return !number || line({ u"result:  ", QString::number(*number) });
}

} // namespace Wirelab::Transcript
