"""‖∂ℓ/∂W‖ per layer without forming ∂ℓ/∂W: the probe's fast path in fp32.

For a bias-free layer z = h Wᵀ, the weight gradient is G = δᵀh with δ = ∂ℓ/∂z (B × n)
and h the layer's input (B × n). A probe that does not train never needs G itself,
only its norm and the fractions of its entries that are 0 or non-finite, and

    ‖G‖²_F = Σ_{b,b'} (δ_b·δ_b')(h_b·h_b') = ⟨δδᵀ, hhᵀ⟩_F,

two B × B Gram matrices: half the arithmetic of G (B·n² multiply-adds) and none of its
n² memory, while autograd skips the weight-gradient products (a third of the backward
pass). Each layer is scaled by a power of two first (exact), so vanishing and exploding
layers neither underflow nor overflow. The zero fraction is counted on the block
diagonal of G (16 × 16 blocks), which visits every row and every column: a dead unit
zeroes a whole row or column. A layer with inf/NaN, or so small that products of its
entries could underflow inside the real G, is done from G itself, as before.
"""

from __future__ import annotations

import numpy as np
import torch

from .scratch import CHUNK_BYTES, scratch

TINY_PRODUCT = 1e-30  # max|δ|·max|h| below this: G's own products may underflow
BLOCK = 16  # rows and columns of each diagonal block the zero count looks at


def weight_gradient_statistics(
    deltas: list[torch.Tensor], inputs: list[torch.Tensor]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(‖∂ℓ/∂W^t‖_F, fraction of its entries exactly 0, fraction inf/NaN) per layer,
    from δ^t = ∂ℓ/∂z^t and the layer's input h^(t−1), both (batch × width) float32."""
    depth = len(deltas)
    batch, width = deltas[0].shape
    step = max(1, min(depth, CHUNK_BYTES // (4 * batch * width)))
    parts: list[list[torch.Tensor]] = [[], [], [], []]  # ‖·‖² scaled, exponent, non-zero, peak
    for i in range(0, depth, step):
        chunk = deltas[i : i + step]
        d = torch.stack(chunk, out=scratch("gram-d", chunk[0], (step, batch, width))[: len(chunk)])
        h = torch.stack(
            inputs[i : i + step],
            out=scratch("gram-h", chunk[0], (step, batch, width))[: len(chunk)],
        )
        d_max, h_max = d.abs().amax(dim=(1, 2)), h.abs().amax(dim=(1, 2))
        _, d_exp = torch.frexp(torch.nan_to_num(d_max, nan=0.0, posinf=0.0))
        _, h_exp = torch.frexp(torch.nan_to_num(h_max, nan=0.0, posinf=0.0))
        d.mul_(torch.exp2(-d_exp.float()).view(-1, 1, 1))  # max |entry| in [0.5, 1)
        h.mul_(torch.exp2(-h_exp.float()).view(-1, 1, 1))
        gram = torch.bmm(d, d.transpose(1, 2)).mul_(torch.bmm(h, h.transpose(1, 2)))
        parts[0].append(gram.sum(dim=(1, 2)))
        parts[1].append((d_exp + h_exp).float())
        parts[2].append(_nonzero_on_block_diagonal(d, h))
        parts[3].append(d_max * h_max)
    table = torch.stack([torch.cat(p).double() for p in parts]).cpu().numpy()
    with np.errstate(invalid="ignore", over="ignore"):
        norms = np.sqrt(np.maximum(table[0], 0.0)) * np.exp2(table[1])
    frac_zero = 1.0 - table[2] / counted_entries(width)
    frac_nonfinite = np.zeros(depth)
    zero = table[3] == 0  # an all-zero δ or h: G is exactly 0
    redo = (~np.isfinite(norms) | ~np.isfinite(table[3]) | (table[3] < TINY_PRODUCT)) & ~zero
    norms[zero], frac_zero[zero] = 0.0, 1.0
    # A sample all zero in a layer whose norm is not: count that layer in full.
    redo |= (frac_zero >= 1.0) & ~zero
    for t in np.flatnonzero(redo).tolist():
        g = deltas[t].T @ inputs[t]  # the gradient itself, as autograd would form it
        norms[t] = float(torch.linalg.vector_norm(g, dtype=torch.float64))
        frac_zero[t] = 1.0 - float(torch.count_nonzero(g)) / g.numel()
        frac_nonfinite[t] = float((~torch.isfinite(g)).sum()) / g.numel()
    return norms, frac_zero, frac_nonfinite


def counted_entries(width: int) -> int:
    """Entries of G the zero count looks at: the block diagonal, or all of a small G."""
    return BLOCK * width if _blocks(width) else width * width


def _blocks(width: int) -> bool:
    return width % BLOCK == 0 and width >= 8 * BLOCK


def _nonzero_on_block_diagonal(d: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """Non-zero entries of G = δᵀh per layer in its 16 × 16 diagonal blocks (1/16 of
    G's arithmetic; strided views, no copies); small or odd widths count G in full."""
    width = d.shape[2]
    if not _blocks(width):
        return (torch.bmm(d.transpose(1, 2), h) != 0).sum(dim=(1, 2))
    total = torch.zeros(d.shape[0], dtype=torch.int64, device=d.device)
    for k in range(0, width, BLOCK):
        block = torch.bmm(d[:, :, k : k + BLOCK].transpose(1, 2), h[:, :, k : k + BLOCK])
        total += (block != 0).sum(dim=(1, 2))
    return total
