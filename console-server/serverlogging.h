#ifndef WIRELAB_SERVERLOGGING_H
#define WIRELAB_SERVERLOGGING_H

#include <QtCore/QLoggingCategory>

// wirelab.server: one line for each problem with a client (warnings, always on), and with
// --verbose or QT_LOGGING_RULES="wirelab.server.debug=true" what the server is doing.
Q_DECLARE_LOGGING_CATEGORY(lcServer)

#endif // WIRELAB_SERVERLOGGING_H
