"""`TaylorData` for the Taylor panel, built from `engine.taylor` (sympy) in the engine's
process, so the window draws exact series without loading sympy itself."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .protocol import TAYLOR_RANGE, TaylorData, taylor_grid


def _frozen(values) -> np.ndarray:
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)  # per activation: one array pair, shared by every order's data
def _curves(activation: str) -> tuple[np.ndarray, np.ndarray]:
    from . import taylor

    x = taylor_grid()
    return _frozen(taylor.true_values(activation, x)), _frozen(
        taylor.true_derivative(activation, x)
    )


def _gain_text(gain) -> str:
    """The variance factor as a short string: exact when short (1/16), else a float."""
    text = str(gain)
    return text if len(text) <= 6 else f"{float(gain):.5g}"


def taylor_data(activation: str, order: int) -> TaylorData:
    """Everything the panel shows of `activation` at `order` (ValueError for an unknown
    activation or an order out of range)."""
    from . import taylor

    series, verdict = taylor.taylor(activation, order), taylor.verdict(activation)
    values, slopes = _curves(activation)
    return TaylorData(
        activation=activation,
        order=order,
        left=tuple(float(c) for c in series.left),
        right=tuple(float(c) for c in series.right),
        piecewise=series.piecewise,
        nonzero_orders=tuple(series.nonzero_orders()),
        text=series.text(),
        side_texts=series.side_texts(),
        kink_text=series.kink_text(),
        latex=series.latex(),
        verdict=verdict.status,
        gain=_gain_text(verdict.gain),
        explanation=verdict.explanation,
        accurate=taylor.accurate_interval(activation, order, limit=TAYLOR_RANGE),
        values=values,
        slopes=slopes,
    )
