"""The `probe` and `list` commands: the per-layer table and the vocabulary."""

from __future__ import annotations

import textwrap
import unicodedata

from engine import ACTIVATIONS, INITS, PRECISIONS, average_frames
from engine.formula import allowed_text
from engine.presets import load_presets
from engine.tables import frame_csv, frame_json

from .options import UsageError, check_steps, config_from_args
from .outputs import plan_outputs, write_outputs
from .streams import check_stdout, write_stdout


def _destinations(args, also=()) -> list[tuple[str, str]]:
    """The table outputs (kind, destination), checked with any other outputs `also`."""
    given = [(f"--{kind}", getattr(args, kind)) for kind in ("csv", "json")]
    if not any(dest is not None for _, dest in given):
        raise UsageError("probe needs --csv FILE|- or --json FILE|-")
    chosen = plan_outputs([*also, *given], figures=[flag for flag, _ in also])
    return [(flag[2:], dest) for flag, dest in chosen if flag in ("--csv", "--json")]


def run_probe(config, steps: int, exact: bool = True, progress=None):
    """Average `steps` probe steps (weights fixed, fresh x and g each step)."""
    from engine import Probe  # torch loads for a command, not for the window

    probe = Probe(config, exact_counts=exact)
    frames = []
    for i in range(steps):
        frames.append(probe.step())
        if progress:
            progress(i + 1, steps)
    return average_frames(frames)


def table_texts(frame, steps: int, outs) -> list[tuple[str, str, str]]:
    """(flag, destination, text) for each table output."""
    return [
        (f"--{kind}", dest, frame_csv(frame, steps) if kind == "csv" else frame_json(frame, steps))
        for kind, dest in outs
    ]


def write_tables(frame, steps: int, outs) -> None:
    write_outputs(table_texts(frame, steps, outs))


def cmd_probe(args) -> int:
    config = config_from_args(args)
    steps = check_steps(args)
    outs = _destinations(args)
    frame = run_probe(config, steps)
    write_tables(frame, steps, outs)
    return 0


def _padded(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def cmd_list(args) -> int:
    check_stdout("the list")
    from engine.devices import available_devices

    from .figure_language import use_language

    shown = str
    if use_language(args, figures=False) != "en":  # the labels in that language
        from gui.language import localise as shown

    lines = ["activations:"]
    lines += [
        f"  {a.name:<15} {_padded(shown(a.label), 14)} {a.formula}" for a in ACTIVATIONS.values()
    ]
    lines.append('  or a formula in x, e.g. --activation "x*tanh(softplus(x))" (Mish):')
    lines += textwrap.wrap(allowed_text(), 86, initial_indent="    ", subsequent_indent="    ")
    lines.append("inits:")
    lines += [f"  {i.name:<15} {_padded(shown(i.label), 14)} {i.formula}" for i in INITS.values()]
    lines.append("precisions:  " + ", ".join(PRECISIONS))
    lines.append("devices:     auto, " + ", ".join(available_devices()) + " (present here)")
    lines.append("presets:")
    lines += [f"  {p.name:<15} {shown(p.title)}" for p in load_presets().values()]
    write_stdout("\n".join(lines) + "\n")
    return 0
