#include "rolecolors.h"

#include <QtCore/QCoreApplication>
#include <cmath>

namespace Wirelab::RoleColors {

namespace {

constexpr double LegibleContrast = 4.5;

double luminance(const QColor &color)
{
    const auto channel = [](double value) {
        return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

struct Hue
{
    int hue;        // -1: grey
    double saturation;
    double shift;   // lightness apart from the others of its kind (a key beside its header)
};

Hue hueOf(OutlineRole role)
{
    switch (role) {
    case OutlineRole::LengthPrefix: return { 25, 0.80, 0.0 };
    case OutlineRole::Header: return { 210, 0.60, 0.0 };
    case OutlineRole::HeaderKey: return { 220, 0.75, 0.10 };
    case OutlineRole::Content: return { 100, 0.50, 0.0 };
    case OutlineRole::Name: return { 48, 0.90, 0.0 };
    case OutlineRole::Integer: return { 285, 0.55, 0.0 };
    case OutlineRole::Trailing: return { -1, 0.0, 0.0 };
    case OutlineRole::Error: return { 0, 0.85, 0.0 };
    }
    return { -1, 0.0, 0.0 };
}

// The colour of a hue that reads against other: from the lightness start, a step at a time
// away from it (darker against a light colour, lighter against a dark one) until the
// contrast is legible.
QColor legibleAgainst(int hue, double saturation, double start, const QColor &other)
{
    const bool darker = luminance(other) > 0.18; // the perceptual middle grey
    double lightness = start;
    QColor color = QColor::fromHslF(qMax(0, hue) / 360.0, hue < 0 ? 0.0 : saturation, lightness);
    for (int step = 0; step < 50 && contrast(color, other) < LegibleContrast; ++step) {
        lightness = qBound(0.0, lightness + (darker ? -0.02 : 0.02), 1.0);
        color = QColor::fromHslF(qMax(0, hue) / 360.0, hue < 0 ? 0.0 : saturation, lightness);
    }
    return color;
}

} // namespace

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor background(OutlineRole role, const QPalette &palette)
{
    // Near the base: pastel on a light theme, deep on a dark one; the text decides how far.
    const Hue hue = hueOf(role);
    const bool dark = luminance(palette.color(QPalette::Base)) < 0.18;
    return legibleAgainst(hue.hue, hue.saturation, (dark ? 0.34 : 0.86) - (dark ? -hue.shift : hue.shift),
                          palette.color(QPalette::Text));
}

QColor errorText(const QPalette &palette)
{
    // A red for text, the nearest to a plain red that reads on the base.
    return legibleAgainst(0, 0.9, 0.5, palette.color(QPalette::Base));
}

QColor errorSelection(const QPalette &palette)
{
    return legibleAgainst(0, 0.85, 0.5, palette.color(QPalette::HighlightedText));
}

QString name(OutlineRole role)
{
    switch (role) {
    case OutlineRole::LengthPrefix: return QCoreApplication::translate("RoleColors", "2-byte length");
    case OutlineRole::Header: return QCoreApplication::translate("RoleColors", "JSON header");
    case OutlineRole::HeaderKey: return QCoreApplication::translate("RoleColors", "key");
    case OutlineRole::Content: return QCoreApplication::translate("RoleColors", "content");
    case OutlineRole::Name: return QCoreApplication::translate("RoleColors", "6-byte name");
    case OutlineRole::Integer: return QCoreApplication::translate("RoleColors", "int32");
    case OutlineRole::Trailing: return QCoreApplication::translate("RoleColors", "after the message");
    case OutlineRole::Error: return QCoreApplication::translate("RoleColors", "error");
    }
    return {};
}

} // namespace Wirelab::RoleColors
