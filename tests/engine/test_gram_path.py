"""The probe's fast path (engine/gram.py) reports what the direct path reports: ‖∂ℓ/∂W‖
from Gram matrices, zeros counted on G's block diagonal, inf/NaN layers from G itself."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine import LabConfig, Probe
from engine.gram import weight_gradient_statistics
from engine.probe import GRAM_MIN_DEPTH

CASES = [
    LabConfig(depth=30, width=64, batch=16),  # small width: zeros counted in full
    LabConfig(depth=30, width=256, batch=4, activation="relu"),  # many dead units
    LabConfig(depth=40, width=128, batch=16, activation="sigmoid", init="small_normal"),
    LabConfig(depth=200, width=128, batch=8, activation="sigmoid", init="small_normal"),
    LabConfig(depth=60, width=128, batch=16, activation="relu", init="std_normal"),  # NaN
    LabConfig(depth=30, width=128, batch=8, residual=True, norm="layer", activation="tanh"),
    LabConfig(depth=30, width=128, batch=8, norm="batch", activation="gelu"),
    LabConfig(depth=30, width=128, batch=1, activation="relu"),
    LabConfig(depth=30, width=128, batch=16, clip=0.5),
]


@pytest.mark.parametrize("config", CASES, ids=lambda c: f"{c.activation}-{c.init}-{c.depth}")
def test_the_fast_path_reports_the_direct_paths_weight_gradient_columns(config):
    fast, direct = Probe(config), Probe(config, exact_counts=True)
    assert fast.gram_path and not direct.gram_path
    a, b = fast.step(), direct.step()
    np.testing.assert_allclose(  # subnormal norms (below 1.2e-38) keep few bits
        a["grad_w_norm"], b["grad_w_norm"], rtol=1e-5, atol=1e-40, equal_nan=True
    )
    np.testing.assert_array_equal(a["frac_nonfinite"], b["frac_nonfinite"])
    assert np.max(np.abs(a["frac_zero"] - b["frac_zero"])) <= 0.03  # a sample vs a count
    np.testing.assert_array_equal(a["frac_zero"] >= 1.0, b["frac_zero"] >= 1.0)
    assert_same_sample(a, b)
    assert a.grad_norm_before == pytest.approx(b.grad_norm_before, rel=1e-5, nan_ok=True)
    assert_same_moments(a, b)


def assert_same_sample(a, b) -> None:
    """The ∂ℓ/∂W samples of two frames agree to float32 rounding, which a deep product of
    layers computed in another order grows to ~1e-6 of the largest entry."""
    scale = np.nanmax(np.abs(b.grad_sample[np.isfinite(b.grad_sample)]), initial=0.0)
    np.testing.assert_allclose(
        a.grad_sample, b.grad_sample, rtol=1e-5, atol=1e-5 * scale + 1e-30, equal_nan=True
    )


def assert_same_moments(a, b) -> None:
    """The activation and ∂ℓ/∂h moments of two frames agree to float32 rounding: a pass
    without autograd stores its layers transposed and sums them in another order."""
    for name in ("act_var", "grad_h_var"):  # subnormal values (below 1.2e-38): few bits
        np.testing.assert_allclose(
            a[name], b[name], rtol=1e-5, atol=1e-80, equal_nan=True, err_msg=name
        )
    mean, other = a["act_mean"], b["act_mean"]
    np.testing.assert_array_equal(np.isfinite(mean), np.isfinite(other))
    fine = np.isfinite(mean)
    scale = np.sqrt(np.abs(b["act_var"][fine])) + np.abs(other[fine])
    assert np.all(np.abs(mean[fine] - other[fine]) <= 1e-5 * scale)


def test_the_fast_path_is_only_taken_where_it_measures_the_same_thing():
    deep = LabConfig(depth=GRAM_MIN_DEPTH, width=32, batch=4)
    assert Probe(deep).gram_path
    assert not Probe(deep.with_(depth=GRAM_MIN_DEPTH - 1)).gram_path  # fixed cost wins
    assert not Probe(deep.with_(mode="train")).gram_path  # training needs ∂ℓ/∂W itself
    assert not Probe(deep.with_(precision="fp16")).gram_path  # rounded entries matter
    assert not Probe(deep, exact_counts=True).gram_path  # every entry counted


def _layer(scale: float, seed: int, width: int = 256, batch: int = 16, dead: float = 0.3):
    gen = torch.Generator().manual_seed(seed)
    values = torch.randn(batch, width, generator=gen)
    values[:, torch.rand(width, generator=gen) < dead] = 0.0  # dead units: zero columns
    return values * scale


@pytest.mark.parametrize(
    "scales",
    [
        (1.0, 1.0),  # the plain path
        (1e-12, 1e-12),  # traces below the plain range: scaled by powers of two
        (1e12, 1e12),  # above it
        (1e-20, 1e3),  # G's own products near underflow: from G itself
        (0.0, 1.0),  # an all-zero δ
        (float("inf"), 1.0),
    ],
    ids=["plain", "tiny", "huge", "underflowing", "zero", "inf"],
)
def test_gram_statistics_match_the_gradient_itself_in_every_range(scales):
    deltas = [_layer(scales[0], 2 * t) for t in range(5)]
    inputs = [_layer(scales[1], 2 * t + 1) for t in range(5)]
    deltas[2] = _layer(1.0, 99)  # an ordinary layer among them
    inputs[2] = _layer(1.0, 98)
    norms, frac_zero, frac_nonfinite = weight_gradient_statistics(deltas, inputs)
    for t in range(5):
        g = deltas[t].T @ inputs[t]
        expected = float(torch.linalg.vector_norm(g.double())) if g.isfinite().all() else None
        if expected is not None:
            assert norms[t] == pytest.approx(expected, rel=1e-5, abs=1e-300)
            assert frac_nonfinite[t] == 0.0
        else:
            assert frac_nonfinite[t] == pytest.approx(float((~g.isfinite()).float().mean()))
        exact_zero = 1.0 - float(torch.count_nonzero(g)) / g.numel()
        assert frac_zero[t] == pytest.approx(exact_zero, abs=0.08)
