"""What a theory line assumes, said where the assumption fails, in the plot's words.

A theory line is only worth drawing where it is true, so every prediction carries one
line per assumption that the config breaks: the linear model's "z stays near 0", the
infinite width both theories take, exact arithmetic in a half format, and what a
normalisation does and does not fix (the forward scale, not the derivative factor).
"""

from __future__ import annotations

import math

import numpy as np

from .activations import ACTIVATIONS
from .formats import RANGES, short
from .gaussian import moments

LINEAR_OFF = 0.1  # the linear model is "off" where a Gaussian expectation differs by 10%
WIDE = 1.0  # Σ 1/n_t from which one network visibly drifts from the infinite-width line


def _linear_note(activation: str, q: np.ndarray) -> str:
    """Where the linear model φ ≈ β + αz stops describing φ over z's spread."""
    from .theory import linear_moments  # the linear model lives with the theory

    model = linear_moments(activation)
    label = ACTIVATIONS[activation].label
    for t, qt in enumerate(q):
        if not math.isfinite(qt):
            return ""
        _, lin2, lin_d = model(qt)
        _, true2, true_d = moments(activation, qt)
        if not (true2 > 0 and true_d > 0):
            continue
        off2, off_d = lin2 / true2 - 1.0, lin_d / true_d - 1.0
        if max(abs(off2), abs(off_d)) > LINEAR_OFF:
            what, off = ("E[φ'(z)²]", off_d) if abs(off_d) >= abs(off2) else ("E[φ(z)²]", off2)
            return (
                f"linear theory off from layer {t + 1}: it takes {label} as linear near 0, "
                f"but z spreads to √q = {math.sqrt(qt):.2g} there and the linear model's "
                f"{what} is {abs(off):.0%} too {'high' if off > 0 else 'low'}"
            )
    return ""


def _width_note(widths: tuple[int, ...]) -> str:
    inverse = sum(1.0 / n for n in widths[1:])
    if inverse < WIDE:
        return ""
    return (
        f"theory assumes width ≫ depth: {len(widths) - 1} layers of {min(widths[1:])}"
        f"{'+' if len(set(widths[1:])) > 1 else ''} units (Σ 1/n = {inverse:.2g}) let "
        "one network drift far from the line"
    )


def _precision_note(precision: str, grad: np.ndarray, act_var: np.ndarray) -> str:
    """Layers whose predicted values leave the half format's normal range."""
    if precision == "fp32":
        return ""
    fmt = RANGES[precision]
    with np.errstate(invalid="ignore"):
        rms = np.sqrt(grad)
        low = np.flatnonzero(rms < fmt.tiny)
        high = np.flatnonzero((rms > fmt.max) | (np.sqrt(act_var) > fmt.max))
    parts = []
    if low.size:
        parts.append(
            f"∂ℓ/∂h falls below {precision}'s smallest normal {short(fmt.tiny)} at "
            f"{low.size} layers (subnormal, then 0 below {short(fmt.subnormal / 2)})"
        )
    if high.size:
        parts.append(f"values pass {short(fmt.max)} from layer {high[0] + 1} (inf)")
    if not parts:
        return ""
    return "theory assumes exact arithmetic: " + "; ".join(parts)


def _rounding_note(activation: str, q: np.ndarray) -> str:
    """Where float32 cannot hold φ(z) − φ(0) for z ~ √q (4·sigmoid − 2 and sigmoid
    round every change below ~1e-7 away): the network computes in float32 at least."""
    import torch

    with np.errstate(invalid="ignore"):
        u = np.sqrt(np.where(np.isfinite(q) & (q > 0), q, np.nan))
    act = ACTIVATIONS[activation]
    exact, rounded = (
        (act(torch.tensor(u, dtype=d)) - act(torch.zeros(1, dtype=d))).double().numpy()
        for d in (torch.float64, torch.float32)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        lost = np.flatnonzero(np.abs(rounded - exact) > 0.1 * np.abs(exact))
    if not lost.size:
        return ""
    label = ACTIVATIONS[activation].label
    return (
        f"theory assumes exact arithmetic: float32 rounds away φ(z) − φ(0) of {label} "
        f"at z ~ √q = {short(float(u[lost[0]]))} (layer {lost[0] + 1}"
        f"{' on' if lost.size > 1 else ''})"
    )


def assumption_notes(theory, activation, widths, batch, precision, norm, q, grad, act_var):
    """The lines a theory's plot shows: one per assumption that fails, and what a
    normalisation fixes."""
    lines = []
    if theory == "linear":
        lines.append(_linear_note(activation, q))
    lines.append(_width_note(widths))
    lines.append(_precision_note(precision, grad, act_var))
    if norm == "none":
        lines.append(_rounding_note(activation, q))
    if norm == "layer":
        lines.append(_layer_norm_note(activation))
    return "\n".join(line for line in lines if line)


def _layer_norm_note(activation: str) -> str:
    label = ACTIVATIONS[activation].label
    mean, second, dphi2 = moments(activation, 1.0)
    factor = dphi2 / second  # a square layer's χ once its input is a normalised layer's
    text = (
        "LayerNorm fixes the forward scale (z has unit variance at every layer), not the "
        f"derivative factor: Var[∂ℓ/∂h] ×{factor:.3g} per layer = E[{label}'(z)²]/E[h²]"
    )
    if mean * mean > 0.1 * second:
        text += f", as h's mean {mean:.2g} inflates E[h²] (BatchNorm divides by Var[h] instead)"
    return text


def batch_norm_note(activation: str) -> str:
    """Why BatchNorm's lines are not drawn, and what it fixes and what not."""
    label = ACTIVATIONS[activation].label
    mean, second, dphi2 = moments(activation, 1.0)
    return (
        "theory not drawn with BatchNorm: its per-layer factor depends on the batch. It "
        "fixes the forward scale (every unit's z has unit variance over the batch), not "
        f"the derivative factor: Var[∂ℓ/∂h] changes by about E[{label}'(z)²]/Var[h] = "
        f"{dphi2 / (second - mean * mean):.3g} per layer for a large batch, more for a "
        "small one"
    )
