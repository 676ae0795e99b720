#ifndef WIRELAB_ANSWERJUDGE_H
#define WIRELAB_ANSWERJUDGE_H

#include "caseresult.h"
#include "checkcase.h"
#include "outcome.h"

#include <QtCore/QList>

// Server mode: is what came back on a connection a right answer? Sans-I/O, like the decoder.
namespace Wirelab::Check::AnswerJudge {

struct Context
{
    QString clause; // the case's clause, cited by a wrong meaning
    QString subject; // "answer", "next client's answer", ...
    qint64 timeoutMs = 0;
    QString refusedHint; // appended to a refused connection's problem
    QString missingHint; // appended to the problem of any answer that did not come
};

// The checks the answer does not meet, worst first: the meaning at the expectation's level,
// then (SHOULD) the lab's bytes, nothing after the message, and the close.
QList<Finding> judge(const Expectation &expectation, const ConnectionOutcome &outcome,
                     const Context &context);

} // namespace Wirelab::Check::AnswerJudge

#endif // WIRELAB_ANSWERJUDGE_H
