"""Gaussian expectations of an activation at any scale: E_z[f(√q z)], z ~ N(0, 1).

Mean-field theory needs (E[φ(u)], E[φ(u)²], E[φ'(u)²]) for u ~ N(0, q) with q anywhere
from 1e-8 to 1e8 and beyond. A fixed Gauss–Hermite rule in z fails once √q ≫ 1: the
activation's features (width ~1 in u) fall between nodes spaced ~0.3·√q apart (tanh
with N(0, 1) weights read χ₁ = 0.004 instead of 12.5). Here the integral is taken in u,
on panels whose edges grow geometrically (ratio √2) away from 0 on both sides, with 16
Gauss–Legendre nodes each: a panel's width is 0.41 of its distance from 0, so panels
resolve the Gaussian (scale √q) and the activation (scale ~1 near 0, slowly varying
further out) alike at every q, and a kink at 0 (ReLU, leaky ReLU, ELU, softsign) is a
panel edge, integrated exactly. The activation and its derivative (autograd of the
torch function the network runs) are evaluated once, on nodes covering every q a
float64 holds; a q only weighs the nodes between 1e-13·min(√q, 1) and 38.6·√q (beyond,
the Gaussian weight is below 1e-323; below, the Gaussian is flat and the activation
constant to 1e-13, so that sliver is one term). Identity, ReLU and leaky ReLU use closed forms.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .activations import ACTIVATIONS, LEAKY_SLOPE

RATIO = math.sqrt(2.0)  # one panel's outer edge ÷ its inner edge
EDGE_EXPONENTS = (-1240, 1040)  # panel edges from √2^-1240 ≈ 1e-187 to √2^1040 ≈ 1e156
NODES_PER_PANEL = 16
WINDOW = (1e-13, 38.6)  # the nodes a q weighs, in units of √q
_SQRT_2PI = math.sqrt(2.0 * math.pi)


def closed_form(activation: str, q: float) -> tuple[float, float, float] | None:
    """(E[φ], E[φ²], E[φ'²]) where an activation is piecewise linear through 0: with
    slopes a (u < 0) and 1 (u ≥ 0), E[φ] = (1 − a)√(q/2π), E[φ²] = (1 + a²) q/2 and
    E[φ'²] = (1 + a²)/2. None for any other activation."""
    slope = {"identity": 1.0, "relu": 0.0, "leaky_relu": LEAKY_SLOPE}.get(activation)
    if slope is None:
        return None
    return (
        (1.0 - slope) * math.sqrt(q / (2.0 * math.pi)),
        (1.0 + slope * slope) * q / 2.0,
        (1.0 + slope * slope) / 2.0,
    )


@lru_cache(maxsize=32)
def _nodes(activation: str) -> tuple[np.ndarray, ...]:
    """(u, weight, φ(u) + φ(−u), φ(u)² + φ(−u)², φ'(u)² + φ'(−u)²) on the positive
    nodes of every panel, u increasing; read-only."""
    import torch

    edges = RATIO ** np.arange(*EDGE_EXPONENTS, dtype=np.float64)
    edges = np.concatenate([[0.0], edges])
    x, w = np.polynomial.legendre.leggauss(NODES_PER_PANEL)
    half = 0.5 * np.diff(edges)
    middle = 0.5 * (edges[1:] + edges[:-1])
    u = (middle[:, None] + half[:, None] * x[None, :]).ravel()
    weight = (half[:, None] * w[None, :]).ravel()
    both = torch.tensor(np.concatenate([u, -u]), dtype=torch.float64, requires_grad=True)
    with torch.enable_grad():
        y = ACTIVATIONS[activation](both)
        (dy,) = torch.autograd.grad(y.sum(), both)
    y, dy = y.detach().numpy(), dy.numpy()
    n = u.size
    with np.errstate(over="ignore", invalid="ignore"):
        tables = (u, weight, y[:n] + y[n:], y[:n] ** 2 + y[n:] ** 2, dy[:n] ** 2 + dy[n:] ** 2)
    for table in tables:
        table.setflags(write=False)
    return tables


def integrated(activation: str, q: float) -> tuple[float, float, float]:
    """(E[φ], E[φ²], E[φ'²]) by quadrature on the panels, for any activation."""
    u, weight, f, f2, df2 = _nodes(activation)
    if q == 0.0:  # the limit: the values at 0 (one-sided slopes averaged at a kink)
        return 0.5 * float(f[0]), 0.5 * float(f2[0]), 0.5 * float(df2[0])
    s = math.sqrt(q)
    lo, hi = np.searchsorted(u, [WINDOW[0] * min(s, 1.0), WINDOW[1] * s])
    t = u[lo:hi] / s
    density = weight[lo:hi] * np.exp(-0.5 * t * t) / (_SQRT_2PI * s)
    inner = u[lo] / (_SQRT_2PI * s)  # [0, u[lo]]: the Gaussian is flat there, f ≈ f(u[lo])
    with np.errstate(over="ignore", invalid="ignore"):
        return tuple(float(density @ table[lo:hi] + inner * table[lo]) for table in (f, f2, df2))


def moments(activation: str, q: float) -> tuple[float, float, float]:
    """(E[φ(√q z)], E[φ(√q z)²], E[φ'(√q z)²]) for z ~ N(0, 1): closed forms where they
    exist, the panels otherwise; (nan, inf, nan) once q itself has overflowed."""
    if not math.isfinite(q):
        return float("nan"), float("inf"), float("nan")
    q = max(q, 0.0)
    exact = closed_form(activation, q)
    return exact if exact is not None else integrated(activation, q)
