"""Per-layer predictions for the probe, from the registry's own activation.

Both theories follow one recursion over the layers of h^t = φ(W^t h^(t−1) + b^t), with
σ_w,t² = G²·n_(t−1)·γ_t (forward), ρ_t = G²·n_t·γ_t (backward) and σ_b² = bias_std²:

    q^t = σ_w,t² · E[(h^(t−1))²] + σ_b²      (the variance of z^t; E[x²] = 1)
    E[h^t], E[(h^t)²] = E[φ(√q^t z)], E[φ(√q^t z)²]
    Var[∂ℓ/∂h^(t−1)] = χ_t · Var[∂ℓ/∂h^t],   χ_t = ρ_t · E[φ'(√q^t z)²]

and differ only in the expectations, z ~ N(0, 1):

* `mean_field` — exact for wide networks (Poole et al. 2016, Schoenholz et al. 2017):
  the expectations of φ itself, by quadrature that holds at every q (engine/gaussian.py).
* `linear` — the lesson's §6: φ(x) ≈ β + αx with β = φ(0) and α = φ'(0) (one slope per
  side at a kink, which gives ReLU's ½): E[h] = β, and the next layer reads the second
  moment, Var + β².

With LayerNorm every z^t has unit variance over its units (q^t = s/(s + ε) for the
spread s = σ_w,t²·E[h²] + σ_b² and torch's ε), and the backward factor is divided by what
the norm divided by: χ_t = ρ_t·E[φ'²]/(s + ε).
The probe's loss ℓ = mean_b ⟨g, h^d⟩ with g ~ N(0, I) gives Var[∂ℓ/∂h^d] = 1/B².
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from .activations import ACTIVATIONS
from .config import LabConfig
from .gaussian import moments
from .inits import INITS
from .network import NORM_EPS
from .theory_notes import assumption_notes, batch_norm_note, joined
from .words import QT_TRANSLATE_NOOP, message

Moments = Callable[[float], tuple[float, float, float]]  # q ↦ (E φ, E φ², E φ'²)
RECURSIONS = {  # config.theory -> the recursion's name in a note
    "mean_field": QT_TRANSLATE_NOOP("TheoryNotes", "mean-field"),
    "linear": QT_TRANSLATE_NOOP("TheoryNotes", "linear"),
}


@dataclass(frozen=True)
class Prediction:
    act_mean: np.ndarray
    act_var: np.ndarray
    grad_h_var: np.ndarray
    note: str  # empty when every assumption holds; else one line per one that fails
    q: np.ndarray | None = None  # the variance of z^t each layer's activation sees
    chi: np.ndarray | None = None  # χ_t: Var[∂ℓ/∂h^(t−1)] = χ_t · Var[∂ℓ/∂h^t]


@lru_cache(maxsize=64)
def linear_coefficients(activation: str) -> tuple[float, float, float]:
    """(β, α₋, α₊) = (φ(0), the slope just left of 0, just right of 0), read from the
    torch function the network runs (its autograd at ±1e-30)."""
    import torch

    x = torch.tensor([-1e-30, 0.0, 1e-30], dtype=torch.float64, requires_grad=True)
    with torch.enable_grad():
        y = ACTIVATIONS[activation](x)
        (dy,) = torch.autograd.grad(y.sum(), x)
    y = y.detach()
    return float(y[1]), float(dy[0]), float(dy[2])


def linear_moments(activation: str) -> Moments:
    """The lesson's linear model's (E φ, E φ², E φ'²) at variance q: for
    φ(x) = β + α₋x (x < 0), β + α₊x (x ≥ 0), E[φ] = β + (α₊ − α₋)√(q/2π),
    E[φ²] = β² + 2β(α₊ − α₋)√(q/2π) + (α₋² + α₊²)q/2 and E[φ'²] = (α₋² + α₊²)/2."""
    beta, left, right = linear_coefficients(activation)
    slope2 = 0.5 * (left * left + right * right)

    def at(q: float) -> tuple[float, float, float]:
        if not math.isfinite(q):
            return float("nan"), float("inf"), float("nan")
        half = (right - left) * math.sqrt(max(q, 0.0) / (2.0 * math.pi))
        return beta + half, beta * beta + 2.0 * beta * half + slope2 * q, slope2

    return at


def theory_moments(theory: str, activation: str) -> Moments:
    if theory == "linear":
        return linear_moments(activation)
    return lambda q: moments(activation, q)


def fixed_point(
    activation: str, weight_var: float, bias_var: float = 0.0, theory: str = "mean_field"
) -> tuple[float, float]:
    """(q*, χ₁) of a deep square network: q* = σ_w²·E[φ(√q* z)²] + σ_b², the variance
    z settles at from q = 1, and χ₁ = σ_w²·E[φ'(√q* z)²] there. q* = inf where it grows
    without bound; where it creeps to 0 (tanh at σ_w² = 1: q ~ 3/(2t)) q* = 0."""
    at = theory_moments(theory, activation)

    def step(q: float) -> float:
        return weight_var * at(q)[1] + bias_var

    q = 1.0
    for _ in range(500):
        new = step(q)
        if not math.isfinite(new) or new > 1e300:
            return float("inf"), float("nan")
        if abs(new - q) <= 1e-13 * q or new == q:
            return new, weight_var * at(new)[2]
        q, last = new, q
    # A slow approach: bracket the root of step(q) − q in the direction q moves, bisect.
    down = q < last
    far = q
    while (step(far) - far < 0) == down:
        far = far / 1e3 if down else far * 1e3
        if far < 1e-300:
            return 0.0, weight_var * at(0.0)[2]
        if far > 1e300:
            return float("inf"), float("nan")
    lo, hi = (far, q) if down else (q, far)
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if (step(mid) - mid < 0) == down:
            lo, hi = (lo, mid) if down else (mid, hi)
        else:
            lo, hi = (mid, hi) if down else (lo, mid)
    q = math.sqrt(lo * hi)
    return q, weight_var * at(q)[2]


def depth_scale(chi: float) -> float:
    """ξ = −1/ln χ: Var[∂ℓ/∂h] changes e-fold every |ξ| layers (inf at χ = 1;
    negative where it grows)."""
    if not chi > 0 or not math.isfinite(chi):
        return float("nan")
    return float("inf") if chi == 1 else -1.0 / math.log(chi)


def _not_applicable(depth: int, why: str) -> Prediction:
    nan = np.full(depth, np.nan)
    nan.setflags(write=False)
    return Prediction(nan, nan, nan, why)


def predict(config: LabConfig) -> Prediction:
    """Theory columns for a config; cached because a run's theory never changes."""
    if config.residual:
        recursion = RECURSIONS.get(config.theory, config.theory.replace("_", "-"))
        return _not_applicable(
            config.depth,
            message(
                QT_TRANSLATE_NOOP(
                    "TheoryNotes",
                    "theory not drawn: the {recursion} recursion is for a plain MLP, and a "
                    "residual connection adds h^(t−1) to every layer",
                ),
                recursion=recursion,
            ),
        )
    skipped = config.norm == "batch" and config.batch < 2  # the network skips it too
    if config.norm == "batch" and not skipped:
        return _not_applicable(config.depth, batch_norm_note(config.activation))
    prediction = _predict_cached(
        config.theory,
        config.activation,
        config.init,
        config.layer_widths(),
        config.batch,
        config.gain,
        config.bias_std,
        "none" if skipped else config.norm,
        config.precision,
    )
    if skipped:
        note = QT_TRANSLATE_NOOP(
            "TheoryNotes",
            "BatchNorm skipped: a batch of 1 has no spread to divide by, so the plain "
            "network runs, and its theory is drawn",
        )
        prediction = replace(prediction, note=joined([note, prediction.note]))
    if config.mode == "train":
        # The activation recursion holds at initialisation; the gradient line assumed
        # the probe's loss ⟨g, h^d⟩/B, which training replaces with the task's loss.
        nan = np.full(config.depth, np.nan)
        nan.setflags(write=False)
        return Prediction(
            prediction.act_mean,
            prediction.act_var,
            nan,
            QT_TRANSLATE_NOOP(
                "TheoryNotes",
                "gradient theory not drawn in training: it assumes the probe's loss ⟨g, h⟩, "
                "and the activation line holds at initialisation only",
            ),
            prediction.q,
        )
    return prediction


@lru_cache(maxsize=64)
def _predict_cached(
    theory, activation, init, widths, batch, gain, bias_std, norm, precision
) -> Prediction:
    depth = len(widths) - 1
    at = theory_moments(theory, activation)
    sb2 = bias_std * bias_std
    act_mean, act_var, q, chi = (np.empty(depth) for _ in range(4))
    second = 1.0  # E[x²] of the input
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(depth):
            n_in, n_out = widths[t], widths[t + 1]
            gamma = gain * gain * INITS[init].gamma(n_in, n_out)
            spread = n_in * gamma * second + sb2  # the variance of z^t
            divisor = spread + NORM_EPS if norm == "layer" else 1.0  # what LayerNorm divides by
            q[t] = spread / divisor
            mean, second, dphi2 = at(q[t])
            act_mean[t], act_var[t] = mean, second - mean * mean
            chi[t] = n_out * gamma * dphi2 / divisor
        # Backward: ∂ℓ/∂h^(t−1) picks up layer t's factor; the top gets 1/B².
        grad = np.empty(depth)
        grad[-1] = 1.0 / batch**2
        for t in range(depth - 2, -1, -1):
            grad[t] = grad[t + 1] * chi[t + 1]
    for arr in (act_mean, act_var, grad, q, chi):
        arr.setflags(write=False)
    notes = assumption_notes(theory, activation, widths, batch, precision, norm, q, grad, act_var)
    return Prediction(act_mean, act_var, grad, notes, q, chi)
