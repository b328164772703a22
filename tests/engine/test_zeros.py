"""`frac_zero` is one estimate (engine/zeros.py) on every path, as accurate as its
docstring says: exact for dead rows or columns alone, off by the overlap term for both,
within the binomial standard error for zeros at random positions."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine import LabConfig, Probe, zeros
from engine.gram import weight_gradient_statistics
from engine.precision import DTYPES

from .test_plain_pass import AutogradProbe

SHAPES = [(256, 256), (128, 512), (512, 128), (384, 256), (64, 64), (200, 256)]


def _estimate(g: torch.Tensor) -> float:
    s = zeros.sample(g)
    return 1.0 - float(torch.count_nonzero(s)) / zeros.counted(*g.shape)


@pytest.mark.parametrize("rows,cols", SHAPES)
def test_the_sample_is_the_paired_diagonal_blocks_and_visits_every_row_and_column(rows, cols):
    g = torch.arange(rows * cols, dtype=torch.float64).reshape(rows, cols)
    picked = zeros.sample(g).reshape(-1).long()
    assert picked.numel() == zeros.counted(rows, cols)
    assert len(set(picked.tolist())) == picked.numel()  # no entry twice
    assert set((picked // cols).tolist()) == set(range(rows))
    assert set((picked % cols).tolist()) == set(range(cols))
    if zeros.blocked(rows, cols):
        r, c = zeros.block_pairs(rows, cols)
        b = zeros.BLOCK
        expected = torch.stack(
            [
                g[b * i : b * i + b, b * j : b * j + b]
                for i, j in zip(r.tolist(), c.tolist(), strict=True)
            ]
        )
        assert torch.equal(zeros.sample(g), expected)
        stack = torch.stack([g, -g])  # a stack of gradients samples each alike
        assert torch.equal(zeros.sample(stack), torch.stack([expected, -expected]))


def _dead(rows: int, cols: int, r: float, c: float, seed: int) -> tuple[torch.Tensor, ...]:
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn(rows, cols, generator=gen)
    dead_rows = torch.rand(rows, generator=gen) < r
    dead_cols = torch.rand(cols, generator=gen) < c
    g[dead_rows] = 0.0
    g[:, dead_cols] = 0.0
    return g, dead_rows.double(), dead_cols.double()


@pytest.mark.parametrize("rows,cols", [s for s in SHAPES if zeros.blocked(*s)])
@pytest.mark.parametrize("seed", range(3))
def test_dead_rows_or_columns_are_exact_up_to_the_overlap_term(rows, cols, seed):
    for r, c in ((0.3, 0.0), (0.0, 0.5), (0.4, 0.3)):
        g, dead_rows, dead_cols = _dead(rows, cols, r, c, seed)
        true = 1.0 - float(torch.count_nonzero(g)) / g.numel()
        ri, ci = zeros.block_pairs(rows, cols)
        r_j = dead_rows.view(-1, zeros.BLOCK).mean(1)[ri]
        c_j = dead_cols.view(-1, zeros.BLOCK).mean(1)[ci]
        stated = float((r_j + c_j - r_j * c_j).mean())
        assert _estimate(g) == pytest.approx(stated, abs=1e-12)
        k_out, k_in = rows // zeros.BLOCK, cols // zeros.BLOCK
        equally_often = max(k_out, k_in) % min(k_out, k_in) == 0
        if equally_often and (r == 0.0 or c == 0.0):  # no overlap term: exact
            assert _estimate(g) == pytest.approx(true, abs=1e-12)


@pytest.mark.parametrize("rows,cols", SHAPES)
@pytest.mark.parametrize("p", [0.01, 0.2, 0.5, 0.9])
def test_zeros_at_random_positions_are_within_four_binomial_standard_errors(rows, cols, p):
    m = zeros.counted(rows, cols)
    error = 4 * np.sqrt(p * (1 - p) / m)  # two-sided: exceeded with probability 6e-5
    for seed in range(3):
        gen = torch.Generator().manual_seed(100 + seed)
        g = torch.randn(rows, cols, generator=gen)
        g[torch.rand(rows, cols, generator=gen) < p] = 0.0
        true = 1.0 - float(torch.count_nonzero(g)) / g.numel()
        assert abs(_estimate(g) - true) <= error + (0.0 if m < g.numel() else 1e-12)


def test_a_sample_all_zero_of_a_gradient_that_is_not_is_counted_in_full():
    width, batch = 256, 4
    deltas, inputs = torch.zeros(1, batch, width), torch.zeros(1, batch, width)
    deltas[0, :, 3] = 1.0  # one live output unit, in row block 0
    inputs[0, :, 40] = 1.0  # one live input unit, in column block 2: off the diagonal
    _, frac_zero, _ = weight_gradient_statistics(list(deltas), list(inputs))
    assert frac_zero[0] == 1.0 - 1.0 / width**2
    fractions = zeros.fractions(np.array([0.0, 0.0]), 4096, np.array([0.0, 2.0]), lambda i: 0.5)
    assert list(fractions) == [1.0, 0.5]  # a zero norm is 100% zero without a count


def _stated_error(g: torch.Tensor) -> float:
    """The docstring's accuracy for one gradient: the overlap term of its dead rows and
    columns plus four binomial standard errors for the rest."""
    zero = g == 0
    dead_rows, dead_cols = zero.all(1).double(), zero.all(0).double()
    rows, cols = g.shape
    if not zeros.blocked(rows, cols):
        return 0.0
    ri, ci = zeros.block_pairs(rows, cols)
    r_j = dead_rows.view(-1, zeros.BLOCK).mean(1)[ri]
    c_j = dead_cols.view(-1, zeros.BLOCK).mean(1)[ci]
    overlap = abs(float(dead_rows.mean() * dead_cols.mean() - (r_j * c_j).mean()))
    p = float(zero.double().mean())
    return overlap + 4 * np.sqrt(p * (1 - p) / zeros.counted(rows, cols))


@pytest.mark.parametrize(
    "config",
    [
        LabConfig(depth=30, width=256, batch=8, activation="relu"),  # dead units
        LabConfig(depth=20, width=256, batch=2, activation="relu"),  # many
        LabConfig(depth=50, width=256, batch=16, activation="sigmoid", precision="fp16"),
        LabConfig(depth=20, width=256, batch=16, activation="relu", precision="fp16"),
    ],
    ids=["relu", "relu-batch-2", "fp16-underflow", "relu-fp16"],
)
def test_every_path_reports_the_same_frac_zero_within_the_stated_accuracy(config):
    counted = AutogradProbe(config, exact_counts=True)
    done = counted.run()
    gradients = done.grads[: config.depth]  # ∂ℓ/∂W as the frames count them
    if config.precision != "fp32":
        gradients = [g.to(DTYPES[config.precision]).float() for g in gradients]
    exact = counted.measure(done)["frac_zero"]
    stated = np.array([_stated_error(g) for g in gradients])
    paths = {
        "plain": Probe(config),
        "plain, ∂ℓ/∂W formed": Probe(config, fast=False),
        "autograd": AutogradProbe(config),
        "autograd, ∂ℓ/∂W formed": AutogradProbe(config, fast=False),
    }
    estimates = {name: probe.step()["frac_zero"] for name, probe in paths.items()}
    assert paths["plain"].route.gram == (config.precision == "fp32")
    first = estimates["plain"]
    for name, estimate in estimates.items():  # the same entries counted on every path
        np.testing.assert_allclose(estimate, first, atol=2 / 4096, err_msg=name)
        assert np.all(np.abs(estimate - exact) <= stated + 2 / 4096), name
