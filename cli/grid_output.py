"""Writing a grid sweep's outputs (`sweep`, `sweep --over phase`): its figure, CSV and
JSON, all or none, each destination named once written."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from engine.figures import DEFAULT_THEME
from engine.files import FileProblem, WriteBatch

from .outputs import add_output
from .streams import say, signals_held


def start_qt() -> None:
    """Qt off screen (a figure never needs the screen); called before the cells are
    computed, so a platform that cannot start fails then, not after every cell."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from gui.app import make_app

    make_app()  # which draws Chinese with a Simplified Chinese font (gui/fonts.py)


def _figure(plot, path: str, width_px: int, theme: str) -> bytes:
    from gui.export import figure_bytes
    from gui.figure_builder import settle

    settle(plot)  # laid out as on screen: labels that would overlap are hidden by then
    try:
        return figure_bytes(plot, path[path.rfind(".") :], width_px=width_px, theme=theme)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot write the figure ({exc})") from None


def write_grid_outputs(
    outputs: list[tuple[str, str]], result, width_px: int, theme: str | None, plot_of: Callable
) -> None:
    """Write `result` to each (flag, destination): `--out` as the figure `plot_of(result)`
    draws, `--csv`, `--json`; then say what was written."""
    with WriteBatch() as batch:
        for flag, dest in outputs:
            if flag == "--out":
                start_qt()
                with signals_held():  # a stop signal waits until Qt has drawn it
                    data = _figure(plot_of(result), dest, width_px, theme or DEFAULT_THEME)
            elif flag == "--csv":
                data = result.to_csv()
            else:
                data = json.dumps(result.to_dict(), indent=2) + "\n"
            add_output(batch, dest, data)
        batch.commit()
    for _flag, dest in outputs:
        if dest != "-":
            say(f"wrote {dest}")
