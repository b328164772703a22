"""The whole window in the plots' theme: an application palette and a small stylesheet.

The plots paint their own canvases (gui/theme.py); everything else — controls, tabs,
docks, menus, the status bar, tooltips, dialogs and the Taylor panel's text — follows
Qt's application palette, so dark mode sets one derived from the `Theme`, and light mode
goes back to the style's standard palette. Disabled text keeps a readable contrast in
both (Fusion's own light one is 1.6 : 1). The few labels that carry a message colour
(the banner, the controls' problem line, the formula dialog's verdict) get it from
`set_tone`, which recolours them whenever the theme changes.
"""

from __future__ import annotations

import shiboken6
from PySide6 import QtGui, QtWidgets

from .theme import LIGHT, Theme

Role, Group = QtGui.QPalette.ColorRole, QtGui.QPalette.ColorGroup

# Message colours per theme: (text, background, border), each text ≥ 4.5 : 1 on its
# background and on the window.
TONES = {
    "light": {
        "error": ("#8a1c00", "#fde2d6", "#D55E00"),
        "good": ("#1B5E20", "", ""),
        "muted": ("#555555", "", ""),
    },
    "dark": {
        "error": ("#ffb59a", "#4a2113", "#D55E00"),
        "good": ("#8fdc93", "", ""),
        "muted": ("#a9abb0", "", ""),
    },
}
LIGHT_DISABLED = "#6f6f6f"  # 5.0 : 1 on white, 4.4 : 1 on Fusion's grey window


def mix(a: str, b: str, t: float) -> QtGui.QColor:
    """The colour a fraction `t` of the way from `a` to `b`."""
    ca, cb = QtGui.QColor(a), QtGui.QColor(b)
    return QtGui.QColor(
        round(ca.red() + t * (cb.red() - ca.red())),
        round(ca.green() + t * (cb.green() - ca.green())),
        round(ca.blue() + t * (cb.blue() - ca.blue())),
    )


def luminance(colour: QtGui.QColor | str) -> float:
    """WCAG relative luminance, 0 (black) … 1 (white)."""
    c = QtGui.QColor(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QtGui.QColor | str, b: QtGui.QColor | str) -> float:
    """WCAG contrast ratio of two colours, 1 … 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def tone(theme: Theme, name: str) -> str:
    """A message colour ('error', 'good', 'muted') readable on `theme`'s background."""
    return TONES.get(theme.name, TONES["light"])[name][0]


def dark_palette(theme: Theme) -> QtGui.QPalette:
    """Qt's palette from a dark `Theme`: its background and text, the rest mixed."""
    bg, fg = theme.background, theme.foreground
    colours = {
        Role.Window: QtGui.QColor(bg),
        Role.WindowText: QtGui.QColor(fg),
        Role.Base: mix(bg, fg, 0.07),
        Role.AlternateBase: mix(bg, fg, 0.12),
        Role.Text: QtGui.QColor(fg),
        Role.Button: mix(bg, fg, 0.12),
        Role.ButtonText: QtGui.QColor(fg),
        Role.BrightText: QtGui.QColor("#ffffff"),
        Role.Light: mix(bg, fg, 0.30),
        Role.Midlight: mix(bg, fg, 0.20),
        Role.Mid: mix(bg, fg, 0.35),
        Role.Dark: mix(bg, "#000000", 0.4),
        Role.Shadow: QtGui.QColor("#000000"),
        Role.Highlight: QtGui.QColor(theme.measured),
        Role.HighlightedText: QtGui.QColor("#101010"),
        Role.Link: QtGui.QColor(theme.zero),
        Role.LinkVisited: QtGui.QColor(theme.nan),
        Role.ToolTipBase: mix(bg, fg, 0.16),
        Role.ToolTipText: QtGui.QColor(fg),
        Role.PlaceholderText: mix(bg, fg, 0.55),
    }
    palette = QtGui.QPalette()
    for role, colour in colours.items():
        palette.setColor(role, colour)
    disabled = mix(bg, fg, 0.6)  # 5 : 1 on the window, 4.3 : 1 on a field: dimmer, read
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, disabled)
    palette.setColor(Group.Disabled, Role.Base, QtGui.QColor(bg))
    palette.setColor(Group.Disabled, Role.Button, mix(bg, fg, 0.06))
    palette.setColor(Group.Disabled, Role.Highlight, mix(bg, fg, 0.3))
    return palette


def light_palette(app: QtWidgets.QApplication) -> QtGui.QPalette:
    """The style's standard palette, with disabled text dark enough to read."""
    palette = app.style().standardPalette()
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QtGui.QColor(LIGHT_DISABLED))
    return palette


def tone_style(theme: Theme, name: str) -> str:
    """The stylesheet of a label in tone `name` ('error', 'good', 'muted', 'banner')."""
    tones = TONES.get(theme.name, TONES["light"])
    if name == "banner":
        text, back, border = tones["error"]
        return f"background: {back}; color: {text}; padding: 6px; border: 1px solid {border};"
    weight = " font-weight: bold;" if name == "error" else ""
    return f"color: {tones[name][0]};{weight}"


_toned: dict[int, tuple[QtWidgets.QLabel, str]] = {}  # id → (label, tone), while alive
_current: list[Theme] = []  # the theme the window wears (none yet: light)


def apply_window_theme(theme: Theme, app: QtWidgets.QApplication | None = None) -> None:
    """Dress every widget of the application (windows, dialogs, menus) in `theme`."""
    app = app or QtWidgets.QApplication.instance()
    if app is None:
        return
    _current[:] = [theme]
    palette = dark_palette(theme) if theme.name == "dark" else light_palette(app)
    if app.palette() != palette:  # each change re-polishes every widget: only when needed
        app.setPalette(palette)
        QtWidgets.QToolTip.setPalette(palette)
    for key, (label, name) in list(_toned.items()):
        if shiboken6.isValid(label):
            label.setStyleSheet(tone_style(theme, name))
        else:
            del _toned[key]


def set_tone(label: QtWidgets.QLabel, name: str | None) -> None:
    """Colour `label` as a message of tone `name` in the current theme, and keep it so
    when the theme changes (None: the palette's text colour again).

    Per widget, not an application stylesheet: any application stylesheet makes Qt
    re-measure every spin box (23 → 19 px high), changing the whole window's look."""
    if name is None:
        _toned.pop(id(label), None)
        label.setStyleSheet("")
        return
    _toned[id(label)] = (label, name)
    label.setStyleSheet(tone_style(_current[0] if _current else LIGHT, name))
