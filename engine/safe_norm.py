"""The one guard against float32 under- and overflow in the statistics.

Norms and Gram products are reduced in float32 (a float64 copy costs more than the
reduction). That is right to float32 rounding for a norm of at least LOW: its squares
and their sum are normal floats (what the squares below 1.2e-38 lose is under 1e-15 of
a sum ≥ 1e-18), and so are the Gram path's products of such sums. Below it a vanishing
layer would read too small, or exactly 0, without a sign; an overflow shows itself as
inf. Either way (`outside`) the values are multiplied by a power of two, which is
exact, chosen so that each layer's largest |value| lies in [0.5, 1), reduced again in
float32, and the norm scaled back in float64.
"""

from __future__ import annotations

import numpy as np
import torch

LOW = 1e-9  # the smallest norm a plain float32 reduction gets right


def outside(norms: np.ndarray) -> np.ndarray:
    """Where a float32 reduction's norm needs the guard: below LOW, or inf/NaN."""
    with np.errstate(invalid="ignore"):
        return ~((norms >= LOW) & np.isfinite(norms))


def all_inside(norms: np.ndarray) -> bool:
    """Whether no layer needs the guard (`outside` nowhere), in two reductions: the
    common case, and NaN fails both comparisons."""
    return bool(norms.min() >= LOW and norms.max() < np.inf)


def scaled(stack: torch.Tensor) -> tuple[torch.Tensor, np.ndarray]:
    """(each layer of `stack` — its first dimension — in float32 times 2^−e, e), with e
    per layer from max|value| (0 for a layer that is all zero or holds inf/NaN)."""
    values = stack.to(torch.float32, copy=True)  # never the caller's values
    peaks = values.abs().amax(dim=tuple(range(1, values.dim())))
    _, exponents = torch.frexp(torch.nan_to_num(peaks, nan=0.0, posinf=0.0))
    shape = (-1,) + (1,) * (values.dim() - 1)
    half = torch.div(exponents, 2, rounding_mode="floor")  # 2^±149 is no float32: in two
    for part in (half, exponents - half):
        values.mul_(torch.exp2(-part.float()).view(shape))
    return values, exponents.double().cpu().numpy()


def norms(layers: list[torch.Tensor]) -> np.ndarray:
    """‖layer‖₂ of each of `layers` (equal shapes, any float dtype), in float64, right
    to float32 rounding at any size; inf/NaN where a layer holds them."""
    values, exponents = scaled(torch.stack([layer.float() for layer in layers]))
    reduced = torch.linalg.vector_norm(values.flatten(1), dim=1).double().cpu().numpy()
    with np.errstate(over="ignore", invalid="ignore"):
        return reduced * np.exp2(exponents)
