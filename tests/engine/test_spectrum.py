"""The singular values of J_t = ∂h^d/∂h^t, held to independent references: a 60-digit
product, a numpy simulation of products of Gaussian matrices, the Fuss–Catalan law's
moments, the mean-field line, and exact isometry."""

from __future__ import annotations

import math
import time

import mpmath as mp
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from engine import LabConfig
from engine.activations import ACTIVATIONS
from engine.jacobian import layer_factors, measure_spectrum, spectrum_input, spectrum_of_config
from engine.probe import Probe
from engine.spectrum import COLUMNS, fuss_catalan_log10_density, law_of, spectrum_csv

PRODUCT_COLUMNS = ("from_layer", "sv_min", "sv_median", "sv_max", "sv_rms")


def _jacobian_by_autograd(probe: Probe, config: LabConfig, x: torch.Tensor) -> torch.Tensor:
    """∂h^d/∂x of the network written out again, differentiated by torch."""

    def net(h):
        for i, w in enumerate(probe.weights):
            z = w.detach().double() @ h
            if probe.biases is not None:
                z = z + probe.biases[i].double()
            a = F.layer_norm(z, z.shape) if config.norm == "layer" else z
            y = ACTIVATIONS[config.activation](a)
            h = h + config.residual_scale * y if config.residual else y
        return h

    return torch.autograd.functional.jacobian(net, x)


@pytest.mark.parametrize(
    "changes",
    [
        dict(activation="identity", init="xavier_normal", depth=24, width=16),
        dict(activation="relu", bias_std=0.2, depth=12, width=16),
        dict(activation="tanh", norm="layer", depth=6, width=12),
        dict(activation="tanh", residual=True, residual_scale=0.5, depth=6, width=12),
    ],
    ids=["gaussian-linear", "relu-bias", "tanh-layernorm", "tanh-residual"],
)
def test_every_singular_value_matches_a_60_digit_product(changes):
    """The factored product keeps every value to ~1e-13 of itself, down to the smallest
    (1e-25 of the largest for the Gaussian linear net), and zeros are exact."""
    config = LabConfig(**changes)
    probe = Probe(config)
    x = spectrum_input(config)
    stages = layer_factors(probe.weights, probe.biases, config, x)
    product = None
    for e, f_mat, _ in stages:
        a = e[:, None] * f_mat
        product = a if product is None else a @ product
    direct = _jacobian_by_autograd(probe, config, x)
    assert torch.allclose(product, direct, rtol=0, atol=1e-13 * float(direct.abs().max()))
    mp.mp.dps = 60
    exact = mp.eye(stages[0][1].shape[1])
    for e, f_mat, _ in stages:
        exact = mp.matrix((e[:, None] * f_mat).numpy().tolist()) * exact
    reference = np.array(
        sorted((float(v) for v in mp.svd_r(exact, compute_uv=False)), reverse=True)
    )
    got = measure_spectrum(config, probe.weights, probe.biases).values(0)
    nonzero = got > 0
    np.testing.assert_allclose(got[nonzero], reference[nonzero], rtol=1e-10)
    assert np.all(reference[~nonzero] < 1e-40 * reference[0])  # exactly 0 indeed


def test_orthogonal_linear_net_is_an_exact_isometry_at_depth_50():
    spectrum = spectrum_of_config(
        LabConfig(activation="identity", init="orthogonal", depth=50, width=128)
    )
    for t in range(50):
        assert np.all(np.abs(spectrum.values(t) - 1.0) < 1e-3)
    assert spectrum.isometry_log10(0) == pytest.approx(0.0)


def test_relu_switches_off_exactly_the_directions_its_dead_units_remove():
    """J_t's rank is the fewest live units of any layer above h^t: the rest are 0."""
    config = LabConfig(activation="relu", depth=8, width=32, seed=3)
    probe = Probe(config)
    h = spectrum_input(config).numpy()
    live = []
    for w in probe.weights:
        z = w.detach().double().numpy() @ h
        live.append(int((z > 0).sum()))
        h = np.maximum(z, 0)
    spectrum = measure_spectrum(config, probe.weights)
    for t in range(config.depth):
        rank = min(config.width, *live[t:])
        values = spectrum.values(t)
        assert np.count_nonzero(values) == rank
        assert spectrum.columns()["frac_zero"][t] == pytest.approx(1 - rank / config.width)


QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


def _gaussian_products(rng, draws: int, factors: int, n: int) -> np.ndarray:
    """log10 singular values of products of `factors` independent N(0, 1/n) matrices,
    formed directly in float64 (accurate to ~1e-13 of the largest, enough here)."""
    out = []
    for _ in range(draws):
        product = np.eye(n)
        for _ in range(factors):
            product = rng.standard_normal((n, n)) / math.sqrt(n) @ product
        out.append(np.log10(np.linalg.svd(product, compute_uv=False)))
    return np.array(out)


def test_gaussian_linear_spread_matches_a_simulation_of_gaussian_products():
    """Four lab networks (depth 10, width 128, Xavier normal: σ_w² = 1) against 24
    products of 10 numpy Gaussian matrices: each quantile of log10 s within the spread
    of the simulation's own groups of four."""
    depth, width, nets = 10, 128, 4
    lab = np.array(
        [
            spectrum_of_config(
                LabConfig(
                    activation="identity", init="xavier_normal", depth=depth, width=width, seed=s
                )
            ).log10(0)
            for s in range(nets)
        ]
    )
    sim = _gaussian_products(np.random.default_rng(7), 6 * nets, depth, width)
    groups = np.array([np.quantile(g.ravel(), QUANTILES) for g in sim.reshape(6, -1)])
    centre, spread = groups.mean(axis=0), groups.std(axis=0, ddof=1)
    lab_q = np.quantile(lab.ravel(), QUANTILES)
    assert np.all(np.abs(lab_q - centre) < 4 * spread * math.sqrt(1 + 1 / 6)), (lab_q, centre)
    assert lab_q[-1] - lab_q[0] > 5  # the spread: five decades between top and bottom 5%


@pytest.mark.parametrize("factors", [1, 2, 5, 20])
def test_fuss_catalan_density_has_the_laws_moments(factors):
    """E[x^k] = C(k(L+1), k)/(kL + 1) for x = s²: 1, L + 1, (L+1)(3L+2)/2."""
    u, p = fuss_catalan_log10_density(factors, points=20000)
    x = 10.0 ** (2 * u)
    for k in (0, 1, 2, 3):
        moment = np.trapezoid(p * x**k, u)
        exact = math.comb(k * (factors + 1), k) / (k * factors + 1)
        assert moment == pytest.approx(exact, rel=2e-3)


def test_fuss_catalan_law_matches_wide_gaussian_products():
    """At width 400 and two factors the finite-width correction is small: the law's
    distribution of s² is within the sampling noise of ten products."""
    u, p = fuss_catalan_log10_density(2, points=20000)
    cdf = np.concatenate([[0], np.cumsum(np.diff(u) * 0.5 * (p[1:] + p[:-1]))])
    sim = np.sort(_gaussian_products(np.random.default_rng(1), 10, 2, 400).ravel())
    law_at = np.interp(sim, u, cdf)
    empirical = np.arange(1, sim.size + 1) / sim.size
    assert np.max(np.abs(law_at - empirical)) < 1.36 / math.sqrt(sim.size)


@pytest.mark.parametrize(
    "changes",
    [dict(activation="relu", init="he_normal"), dict(activation="tanh", bias_std=0.3)],
    ids=["relu-he", "tanh-xavier-bias"],
)
def test_mean_square_singular_value_is_the_mean_field_product(changes):
    """Σ s²/n of J_0 averages to χ_1 ⋯ χ_d over networks (six seeds, depth 10, width
    128): within four standard errors of the seeds' own spread."""
    ratios = []
    for seed in range(6):
        config = LabConfig(depth=10, width=128, init="xavier_normal", seed=seed).with_(**changes)
        cols = spectrum_of_config(config).columns()
        ratios.append((cols["sv_rms"][0] / cols["sv_rms_theory"][0]) ** 2)
    ratios = np.array(ratios)
    assert abs(ratios.mean() - 1) < 4 * ratios.std(ddof=1) / math.sqrt(ratios.size) + 0.02


def test_layer_norm_ignores_one_direction_exactly():
    spectrum = spectrum_of_config(LabConfig(activation="tanh", norm="layer", depth=5, width=16))
    for t in range(5):
        assert np.count_nonzero(spectrum.values(t) == 0) == 1


def test_half_precision_marks_values_outside_its_range():
    config = LabConfig(activation="sigmoid", init="xavier_normal", depth=20, width=64)
    fp32 = spectrum_of_config(config).columns()
    fp16 = spectrum_of_config(config.with_(precision="fp16")).columns()
    assert np.isnan(fp32["frac_outside_format"]).all()
    assert fp16["frac_outside_format"][0] == 1.0  # 4^-20 ≈ 1e-12 ≪ 6e-5
    assert fp16["frac_outside_format"][-1] < 1.0


def test_laws_are_drawn_for_linear_nets_only():
    assert law_of(LabConfig(activation="identity", init="orthogonal"))[0] == "isometry"
    law, sigma_w, _ = law_of(LabConfig(activation="identity", init="he_normal", gain=0.5))
    assert law == "fuss_catalan" and sigma_w == pytest.approx(0.5 * math.sqrt(2))
    assert law_of(LabConfig(activation="tanh"))[0] == ""


def test_batch_norm_has_no_spectrum_and_says_why():
    spectrum = spectrum_of_config(LabConfig(norm="batch", depth=3, width=8))
    assert not spectrum.measured and "batch" in spectrum.note


def test_table_has_one_row_per_from_layer_with_the_product_columns():
    spectrum = spectrum_of_config(LabConfig(depth=4, width=8))
    lines = [line for line in spectrum_csv(spectrum).splitlines() if not line.startswith("#")]
    header = lines[0].split(",")
    assert header == list(COLUMNS) and set(PRODUCT_COLUMNS) <= set(header)
    assert [int(line.split(",")[0]) for line in lines[1:]] == [0, 1, 2, 3]


def test_a_spectrum_of_outdated_settings_gives_up_and_the_worker_sends_nothing():
    from engine.jacobian import SpectrumCancelled
    from engine.spectrum_worker import SpectrumWorker

    config = LabConfig(depth=6, width=16)
    probe = Probe(config)
    with pytest.raises(SpectrumCancelled):
        measure_spectrum(config, probe.weights, cancelled=lambda: True)
    worker = SpectrumWorker()
    try:
        worker.want(True)
        worker.offer(1, probe, streaming=False)
        deadline = time.monotonic() + 30
        while worker.busy and time.monotonic() < deadline:
            time.sleep(0.01)
        worker.offer(1, probe, streaming=False)  # paused: one per config, none more
        assert not worker.busy
        ((generation, spectrum),) = worker.take()
        assert generation == 1 and spectrum.config == config and spectrum.input_index == 0
        worker.offer(2, probe, streaming=False, outdated=lambda: True)
        while worker.busy and time.monotonic() < deadline:
            time.sleep(0.01)
            worker.take()
        assert worker.take() == []  # given up: nothing to send
    finally:
        worker.close()
