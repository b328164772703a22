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
from .words import QT_TRANSLATE_NOOP, Text, message

LINEAR_OFF = 0.1  # the linear model is "off" where a Gaussian expectation differs by 10%
WIDE = 1.0  # Σ 1/n_t from which one network visibly drifts from the infinite-width line
HIGH, LOW = QT_TRANSLATE_NOOP("TheoryNotes", "high"), QT_TRANSLATE_NOOP("TheoryNotes", "low")


def joined(lines) -> str:
    """The non-empty `lines` as one note, one per line: a `Message` whose values are the
    lines (each translated on its own in the window); '' when there is none."""
    lines = [line for line in lines if line]
    if len(lines) <= 1:
        return lines[0] if lines else ""
    template = Text("TheoryNotes", "\n".join(f"{{line{i}}}" for i in range(len(lines))))
    return message(template, **{f"line{i}": line for i, line in enumerate(lines)})


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
            return message(
                QT_TRANSLATE_NOOP(
                    "TheoryNotes",
                    "linear theory off from layer {layer}: it takes {phi} as linear "
                    "near 0, but z spreads to √q = {spread} there and the linear model's "
                    "{what} is {off} too {direction}",
                ),
                layer=str(t + 1),
                phi=label,
                spread=f"{math.sqrt(qt):.2g}",
                what=what,
                off=f"{abs(off):.0%}",
                direction=HIGH if off > 0 else LOW,
            )
    return ""


def _width_note(widths: tuple[int, ...]) -> str:
    inverse = sum(1.0 / n for n in widths[1:])
    if inverse < WIDE:
        return ""
    return message(
        QT_TRANSLATE_NOOP(
            "TheoryNotes",
            "theory assumes width ≫ depth: {layers} layers of {units} units (Σ 1/n = "
            "{inverse}) let one network drift far from the line",
        ),
        layers=str(len(widths) - 1),
        units=f"{min(widths[1:])}{'+' if len(set(widths[1:])) > 1 else ''}",
        inverse=f"{inverse:.2g}",
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
            message(
                QT_TRANSLATE_NOOP(
                    "TheoryNotes",
                    "∂ℓ/∂h falls below {format}'s smallest normal {tiny} at {count} layers "
                    "(subnormal, then 0 below {zero})",
                ),
                format=precision,
                tiny=short(fmt.tiny),
                count=str(low.size),
                zero=short(fmt.subnormal / 2),
            )
        )
    if high.size:
        parts.append(
            message(
                QT_TRANSLATE_NOOP("TheoryNotes", "values pass {max} from layer {layer} (inf)"),
                max=short(fmt.max),
                layer=str(high[0] + 1),
            )
        )
    if not parts:
        return ""
    if len(parts) == 1:
        return message(
            QT_TRANSLATE_NOOP("TheoryNotes", "theory assumes exact arithmetic: {first}"),
            first=parts[0],
        )
    return message(
        QT_TRANSLATE_NOOP("TheoryNotes", "theory assumes exact arithmetic: {first}; {second}"),
        first=parts[0],
        second=parts[1],
    )


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
    if lost.size > 1:
        template = QT_TRANSLATE_NOOP(
            "TheoryNotes",
            "theory assumes exact arithmetic: float32 rounds away φ(z) − φ(0) of "
            "{phi} at z ~ √q = {z} (layer {layer} on)",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "TheoryNotes",
            "theory assumes exact arithmetic: float32 rounds away φ(z) − φ(0) of "
            "{phi} at z ~ √q = {z} (layer {layer})",
        )
    return message(template, phi=label, z=short(float(u[lost[0]])), layer=str(lost[0] + 1))


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
    return joined(lines)


def _layer_norm_note(activation: str) -> str:
    label = ACTIVATIONS[activation].label
    mean, second, dphi2 = moments(activation, 1.0)
    factor = dphi2 / second  # a square layer's χ once its input is a normalised layer's
    if mean * mean > 0.1 * second:
        return message(
            QT_TRANSLATE_NOOP(
                "TheoryNotes",
                "LayerNorm fixes the forward scale (z has unit variance at every layer), not "
                "the derivative factor: Var[∂ℓ/∂h] ×{factor} per layer = "
                "E[{phi}'(z)²]/E[h²], as h's mean {mean} inflates E[h²] (BatchNorm "
                "divides by Var[h] instead)",
            ),
            factor=f"{factor:.3g}",
            phi=label,
            mean=f"{mean:.2g}",
        )
    return message(
        QT_TRANSLATE_NOOP(
            "TheoryNotes",
            "LayerNorm fixes the forward scale (z has unit variance at every layer), not the "
            "derivative factor: Var[∂ℓ/∂h] ×{factor} per layer = E[{phi}'(z)²]/E[h²]",
        ),
        factor=f"{factor:.3g}",
        phi=label,
    )


def batch_norm_note(activation: str) -> str:
    """Why BatchNorm's lines are not drawn, and what it fixes and what not."""
    label = ACTIVATIONS[activation].label
    mean, second, dphi2 = moments(activation, 1.0)
    return message(
        QT_TRANSLATE_NOOP(
            "TheoryNotes",
            "theory not drawn with BatchNorm: its per-layer factor depends on the batch. It "
            "fixes the forward scale (every unit's z has unit variance over the batch), not "
            "the derivative factor: Var[∂ℓ/∂h] changes by about E[{phi}'(z)²]/Var[h] "
            "= {factor} per layer for a large batch, more for a small one",
        ),
        phi=label,
        factor=f"{dphi2 / (second - mean * mean):.3g}",
    )
