"""The one estimate of how many entries of ∂ℓ/∂W are exactly zero (`frac_zero`).

Counting every entry of every weight gradient costs ~18% of a deep step, so the zero
fraction is counted on G's 16 × 16 diagonal blocks: block j pairs row block j mod k_out
with column block j mod k_in (k = size/16, j < max(k_out, k_in)), so every row and
every column is visited (equally often where one block count divides the other). A
gradient with fewer than 128 rows or columns, or sides not multiples of 16, is counted
in full. Every path counts
the same entries: the Gram path forms just these blocks from δ and h (engine/gram.py),
the others read them from G.

Accuracy. Dead units zero whole rows (a dead output: δ = 0) or columns (a dead input:
h = 0). With a fraction r of rows and c of columns zero, G holds r + c − r·c zeros;
the blocks hold mean_j(r_j + c_j − r_j·c_j), r_j and c_j the fractions within block
j's rows and columns, which is r + c − mean_j(r_j·c_j) where every row and column is
visited equally often: exact for rows alone or columns alone, and off by the overlap
term r·c − mean_j(r_j·c_j) when both are (zero in expectation for units dead at random).
Zeros at independent random positions, with probability p, are estimated with the
binomial standard error √(p(1 − p)/m) for the m = 16·max(rows, cols) entries counted.
Two cases are exact whatever the sample: a gradient with norm 0 is 100% zero, and
one whose sample is all zero while its norm is not is counted in full, so that 100%
always means the whole gradient is zero. In half precision the same entries are
counted for the fraction underflowed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

BLOCK = 16
MIN_SIDE = 8 * BLOCK  # below this many rows or columns, G is counted in full


def blocked(rows: int, cols: int) -> bool:
    """Whether an (rows × cols) gradient is counted on its diagonal blocks."""
    return rows % BLOCK == 0 and cols % BLOCK == 0 and min(rows, cols) >= MIN_SIDE


def counted(rows: int, cols: int) -> int:
    """How many entries of an (rows × cols) gradient the estimate looks at."""
    return BLOCK * max(rows, cols) if blocked(rows, cols) else rows * cols


def block_pairs(rows: int, cols: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(row block, column block) of each diagonal block j < max(k_out, k_in)."""
    k_out, k_in = rows // BLOCK, cols // BLOCK
    j = torch.arange(max(k_out, k_in))
    return j % k_out, j % k_in


def sample(g: torch.Tensor) -> torch.Tensor:
    """The entries the estimate counts of an (rows × cols) gradient G, or of each of a
    stack of them (…, rows, cols): its diagonal blocks as (…, j, 16, 16), or where
    `blocked` says no, G itself. Reduce over the last dimensions; a square contiguous
    G gives a view (no copy)."""
    rows, cols = g.shape[-2:]
    if not blocked(rows, cols):
        return g
    lead = g.shape[:-2]
    if rows == cols and g.is_contiguous():
        step = (*g.stride()[:-2], BLOCK * (cols + 1), cols, 1)
        return g.as_strided((*lead, rows // BLOCK, BLOCK, BLOCK), step, g.storage_offset())
    r, c = block_pairs(rows, cols)
    grid = g.reshape(*lead, rows // BLOCK, BLOCK, cols // BLOCK, BLOCK)
    return grid[..., r, :, c, :].movedim(0, -3)  # advanced indices' dimension comes first


def fractions(
    nonzero: np.ndarray, entries: int, norms: np.ndarray, full_count: Callable[[int], float]
) -> np.ndarray:
    """`frac_zero` per layer from the non-zero count of each sample of `entries`
    entries, the gradients' norms, and `full_count(i)` (layer i's zero fraction counted
    in full) for a sample all zero of a gradient that is not."""
    frac_zero = 1.0 - nonzero / entries
    frac_zero[norms == 0] = 1.0
    for i in np.flatnonzero((frac_zero >= 1.0) & (norms != 0)).tolist():
        frac_zero[i] = full_count(i)
    return frac_zero
