"""The number formats' ranges, without torch: the window draws them as reference lines
before the engine (and torch) has loaded. `tests/engine/test_precision.py` checks them
against `torch.finfo`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatRange:
    tiny: float  # smallest normal number
    max: float  # largest finite number


RANGES = {
    "fp32": FormatRange(2.0**-126, (2.0 - 2.0**-23) * 2.0**127),
    "fp16": FormatRange(2.0**-14, 65504.0),
    "bf16": FormatRange(2.0**-126, (2.0 - 2.0**-7) * 2.0**127),
}
