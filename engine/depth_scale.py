"""The measured per-layer factor of Var[∂ℓ/∂h], beside the theory's, as one line of text.

A gradient that vanishes or explodes does so geometrically: Var[∂ℓ/∂h^(t−1)] ≈
χ·Var[∂ℓ/∂h^t], so ln Var is a straight line over the layers and its slope gives χ
and the depth scale ξ = −1/ln χ (Schoenholz et al. 2017): e-fold every |ξ| layers. The
line is fitted by least squares over the layers where the measurement means something:
finite, non-zero and, in a half format, inside its normal range (below it values are
subnormal and lose their digits, then flush to 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .formats import RANGES, short
from .words import QT_TRANSLATE_NOOP, Message, message

MIN_LAYERS = 3  # a slope from fewer layers says nothing


@dataclass(frozen=True)
class LayerFactor:
    measured: float  # Var[∂ℓ/∂h^(t−1)] ÷ Var[∂ℓ/∂h^t], fitted
    theory: float | None  # the same fit of the theory line (None: not drawn)
    first: int  # the layers fitted, first … last
    last: int

    @property
    def depth_scale(self) -> float:
        """ξ = −1/ln χ of the measurement (inf when level, negative when growing)."""
        return math.inf if self.measured == 1 else -1.0 / math.log(self.measured)

    def text(self) -> Message:
        """'Var[∂ℓ/∂h] ×0.056 per layer down (theory ×0.0557), e-fold every ξ = 3.5
        layers (fit: layers 1–30)' (a `Message`: the window shows it translated)."""
        xi = abs(self.depth_scale)
        if xi > 1000:
            scale = QT_TRANSLATE_NOOP("DepthScale", "level (|ξ| > 1000 layers)")
        elif self.measured > 1:
            scale = message(
                QT_TRANSLATE_NOOP("DepthScale", "grows e-fold every ξ = {xi} layers"),
                xi=_number(xi, 2),
            )
        else:
            scale = message(
                QT_TRANSLATE_NOOP("DepthScale", "shrinks e-fold every ξ = {xi} layers"),
                xi=_number(xi, 2),
            )
        values = {
            "factor": _number(self.measured, 2),
            "scale": scale,
            "first": str(self.first),
            "last": str(self.last),
        }
        if self.theory is None:
            template = QT_TRANSLATE_NOOP(
                "DepthScale",
                "Var[∂ℓ/∂h] ×{factor} per layer down, {scale} (fit: layers {first}–{last})",
            )
            return message(template, **values)
        template = QT_TRANSLATE_NOOP(
            "DepthScale",
            "Var[∂ℓ/∂h] ×{factor} per layer down (theory ×{theory}), {scale} "
            "(fit: layers {first}–{last})",
        )
        return message(template, theory=_number(self.theory, 3), **values)


def _number(x: float, digits: int) -> str:
    """`digits` significant digits, without an exponent between 1e-4 and 1e5."""
    rounded = float(f"{x:.{digits}g}")
    if 1e-4 <= abs(rounded) < 1e5:
        return f"{rounded:f}".rstrip("0").rstrip(".")
    return short(rounded)


def _slope(layers: np.ndarray, values: np.ndarray) -> float:
    return float(np.polyfit(layers, np.log(values), 1)[0])


def gradient_factor(frame) -> LayerFactor | None:
    """The fit over the longest run of meaningful layers; None where there are fewer
    than MIN_LAYERS."""
    var = np.asarray(frame["grad_h_var"], dtype=np.float64)
    fmt = RANGES[frame.config.precision]
    with np.errstate(invalid="ignore"):
        rms = np.sqrt(var)
        good = np.isfinite(var) & (var > 0) & (rms >= fmt.tiny) & (rms <= fmt.max)
    best, start = (0, 0), None
    for i, ok in enumerate([*good, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            best = max(best, (i - start, start))
            start = None
    length, first = best
    if length < MIN_LAYERS:
        return None
    layers = np.arange(first, first + length, dtype=np.float64) + 1
    chosen = slice(first, first + length)
    measured = math.exp(-_slope(layers, var[chosen]))
    theory = np.asarray(frame["grad_h_var_theory"], dtype=np.float64)[chosen]
    predicted = None
    if np.all(np.isfinite(theory) & (theory > 0)):
        predicted = math.exp(-_slope(layers, theory))
    return LayerFactor(measured, predicted, first + 1, first + length)
