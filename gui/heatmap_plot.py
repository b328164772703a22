"""Heatmap: layer × recent steps of log10 gradient size, with a colour bar.

History is a fixed-size ring buffer (memory stays flat however long the lab runs) that
restarts whenever the run does. Exactly-zero gradients take the bottom colour, ±inf the
top one, NaN is left blank.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from .plot_base import LabPlot

HISTORY = 240

QUANTITIES = {
    "grad_h": ("log₁₀ RMS ∂ℓ/∂h", lambda f: np.sqrt(np.asarray(f["grad_h_var"], float))),
    "grad_w": ("log₁₀ ‖∂ℓ/∂W‖", lambda f: np.asarray(f["grad_w_norm"], float)),
    "update_ratio": ("log₁₀ update : data", lambda f: 10.0 ** np.asarray(f["update_ratio"], float)),
}


class HeatmapPlot(LabPlot):
    def __init__(self, parent=None):
        super().__init__(parent, legend=False)
        self.setObjectName("heatmapPlot")
        p = self.plot_item
        p.setTitle("Gradient size over recent steps")
        p.setLabel("bottom", "steps ago")
        p.setLabel("left", "layer t")
        self.image = pg.ImageItem(axisOrder="row-major")
        p.addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(-8, 2),
            colorMap=pg.colormap.get("viridis"),
            label="log₁₀ RMS ∂ℓ/∂h",
            interactive=False,
            width=14,
        )
        self.colorbar.setImageItem(self.image, insert_in=p)
        self.quantity = "grad_h"
        self._buffer = np.full((1, HISTORY), np.nan)
        self._filled = 0
        self._run = None
        self.setToolTip(
            "Each column is one step, newest on the right; each row a layer. A dark band "
            "at the bottom means the bottom layers' gradients vanished. Zero = darkest, "
            "inf = brightest, NaN = blank."
        )

    def set_quantity(self, quantity: str) -> None:
        self.quantity = quantity
        self.colorbar.axis.setLabel(QUANTITIES[quantity][0])
        self._run = None  # restart history

    def show_frame(self, frame) -> None:
        depth = len(frame["layer"])
        key = (frame.run_id, depth)
        if key != self._run:
            self._run = key
            self._buffer = np.full((depth, HISTORY), np.nan)
            self._filled = 0
        values = QUANTITIES[self.quantity][1](frame)
        with np.errstate(divide="ignore", invalid="ignore"):
            column = np.log10(values)
        self._buffer = np.roll(self._buffer, -1, axis=1)
        self._buffer[:, -1] = column
        self._filled = min(self._filled + 1, HISTORY)
        shown = self._buffer
        finite = shown[np.isfinite(shown)]
        if finite.size:
            lo, hi = float(finite.min()), float(finite.max())
            if hi - lo < 1:
                lo, hi = lo - 0.5, hi + 0.5
        else:
            lo, hi = -8.0, 2.0
        image = np.where(np.isneginf(shown), lo, np.where(np.isposinf(shown), hi, shown))
        self.colorbar.setLevels((lo, hi))
        self.image.setImage(image, autoLevels=False, levels=(lo, hi))
        self.image.setRect(-HISTORY, 0.5, HISTORY, depth)

    def history(self) -> np.ndarray:
        """The filled part of the history (layers × steps), oldest step first."""
        return self._buffer[:, HISTORY - self._filled :].copy()
