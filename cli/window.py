"""Open the window, or say in one line why it cannot be opened here."""

from __future__ import annotations

import os
import sys

from .options import EXPERIMENT_OPTIONS, config_from_args, fail


def display_problem() -> str | None:
    """Why no window can open (None when one can)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            "no display found (DISPLAY and WAYLAND_DISPLAY are unset): the window cannot open "
            "here; use the command line instead, e.g. "
            "'python main.py export --out figure.png' or 'python main.py probe --csv -'"
        )
    return None


def open_window(args) -> int:
    # Without options the window restores the last session's settings.
    names = ["preset", "config", *EXPERIMENT_OPTIONS]
    explicit = any(getattr(args, n, None) is not None for n in names)
    config = config_from_args(args) if explicit else None
    problem = display_problem()
    if problem:
        return fail(problem, 1)
    from gui.app import run

    return run(config)
