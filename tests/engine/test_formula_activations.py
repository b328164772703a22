"""A formula activation gets what a registered one gets: the network (and its pass
without autograd), both theories, the Taylor series and verdict, sessions and tables;
a formula equal to a built-in gives the built-in's frames."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from engine import ACTIVATIONS, LabConfig, Probe, plain_pass
from engine.activations import is_formula
from engine.formula import FormulaError
from engine.session import load_session, save_session
from engine.settings_table import ConfigError
from engine.taylor import taylor, verdict
from engine.theory import predict

MISH = "x*tanh(softplus(x))"


def _frame(**kw):
    config = LabConfig(depth=12, width=64, batch=64, seed=3, **kw)
    return Probe(config).step()


def _close(a, b, rtol):
    for name in ("act_var", "grad_h_var", "grad_w_norm", "act_var_theory", "grad_h_var_theory"):
        np.testing.assert_allclose(a[name], b[name], rtol=rtol, err_msg=name)


@pytest.mark.parametrize(
    "formula, builtin, init",
    [
        ("x*sigmoid(x)", "silu", "he_normal"),
        ("tanh(x)", "tanh", "xavier_normal"),
        ("max(x, 0)", "relu", "he_normal"),
        ("where(x > 0, x, 0.01*x)", "leaky_relu", "he_normal"),
    ],
)
def test_a_formula_equal_to_a_builtin_gives_its_frames(formula, builtin, init):
    # float32 rounds each op: one ulp (6e-8) per layer, carried through 12 layers and
    # summed over 64 units, stays far below 1e-4
    _close(_frame(activation=formula, init=init), _frame(activation=builtin, init=init), 1e-4)


def test_formula_activations_take_the_pass_without_autograd():
    assert plain_pass.supports(LabConfig(activation=MISH))
    assert ACTIVATIONS[MISH].backward is not None


def test_the_theory_reads_the_formula():
    config = LabConfig(depth=8, width=64, activation="x*sigmoid(x)")
    ours = predict(config)
    ref = predict(config.with_(activation="silu"))
    for name in ("act_mean", "act_var", "grad_h_var", "q", "chi"):
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-9)
    linear = config.with_(theory="linear")
    np.testing.assert_allclose(
        predict(linear).grad_h_var, predict(linear.with_(activation="silu")).grad_h_var
    )


def test_mish_series_and_verdict_are_exact():
    series = taylor(MISH, 4)
    X = sp.Symbol("x", real=True)
    mish = X * sp.tanh(sp.log(1 + sp.exp(X)))
    expected = sp.expand(sp.series(mish, X, 0, 5).removeO())
    for k in range(5):  # to 50 digits: simplifying tanh(ln 2) symbolically is slow
        assert series.right[k].is_Rational
        assert abs(sp.N(series.right[k] - expected.coeff(X, k), 50)) < 1e-45
    assert verdict(MISH).slope_right == sp.Rational(3, 5)
    assert verdict(MISH).status == "fail"


def test_a_piecewise_formula_has_a_kink_at_order_one():
    series = taylor("where(x > 0, x, 0.1*x)", 3)
    assert series.piecewise and series.kink_order == 1
    assert verdict("where(x > 0, x, 0.1*x)").status == "right"


def test_out_of_domain_values_become_markers_not_errors():
    frame = _frame(activation="log(x)")
    assert np.all(frame["act_frac_nonfinite"] > 0)
    assert frame.nonfinite_layers > 0


def test_sessions_store_the_formula(tmp_path):
    path = tmp_path / "mish.json"
    save_session(path, LabConfig(activation=MISH))
    assert json.loads(path.read_text())["config"]["activation"] == MISH
    config, _ = load_session(path)
    assert config.activation == MISH


def test_a_bad_formula_is_refused_by_the_config_naming_the_character():
    with pytest.raises(ConfigError) as caught:
        LabConfig(activation="x*tanh(__import__)")
    assert caught.value.field == "activation"
    assert "unknown name '__import__' at character 8" in str(caught.value)


def test_the_registry_iterates_builtins_only():
    assert MISH in ACTIVATIONS and is_formula(MISH)
    assert MISH not in list(ACTIVATIONS)
    assert "relu" in ACTIVATIONS and not is_formula("relu")
    with pytest.raises(FormulaError):
        ACTIVATIONS["x.y"]
