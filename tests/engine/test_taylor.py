"""The lesson's §7 series, exactly, and the guard that the symbolic and torch forms agree."""

import math

import numpy as np
import pytest
import sympy as sp
import torch

from engine.activations import ACTIVATIONS, X
from engine.taylor import MAX_ORDER, accurate_interval, taylor, true_derivative, verdict

R = sp.Rational


def poly(series, side="right"):
    coeffs = series.left if side == "left" else series.right
    return sp.expand(sum(c * X**k for k, c in enumerate(coeffs)))


def test_sigmoid_series_is_exact():
    s = taylor("sigmoid", 5)
    assert s.coefficients == (R(1, 2), R(1, 4), 0, R(-1, 48), 0, R(1, 480))
    assert all(isinstance(c, sp.Rational) for c in s.coefficients)
    assert sp.simplify(poly(taylor("sigmoid", 3)) - (R(1, 2) + X / 4 - X**3 / 48)) == 0
    assert s.text() == "1/2 + x/4 − x³/48 + x⁵/480 + O(x⁷)"
    assert (
        taylor("sigmoid", 3).latex() == r"\frac{1}{2} + \frac{x}{4} - \frac{x^{3}}{48} + O(x^{5})"
    )


def test_tanh_and_scaled_sigmoid_series():
    assert poly(taylor("tanh", 5)) == X - X**3 / 3 + R(2, 15) * X**5
    assert poly(taylor("scaled_sigmoid", 4)) == X - X**3 / 12
    assert taylor("tanh", 5).text() == "x − x³/3 + 2x⁵/15 + O(x⁷)"


def test_relu_is_expanded_on_each_side_with_a_kink_at_order_1():
    s = taylor("relu", 3)
    assert s.piecewise and s.kink and s.kink_order == 1
    assert poly(s, "right") == X
    assert poly(s, "left") == 0
    assert "order 1" in s.kink_text()
    assert s.text() == "x < 0: 0;  x ≥ 0: x"  # exact on both sides: no O-term


@pytest.mark.parametrize(("name", "order"), [("elu", 2), ("softsign", 2), ("leaky_relu", 1)])
def test_kink_orders(name, order):
    assert taylor(name, MAX_ORDER).kink_order == order
    if order > 1:
        assert not taylor(name, order - 1).kink  # not yet visible at a lower order


def test_smooth_activations_have_no_kink():
    for name in ("sigmoid", "tanh", "gelu", "identity"):
        s = taylor(name, 9)
        assert not s.piecewise and not s.kink and s.left == s.right


def test_leaky_slope_is_exact():
    assert taylor("leaky_relu", 2).left[1] == R(1, 100)


def test_verdicts_follow_the_lesson():
    sig = verdict("sigmoid")
    assert not sig.passes and sig.value == R(1, 2) and sig.gain == R(1, 16)
    assert "1/16" in sig.explanation
    assert verdict("tanh").passes and verdict("tanh").gain == 1
    relu = verdict("relu")
    assert relu.passes_right and not relu.passes and relu.status == "right"
    assert relu.gain == R(1, 2)
    assert verdict("scaled_sigmoid").passes
    assert verdict("elu").passes  # one-sided slopes are both 1
    assert not verdict("softplus").zero_at_zero


def test_gain_matches_the_registry_linear_gain():
    for name, act in ACTIVATIONS.items():
        assert float(verdict(name).gain) == pytest.approx(act.linear_gain(), rel=1e-12), name


def test_gelu_coefficient_involves_pi():
    c2 = taylor("gelu", 3).coefficients[2]
    assert c2.has(sp.pi)
    assert sp.simplify(c2 - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert taylor("gelu", 3).to_dict()["coefficients"]["float"][2] == pytest.approx(
        1 / np.sqrt(2 * np.pi)
    )


def test_every_activation_expands_to_order_15_quickly():
    for name in ACTIVATIONS:
        s = taylor(name, MAX_ORDER)
        assert len(s.left) == len(s.right) == MAX_ORDER + 1
        assert s.text() and s.latex()


@pytest.mark.parametrize("order", [0, MAX_ORDER + 1])
def test_bad_order_and_name_are_refused(order):
    with pytest.raises(ValueError, match="out of range"):
        taylor("tanh", order)
    with pytest.raises(ValueError, match="unknown activation"):
        taylor("nope", 3)


def test_polynomial_evaluation_is_side_aware():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(taylor("relu", 3).evaluate(x), [0, 0, 0, 0.5, 2.0])
    sig = taylor("sigmoid", 3)
    np.testing.assert_allclose(sig.evaluate(x, order=1), 0.5 + x / 4)


def test_accurate_interval_grows_with_order_and_is_exact_for_relu():
    lo1, hi1 = accurate_interval("tanh", 1)
    lo5, hi5 = accurate_interval("tanh", 5)
    assert lo5 < lo1 < 0 < hi1 < hi5
    assert accurate_interval("relu", 1, limit=8.0) == (-8.0, 8.0)
    x = np.linspace(lo5, hi5, 101)
    f = np.tanh(x)
    assert np.all(np.abs(taylor("tanh", 5).evaluate(x) - f) <= 0.01 * np.maximum(abs(f), 1e-6))


def test_derivative_of_sigmoid_peaks_at_a_quarter():
    x = np.linspace(-4, 4, 801)
    assert true_derivative("sigmoid", x).max() == pytest.approx(0.25)


def test_to_dict_is_json_ready():
    import json

    data = json.loads(json.dumps(taylor("softsign", 3).to_dict()))
    assert data["kink"] and data["kink_order"] == 2
    assert data["left"]["exact"] == ["0", "1", "1", "1"]
    assert data["right"]["exact"] == ["0", "1", "-1", "1"]
    assert data["verdict"]["passes"] is True


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_panel_shows_the_function_that_is_trained(name):
    """The symbolic form (what the Taylor panel expands) equals the torch function (what
    the network runs) in float64, so the panel can never show a different function."""
    expr = ACTIVATIONS[name].symbolic()
    f = sp.lambdify(X, expr, modules=[{"erf": np.vectorize(math.erf)}, "numpy"])
    x = np.linspace(-8.0, 8.0, 401)
    with np.errstate(divide="ignore", invalid="ignore"):  # numpy evaluates every branch
        symbolic = np.broadcast_to(np.asarray(f(x), dtype=np.float64), x.shape)
    trained = ACTIVATIONS[name].torch_fn(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(symbolic, trained, rtol=1e-12, atol=1e-14)
