#ifndef WIRELAB_ROLECOLORS_H
#define WIRELAB_ROLECOLORS_H

#include "messageoutline.h"

#include <QtGui/QColor>
#include <QtGui/QPalette>

// The colours of a message's parts, chosen against the palette in use, so that a light
// theme and a dark one are both legible: each role keeps its hue, at the lightness that
// gives the palette's own text a contrast of at least 4.5:1 (WCAG AA) on it.
namespace Wirelab::RoleColors {

QColor background(OutlineRole role, const QPalette &palette);
// An error row's text in the tree, legible on the base colour and on the selection's.
QColor errorText(const QPalette &palette, bool selected);
QString name(OutlineRole role); // "2-byte length", "JSON header", ...
// WCAG's contrast ratio of two colours, from 1 to 21.
double contrast(const QColor &a, const QColor &b);

} // namespace Wirelab::RoleColors

#endif // WIRELAB_ROLECOLORS_H
