#include "checkapplication.h"

#include <QtCore/QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Wirelab"));
    QCoreApplication::setApplicationName(QStringLiteral("wirelab-check"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WIRELAB_VERSION));
    return Wirelab::Check::runCheckApplication();
}
