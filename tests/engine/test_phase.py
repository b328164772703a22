"""The (σ_w², σ_b²) phase plane: the mean-field numbers against an independent
quadrature, the order/chaos line where theory puts it, and measured cells on the side
of it the theory says."""

from __future__ import annotations

import math
import time

import mpmath as mp
import numpy as np
import pytest

from engine import ConfigError, LabConfig
from engine.phase import COLUMNS, check_phase, level_lines, phase_cells, theory_cell

SMALL = LabConfig(activation="tanh", init="xavier_normal", depth=12, width=64, batch=16)


def _gauss(f, q: float) -> float:
    """E[f(√q z)], z ~ N(0, 1), by mpmath's adaptive quadrature."""
    s = mp.sqrt(q)
    return float(
        mp.quad(lambda z: f(s * z) * mp.exp(-z * z / 2), [-mp.inf, 0, mp.inf]) / mp.sqrt(2 * mp.pi)
    )


def _reference(phi, dphi, weight_var: float, bias_var: float) -> tuple[float, float]:
    """(q*, χ₁) by iterating q ← σ_w²·E[φ²] + σ_b² from q = 1 with mpmath."""
    q = 1.0
    for _ in range(400):
        new = weight_var * _gauss(lambda x: phi(x) ** 2, q) + bias_var
        if abs(new - q) < 1e-12 * max(q, 1e-300):
            break
        q = new
    return q, weight_var * _gauss(lambda x: dphi(x) ** 2, q)


@pytest.mark.parametrize("weight_var, bias_var", [(1.5, 0.05), (0.8, 0.3), (2.5, 0.01), (1.2, 1.0)])
def test_tanh_q_star_and_chi1_with_bias_match_quadrature_to_one_percent(weight_var, bias_var):
    mp.mp.dps = 15
    q, chi = _reference(mp.tanh, lambda x: 1 - mp.tanh(x) ** 2, weight_var, bias_var)
    cell = theory_cell(SMALL, weight_var, bias_var)
    assert cell["q_star"] == pytest.approx(q, rel=0.01)
    assert cell["chi1"] == pytest.approx(chi, rel=0.01)
    assert cell["depth_scale"] == pytest.approx(-1 / math.log(chi), rel=0.02)


def test_relu_with_bias_has_the_closed_form_fixed_point():
    """q* = σ_b²/(1 − σ_w²/2) and χ₁ = σ_w²/2 below σ_w² = 2."""
    cell = theory_cell(SMALL.with_(activation="relu"), 1.5, 0.2)
    assert cell["q_star"] == pytest.approx(0.2 / (1 - 0.75), rel=0.01)
    assert cell["chi1"] == pytest.approx(0.75, rel=1e-9)


def test_the_tanh_order_chaos_line_meets_zero_bias_at_weight_variance_one():
    critical = next(line for line in level_lines(SMALL, (0.0, 0.5)) if line.chi == 1.0)
    at_zero = critical.weight_var[np.argmin(critical.bias_var)]
    assert critical.bias_var.min() == 0.0 and at_zero == pytest.approx(1.0, abs=1e-6)
    assert theory_cell(SMALL, 1.0, 0.0)["chi1"] == pytest.approx(1.0, abs=1e-9)
    for k in np.linspace(0, critical.bias_var.size - 1, 6).astype(int)[1:]:
        w, b = float(critical.weight_var[k]), float(critical.bias_var[k])
        if b <= 2.0:  # every point on it is critical by the fixed-point iteration too
            assert theory_cell(SMALL, w, b)["chi1"] == pytest.approx(1.0, rel=1e-3)


def test_relu_order_chaos_line_stands_upright_at_two():
    critical = next(
        line for line in level_lines(SMALL.with_(activation="relu"), (0.0, 0.5)) if line.chi == 1.0
    )
    assert np.allclose(critical.weight_var, 2.0) and list(critical.bias_var) == [0.0, 0.5]


def test_measured_cells_fall_on_the_side_of_the_line_theory_says():
    cells = list(phase_cells(SMALL, [0.5, 1.0, 3.0], [0.0, 0.1], workers=1))
    done, total, result = cells[-1]
    assert done == total == 6 and result.done.all()
    chi, ratio = result.grids["chi1"], result.grids["grad_log10_ratio"]
    assert np.all(ratio[chi < 0.8] < 0) and np.all(ratio[chi > 1.1] > 0)
    assert np.all(np.isfinite(result.grids["chi1_measured"]))
    header = result.to_csv().splitlines()[1].split(",")
    assert header == list(COLUMNS)


def test_cells_run_in_parallel_processes_and_stop_when_closed():
    cells = phase_cells(SMALL, [0.5, 1.0, 1.5, 2.0], [0.0, 0.05, 0.1], workers=2)
    started = time.perf_counter()
    done, total, partial = next(cells)
    assert total == 12 and 1 <= done < total and partial.done.sum() == done
    cells.close()  # cancels the cells not started
    assert time.perf_counter() - started < 120


@pytest.mark.parametrize(
    "weights, biases, field",
    [((1.0, 1.0), (0.0,), "weight_vars"), ((-1.0,), (0.0,), "weight_vars"),
     ((1.0,), (-0.1,), "bias_vars"), ((1e9,), (0.0,), "weight_vars"), ((), (0.0,), "weight_vars")],
)  # fmt: skip
def test_bad_grids_are_refused_naming_the_option(weights, biases, field):
    with pytest.raises(ConfigError) as err:
        check_phase(SMALL, weights, biases)
    assert err.value.field == field
