"""The `probe` and `list` commands: the per-layer table and the vocabulary."""

from __future__ import annotations

import sys

from engine import ACTIVATIONS, INITS, PRECISIONS, average_frames
from engine.files import atomic_write, check_writable
from engine.presets import load_presets
from engine.tables import frame_csv, frame_json

from .options import UsageError, check_steps, config_from_args


def _destinations(args) -> list[tuple[str, str]]:
    outs = [(kind, getattr(args, kind)) for kind in ("csv", "json") if getattr(args, kind)]
    if not outs:
        raise UsageError("probe needs --csv FILE|- or --json FILE|-")
    if sum(1 for _, dest in outs if dest == "-") > 1:
        raise UsageError("only one of --csv and --json can write to standard output (-)")
    for kind, dest in outs:
        if dest != "-":
            try:
                check_writable(dest)
            except ValueError as exc:
                raise UsageError(f"--{kind}: {exc}") from None
    return outs


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


def write_tables(frame, steps: int, outs) -> None:
    for kind, dest in outs:
        text = frame_csv(frame, steps) if kind == "csv" else frame_json(frame, steps)
        if dest == "-":
            sys.stdout.write(text)
        else:
            atomic_write(dest, text)
            print(f"wrote {dest}", file=sys.stderr)


def cmd_probe(args) -> int:
    config = config_from_args(args)
    steps = check_steps(args)
    outs = _destinations(args)
    frame = run_probe(config, steps)
    write_tables(frame, steps, outs)
    return 0


def cmd_list(args) -> int:
    print("activations:")
    for a in ACTIVATIONS.values():
        print(f"  {a.name:<15} {a.label:<14} {a.formula}")
    print("inits:")
    for i in INITS.values():
        print(f"  {i.name:<15} {i.label:<14} {i.formula}")
    print("precisions:  " + ", ".join(PRECISIONS))
    from engine.devices import available_devices

    print("devices:     auto, " + ", ".join(available_devices()) + " (present here)")
    print("presets:")
    for p in load_presets().values():
        print(f"  {p.name:<15} {p.title}")
    return 0
