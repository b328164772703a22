"""‖∂ℓ/∂W‖ per layer without forming ∂ℓ/∂W: the probe's fast path in fp32.

For a bias-free layer z = h Wᵀ, the weight gradient is G = δᵀh with δ = ∂ℓ/∂z (B × n)
and h the layer's input (B × n). A probe that does not train never needs G itself,
only its norm and the fractions of its entries that are 0 or non-finite, and

    ‖G‖²_F = Σ_{b,b'} (δ_b·δ_b')(h_b·h_b') = ⟨δδᵀ, hhᵀ⟩_F,

two B × B Gram matrices: half the arithmetic of G (B·n² multiply-adds) and none of its
n² memory, while autograd skips the weight-gradient products (a third of the backward
pass). The zero fraction is counted on the block diagonal of G (16 × 16 blocks, one
batched product per layer), which visits every row and every column: a dead unit
zeroes a whole row or column.

Most layers are done as they are: their traces ‖δ‖², ‖h‖² (the Gram diagonals) show
that nothing over- or underflows. The rest (vanishing, exploding, inf/NaN) are done
again scaled by powers of two (exact), and a layer whose G's own products could
underflow, or whose sample is all zero, from G itself.
"""

from __future__ import annotations

import numpy as np
import torch

from .scratch import CHUNK_BYTES, joined, scratch

TINY_PRODUCT = 1e-30  # max|δ|·max|h| below this: G's own products may underflow
BLOCK = 16  # rows and columns of each diagonal block the zero count looks at
# Traces ‖δ‖², ‖h‖² inside this range: no float32 sum over- or underflows (what the
# squares below 1e-38 drop is < 1e-15 of a trace ≥ 1e-18, and ⟨δδᵀ, hhᵀ⟩ ≤ ‖δ‖²‖h‖²),
# and max|δ|·max|h| ≥ √(‖δ‖²‖h‖²)/(B·n) is far above TINY_PRODUCT.
TRACE_RANGE = (1e-18, 1e18)
# Layers stacked at once: δ and h of a chunk, ~1 MB each at width 256 and batch 64,
# stay in a core's cache while the products read them (4 MB chunks took longer).
GRAM_CHUNK_BYTES = CHUNK_BYTES // 4

Columns = tuple[np.ndarray, np.ndarray, np.ndarray]
Layers = list[torch.Tensor] | torch.Tensor  # one (batch × width) tensor per layer


def weight_gradient_statistics(deltas: Layers, inputs: Layers) -> Columns:
    """(‖∂ℓ/∂W^t‖_F, fraction of its entries exactly 0, fraction inf/NaN) per layer,
    from δ^t = ∂ℓ/∂z^t and the layer's input h^(t−1), both (batch × width) float32:
    lists of layers, or (depth × batch × width) stacks."""
    depth, width = len(deltas), deltas[0].shape[1]
    trace_d, trace_h, square, nonzero = _chunked(deltas, inputs, scaled=False)
    low, high = TRACE_RANGE
    with np.errstate(invalid="ignore"):
        plain = (trace_d >= low) & (trace_d <= high) & (trace_h >= low) & (trace_h <= high)
        plain &= np.isfinite(square)
    norms = np.sqrt(np.maximum(square, 0.0))
    frac_zero = 1.0 - nonzero / counted_entries(width)
    frac_nonfinite = np.zeros(depth)
    redo = plain & (frac_zero >= 1.0)  # a sample all zero in a layer that is not
    if not plain.all():
        rest = np.flatnonzero(~plain).tolist()
        scaled = _scaled([deltas[t] for t in rest], [inputs[t] for t in rest])
        norms[rest], frac_zero[rest], again = scaled
        redo[rest] = again
    for t in np.flatnonzero(redo).tolist():
        g = deltas[t].T @ inputs[t]  # the gradient itself, as autograd would form it
        norms[t] = float(torch.linalg.vector_norm(g, dtype=torch.float64))
        frac_zero[t] = 1.0 - float(torch.count_nonzero(g)) / g.numel()
        frac_nonfinite[t] = float((~torch.isfinite(g)).sum()) / g.numel()
    return norms, frac_zero, frac_nonfinite


def _scaled(deltas: list[torch.Tensor], inputs: list[torch.Tensor]) -> Columns:
    """(norm, fraction 0, whether to count the layer from G itself) for layers out of
    the plain range: each scaled by a power of two first (max |entry| in [0.5, 1))."""
    width = deltas[0].shape[1]
    square, exponent, nonzero, peak = _chunked(deltas, inputs, scaled=True)
    with np.errstate(invalid="ignore", over="ignore"):
        norms = np.sqrt(np.maximum(square, 0.0)) * np.exp2(exponent)
    frac_zero = 1.0 - nonzero / counted_entries(width)
    zero = peak == 0  # an all-zero δ or h: G is exactly 0
    redo = (~np.isfinite(norms) | ~np.isfinite(peak) | (peak < TINY_PRODUCT)) & ~zero
    norms[zero], frac_zero[zero] = 0.0, 1.0
    return norms, frac_zero, redo | ((frac_zero >= 1.0) & ~zero)


def _chunked(deltas: Layers, inputs: Layers, scaled: bool) -> np.ndarray:
    """Per layer: (‖δ‖², ‖h‖², ‖G‖², non-zero count) or, `scaled`, (‖G‖² scaled,
    its power of two, non-zero count, max|δ|·max|h|), a cache-sized chunk at a time."""
    depth = len(deltas)
    batch, width = deltas[0].shape
    step = max(1, min(depth, GRAM_CHUNK_BYTES // (4 * batch * width)))
    tag = "scaled" if scaled else "plain"
    parts: list[torch.Tensor] = []
    for i in range(0, depth, step):
        chunk, below = deltas[i : i + step], inputs[i : i + step]
        n = len(chunk)
        # δ and h of the chunk in one stack: one product gives both Gram matrices; a
        # plain pass's buffer (engine/plain_pass.py) holds them so already, or in two
        # stacks apart (a product each), and the plain routine only reads them
        both = None if scaled else joined(chunk, below)
        apart = both is None and not scaled and isinstance(chunk, torch.Tensor)
        if both is None and not apart:
            buffer = scratch(f"gram-{tag}", chunk[0], (2 * step, batch, width))
            both = torch.stack([*chunk, *below], out=buffer[: 2 * n])
        if scaled:
            peaks = both.abs().amax(dim=(1, 2))
            _, exponents = torch.frexp(torch.nan_to_num(peaks, nan=0.0, posinf=0.0))
            both.mul_(torch.exp2(-exponents.float()).view(-1, 1, 1))  # max |x| in [0.5, 1)
        if not apart:
            chunk, below = both[:n], both[n:]
        # the block diagonal first, while the stack just written is in cache
        nonzero = _nonzero_on_block_diagonal(chunk, below, tag, step).float()
        if apart:
            grams = chunk.new_empty((2 * n, batch, batch))
            torch.bmm(chunk, chunk.transpose(1, 2), out=grams[:n])
            torch.bmm(below, below.transpose(1, 2), out=grams[n:])
        else:
            grams = torch.bmm(both, both.transpose(1, 2))
        if not scaled:  # before dd is overwritten below
            traces = grams.diagonal(dim1=1, dim2=2).sum(dim=1)
        dd, hh = grams[:n], grams[n:]
        square = dd.mul_(hh).sum(dim=(1, 2))  # a bmm of these shapes is 8× slower
        if scaled:
            exponent = (exponents[:n] + exponents[n:]).float()
            rows = [square, exponent, nonzero, peaks[:n] * peaks[n:]]
        else:
            rows = [traces[:n], traces[n:], square, nonzero]
        parts.append(torch.stack(rows))
    table = parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)
    return table.double().cpu().numpy()


def counted_entries(width: int) -> int:
    """Entries of G the zero count looks at: the block diagonal, or all of a small G."""
    return BLOCK * width if _blocks(width) else width * width


def _blocks(width: int) -> bool:
    return width % BLOCK == 0 and width >= 8 * BLOCK


def _nonzero_on_block_diagonal(
    deltas: torch.Tensor, inputs: torch.Tensor, tag: str, step: int
) -> torch.Tensor:
    """Non-zero entries of G = δᵀh per layer in its 16 × 16 diagonal blocks (1/16 of
    G's arithmetic); small or odd widths count G in full.

    `deltas` and `inputs` are (layers × batch × width) stacks. Stored transposed (a
    plain pass, engine/plain_pass.py), every block of every layer is a contiguous slice:
    one batched product for the chunk (2.4× faster than a product per layer at depth
    10). Otherwise one batched product per layer, on strided views (its blocks are the
    batch): stacking the chunk into block order first took 1.5× as long (a copy of
    every value), and reordering a stacked chunk 4× on two threads. The products go to
    `tag`'s scratch buffer, sized for chunks of `step` layers, and are counted at once."""
    batch, width = deltas[0].shape
    if not _blocks(width):
        return (torch.bmm(deltas.transpose(1, 2), inputs) != 0).sum(dim=(1, 2))
    layers, k = len(deltas), width // BLOCK
    out = scratch(f"gram-blocks-{tag}", deltas[0], (step, k, BLOCK, BLOCK))[:layers]
    d_stored, h_stored = deltas.transpose(1, 2), inputs.transpose(1, 2)
    if d_stored.is_contiguous() and h_stored.is_contiguous():  # layers stored transposed
        # every layer's blocks are contiguous (16 units × batch) slices: one product
        d_blocks = d_stored.view(layers * k, BLOCK, batch)
        h_blocks = h_stored.view(layers * k, BLOCK, batch).transpose(1, 2)
        torch.bmm(d_blocks, h_blocks, out=out.view(layers * k, BLOCK, BLOCK))
    else:
        layer_views = zip(deltas.unbind(0), inputs.unbind(0), out.unbind(0), strict=True)
        for delta, below, products in layer_views:
            d_blocks = delta.view(batch, k, BLOCK).permute(1, 2, 0)  # (block, 16, batch)
            h_blocks = below.view(batch, k, BLOCK).transpose(0, 1)  # (block, batch, 16)
            torch.bmm(d_blocks, h_blocks, out=products)
    return torch.linalg.vector_norm(out.reshape(layers, -1), ord=0, dim=1)  # counts x ≠ 0
