"""The phase diagrams' colours: healthy is neutral, vanishing one hue, exploding another.

A rainbow or a map centred on an arbitrary level (CET-D1 centred at 10⁻³ painted the
healthy cells lavender and pink) makes the eye hunt for the boundary the lesson is about.
Here every value inside the healthy band is one light grey, and the colour leaves it by
a step at each edge: blue deepening towards vanishing, orange-brown towards exploding.
Blue against orange stays apart with every common colour-vision deficiency (it is the
Okabe–Ito pair the plots already use for measured and ∂ℓ/∂W).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from .window_theme import contrast

NEUTRAL = "#e6e6e6"
VANISHING = ("#9ec9ea", "#0b3c73")  # just below the band → the darkest end
EXPLODING = ("#f6c58f", "#7f3300")  # just above the band → the darkest end
EDGE = 1e-6  # the step at a band edge, as a fraction of the whole range


def health_map(lo: float, band_lo: float, band_hi: float, hi: float) -> pg.ColorMap:
    """A colour map over [lo, hi] (the colour bar's values): `NEUTRAL` on
    [band_lo, band_hi] (a point is allowed: then neutral marks exactly that value)."""
    span = hi - lo

    def at(v: float) -> float:
        return float(np.clip((v - lo) / span, 0.0, 1.0))

    a, b = at(band_lo), at(band_hi)
    stops = [
        (0.0, VANISHING[1]),
        (max(a - EDGE, 0.0), VANISHING[0]),
        (a, NEUTRAL),
        (b, NEUTRAL),
        (min(b + EDGE, 1.0), EXPLODING[0]),
        (1.0, EXPLODING[1]),
    ]
    positions, colours = [], []
    for pos, colour in stops:
        if positions and pos <= positions[-1]:
            pos = positions[-1] + 1e-9  # strictly increasing even at the ends
        positions.append(min(pos, 1.0))
        colours.append(QtGui.QColor(colour))
    return pg.ColorMap(np.clip(positions, 0.0, 1.0), colours)


def ink_on(cmap: pg.ColorMap, fraction: float) -> str:
    """Black or white: whichever reads better on the map's colour at `fraction`."""
    colour = cmap.map(np.array([fraction]), mode=pg.ColorMap.QCOLOR)[0]
    return max(("#111111", "#ffffff"), key=lambda ink: contrast(ink, colour))
