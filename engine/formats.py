"""Ranges the engine judges by and the window draws, without torch: the window draws
them as reference lines before the engine (and torch) has loaded.

`RANGES`: each number format's smallest normal and largest finite number
(`tests/engine/test_precision.py` checks them against `torch.finfo`). `HEALTHY`: the
lesson's healthy range for a gradient's size. `short` writes any of them the way the
lesson does (6.1e-5, 65504, 1e3), for tooltips, labels and help texts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class FormatRange:
    tiny: float  # smallest normal number
    max: float  # largest finite number
    subnormal: float  # smallest subnormal: below tiny values keep fewer bits, below half
    # of this they round to 0


RANGES = {
    "fp32": FormatRange(2.0**-126, (2.0 - 2.0**-23) * 2.0**127, 2.0**-149),
    "fp16": FormatRange(2.0**-14, 65504.0, 2.0**-24),
    "bf16": FormatRange(2.0**-126, (2.0 - 2.0**-7) * 2.0**127, 2.0**-133),
}

# A gradient smaller than this barely moves its weights; a larger one overshoots.
HEALTHY = (1e-6, 1e3)


def short(x: float) -> str:
    """Two significant digits, exponents unpadded: 6.1e-5, 1e3, 3.4e38; an integer that is
    not a power of ten and has at most five digits exactly (65504)."""
    if x == int(x) and 0 < abs(x) < 1e5 and not math.log10(abs(x)).is_integer():
        return str(int(x))
    mantissa, _, exponent = f"{x:.2g}".partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def band(lo: float, hi: float) -> str:
    """`[lo, hi]` as the lesson writes a range: band(*HEALTHY) == '[1e-6, 1e3]'."""
    return f"[{short(lo)}, {short(hi)}]"
