"""Start-up timing for the benchmark suite (`benchmarks/`, 'startup'): standard library only.

With STABILITY_LAB_TIMING=1 the app writes `window-visible <s>` (the first window
painted: the splash screen), `main-window-visible <s>` and `first-frame <s>` to stderr,
in seconds since the process started, and quits after the first frame.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "STABILITY_LAB_TIMING"
_IMPORTED = time.perf_counter()
_reported: set[str] = set()


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def since_process_start() -> float:
    """Seconds since this process started (from /proc on Linux, interpreter start-up
    included); elsewhere, since this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED


def report(event: str) -> None:
    """Write `<event> <seconds>` once, when timing is on."""
    if enabled() and event not in _reported:
        _reported.add(event)
        print(f"{event} {since_process_start():.3f}", file=sys.stderr, flush=True)
