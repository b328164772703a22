"""Every step of both theories' recursions, at depth 1000 and σ_w² from 1e-4 to 1e4,
against the independent reference of test_gaussian_moments (mpmath on the symbolic
form). A line is right when each of its steps is: layer t's q, mean, variance and
backward factor follow from layer t−1's by the reference expectations, to 1e-7."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from engine import LabConfig, theory
from engine.activations import ACTIVATIONS
from engine.inits import INITS

from .test_gaussian_moments import reference

REL = 1e-7
CASES = [  # (init, gain, bias_std, widths): σ_w² = gain²·n_in·γ from 1e-4 to 1e4
    ("lecun_normal", 1e-2, 0.0, ()),
    ("lecun_normal", 1.0, 0.0, ()),
    ("lecun_normal", 1e2, 0.0, ()),
    ("xavier_normal", 1.3, 0.4, (128, 512)),
    ("he_normal_fan_out", 0.8, 0.1, (64, 256, 32)),
]


def _sampled(q: np.ndarray) -> list[int]:
    """Layers at the bottom, middle and top whose q the reference can integrate."""
    ok = [t for t in range(len(q)) if 1e-12 <= q[t] <= 1e12]
    return sorted({ok[0], ok[len(ok) // 2], ok[-1]}) if ok else []


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_mean_field_steps_follow_the_reference_at_depth_1000(activation):
    checked = 0
    for init, gain, bias, widths in CASES:
        config = LabConfig(
            activation=activation, init=init, gain=gain, bias_std=bias, widths=widths, depth=1000
        )
        pred = theory.predict(config)
        n = config.layer_widths()
        gamma = [gain**2 * INITS[init].gamma(n[t], n[t + 1]) for t in range(1000)]
        for t in _sampled(pred.q):
            mean, second, slope = reference(activation, float(pred.q[t]))
            assert pred.act_mean[t] == pytest.approx(mean, rel=REL, abs=REL * math.sqrt(second))
            assert pred.act_var[t] + pred.act_mean[t] ** 2 == pytest.approx(second, rel=REL)
            assert pred.chi[t] == pytest.approx(n[t + 1] * gamma[t] * slope, rel=REL)
            if t + 1 < 1000:
                expected = n[t + 1] * gamma[t + 1] * second + bias**2
                assert pred.q[t + 1] == pytest.approx(expected, rel=REL)
            checked += 1
        # the gradient line is the product of the backward factors, down from 1/B²
        grad = pred.grad_h_var
        assert grad[-1] == 1 / config.batch**2
        with np.errstate(over="ignore", invalid="ignore"):
            product = grad[1:] * pred.chi[1:]
        finite = np.isfinite(product) & (grad[:-1] > 1e-300)
        np.testing.assert_allclose(grad[:-1][finite], product[finite], rtol=1e-12)
    assert checked >= 6


def test_the_issue_case_tanh_with_unit_weights_explodes_as_measured():
    # Gauss–Hermite read χ₁ ≈ 0.004 here (vanishing) where the network explodes.
    pred = theory.predict(LabConfig(activation="tanh", init="std_normal", depth=10, width=512))
    _, _, slope = reference("tanh", float(pred.q[-1]))
    assert pred.chi[-1] == pytest.approx(512 * slope, rel=REL)
    assert pred.chi[-1] > 10 and pred.grad_h_var[0] > 1e5 * pred.grad_h_var[-1]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "softplus"])
def test_the_fixed_point_is_a_fixed_point_of_the_reference(activation):
    for weight_var, bias_var in ((0.5, 0.0), (1.5, 0.05), (4.0, 0.3)):
        q, chi = theory.fixed_point(activation, weight_var, bias_var)
        if not math.isfinite(q) or q == 0:
            continue
        _, second, slope = reference(activation, q)
        assert weight_var * second + bias_var == pytest.approx(q, rel=1e-7)
        assert chi == pytest.approx(weight_var * slope, rel=1e-7)


def test_linear_theory_propagates_the_mean_and_reads_the_second_moment():
    # sigmoid ≈ ½ + x/4 with Xavier (σ_w² = 1): v ← (v + ¼)/16, fixed point 1/60
    pred = theory.predict(
        LabConfig(activation="sigmoid", init="xavier_normal", depth=30, theory="linear")
    )
    np.testing.assert_allclose(pred.act_mean, 0.5)
    assert pred.act_var[-1] == pytest.approx(1 / 60, rel=1e-9)
    assert pred.act_var[0] == pytest.approx(1 / 16)  # the input x has E[x²] = 1, mean 0
    assert "linear theory off from layer 1" in pred.note  # z is not near 0 any more
    relu = theory.predict(LabConfig(activation="relu", init="he_normal", theory="linear"))
    assert relu.note == ""  # piecewise linear: the model is exact, nothing to say


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "softplus", "relu", "elu"])
def test_linear_steps_follow_the_linear_model_from_the_symbolic_slopes(activation):
    # β = φ(0) and the one-sided slopes from sympy, not from the torch function
    x = sp.Symbol("x", real=True)
    left_expr, right_expr = ACTIVATIONS[activation].sides()
    beta = float(ACTIVATIONS[activation].symbolic().subs(x, 0))
    left = float(sp.diff(left_expr, x).subs(x, 0))
    right = float(sp.diff(right_expr, x).subs(x, 0))
    for init, gain, bias, widths in CASES:
        config = LabConfig(
            activation=activation, init=init, gain=gain, bias_std=bias, widths=widths,
            depth=1000, theory="linear",
        )  # fmt: skip
        pred = theory.predict(config)
        n = config.layer_widths()
        for t in _sampled(pred.q):
            half = (right - left) * math.sqrt(pred.q[t] / (2 * math.pi))
            second = beta**2 + 2 * beta * half + 0.5 * (left**2 + right**2) * pred.q[t]
            assert pred.act_mean[t] == pytest.approx(beta + half, rel=1e-9, abs=1e-12)
            assert pred.act_var[t] + pred.act_mean[t] ** 2 == pytest.approx(second, rel=1e-9)
            gamma = gain**2 * INITS[init].gamma(n[t], n[t + 1])
            slope2 = 0.5 * (left**2 + right**2)
            assert pred.chi[t] == pytest.approx(n[t + 1] * gamma * slope2, rel=1e-9)
