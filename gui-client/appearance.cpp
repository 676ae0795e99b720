#include "appearance.h"

#include <QtGui/QPalette>
#include <QtWidgets/QApplication>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyleFactory>

namespace Wirelab::Appearance {

namespace {

QPalette darkPalette()
{
    // Fusion's own dark colours, as the common dark Qt themes have them.
    QPalette palette;
    const QColor window(0x35, 0x35, 0x35);
    const QColor base(0x23, 0x23, 0x23);
    const QColor text(0xee, 0xee, 0xee);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x2c, 0x2c, 0x2c));
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, QColor(0x6a, 0xb0, 0xff));
    palette.setColor(QPalette::Highlight, QColor(0x2a, 0x62, 0xb0));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return palette;
}

} // namespace

void apply(Colours colours)
{
    static const QString systemStyle = QApplication::style()->name();
    static const QPalette systemPalette = QApplication::palette();
    switch (colours) {
    case Colours::System:
        QApplication::setStyle(QStyleFactory::create(systemStyle));
        QApplication::setPalette(systemPalette);
        break;
    case Colours::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Colours::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
}

QString name(Colours colours)
{
    switch (colours) {
    case Colours::System: return QStringLiteral("system");
    case Colours::Light: return QStringLiteral("light");
    case Colours::Dark: return QStringLiteral("dark");
    }
    return {};
}

std::optional<Colours> fromName(const QString &text)
{
    for (const Colours colours : { Colours::System, Colours::Light, Colours::Dark }) {
        if (text == name(colours))
            return colours;
    }
    return std::nullopt;
}

} // namespace Wirelab::Appearance
