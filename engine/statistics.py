"""Per-layer statistics of one step, as a few vectorised reductions.

Whatever the network's precision, statistics are reduced in float32: half values are
widened first (a norm of fp16 values overflows by itself), and a float64 copy would cost
more than the reduction. A layer whose float32 norm falls outside the one guard's range
is redone on its values scaled by a power of two (engine/safe_norm.py), and one holding
inf/NaN is counted in full. The zero fractions of ∂ℓ/∂W come from engine/zeros.py's
estimate (or a full count, `exact`). The table comes back in float64.

Speed (benchmarks/, 'overhead'): the common case is a handful of batched reductions,
stacked into one table that crosses to the host once; the rare layers that need more
are found in that table with numpy and redone together. A pass's stacks are read in
place; lists are stacked a cache-sized chunk of layers at a time into a pooled buffer
(engine/buffers.py), so a deep network never page-faults a full-size temporary per step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from . import buffers, safe_norm, zeros
from . import gram as gram_path
from .precision import DTYPES, RANGES

Layers = Sequence[torch.Tensor]  # a list of one tensor per layer, or a stack of them


def layer_statistics(
    acts: Layers,
    grad_acts: Layers,
    grad_w: Layers | None,
    precision: str,
    emulate: bool,
    exact: bool = False,
    gram: tuple[list, list] | torch.Tensor | None = None,
    joint: torch.Tensor | None = None,
) -> dict[str, np.ndarray]:
    """Columns of the per-layer table (float64 arrays).

    `acts`, `grad_acts`, `grad_w`: lists, or stacks read in place (the moments read a
    layer's entries in any order: a plain pass hands its transposed layers). `joint`:
    `acts` then `grad_acts` as one stack (a plain pass's `moments_stack`), one pass of
    moments for both. `gram`: autograd's (δ, h) lists, or a plain pass's `gram_stack`,
    for engine/gram.py (fp32, one width), which then gives the ∂ℓ/∂W columns instead
    of `grad_w`. Lists of different shapes are measured
    a shape at a time."""
    with torch.no_grad():
        groups = _shape_groups(acts, grad_w)
        if groups is None:
            return _layer_statistics(
                acts, grad_acts, grad_w, precision, emulate, exact, gram, joint
            )
        columns: dict[str, np.ndarray] = {}
        for index in groups:
            part = _layer_statistics(
                [acts[i] for i in index],
                [grad_acts[i] for i in index],
                None if grad_w is None else [grad_w[i] for i in index],
                precision,
                emulate,
                exact,
            )
            for name, values in part.items():
                column = columns.setdefault(name, np.empty(len(acts)))
                column[index] = values
        return columns


def _shape_groups(acts, grad_w) -> list[list[int]] | None:
    """The layers grouped by shape (their output's and their weight gradient's), in
    order; None when every layer has the same shape (a stack reads them all at once)."""
    if isinstance(acts, torch.Tensor) and (grad_w is None or isinstance(grad_w, torch.Tensor)):
        return None
    groups: dict[tuple, list[int]] = {}
    for i, act in enumerate(acts):
        key = (tuple(act.shape), None if grad_w is None else tuple(grad_w[i].shape))
        groups.setdefault(key, []).append(i)
    return None if len(groups) == 1 else list(groups.values())


def _layer_statistics(acts, grad_acts, grad_w, precision, emulate, exact, gram=None, joint=None):
    gh_round = DTYPES[precision] if emulate else None  # what real half stores for ∂ℓ/∂h
    if gh_round is None:  # one pass of moments over both: half the ops of a shallow net
        mean, spread = _raw_moments(joint if joint is not None else [*acts, *grad_acts])
        d = len(acts)
        moments = [mean[:d], spread[:d], mean[d:], spread[d:]]
    else:
        moments = [*_raw_moments(acts), *_raw_moments(grad_acts, gh_round)]
    if gram is not None:  # the moments and the Gram products cross to the host at once
        layers = gram_path.GramLayers.of(gram)
        rows = torch.cat([torch.stack(moments), gram_path.reduce(layers)])
        table = rows.double().cpu().numpy()
        if gh_round is None and nothing_to_redo(table):
            return plain_columns(table, acts[0].numel(), gram_path.entries_counted(layers))
        w_norm, frac_zero, frac_nonfinite = gram_path.columns(layers, table[4:])
        weights = (w_norm, frac_zero, frac_nonfinite, np.zeros_like(w_norm))  # fp32 only
    else:
        table, weights = _weight_columns(moments, grad_w, precision, exact)
    act_mean, act_var, act_nonfinite = _finish_moments(acts, None, table[0], table[1])
    _, grad_h_var, _ = _finish_moments(grad_acts, gh_round, table[2], table[3])
    w_norm, frac_zero, frac_nonfinite, frac_underflow = weights
    columns = {
        "act_mean": act_mean,
        "act_var": act_var,
        "act_frac_nonfinite": act_nonfinite,
        "grad_h_var": grad_h_var,
        "grad_w_norm": w_norm,
        "frac_zero": frac_zero,
        "frac_nonfinite": frac_nonfinite,
        "frac_underflow": frac_underflow,
    }
    return {name: np.ascontiguousarray(v, dtype=np.float64) for name, v in columns.items()}


# The common case of a Gram-path table, in one comparison per row: means finite, spreads
# and the traces' square roots inside the guard's range, ‖G‖² > 0 and below ENTRY_MAX²,
# some entry counted non-zero. Anything else goes through `_finish_moments` and
# `gram.columns`, which redo or count in full what needs it.
_ABOVE = np.array([-np.inf, 1.0, -np.inf, 1.0, 1.0, 1.0, 0.0, 0.0])[:, None]
_ABOVE[[1, 3]] = np.nextafter(safe_norm.LOW, 0.0)
_ABOVE[[4, 5]] = np.nextafter(safe_norm.LOW**2, 0.0)
_BELOW = np.array([np.inf] * 6 + [gram_path.ENTRY_MAX**2, np.inf])[:, None]


def nothing_to_redo(table: np.ndarray) -> bool:
    """Whether no layer of a Gram-path table (the moments' four rows, then `gram.reduce`'s
    four) needs the guard or a full count; NaN fails every comparison."""
    return bool(((table > _ABOVE) & (table < _BELOW)).all())


def plain_columns(table: np.ndarray, count: int, entries: int) -> dict[str, np.ndarray]:
    """The columns of a table `nothing_to_redo` passed: read-only rows of one array (a
    Frame keeps them without a copy), `count` entries per layer, `entries` counted for
    the zero fraction."""
    out = np.empty((6, table.shape[1]))
    out[0] = table[0]
    np.multiply(table[1:4:2], table[1:4:2], out=out[1:3])
    out[1:3] /= count
    np.sqrt(table[6], out=out[3])
    np.divide(table[7], -entries, out=out[4])
    out[4] += 1.0
    out[5] = 0.0
    out.setflags(write=False)
    act_mean, act_var, grad_h_var, w_norm, frac_zero, none = out
    return {
        "act_mean": act_mean,
        "act_var": act_var,
        "act_frac_nonfinite": none,
        "grad_h_var": grad_h_var,
        "grad_w_norm": w_norm,
        "frac_zero": frac_zero,
        "frac_nonfinite": none,
        "frac_underflow": none,
    }


def _raw_moments(layers: Layers, round_to: torch.dtype | None = None):
    """Per layer (mean, ‖x − mean‖₂) of its float32 values, in float32 reductions, a
    cache-sized chunk of layers at a time. `round_to` rounds the values to a half format
    first (what real half would have stored)."""
    first = layers[0]
    step = min(len(layers), max(1, buffers.CHUNK_BYTES // (4 * first.numel())))
    scratch = buffers.take((step, *first.shape), first.dtype, first.device)
    means, spreads = [], []
    try:
        for i in range(0, len(layers), step):
            chunk = layers[i : i + step]
            out = scratch[: len(chunk)]
            # a stack is read in place and never changed; a list is stacked into scratch
            stacked = isinstance(chunk, torch.Tensor)
            values = chunk if stacked else torch.stack(list(chunk), out=out)
            if round_to is not None:
                values = values.to(round_to)
            mean, spread = centred_norms(values.float(), out)
            spreads.append(spread)
            means.append(mean)
    finally:
        buffers.give_back(scratch)
    if len(means) == 1:
        return means[0], spreads[0]
    return torch.cat(means), torch.cat(spreads)


def centred_norms(values: torch.Tensor, out: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(mean, ‖x − mean‖₂) of each layer of a float32 stack (its first dimension), the
    deviations written to `out` (`values` itself may be it); where `out` cannot hold
    float32 (a half scratch), to `values`, a copy of the caller's values."""
    dims = tuple(range(1, values.dim()))
    mean = values.mean(dim=dims, keepdim=True)
    deviations = torch.sub(values, mean, out=out if out.dtype == values.dtype else values)
    return mean.flatten(), torch.linalg.vector_norm(deviations, dim=dims)


def _finish_moments(layers: Layers, round_to, mean: np.ndarray, spread: np.ndarray):
    """(mean, variance, fraction non-finite) from the float32 reductions, redoing the
    layers outside the guard's range on their values scaled by powers of two, and
    those with inf/NaN values in float64, counted in full."""
    count = layers[0].numel()
    var = spread * spread / count
    nonfinite = np.zeros_like(mean)
    if safe_norm.all_inside(spread) and np.isfinite(mean).all():  # the common case
        return mean, var, nonfinite
    redo = safe_norm.outside(spread) | ~np.isfinite(mean)

    def values(i: int) -> torch.Tensor:
        layer = layers[i] if round_to is None else layers[i].to(round_to)
        return layer.float()

    index = np.flatnonzero(redo).tolist()
    scaled, exponents = safe_norm.scaled(torch.stack([values(i) for i in index]))
    dims = tuple(range(1, scaled.dim()))
    scaled_mean = scaled.mean(dim=dims, keepdim=True)
    scaled_spread = torch.linalg.vector_norm(scaled - scaled_mean, dim=dims)
    factor = np.exp2(exponents)
    with np.errstate(over="ignore", invalid="ignore"):
        mean[index] = scaled_mean.flatten().double().cpu().numpy() * factor
        spread_again = scaled_spread.double().cpu().numpy() * factor
        var[index] = spread_again * spread_again / count
        bad = ~np.isfinite(mean + var)
    for i in np.flatnonzero(bad).tolist():  # inf/NaN values
        layer = values(i).double()
        nonfinite[i] = float((~torch.isfinite(layer)).sum()) / count
        mean[i] = float(layer.mean())
        if nonfinite[i] > 0:  # the variance is infinite or undefined
            var[i] = float("nan") if bool(torch.isnan(layer).all()) else float("inf")
        else:
            var[i] = float(layer.var(unbiased=False))
    return mean, var, nonfinite


def _weight_columns(moments, grad_w: Layers, precision: str, exact: bool):
    """(the host table: the four moment rows, then these; (‖∂ℓ/∂W‖, fraction 0,
    fraction inf/NaN, fraction underflowed)) from the weight gradients themselves: a
    list, or a (depth × rows × cols) stack read in place. The moments ride along so
    that everything crosses to the host in one transfer."""
    layers = list(grad_w.unbind(0)) if isinstance(grad_w, torch.Tensor) else list(grad_w)
    w_norm = torch.stack(torch._foreach_norm(layers))
    rows, cols = layers[0].shape
    per_layer = rows * cols
    if isinstance(grad_w, torch.Tensor):
        counted = grad_w if exact else zeros.sample(grad_w)
    else:
        counted = torch.stack(layers if exact else [zeros.sample(g) for g in layers])
    entries = per_layer if exact else zeros.counted(rows, cols)
    dims = tuple(range(1, counted.dim()))
    nonzero = torch.linalg.vector_norm(counted, ord=0, dim=dims)  # faster than count_nonzero
    reductions = [*moments, w_norm.float(), nonzero]
    if precision != "fp32":
        tiny = RANGES[precision].tiny
        reductions.append(((counted != 0) & (counted.abs() < tiny)).sum(dim=dims))
    table = torch.stack([r.double() for r in reductions]).cpu().numpy()  # one transfer

    w_norm, nonzero = table[4], table[5]
    frac_nonfinite = np.zeros_like(w_norm)
    redo = np.flatnonzero(safe_norm.outside(w_norm)).tolist()
    if redo:
        w_norm[redo] = safe_norm.norms([layers[i] for i in redo])
    for i in np.flatnonzero(~np.isfinite(w_norm)).tolist():  # inf/NaN entries
        g = layers[i]
        w_norm[i] = float(torch.linalg.vector_norm(g, dtype=torch.float64))
        frac_nonfinite[i] = float((~torch.isfinite(g)).sum()) / per_layer

    def full_count(i: int) -> float:
        return 1.0 - float(torch.count_nonzero(layers[i])) / per_layer

    frac_zero = zeros.fractions(nonzero, entries, w_norm, full_count)
    frac_underflow = np.zeros_like(w_norm)
    if precision != "fp32":
        frac_underflow = table[6] / np.maximum(nonzero, 1.0)
    return table, (w_norm, frac_zero, frac_nonfinite, frac_underflow)
