"""Measure the singular values of J_t = ∂h^d/∂h^t for one input, accurately at any spread.

Forming J_t and taking its SVD loses every singular value below ~1e-16 of the largest
(float64) or ~1e-7 (float32): a Gaussian linear net of depth 30 and width 20 spans 1e-31,
and its smallest values came out wrong by a factor of 1e11. Instead the product is
factored as it is built, the way Lyapunov exponents are computed: Q R ⋯ R with Q
orthonormal and a product of triangular factors that stays graded, whose SVD keeps
every value to ~1e-13 of itself (held to a 100-digit computation by
tests/engine/test_spectrum.py). It runs in float64 (a half-precision network's weights
are the ones it rounded to) with the scale kept apart, so no value overflows.

The transposes are multiplied from the top, J_tᵀ = A_(t+1)ᵀ ⋯ A_dᵀ, so every t shares
the same factorisation: one pass gives J_(d−1) … J_0. A unit whose φ' is exactly 0 (a
switched-off ReLU) zeroes a row of A_i; its row is dropped, so such a product's zero
singular values are exactly 0 rather than rounding noise. LayerNorm's ignored direction
(1, …, 1) is a dimension fewer in the same way. The one loss of digits measured: with
LayerNorm and ReLU a value 1e-20 of the largest came out 1.6× too large.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection

import numpy as np
import torch
import torch.nn.functional as F

from . import network, theory
from .activations import ACTIVATIONS
from .config import LabConfig
from .spectrum import BATCH_NORM_NOTE, Spectrum
from .words import QT_TRANSLATE_NOOP

INPUT_STREAM = 2**21  # input k of a seed draws from layer_seed(seed, INPUT_STREAM + k)
LN_EPS = 1e-5  # F.layer_norm's default, as the network uses it


def spectrum_input(config: LabConfig, index: int = 0) -> torch.Tensor:
    """The seed's input number `index`, x ~ N(0, 1) of width n_0, in float64."""
    gen = torch.Generator().manual_seed(network.layer_seed(config.seed, INPUT_STREAM + index))
    return torch.randn(config.layer_widths()[0], generator=gen, dtype=torch.float64)


def _derivative(name: str, a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(φ(a), φ'(a)) as the network's backward pass takes them: the activation's own
    backward where it has one (the bits autograd gives, without building a graph),
    else autograd of the function the network runs."""
    activation = ACTIVATIONS[name]
    if activation.backward is not None:
        y = activation(a)
        return y, activation.backward(torch.ones_like(a), a, y)
    a = a.detach().requires_grad_(True)
    with torch.enable_grad():
        y = ACTIVATIONS[name](a)
        (dy,) = torch.autograd.grad(y.sum(), a)
    return y.detach(), dy


Stage = tuple[torch.Tensor, torch.Tensor, bool]  # (e, F, whether its input is an h^t)


def _ones_complement(n: int) -> torch.Tensor:
    """An orthonormal basis (n × n−1) of the vectors orthogonal to (1, …, 1): columns
    2 … n of the Householder reflection that maps e_1 to (1, …, 1)/√n."""
    w = torch.full((n,), -1.0 / math.sqrt(n), dtype=torch.float64)
    w[0] += 1.0
    norm = torch.linalg.vector_norm(w)
    if norm == 0:
        return torch.eye(n, dtype=torch.float64)[:, 1:]
    w /= norm
    return (torch.eye(n, dtype=torch.float64) - 2.0 * torch.outer(w, w))[:, 1:]


def layer_factors(
    weights: list[torch.Tensor], biases: list[torch.Tensor] | None, config: LabConfig, x
) -> list[Stage]:
    """Stages (e, F, boundary), bottom first, whose product of diag(e)·F is the
    product of the layers' Jacobians A_i = ∂h^i/∂h^(i−1), float64.

    Plain: e = φ'(z), F = W. Residual (h + s·f): e = 1, F = I + s·∂f/∂h. LayerNorm:
    ∂LN/∂z = (I − 11ᵀ/n − â âᵀ/n)/σ = B Bᵀ (I − â âᵀ/n)/σ with B an orthonormal basis
    of 1⊥ (â ⊥ 1), so the layer is two stages, (1, Bᵀ(I − â âᵀ/n)W/σ) then (φ', B):
    the direction LN ignores is a dimension fewer, so its singular value is exactly 0.
    """
    h = x.to(torch.float64)
    out: list[Stage] = []
    for i, w in enumerate(weights):
        w = w.detach().to("cpu", torch.float64)
        z = w @ h
        if biases is not None:
            z = z + biases[i].detach().to("cpu", torch.float64)
        a = F.layer_norm(z, z.shape, eps=LN_EPS) if config.norm == "layer" else z
        y, e = _derivative(config.activation, a)
        if config.norm == "layer":
            n = z.shape[0]
            sigma = torch.sqrt(z.var(unbiased=False) + LN_EPS)
            basis = _ones_complement(n)
            inner = (w - torch.outer(a, a @ w) / n) / sigma
            stages = [(torch.ones(n - 1, dtype=torch.float64), basis.T @ inner), (e, basis)]
        else:
            stages = [(e, w)]
        if config.residual:  # I + s·diag(e_last)·F_last⋯F_first, one stage
            f_mat = stages[-1][1] * stages[-1][0][:, None]
            for e_in, f_in in stages[-2::-1]:
                f_mat = f_mat @ (f_in * e_in[:, None])
            f_mat = torch.eye(h.shape[0], dtype=torch.float64) + config.residual_scale * f_mat
            stages = [(torch.ones(f_mat.shape[0], dtype=torch.float64), f_mat)]
            h = h + config.residual_scale * y
        else:
            h = y
        out.extend((e_s, f_s, k == 0) for k, (e_s, f_s) in enumerate(stages))
    return out


class SpectrumCancelled(Exception):
    """`measure_spectrum(cancelled=...)` stopped because `cancelled()` became true."""


def product_log10_spectra(
    stages: list[Stage],
    cancelled: Callable[[], bool] | None = None,
    at: Collection[int] | None = None,
) -> list[np.ndarray | None]:
    """log10 of the singular values of every J_t = A_d ⋯ A_(t+1), t = 0 … d−1 (or of
    the t in `at`, None for the others), largest first, min(n_d, n_t) of them (−inf:
    exactly 0). A t left out skips its QR of all the rows and its SVD, more than half
    of a ReLU layer's cost; the state is carried through every layer either way.

    State after the stages above: S (stageᵀ ⋯ top stageᵀ) = Q P · 10^scale, rows
    restricted by S to the stage's units with e ≠ 0, Q orthonormal, P upper triangular
    (trapezoidal where fewer units live), the scale kept apart.
    """
    lives = [torch.nonzero(e).squeeze(1) for e, _, _ in stages]
    k = lives[-1].numel()
    q = torch.eye(k, dtype=torch.float64)
    p = torch.eye(k, dtype=torch.float64)
    scale = 0.0
    n_top = stages[-1][1].shape[0]
    found: list[np.ndarray | None] = []
    t = sum(1 for stage in stages if stage[2])  # the boundaries' count: t of the top + 1
    for i in range(len(stages) - 1, -1, -1):
        if cancelled is not None and cancelled():  # looked at every layer: a deep
            raise SpectrumCancelled()  # spectrum of outdated settings takes seconds
        e, f_mat, boundary = stages[i]
        t -= int(boundary)
        measured = boundary and (at is None or t in at)
        if boundary and not measured:
            found.append(None)
        if i == 0 and not measured:
            break
        live = lives[i]
        below = lives[i - 1] if i > 0 else None
        # this stage's transpose, from the live units above, times the state: every row
        # of h^(i-1) for its spectrum, else only the rows the next stage reads
        rows = f_mat[live, :] * e[live, None]
        y = (rows if measured or below is None else rows[:, below]).T @ q
        every_row = below is not None and below.numel() == y.shape[0]
        q_next = r_p = None
        if every_row:  # no row left out below: the boundary's QR is the next state's
            q_next, r = torch.linalg.qr(y)
            r_p = r @ p
        if measured:
            logs = np.full(min(n_top, y.shape[0]), -np.inf)
            if y.shape[1] and live.numel():
                if r_p is None:
                    r_p = torch.linalg.qr(y, mode="r")[1] @ p
                s = torch.linalg.svdvals(r_p)
                with np.errstate(divide="ignore"):
                    got = np.log10(s.numpy()) + scale
                logs[: got.size] = got
            found.append(logs)
        if i > 0:
            if every_row:
                q, p = q_next, r_p
            else:
                q, r = torch.linalg.qr(y[below, :])
                p = r @ p
            biggest = float(p.abs().max()) if p.numel() else 0.0
            if biggest > 0 and math.isfinite(biggest):
                p /= biggest
                scale += math.log10(biggest)
    return found[::-1]


def _rms_theory(config: LabConfig) -> tuple[np.ndarray, str]:
    """√(χ_(t+1) ⋯ χ_d) for each t: the mean of s² that the gradient plot's theory
    line multiplies up (Var[∂ℓ/∂h^t] = χ_(t+1) ⋯ χ_d · Var[∂ℓ/∂h^d])."""
    pred = theory.predict(config)
    if pred.chi is None or not np.isfinite(pred.chi).all():
        why = pred.note or QT_TRANSLATE_NOOP("SpectrumNotes", "theory not drawn for this config")
        return np.full(config.depth, np.nan), why
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        log_chi = np.log10(pred.chi)
        tail = np.cumsum(log_chi[::-1])[::-1]  # Σ_(i ≥ t) log10 χ_(i+1)
        return 10.0 ** (0.5 * tail), ""


def measure_spectrum(
    config: LabConfig,
    weights: list[torch.Tensor],
    biases: list[torch.Tensor] | None = None,
    input_index: int = 0,
    cancelled: Callable[[], bool] | None = None,
    from_layers: Collection[int] | None = None,
) -> Spectrum:
    """The spectrum of `config`'s network (these weights) at the seed's input
    `input_index`: of every J_t, or of the t in `from_layers` (the others' rows have
    count 0, see `Spectrum.measured_layers`)."""
    started = time.thread_time()  # CPU time: what it costs, however busy the machine
    rms_theory, theory_note = _rms_theory(config)
    if config.norm == "batch":
        return Spectrum(
            config,
            input_index,
            np.zeros((config.depth, 0)),
            np.zeros(config.depth, dtype=np.int64),
            rms_theory,
            note=BATCH_NORM_NOTE,
        )
    x = spectrum_input(config, input_index)
    with torch.no_grad():
        stages = layer_factors(weights, biases, config, x)
        logs = product_log10_spectra(stages, cancelled, from_layers)
    counts = np.array([0 if v is None else v.size for v in logs], dtype=np.int64)
    table = np.full((config.depth, int(counts.max())), np.nan)
    for t, v in enumerate(logs):
        if v is not None:
            table[t, : v.size] = v
    return Spectrum(
        config,
        input_index,
        table,
        counts,
        rms_theory,
        theory_note=theory_note,
        seconds=time.thread_time() - started,
    )


def spectrum_of_config(config: LabConfig, input_index: int = 0) -> Spectrum:
    """Build the config's network as a probe does (same seed, same rounded weights) and
    measure its spectrum."""
    from .probe import Probe

    probe = Probe(config.with_(mode="probe") if config.mode != "probe" else config)
    return measure_spectrum(config, probe.weights, probe.biases, input_index)
