#ifndef WIRELAB_EVIDENCECAPTURE_H
#define WIRELAB_EVIDENCECAPTURE_H

#include "caseresult.h"
#include "conversation.h"
#include "evidence.h"

#include <QtCore/QList>
#include <QtCore/QString>

// A case's evidence as the capture module's conversations, so that PcapngWriter makes a
// capture of it that Wireshark opens: each connection one conversation, each write and read
// one segment, at the times they happened.
namespace Wirelab::Check::EvidenceCapture {

// comment goes with the first packet of the first conversation ("wirelab-check 5.2.1 FAIL: ...").
QList<Conversation> conversations(const Evidence &evidence, const QString &comment = {});

// Writes a capture of each case that did not pass into directory, named after the case's
// anchor ("case-5.2.1-bytes.pcapng"), and notes the file in the case. False, with the
// reason in *error, if one could not be written.
bool writeCaptures(CheckReport &report, const QString &directory, QString *error);

} // namespace Wirelab::Check::EvidenceCapture

#endif // WIRELAB_EVIDENCECAPTURE_H
