#ifndef WIRELAB_CLIENTJUDGE_H
#define WIRELAB_CLIENTJUDGE_H

#include "caseresult.h"
#include "checkcase.h"
#include "outcome.h"

#include <QtCore/QList>

// Client mode: did the student's client send the right request, end in time and print the
// right thing? Sans-I/O: bytes and process output in, findings out.
namespace Wirelab::Check::ClientJudge {

struct RequestSeen
{
    bool connected = false;
    QByteArray bytes;
    bool clientClosed = false; // the client closed its side (so a cut-off request is final)
};

QList<Finding> judgeRequest(const CheckCase &testCase, const RequestSeen &request);
QList<Finding> judgeRun(const CheckCase &testCase, const ProcessOutcome &process, qint64 timeoutMs);

// The client's output as one text for "Actual:": its exit, then its standard output and error.
QString describeOutput(const ProcessOutcome &process);

} // namespace Wirelab::Check::ClientJudge

#endif // WIRELAB_CLIENTJUDGE_H
