#ifndef WIRELAB_PROTOCOLLOGGING_H
#define WIRELAB_PROTOCOLLOGGING_H

#include <QtCore/QLoggingCategory>

// wirelab.protocol: what the decoder refused and why. Off by default; switch it on with
// QT_LOGGING_RULES="wirelab.protocol.debug=true" or a program's --verbose.
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)

#endif // WIRELAB_PROTOCOLLOGGING_H
