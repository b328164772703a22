"""Shutdown: the real window, opened and closed in fresh processes, exits 0 within 3 s of
the close with nothing on stderr about threads, timers or fatal errors
(scripts/shutdown_check.py; run it with the default 30 processes by hand)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "shutdown_check.py"


def _script():
    spec = importlib.util.spec_from_file_location("shutdown_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("shutdown_check", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_three_fresh_windows_open_stream_and_close_cleanly():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "-n", "3"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3/3 clean" in out.stdout
    assert out.stdout.count(" ok") == 3


def test_the_check_flags_every_kind_of_unclean_exit():
    problems = _script().problems
    assert problems(0, 0.8, "This plugin does not support propagateSizeHints()\n", 3.0) == []
    assert problems(134, 0.8, "", 3.0) == ["exit status 134"]
    assert problems(None, None, "", 3.0)[0].startswith("did not exit")
    assert "3.50 s from close to exit" in problems(0, 3.5, "", 3.0)[0]
    for line in (
        "QThread: Destroyed while thread is still running",
        "QObject::killTimer: Timers cannot be stopped from another thread",
        "QTimer can only be used with threads started with QThread",
        "Fatal Python error: none_dealloc",
        "Traceback (most recent call last):",
    ):
        assert problems(0, 0.5, line + "\n", 3.0) == [f"stderr: {line}"], line
