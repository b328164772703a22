"""Which way a probe's steps run, chosen once when the probe is made."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from . import plain_pass
from .config import LabConfig

# Below this depth the Gram path's fixed cost (~20 small ops) outweighs the weight
# gradients it saves (Gram ÷ direct step: 1.07× at depth 2, 0.96× at 5, 0.91× at 10).
GRAM_MIN_DEPTH = 6


@dataclass(frozen=True)
class Route:
    """`plain`: the pass runs without autograd (engine/plain_pass.py), into one buffer
    laid out for the statistics. `gram`: ‖∂ℓ/∂W‖ comes from Gram matrices of δ and h
    (engine/gram.py), the weight gradients never formed. Each with the reason."""

    plain: bool
    gram: bool
    plain_why: str
    gram_why: str


def choose(
    config: LabConfig,
    device: torch.device,
    dtype: torch.dtype,
    emulate: bool,
    exact_counts: bool,
    fast: bool = True,
) -> Route:
    """The route of a probe of `config` on `device` computing in `dtype` (`emulate`:
    rounding to a half format); `exact_counts` counts every entry of ∂ℓ/∂W (the
    command line and exports), `fast=False` keeps off the Gram path (benchmarks)."""
    one_width = len(set(config.layer_widths())) == 1
    if device.type != "cpu":
        plain, plain_why = False, "autograd: the plain pass is unmeasured on this device"
    elif not plain_pass.supports(config):
        plain, plain_why = False, "autograd: norm, residual, training, widths or activation"
    else:
        plain, plain_why = True, "a plain MLP's probe on the CPU: no graph to build and walk"
    reasons = [
        (not fast, "asked to form ∂ℓ/∂W"),
        (config.mode == "train", "training updates with ∂ℓ/∂W itself"),
        (emulate or dtype != torch.float32, "half precision counts rounded ∂ℓ/∂W entries"),
        (exact_counts, "every ∂ℓ/∂W entry is counted"),
        (not one_width, "the Gram products stack δ and h of one width"),
        (config.depth < GRAM_MIN_DEPTH, "too shallow: the Gram products cost more"),
    ]
    why_not = [why for applies, why in reasons if applies]
    gram_why = why_not[0] if why_not else "fp32 probe: ‖∂ℓ/∂W‖ from Gram matrices"
    return Route(plain, not why_not, plain_why, gram_why)
