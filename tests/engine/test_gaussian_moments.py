"""Mean-field expectations against an independent high-resolution reference.

The reference integrates the activation's *symbolic* form (sympy, evaluated by mpmath,
so neither torch nor the panels of engine/gaussian.py take part) with mpmath's
tanh-sinh quadrature, split at 0 and at multiples of √q. Both are accurate to ~1e-13
(measured); the bound below is float64 summation over a few thousand nodes, far
inside any finite-width noise a plot could show.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from engine.activations import ACTIVATIONS
from engine.gaussian import closed_form, integrated, moments

QS = (1e-8, 1e-4, 1e-2, 1.0, 1e2, 1e4, 1e8)  # the range the theory must hold over
REL = 1e-8


def reference(activation: str, q: float) -> tuple[float, float, float]:
    """(E φ, E φ², E φ'²) over u ~ N(0, q) by mpmath from the symbolic form."""
    x = sp.Symbol("x", real=True)
    expr = ACTIVATIONS[activation].symbolic_fn(sp, x)
    f = sp.lambdify(x, expr, "mpmath")
    df = sp.lambdify(x, sp.diff(expr, x), "mpmath")
    s = math.sqrt(q)
    cuts = {0.0, *(k * s for k in (-12, -3, -1, 1, 3, 12))}
    cuts |= {v for v in (-30.0, -3.0, 3.0, 30.0) if abs(v) < 12 * s}  # the activation's scale
    points = sorted(cuts)
    scale = 1 / mp.sqrt(2 * mp.pi * q)
    with mp.workdps(15):
        return tuple(
            float(scale * mp.quad(lambda u, g=g: g(u) * mp.exp(-u * u / (2 * q)), points))
            for g in (f, lambda u: f(u) ** 2, lambda u: df(u) ** 2)
        )


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_moments_agree_with_the_reference_from_q_1e_minus_8_to_1e8(activation):
    for q in QS:
        mean, second, slope = moments(activation, q)
        ref_mean, ref_second, ref_slope = reference(activation, q)
        assert second == pytest.approx(ref_second, rel=REL), (q, second, ref_second)
        assert slope == pytest.approx(ref_slope, rel=REL), (q, slope, ref_slope)
        # an odd φ has mean 0: compare on the scale of φ itself
        assert abs(mean - ref_mean) <= REL * math.sqrt(ref_second) + REL * abs(ref_mean), q


@pytest.mark.parametrize("activation", ["identity", "relu", "leaky_relu"])
def test_the_panels_reproduce_the_closed_forms_kink_included(activation):
    for q in (*QS, 1e-300, 1e300):
        assert integrated(activation, q) == pytest.approx(closed_form(activation, q), rel=1e-12)


def test_a_fixed_gauss_hermite_rule_is_what_the_reference_catches():
    # The rule the theory used to use: right at √q ~ 1, orders of magnitude off at q = 256
    # (tanh with N(0, 1) weights and width 256), which the reference test above rejects.
    import torch

    nodes, weights = np.polynomial.hermite_e.hermegauss(120)
    weights = weights / weights.sum()

    def hermite(q):
        x = torch.tensor(math.sqrt(q) * nodes, requires_grad=True)
        (dy,) = torch.autograd.grad(torch.tanh(x).sum(), x)
        return float(weights @ (dy.numpy() ** 2))

    assert hermite(1.0) == pytest.approx(reference("tanh", 1.0)[2], rel=1e-6)
    assert abs(math.log10(hermite(256.0) / reference("tanh", 256.0)[2])) > 0.5


def test_limits_at_zero_and_after_overflow():
    assert moments("sigmoid", 0.0) == pytest.approx((0.5, 0.25, 1 / 16))
    assert moments("relu", 0.0) == (0.0, 0.0, 0.5)  # the kink: the one-sided slopes averaged
    assert moments("tanh", 0.0)[2] == pytest.approx(1.0)
    mean, second, slope = moments("tanh", float("inf"))
    assert math.isnan(mean) and second == math.inf and math.isnan(slope)
