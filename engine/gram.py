"""‖∂ℓ/∂W‖ per layer without forming ∂ℓ/∂W: the probe's fast path in fp32.

For a bias-free layer z = h Wᵀ, the weight gradient is G = δᵀh with δ = ∂ℓ/∂z (B × n)
and h the layer's input (B × n). A probe that does not train never needs G itself,
only its norm and the fractions of its entries that are 0 or non-finite, and

    ‖G‖²_F = Σ_{b,b'} (δ_b·δ_b')(h_b·h_b') = ⟨δδᵀ, hhᵀ⟩_F,

two B × B Gram matrices: half the arithmetic of G (B·n² multiply-adds) and none of its
n² memory, while autograd skips the weight-gradient products (a third of the backward
pass). The zeros are counted on G's diagonal blocks (engine/zeros.py), formed here from
δ and h: 1/16 of G's arithmetic. Layers whose traces ‖δ‖², ‖h‖² or ‖G‖² the guard
flags are done again scaled by powers of two (engine/safe_norm.py); a layer
with inf/NaN, or a norm an entry of G could overflow float32 at, from G itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from . import buffers, safe_norm, zeros

# Layers at once: δ and h of a chunk, ~1 MB each at width 256 and batch 64, stay in a
# core's cache while the products read them (4 MB chunks took longer).
GRAM_CHUNK_BYTES = buffers.CHUNK_BYTES // 4
ENTRY_MAX = 3e38  # a norm from which an entry of G may overflow float32

Columns = tuple[np.ndarray, np.ndarray, np.ndarray]


def weight_gradient_statistics(deltas: list[torch.Tensor], inputs: list[torch.Tensor]) -> Columns:
    """(‖∂ℓ/∂W^t‖_F, fraction of its entries 0 (engine/zeros.py), fraction inf/NaN) per
    layer, from autograd's δ^t and the layer's input h^(t−1): (batch × width) float32
    tensors of one width, stacked transposed a chunk at a time. (`layer_statistics`
    calls `reduce` and `columns` itself, to bring the moments across in the same
    transfer.)"""
    layers = GramLayers(deltas, inputs, None)
    return columns(layers, reduce(layers).double().cpu().numpy())


@dataclass(frozen=True)
class GramLayers:
    """δ^t and h^(t−1) of every layer: autograd's (batch × width) lists, or halves of
    a plain pass's `gram_stack` (`stack`, (width × batch) layers) read in place."""

    deltas: Sequence[torch.Tensor]
    inputs: Sequence[torch.Tensor]
    stack: torch.Tensor | None

    @classmethod
    def of(cls, gram: tuple[list, list] | torch.Tensor) -> GramLayers:
        """From `layer_statistics`'s `gram`: (δ, h) lists, or a `gram_stack`."""
        if isinstance(gram, torch.Tensor):
            depth = len(gram) // 2
            return cls(gram[:depth], gram[depth:], gram)
        return cls(*gram, None)

    def transposed(self, layers: Sequence[torch.Tensor], t: int) -> torch.Tensor:
        """Layer t of `layers` as (width × batch)."""
        return layers[t] if self.stack is not None else layers[t].T


def entries_counted(layers: GramLayers) -> int:
    """Entries of each layer's G the zero count looks at (engine/zeros.py)."""
    width = layers.transposed(layers.deltas, 0).shape[0]
    return zeros.counted(width, width)


def reduce(layers: GramLayers) -> torch.Tensor:
    """The device half: (‖δ‖², ‖h‖², ‖G‖², non-zero entries counted) per layer, a
    (4 × depth) float32 tensor for `columns` (which a caller may bring to the host
    together with other reductions: one transfer)."""
    deltas, inputs, stack = layers.deltas, layers.inputs, layers.stack
    transposed = stack is not None
    depth = len(deltas)
    width, batch = deltas.shape[1:] if transposed else deltas[0].shape[::-1]
    step = max(1, min(depth, GRAM_CHUNK_BYTES // (4 * batch * width)))
    dtype, device = torch.float32, deltas[0].device
    stacked = None if transposed else buffers.take((2 * step, width, batch), dtype, device)
    scratch = buffers.take((scratch_size(step, width, batch),), dtype, device)
    grams, blocks = _scratch_views(scratch, step, batch)
    parts = []
    try:
        for i in range(0, depth, step):
            j = min(i + step, depth)
            if not transposed:  # autograd's tensors, stacked transposed as a plain pass's
                chunk = (*deltas[i:j], *inputs[i:j])
                both = torch.stack([x.T for x in chunk], out=stacked[: len(chunk)])
            else:  # δ and h side by side where the chunk is the whole stack
                both = stack if j - i == depth else None
            if both is not None:
                d_t, h_t = both[: j - i], both[j - i :]
            else:
                d_t, h_t = deltas[i:j], inputs[i:j]
            parts.append(_chunk(d_t, h_t, both, grams, blocks))
    finally:
        buffers.give_back(stacked, scratch)
    return parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)


def columns(layers: GramLayers, reduced: np.ndarray) -> Columns:
    """The host half: the columns from `reduce`'s rows (float64), with the guard's
    layers redone and inf/NaN ones counted from G itself."""
    trace_d, trace_h, square, nonzero = reduced
    depth = len(square)
    entries = entries_counted(layers)
    if safe_norm.all_inside(np.sqrt(reduced[:2])) and square.min() > 0 and nonzero.min() > 0:
        norms = np.sqrt(square)  # the common case: nothing to redo or count in full
        if norms.max() < ENTRY_MAX:
            return norms, 1.0 - nonzero / entries, np.zeros(depth)
    norms = np.sqrt(np.maximum(square, 0.0))
    redo = safe_norm.outside(np.sqrt(trace_d)) | safe_norm.outside(np.sqrt(trace_h))
    redo |= ~np.isfinite(square)
    if redo.any():
        rest = np.flatnonzero(redo).tolist()
        d_t = torch.stack([layers.transposed(layers.deltas, t) for t in rest])
        h_t = torch.stack([layers.transposed(layers.inputs, t) for t in rest])
        norms[rest] = _scaled_norms(d_t, h_t)

    def gradient(t: int) -> torch.Tensor:  # G itself, as autograd would form it
        return layers.transposed(layers.deltas, t) @ layers.transposed(layers.inputs, t).T

    frac_nonfinite = np.zeros(depth)
    for t in np.flatnonzero(~(norms < ENTRY_MAX)).tolist():  # inf/NaN, or about to be
        g = gradient(t)
        norms[t] = float(torch.linalg.vector_norm(g, dtype=torch.float64))
        frac_nonfinite[t] = float((~torch.isfinite(g)).sum()) / g.numel()

    def full_count(t: int) -> float:
        g = gradient(t)
        return 1.0 - float(torch.count_nonzero(g)) / g.numel()

    frac_zero = zeros.fractions(nonzero, entries, norms, full_count)
    return norms, frac_zero, frac_nonfinite


def small(depth: int, width: int, batch: int) -> bool:
    """Whether a plain pass's `gram_stack` of this size is one chunk with blocked zero
    counts: a small net, which a probe measures with `chunk_rows` directly."""
    return depth * batch * width * 4 <= GRAM_CHUNK_BYTES and zeros.blocked(width, width)


def scratch_size(layers: int, width: int, batch: int) -> int:
    """Floats of scratch `_chunk` needs for `layers` layers: their Gram matrices, then
    their diagonal blocks where the zeros are counted on blocks."""
    blocks = layers * width * zeros.BLOCK if zeros.blocked(width, width) else 0
    return 2 * layers * batch * batch + blocks


def _scratch_views(scratch: torch.Tensor, layers: int, batch: int):
    """(Gram matrices, diagonal blocks or None) on a `scratch_size` scratch."""
    grams_size = 2 * layers * batch * batch
    grams = scratch[:grams_size].view(2 * layers, batch, batch)
    rest = scratch[grams_size:]
    return grams, rest.view(-1, zeros.BLOCK, zeros.BLOCK) if rest.numel() else None


def chunk_rows(gram_stack: torch.Tensor, scratch: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """`reduce`'s four rows of a `small` stack, as a tuple, on a `scratch_size` scratch."""
    depth, batch = len(gram_stack) // 2, gram_stack.shape[2]
    grams, blocks = _scratch_views(scratch, depth, batch)
    return _chunk(gram_stack[:depth], gram_stack[depth:], gram_stack, grams, blocks, stacked=False)


def _chunk(d_t, h_t, both, grams, blocks, stacked: bool = True):
    """(‖δ‖², ‖h‖², ‖G‖², non-zero entries counted) of a chunk of layers: δᵀ and hᵀ as
    (layers × width × batch) stacks, contiguous, and `both`, the two as one stack where
    they lie so (one product for both Gram matrices); `grams`, `blocks`: scratch."""
    n, width, batch = d_t.shape
    # the diagonal blocks first, while the stacks are in cache
    if blocks is not None:  # every layer's blocks are contiguous 16-unit slices
        out = blocks[: n * (width // zeros.BLOCK)]
        d_blocks = d_t.reshape(-1, zeros.BLOCK, batch)
        h_blocks = h_t.reshape(-1, zeros.BLOCK, batch).transpose(1, 2)
        products = torch.bmm(d_blocks, h_blocks, out=out).view(n, -1)
    else:
        products = torch.bmm(d_t, h_t.transpose(1, 2)).view(n, -1)
    nonzero = torch.linalg.vector_norm(products, ord=0, dim=1)  # counts x ≠ 0
    dd, hh = grams[:n], grams[n : 2 * n]
    if both is not None:
        torch.bmm(both.transpose(1, 2), both, out=grams[: 2 * n])
    else:
        torch.bmm(d_t.transpose(1, 2), d_t, out=dd)
        torch.bmm(h_t.transpose(1, 2), h_t, out=hh)
    traces = grams[: 2 * n].diagonal(dim1=1, dim2=2).sum(dim=1)
    square = dd.mul_(hh).sum(dim=(1, 2))  # a bmm of these shapes is 8× slower
    rows = (traces[:n], traces[n:], square, nonzero)
    return torch.stack(rows) if stacked else rows


def _scaled_norms(d_t: torch.Tensor, h_t: torch.Tensor) -> np.ndarray:
    """‖G‖ of layers out of the plain range, from δ and h scaled by powers of two."""
    d_scaled, d_exp = safe_norm.scaled(d_t)
    h_scaled, h_exp = safe_norm.scaled(h_t)
    dd = torch.bmm(d_scaled.transpose(1, 2), d_scaled)
    hh = torch.bmm(h_scaled.transpose(1, 2), h_scaled)
    square = dd.mul_(hh).sum(dim=(1, 2)).double().cpu().numpy()
    with np.errstate(over="ignore", invalid="ignore"):
        return np.sqrt(np.maximum(square, 0.0)) * np.exp2(d_exp + h_exp)
