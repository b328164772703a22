"""Light and dark themes for the plots: one palette, used on screen and in exports.

Series colours come from the Okabe–Ito palette (distinguishable with colour-blindness)
and keep the same meaning in every plot: blue = activations / ∂ℓ/∂h measured,
orange = ∂ℓ/∂W, black/white dashed = theory.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtCore, QtGui


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    grid_alpha: float
    measured: str
    weight: str
    theory: str
    mean: str
    zero: str
    inf: str
    nan: str
    healthy_fill: tuple[int, int, int, int]
    fp16_line: str
    selection: str

    def pen(self, colour: str, width: float = 2.0, dashed: bool = False) -> QtGui.QPen:
        pen = pg.mkPen(colour, width=width)
        pen.setCosmetic(True)
        if dashed:
            pen.setStyle(QtCore.Qt.PenStyle.DashLine)
        return pen


LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#303030",
    grid_alpha=0.18,
    measured="#0072B2",
    weight="#E69F00",
    theory="#222222",
    mean="#009E73",
    zero="#56B4E9",
    inf="#D55E00",
    nan="#CC79A7",
    healthy_fill=(0, 158, 115, 28),
    fp16_line="#B07000",
    selection="#888888",
)

DARK = Theme(
    name="dark",
    background="#1e1f22",
    foreground="#d8d8d8",
    grid_alpha=0.22,
    measured="#56B4E9",
    weight="#F0C040",
    theory="#f0f0f0",
    mean="#33d6a0",
    zero="#8fd3ff",
    inf="#ff7a3d",
    nan="#ff9ad5",
    healthy_fill=(0, 200, 140, 36),
    fp16_line="#ffb347",
    selection="#aaaaaa",
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK)}  # figures.WINDOW_THEMES


def style_series(item: pg.PlotDataItem, theme: Theme, colour: str, width: float) -> None:
    """A measured curve: line and point markers in one colour."""
    item.setPen(theme.pen(colour, width))
    item.setSymbolBrush(pg.mkBrush(colour))
    item.setSymbolPen(theme.pen(colour, 1))


def style_colorbar(bar: pg.ColorBarItem, theme: Theme) -> None:
    """A colour bar's axis and label in the theme's colours."""
    axis = bar.axis
    axis.setPen(theme.pen(theme.foreground, 1))
    axis.setTextPen(theme.pen(theme.foreground, 1))
    if axis.labelText:
        axis.setLabel(axis.labelText, color=theme.foreground)


def style_plot_item(plot: pg.PlotItem, theme: Theme) -> None:
    """Axes, labels and grid of one PlotItem in the theme's colours."""
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.enableAutoSIPrefix(False)
        # pyqtgraph 0.14 keeps the last automatic scale after disabling it: a log axis
        # would read 10^27 too low after a theme change during an exploding run.
        axis.autoSIPrefixScale = 1.0
        axis.labelUnitPrefix = ""
        axis.setPen(theme.pen(theme.foreground, 1))
        axis.setTextPen(theme.pen(theme.foreground, 1))
        label_style = {"color": theme.foreground, "font-size": "11pt"}
        axis.labelStyle = label_style
        if axis.label is not None and axis.labelText:
            axis.setLabel(axis.labelText, units=axis.labelUnits, **label_style)
    # No grid: pyqtgraph's grid costs ~5 ms per plot and repaint on a software raster,
    # more than all the data; the shaded bands and reference lines guide the eye instead.
    plot.showGrid(x=False, y=False)
    title = plot.titleLabel
    if title.text:
        title.setText(title.text, color=theme.foreground, size="12pt")


# Pinned runs' colours. Okabe–Ito's eight colours all mean something in the live plots
# already (measured, ∂ℓ/∂W, mean, theory and the three fault markers), so pins take Paul
# Tol's "muted" scheme, also designed to stay distinct with colour-blindness; the order
# puts the most contrasting first. On a dark background: lighter colours from Tol's
# schemes (and a tan), each clear of the dark theme's own series colours.
PIN_COLOURS_LIGHT = ("#CC6677", "#332288", "#999933", "#882255", "#44AA99", "#AA4499")
PIN_COLOURS_DARK = ("#EE8899", "#9988EE", "#BBCC33", "#44AA99", "#CC77BB", "#DDAA77")


def pin_colour(theme: Theme, slot: int) -> str:
    """The colour of pin `slot` (0–5) on `theme`'s background (light text: a dark one)."""
    light_text = QtGui.QColor(theme.foreground).lightnessF() > 0.5
    colours = PIN_COLOURS_DARK if light_text else PIN_COLOURS_LIGHT
    return colours[slot % len(colours)]
