"""Refuse a network that would not fit, before allocating it.

A depth-1000, width-4096 network needs ~180 GB: allocating it would get the process
killed, so the probe first compares an estimate with a budget (half the available RAM,
or 80% of the free GPU memory) and says what to reduce.
"""

from __future__ import annotations

import os

import torch

from .config import LabConfig
from .network import estimate_bytes


class MemoryBudgetError(ValueError):
    """The configuration needs more memory than the budget allows."""


def available_ram() -> int:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 8 * 1024**3


def default_budget(device: torch.device) -> tuple[int, str]:
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        return int(free * 0.8), "80% of the free GPU memory"
    return available_ram() // 2, "half the available RAM"


def _gb(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _widths(config: LabConfig) -> str:
    if not config.widths:
        return f"width {config.width}"
    return f"widths {', '.join(map(str, config.widths))}"


def check_memory(config: LabConfig, device: torch.device, budget: int | None = None) -> int:
    """Return the estimate, or raise MemoryBudgetError naming what to reduce."""
    need = estimate_bytes(config)
    if budget is None:
        budget, what = default_budget(device)
    else:
        what = "the memory budget"
    if need > budget:
        raise MemoryBudgetError(
            f"depth {config.depth} × {_widths(config)} × batch {config.batch} needs about "
            f"{_gb(need)}, more than {_gb(budget)} ({what}): "
            f"reduce depth, {'widths' if config.widths else 'width'} or batch"
        )
    return need
