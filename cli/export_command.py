"""`export`: figures for slides (PNG, SVG, PDF) and the numbers behind them, no window.

The figure is drawn by the window's own plot widgets, off screen, from a probe run in
this thread (gui/figure_builder.py). Everything that can be wrong — extension, width,
folder, options, a session file — is checked before any computing, and nothing is
written on an error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

from engine.figures import (
    DEFAULT_PLOT,
    DEFAULT_THEME,
    FORMATS,
    MAX_WIDTH,
    MIN_WIDTH,
    PLOTS,
    THEMES,
    alternatives,
)
from engine.files import FileProblem, check_writable
from engine.frame import average_frames
from engine.presets import load_presets

from .commands import _destinations, run_probe, write_tables
from .options import UsageError, add_experiment_options, check_steps, config_from_args

DEFAULT_STEPS = 10  # as for `probe`; the heatmap shows these steps as its history


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a figure (PNG/SVG/PDF) and/or its data (CSV/JSON) without a window",
        description="Draw one of the window's plots off screen and write it for slides.",
        epilog="examples:\n"
        "  python main.py export --preset vanishing --out vanishing.png\n"
        "  python main.py export --activation tanh --plot dashboard --out d.pdf\n"
        "  python main.py export --all-presets figures/ --format svg --theme dark",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_experiment_options(parser)
    out = parser.add_argument_group("output")
    out.add_argument("--out", metavar="FIG", help=f"figure file: {alternatives(FORMATS)}")
    out.add_argument(
        "--all-presets",
        metavar="DIR",
        help="render every lesson preset into DIR/<name>.<format>",
    )
    out.add_argument(
        "--format",
        choices=[f[1:] for f in FORMATS],
        default=FORMATS[0][1:],
        metavar="F",
        help=f"format for --all-presets: {alternatives(FORMATS)} (default {FORMATS[0][1:]})",
    )
    out.add_argument(
        "--plot",
        choices=PLOTS,
        default=DEFAULT_PLOT,
        metavar="P",
        help=f"which plot: {', '.join(PLOTS)} (default {DEFAULT_PLOT})",
    )
    out.add_argument(
        "--width-px",
        type=int,
        default=1920,
        metavar="N",
        help=f"width in pixels, {MIN_WIDTH}–{MAX_WIDTH} (default 1920; nominal for SVG/PDF)",
    )
    out.add_argument(
        "--theme",
        choices=THEMES,
        default=DEFAULT_THEME,
        metavar="T",
        help=f"{alternatives(THEMES)} (default {DEFAULT_THEME})",
    )
    out.add_argument(
        "--caption",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="a line under the figure naming the settings (default: on)",
    )
    out.add_argument("--csv", metavar="FILE|-", help="also write the per-layer table as CSV")
    out.add_argument("--json", metavar="FILE|-", help="also write the per-layer table as JSON")
    parser.set_defaults(handler=cmd_export)


def _check_figure_path(path: str, flag: str) -> Path:
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        shown = target.suffix or "no extension"
        raise UsageError(f"{flag}: unknown figure format {shown!r} (allowed: {', '.join(FORMATS)})")
    try:
        return check_writable(target)
    except FileProblem as exc:
        raise UsageError(f"{flag}: {exc}") from None


def _check_folder(folder: str) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"--all-presets: the folder {folder} does not exist")
    if not os.access(path, os.W_OK):
        raise UsageError(f"--all-presets: the folder {folder} is not writable")
    return path


def _plan(args) -> list[tuple[object, Path | None]]:
    """Validate everything and list (config, figure path) jobs; computes nothing."""
    if not MIN_WIDTH <= args.width_px <= MAX_WIDTH:
        raise UsageError(
            f"argument --width-px: {args.width_px} is out of range (allowed: {MIN_WIDTH}–{MAX_WIDTH})"
        )
    if args.all_presets:
        if args.out or args.csv or args.json:
            raise UsageError("--all-presets writes figures only: drop --out, --csv and --json")
        folder = _check_folder(args.all_presets)
        jobs = []
        for name in load_presets():
            config = config_from_args(argparse.Namespace(**{**vars(args), "preset": name}))
            jobs.append((config, folder / f"{name}.{args.format}"))
        return jobs
    config = config_from_args(args)
    if not (args.out or args.csv or args.json):
        raise UsageError("export needs --out FIG.png|.svg|.pdf, --all-presets DIR, --csv or --json")
    figure = _check_figure_path(args.out, "--out") if args.out else None
    return [(config, figure)]


def cmd_export(args) -> int:
    jobs = _plan(args)
    steps = check_steps(args, default=DEFAULT_STEPS, limit=10_000)
    outs = _destinations(args) if (args.csv or args.json) else []
    if not any(path for _, path in jobs):  # data only: no Qt needed
        write_tables(run_probe(jobs[0][0], steps), steps, outs)
        return 0
    # Off screen even on a desktop: nothing is shown, a stale DISPLAY cannot abort the
    # run, and the screen's DPI settings cannot change the figure. Set before Qt loads.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.export import render_figure
    from gui.figure_builder import offscreen_figure

    for index, (config, path) in enumerate(jobs, start=1):
        started = time.perf_counter()
        caption = config.label() if args.caption else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # NaN layers are the lesson here
            with offscreen_figure(config, args.plot, steps) as (widget, frames):
                render_figure(widget, path, args.width_px, args.theme, caption)
        seconds = time.perf_counter() - started
        if len(jobs) > 1:
            print(
                f"[{index}/{len(jobs)}] {path.stem} -> {path}  ({seconds:.1f} s)", file=sys.stderr
            )
        else:
            print(f"wrote {path}", file=sys.stderr)
        if outs:
            write_tables(average_frames(frames), steps, outs)
    return 0
