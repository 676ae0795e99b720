#include "transcript.h"

#include "labprotocol.h"
#include "pythonrepr.h"

namespace Wirelab::Transcript {
namespace {

// repr() of the dict json.loads() made, read from the content's own text (numbers and nested
// keys exactly as Python has them).
QString jsonContentRepr(const DecodedMessage &message)
{
    return PythonRepr::jsonText(message.jsonText).value_or(PythonRepr::json(message.jsonContent));
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
    const Lab::ResponseSummary summary = Lab::summarizeResponse(response);
    if (summary.isJson)
        return { QLatin1String("received response ") + jsonContentRepr(response) + from(peer),
                 QLatin1String("got result: ") + summary.resultText };
    QStringList lines = { QLatin1String("received ") + response.message.header.contentType
                                  + QLatin1String(" response") + from(peer),
                          QLatin1String("got response: ") + summary.resultText };
    // print("result: ", value) puts two spaces between the words.
    if (summary.resultNumber)
        lines.append(QLatin1String("result:  ") + QString::number(*summary.resultNumber));
    return lines;
}

} // namespace Wirelab::Transcript
