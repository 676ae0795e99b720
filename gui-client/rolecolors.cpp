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

// The hue at the lightness nearest to the base's that still leaves text legible on it.
QColor legibleOn(const Hue &hue, const QColor &text, bool darkTheme)
{
    const int h = hue.hue < 0 ? 0 : hue.hue;
    const double saturation = hue.hue < 0 ? 0.0 : hue.saturation;
    // Start near the base (pastel on light, deep on dark) and move away from the text until
    // it reads.
    double lightness = darkTheme ? 0.34 - hue.shift : 0.86 - hue.shift;
    QColor color = QColor::fromHslF(h / 360.0, saturation, lightness);
    for (int step = 0; step < 40 && contrast(color, text) < LegibleContrast; ++step) {
        lightness += darkTheme ? -0.02 : 0.02;
        color = QColor::fromHslF(h / 360.0, saturation, qBound(0.0, lightness, 1.0));
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
    const bool dark = luminance(palette.color(QPalette::Base)) < 0.3;
    return legibleOn(hueOf(role), palette.color(QPalette::Text), dark);
}

QColor errorText(const QPalette &palette, bool selected)
{
    // A red for text: from the darkest, as light as it needs to be to read on the background
    // (the base, or the selection's highlight), legible on both where it can.
    const QColor behind = palette.color(selected ? QPalette::Highlight : QPalette::Base);
    const bool darkBehind = luminance(behind) < 0.3;
    double lightness = darkBehind ? 0.62 : 0.35;
    QColor color = QColor::fromHslF(0.0, 0.9, lightness);
    for (int step = 0; step < 40 && contrast(color, behind) < LegibleContrast; ++step) {
        lightness += darkBehind ? 0.015 : -0.015;
        color = QColor::fromHslF(0.0, 0.9, qBound(0.0, lightness, 1.0));
    }
    if (contrast(color, behind) < LegibleContrast)
        return palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    return color;
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
