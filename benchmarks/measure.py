"""What every benchmark item shares: result rows, robust statistics, A/B timing.

Times on a shared machine are noisy, so every comparison is made side by side: the two
variants run alternately (A B, B A, A B, …) and the figure reported is the median of the
per-pair ratios, next to both medians.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Row:
    """One measured value against its target; `passed` is None when there is no target."""

    item: str
    metric: str
    value: float | None
    unit: str = ""
    target: str = ""  # as people read it, e.g. "≤ 1.10"
    passed: bool | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return _json_safe(out)


def _json_safe(value):
    """`value` with every NaN/inf float (values and details alike) as None: JSON has
    no NaN, and a short run can leave a statistic undefined."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return _json_number(value)


def _json_number(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def at_most(item: str, metric: str, value: float, limit: float, unit: str = "", **kw) -> Row:
    return Row(item, metric, value, unit, f"≤ {limit:g}{unit_suffix(unit)}", value <= limit, **kw)


def at_least(item: str, metric: str, value: float, limit: float, unit: str = "", **kw) -> Row:
    return Row(item, metric, value, unit, f"≥ {limit:g}{unit_suffix(unit)}", value >= limit, **kw)


def unit_suffix(unit: str) -> str:
    return unit if unit in ("×", "%") else (f" {unit}" if unit else "")


def percentile(values, q: float) -> float:
    """The q-th percentile (0–100), linear between order statistics; NaN when empty."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values) -> float:
    return percentile(values, 50.0)


def interleaved(
    a: Callable[[], object],
    b: Callable[[], object],
    pairs: int,
    warmup: int = 2,
    budget_s: float | None = None,
    min_pairs: int = 3,
) -> dict[str, Any]:
    """Time `a` and `b` alternately (ABBA order) and compare them pair by pair.

    Returns the median of the per-pair ratios a/b (the figure to report), both
    medians in seconds and the number of pairs. Stops early after `budget_s` seconds
    once `min_pairs` pairs are in.
    """
    for _ in range(warmup):
        a()
        b()
    gc.collect()
    ta: list[float] = []
    tb: list[float] = []
    started = time.perf_counter()
    for i in range(pairs):
        order = ((a, ta), (b, tb)) if i % 2 == 0 else ((b, tb), (a, ta))
        for fn, sink in order:
            t0 = time.perf_counter()
            fn()
            sink.append(time.perf_counter() - t0)
        if budget_s is not None and i + 1 >= min_pairs and time.perf_counter() - started > budget_s:
            break
    ratios = [x / y for x, y in zip(ta, tb, strict=True) if y > 0]
    return {
        "ratio": median(ratios),
        "ratio_p25": percentile(ratios, 25),
        "ratio_p75": percentile(ratios, 75),
        "a_median_s": median(ta),
        "b_median_s": median(tb),
        "pairs": len(ratios),
    }
