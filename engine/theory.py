"""Per-layer predictions for the probe, from the registry's own activation.

Two theories, both for the bias-free MLP h^t = φ(W^t h^(t-1)) with Var[w] = γ:

* `linear` — the lesson's §4–6: every layer scales the variance of activations and of
  gradients by n·γ·gain, where gain = f'(0)² (½ for ReLU; `Activation.linear_gain`).
* `mean_field` — valid for any activation at large width (Poole et al. 2016,
  Schoenholz et al. 2017): with q^t the pre-activation variance,
  q^(t+1) = n·γ·E_z[φ(√q^t z)²] and each layer scales gradient variance by
  χ^t = n·γ·E_z[φ'(√q^t z)²], z ~ N(0, 1). Expectations come from Gauss–Hermite
  quadrature of the torch function itself (φ' by autograd), so nothing is hard-coded.

The probe's loss is ℓ = mean_b ⟨g, h^d⟩ with g ~ N(0, I), so Var[∂ℓ/∂h^d] = 1/B².
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from .activations import ACTIVATIONS
from .config import LabConfig
from .inits import INITS

_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(120)  # even: no node exactly at 0
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


@dataclass(frozen=True)
class Prediction:
    act_mean: np.ndarray
    act_var: np.ndarray
    grad_h_var: np.ndarray
    note: str  # empty when the theory applies; otherwise why the lines are missing


def gaussian_moments(activation: str, q: float) -> tuple[float, float, float]:
    """(E[φ(√q z)], E[φ(√q z)²], E[φ'(√q z)²]) for z ~ N(0, 1)."""
    if not np.isfinite(q):
        return float("nan"), float("inf"), float("nan")
    x = torch.tensor(np.sqrt(max(q, 0.0)) * _NODES, dtype=torch.float64, requires_grad=True)
    with torch.enable_grad():
        y = ACTIVATIONS[activation](x)
        (dy,) = torch.autograd.grad(y.sum(), x)
    y, dy = y.detach().numpy(), dy.numpy()
    w = _WEIGHTS
    return float(w @ y), float(w @ (y * y)), float(w @ (dy * dy))


def _not_applicable(depth: int, why: str) -> Prediction:
    nan = np.full(depth, np.nan)
    return Prediction(nan, nan.copy(), nan.copy(), why)


def predict(config: LabConfig) -> Prediction:
    """Theory columns for a config; cached because a run's theory never changes."""
    key = (config.activation, config.init, config.depth, config.width, config.batch)
    if config.residual or config.norm != "none":
        why = "residual" if config.residual else f"{config.norm} norm"
        return _not_applicable(
            config.depth,
            f"theory not drawn: the {config.theory.replace('_', '-')} analysis assumes a plain "
            f"MLP, and with {why} its prediction no longer applies",
        )
    prediction = _predict_cached(config.theory, *key)
    if config.mode == "train":
        # The activation recursion holds at initialisation; the gradient line assumed
        # the probe's loss ⟨g, h^d⟩/B, which training replaces with the task's loss.
        nan = np.full(config.depth, np.nan)
        nan.setflags(write=False)
        return Prediction(
            prediction.act_mean,
            prediction.act_var,
            nan,
            "gradient theory not drawn in training: it assumes the probe's loss ⟨g, h⟩, "
            "and the activation line holds at initialisation only",
        )
    return prediction


@lru_cache(maxsize=64)
def _predict_cached(theory, activation, init, depth, width, batch) -> Prediction:
    n_gamma = width * INITS[init].gamma(width, width)
    act_mean = np.empty(depth)
    act_var = np.empty(depth)
    chi = np.empty(depth)
    with np.errstate(over="ignore", invalid="ignore"):
        if theory == "linear":
            gain = ACTIVATIONS[activation].linear_gain()
            factor = n_gamma * gain
            act_var[:] = factor ** np.arange(1, depth + 1, dtype=float)
            act_mean[:] = float(ACTIVATIONS[activation](torch.zeros(1, dtype=torch.float64)))
            chi[:] = factor
        else:
            second_moment = 1.0  # E[x²] of the input
            for t in range(depth):
                q = n_gamma * second_moment
                mean, second_moment, dphi2 = gaussian_moments(activation, q)
                act_mean[t] = mean
                act_var[t] = second_moment - mean * mean
                chi[t] = n_gamma * dphi2
        # Backward: ∂ℓ/∂h^(t-1) picks up layer t's factor; the top gets 1/B².
        grad = np.empty(depth)
        grad[-1] = 1.0 / batch**2
        for t in range(depth - 2, -1, -1):
            grad[t] = grad[t + 1] * chi[t + 1]
    for arr in (act_mean, act_var, grad):
        arr.setflags(write=False)
    return Prediction(act_mean, act_var, grad, "")
