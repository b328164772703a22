"""Open the window, or say in one line why it cannot be opened here."""

from __future__ import annotations

from gui.display_check import display_problem

from .options import EXPERIMENT_OPTIONS, config_from_args, fail


def open_window(args) -> int:
    # Without options the window restores the last session's settings.
    names = ["preset", "config", *EXPERIMENT_OPTIONS]
    explicit = any(getattr(args, n, None) is not None for n in names)
    config = config_from_args(args) if explicit else None
    problem = display_problem()
    if problem:
        return fail(problem, 1)
    from gui.app import run

    return run(config, lang=getattr(args, "lang", None))
