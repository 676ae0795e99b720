#include "clientapplication.h"

#include <QtCore/QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Wirelab"));
    QCoreApplication::setApplicationName(QStringLiteral("wirelab-client"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WIRELAB_VERSION));
    return Wirelab::runClientApplication(argc, argv);
}
