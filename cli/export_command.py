"""`export`: figures for slides (PNG, SVG, PDF) and the numbers behind them, no window.

The figure is drawn by the window's own plot widgets, off screen, from a probe run in
this thread (gui/figure_builder.py). Everything that can be wrong — extension, width,
folder, options, a session file — is checked before any computing, and nothing is
written on an error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import time
import warnings
from pathlib import Path
from typing import NamedTuple

from engine.figures import (
    ASPECTS,
    DEFAULT_PLOT,
    DEFAULT_THEME,
    FORMATS,
    MAX_HEIGHT,
    MAX_WIDTH,
    MIN_HEIGHT,
    MIN_WIDTH,
    PLOTS,
    STILL_STEPS,
    THEMES,
    SizeError,
    alternatives,
    default_aspect,
    default_steps,
    pixel_size,
)
from engine.file_errors import os_problem, shown
from engine.files import FileProblem, WriteBatch
from engine.frame import average_frames
from engine.presets import load_presets
from engine.settings_table import Setting

from .animate_command import add_animate_options, animating, cmd_animate
from .commands import _destinations, run_probe, table_texts
from .compare_command import add_compare_options, cmd_compare, comparing
from .figure_language import add_figure_language_option, use_language
from .options import UsageError, add_experiment_options, check_steps, config_from_args, typed
from .outputs import add_output, check_destination, plan_outputs, write_outputs
from .streams import say, signals_held

DEFAULT_STEPS = STILL_STEPS  # as for `probe`; a history plot draws HISTORY_STEPS
WIDTH_PX = Setting(
    "width_px", int, 1920, "Width", "figure width in pixels", "Export",
    lo=MIN_WIDTH, hi=MAX_WIDTH, metavar="N",
)  # fmt: skip
HEIGHT_PX = Setting(
    "height_px", int, 1080, "Height", "figure height in pixels", "Export",
    lo=MIN_HEIGHT, hi=MAX_HEIGHT, metavar="N",
)  # fmt: skip
SIZE_FLAGS = {"aspect": "--aspect", "width": "--width-px", "height": "--height-px"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a figure (PNG/SVG/PDF) and/or its data (CSV/JSON) without a window",
        description="Draw one of the window's plots off screen and write it for slides.",
        epilog="examples:\n"
        "  python main.py export --preset vanishing --out vanishing.png\n"
        "  python main.py export --activation tanh --plot dashboard --out d.pdf\n"
        "  python main.py export --all-presets figures/ --format svg --theme dark\n"
        "  python main.py export --preset train_healthy --plot dashboard --animate train.gif",
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
        type=typed(WIDTH_PX),
        default=None,
        metavar="N",
        help=f"width in pixels, {MIN_WIDTH}–{MAX_WIDTH} (default 1920, or what --height-px "
        "and --aspect make; nominal for SVG/PDF)",
    )
    out.add_argument(
        "--height-px",
        type=typed(HEIGHT_PX),
        default=None,
        metavar="N",
        help=f"height in pixels, {MIN_HEIGHT}–{MAX_HEIGHT}; with a fixed --aspect it sets the "
        "width (16:9 --height-px 1080: 1920 × 1080)",
    )
    out.add_argument(
        "--aspect",
        choices=tuple(ASPECTS),
        default=None,
        metavar="A",
        help=f"the figure's shape, caption included: {alternatives(ASPECTS)} (default "
        f"{default_aspect('dashboard')} for the dashboard, auto — the plot's own shape, or "
        "exactly --width-px × --height-px — otherwise); laid out at that shape, not stretched",
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
    add_figure_language_option(
        out,
        "the figure's language (its titles, axes, legends and caption): en or zh_CN "
        "(default en); messages stay English",
    )
    out.add_argument("--csv", metavar="FILE|-", help="also write the per-layer table as CSV")
    out.add_argument("--json", metavar="FILE|-", help="also write the per-layer table as JSON")
    add_compare_options(out)
    add_animate_options(parser)
    parser.set_defaults(handler=cmd_export)


def _check_figure_path(path: str, flag: str) -> Path:
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        shown = target.suffix or "no extension"
        raise UsageError(f"{flag}: unknown figure format {shown!r} (allowed: {', '.join(FORMATS)})")
    check_destination(flag, path)
    return target


def _missing_folders(folder: str) -> list[Path]:
    """The folders of `folder` that do not exist yet, outermost first (checked: the
    nearest one that exists is a writable folder)."""
    missing, path = [], Path(folder).absolute()
    while not path.exists():
        missing.insert(0, path)
        if path.parent == path:
            break
        path = path.parent
    if not path.is_dir():
        raise UsageError(f"--all-presets: {shown(str(path))} is not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"--all-presets: the folder {shown(str(path))} is not writable")
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):  # innermost first
        with contextlib.suppress(OSError):
            folder.rmdir()


def _check_folder(folder: str) -> Path:
    """The folder to write into; one that does not exist yet is made (with its parents)
    once everything else has been checked (`cmd_export`)."""
    if not folder:
        raise UsageError("--all-presets: an empty folder name (use . for this folder)")
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        _missing_folders(folder)
        return Path(folder)
    except OSError as exc:
        raise UsageError(f"--all-presets: {os_problem(folder, exc, 'cannot be used')}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"--all-presets: {shown(folder)} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"--all-presets: the folder {shown(folder)} is not writable")
    return Path(folder)


class Job(NamedTuple):
    """One figure to draw: `plot` of `config` into `path` (None: the tables only)."""

    config: object
    path: Path | None
    plot: str


def _check_size(args, plot: str) -> str:
    """The aspect `plot` is drawn at; a size it cannot have fails naming the flag."""
    aspect = args.aspect or default_aspect(plot)
    try:
        pixel_size(aspect, args.width_px, args.height_px)
    except SizeError as exc:
        flag = SIZE_FLAGS[exc.field]
        if exc.field != "aspect" and getattr(args, exc.field + "_px") is None:
            flag = "--height-px" if exc.field == "width" else "--width-px"  # what made it
        raise UsageError(f"argument {flag}: {exc.reason}") from None
    return aspect


def _steps(args, job: Job) -> int:
    """--steps, else enough for the plot: a history (heatmap, loss) needs many."""
    return args.steps if args.steps is not None else default_steps(job.plot)


def _plan(args) -> tuple[list[Job], list[tuple[str, str]]]:
    """Validate everything; list the figure jobs and the table outputs. Computes nothing.
    Every preset of --all-presets that trains also gets its training plot."""
    if args.all_presets is not None:
        for given, flag in ((args.out, "--out"), (args.csv, "--csv"), (args.json, "--json")):
            if given is not None:
                raise UsageError(f"--all-presets writes figures only: drop {flag}")
        for given, flag in ((args.preset, "--preset"), (args.config, "--config")):
            if given is not None:
                raise UsageError(f"--all-presets draws every preset: drop {flag}")
        folder = _check_folder(args.all_presets)
        fmt = args.format or FORMATS[0][1:]
        jobs = []
        for name in load_presets():
            config = config_from_args(argparse.Namespace(**{**vars(args), "preset": name}))
            jobs.append(Job(config, folder / f"{name}.{fmt}", args.plot))
            if config.mode == "train" and args.plot != "training":
                jobs.append(Job(config, folder / f"{name}-training.{fmt}", "training"))
        for plot in {job.plot for job in jobs}:
            _check_size(args, plot)
        made = _missing_folders(str(folder))
        for path in made:  # everything else is checked: make the folder, then its files
            try:
                path.mkdir()
            except OSError as exc:
                _remove_if_empty(made)
                problem = os_problem(str(path), exc, "cannot be made")
                raise UsageError(f"--all-presets: {problem}") from None
        try:
            plan_outputs([("--all-presets", str(job.path)) for job in jobs])
        except UsageError:
            _remove_if_empty(made)
            raise
        args.made_folders = made
        return jobs, []
    if args.format is not None:
        raise UsageError(
            "--format is for --all-presets; with --out the file's extension is the format"
        )
    config = config_from_args(args)
    _check_size(args, args.plot)
    if not (args.out or args.csv or args.json):
        raise UsageError("export needs --out FIG.png|.svg|.pdf, --all-presets DIR, --csv or --json")
    figure = _check_figure_path(args.out, "--out") if args.out is not None else None
    outs = []
    if args.csv is not None or args.json is not None:
        outs = _destinations(args, also=[("--out", args.out)] if figure else [])
    return [Job(config, figure, args.plot)], outs


def cmd_export(args) -> int:
    if comparing(args):  # several runs on one plot (cli/compare_command.py)
        return cmd_compare(args)
    if animating(args):  # --steps means something else there (cli/animate_command.py)
        return cmd_animate(args)
    steps = check_steps(args, default=DEFAULT_STEPS, limit=10_000)
    jobs, outs = _plan(args)
    if not any(job.path for job in jobs):  # data only: no Qt needed
        write_outputs(table_texts(run_probe(jobs[0].config, steps), steps, outs))
        return 0
    # Off screen even on a desktop: nothing is shown, a display (or QT_QPA_PLATFORM=xcb
    # without one) cannot abort the run, and the screen's DPI cannot change the figure.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        _write_figures(args, jobs, outs)
    except BaseException:
        _remove_if_empty(getattr(args, "made_folders", []))  # nothing written: no folder
        raise
    if len(jobs) > 1:
        say(f"wrote {len(jobs)} figures into {args.all_presets}")
    else:
        for dest in [str(jobs[0].path), *(dest for _, dest in outs if dest != "-")]:
            say(f"wrote {dest}")
    return 0


def _write_figures(args, jobs, outs) -> None:
    from gui.export import figure_bytes
    from gui.figure_builder import ensure_app, offscreen_figure
    from gui.language import localise

    ensure_app()
    use_language(args)  # before the plots are built: their words are translated then
    with WriteBatch() as batch:  # every figure and table, or none
        for index, (config, path, plot) in enumerate(jobs, start=1):
            started = time.perf_counter()
            caption = localise(config.label()) if args.caption else None
            steps = _steps(args, jobs[index - 1])
            look = (args.width_px, args.theme, caption, _check_size(args, plot), args.height_px)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # NaN layers are the lesson
                with signals_held(), offscreen_figure(config, plot, steps) as (widget, frames):
                    try:
                        data = figure_bytes(widget, path.suffix, *look)
                    except OSError as exc:
                        raise FileProblem(f"{path}: cannot write the figure ({exc})") from None
            add_output(batch, str(path), data)
            if len(jobs) > 1:
                seconds = time.perf_counter() - started
                say(f"[{index}/{len(jobs)}] {path.stem} -> {path}  ({seconds:.1f} s)")
            for _flag, dest, text in table_texts(average_frames(frames), steps, outs):
                add_output(batch, dest, text)
        batch.commit()
