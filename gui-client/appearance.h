#ifndef WIRELAB_APPEARANCE_H
#define WIRELAB_APPEARANCE_H

#include <QtCore/QString>
#include <optional>

namespace Wirelab {

// The window's colours: the system's, or Qt's Fusion style in light or dark colours (a dark
// room, a projector). Every colour the window draws is chosen against the palette in use.
namespace Appearance {

enum class Colours { System, Light, Dark };

void apply(Colours colours);
QString name(Colours colours); // "system", "light", "dark": for settings and --colours
std::optional<Colours> fromName(const QString &name);

} // namespace Appearance

} // namespace Wirelab

#endif // WIRELAB_APPEARANCE_H
