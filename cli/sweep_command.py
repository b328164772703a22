"""`python main.py sweep`: the depth × init (or activation) phase diagram."""

from __future__ import annotations

import argparse

from engine import ConfigError
from engine.figures import DEFAULT_THEME, FORMATS, MAX_WIDTH, MIN_WIDTH, THEMES, alternatives
from engine.settings_table import Setting
from engine.sweep import AXES, DEFAULT_DEPTHS, METRICS, check_sweep, sweep_cells

from .figure_language import add_figure_language_option, use_language
from .grid_output import start_qt, write_grid_outputs
from .options import UsageError, add_experiment_options, config_from_args, typed
from .outputs import plan_outputs
from .phase_command import add_phase_options, cmd_phase, refuse_phase_options
from .streams import end_progress, say_progress

WIDTH_PX = Setting(
    "width_px", int, 1600, "Width", "figure width in pixels", "Export",
    lo=MIN_WIDTH, hi=MAX_WIDTH, metavar="N",
)  # fmt: skip
DEPTHS = Setting(
    "depths", tuple, DEFAULT_DEPTHS, "Depths", "depths to sweep", "Sweep", lo=1, hi=1000
)


def _depths(text: str) -> tuple[int, ...]:
    try:
        return typed(DEPTHS)(text)
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace(", or nothing", "")) from None


def register(subparsers) -> None:
    p = subparsers.add_parser("sweep", help="phase diagram of bottom-layer gradients over a grid")
    add_experiment_options(p)
    p.add_argument(
        "--over",
        choices=[*AXES, "phase"],
        default="init",
        metavar="AXIS",
        help="sweep depth × init (default), depth × activation, or phase: the "
        "(σ_w², σ_b²) plane at the given depth (--weight-vars, --bias-vars)",
    )
    add_phase_options(p)
    p.add_argument("--values", metavar="A,B,…", help="which inits/activations (default: all)")
    p.add_argument(
        "--depths",
        type=_depths,
        metavar="D1,D2,…",
        default=DEFAULT_DEPTHS,
        help=f"depths to sweep, each 1–1000 (default {','.join(map(str, DEFAULT_DEPTHS))})",
    )
    p.add_argument(
        "--metric",
        choices=list(METRICS),
        default="grad_h",
        metavar="M",
        help="grad_h (RMS ∂ℓ/∂h at layer 1, default) or grad_w (‖∂ℓ/∂W¹‖)",
    )
    p.add_argument("--csv", metavar="FILE|-", help="write the grid as CSV ('-' = stdout)")
    p.add_argument("--json", metavar="FILE|-", help="write the grid as JSON ('-' = stdout)")
    p.add_argument(
        "--out", metavar="FIG", help=f"render the phase diagram ({alternatives(FORMATS)})"
    )
    p.add_argument(
        "--width-px",
        type=typed(WIDTH_PX),
        metavar="N",
        help=f"figure width in pixels, {MIN_WIDTH}–{MAX_WIDTH} (default {WIDTH_PX.default})",
    )
    p.add_argument(
        "--theme",
        choices=THEMES,
        metavar="T",
        help=f"{alternatives(THEMES)} (default {DEFAULT_THEME})",
    )
    add_figure_language_option(p)
    p.set_defaults(handler=cmd_sweep)


def _parse(args):
    if args.values is None:
        values = None
    else:
        values = tuple(v.strip() for v in args.values.split(","))
        if "" in values:
            allowed = ", ".join(AXES[args.over])
            raise UsageError(
                f"argument --values: {args.values!r} has an empty name (allowed: {allowed})"
            )
        _no_repeats("--values", values)
    _no_repeats("--depths", args.depths)
    try:
        values, depths = check_sweep(args.over, values, args.depths, args.metric)
    except ConfigError as exc:
        raise UsageError(f"argument --{exc.field}: {exc.reason}") from None
    return values, depths


def _no_repeats(flag: str, items) -> None:
    seen = set()
    for item in items:
        if item in seen:
            raise UsageError(f"argument {flag}: {item} is listed twice")
        seen.add(item)


def _refuse_ignored(args) -> None:
    """Options the sweep would override or not use are refused, not dropped."""
    varied = {"depth": "--depths", args.over: "--values"}
    for name, instead in varied.items():
        if getattr(args, name, None) is not None:
            flag = "--" + name.replace("_", "-")
            raise UsageError(f"{flag} is what the sweep varies: give the values with {instead}")
    if getattr(args, "mode", None) not in (None, "probe"):
        raise UsageError("--mode: the sweep measures probes only (drop --mode train)")
    if args.out is None:
        for flag, given in (
            ("--width-px", args.width_px),
            ("--theme", args.theme),
            ("--lang", getattr(args, "lang", None)),
        ):
            if given is not None:
                raise UsageError(f"{flag} is for the figure: add --out FIG or drop {flag}")


def _check_cells(base, axis: str, values, depths) -> None:
    """Refuse, before the first cell, a grid whose largest cells cannot run."""
    from engine.devices import resolve_device
    from engine.memory import check_memory

    device = resolve_device(base.device)
    for value in values:
        config = base.with_(**{axis: value, "depth": max(depths), "mode": "probe"})
        check_memory(config, device)


def cmd_sweep(args) -> int:
    if args.over == "phase":
        return cmd_phase(args, WIDTH_PX.default)
    refuse_phase_options(args)
    _refuse_ignored(args)
    base = config_from_args(args)
    values, depths = _parse(args)
    steps = 2 if args.steps is None else args.steps
    if not 1 <= steps <= 100:
        raise UsageError(f"argument --steps: {steps} is out of range (allowed: 1–100)")
    given = [("--csv", args.csv), ("--json", args.json), ("--out", args.out)]
    if all(dest is None for _, dest in given):
        raise UsageError("sweep needs --csv, --json or --out")
    if args.out is not None and not args.out.lower().endswith(FORMATS):
        raise UsageError(f"argument --out: {args.out!r} must end in {', '.join(FORMATS)}")
    outputs = plan_outputs(given, figures=["--out"])
    for value in values:  # every cell's config is valid, or no cell runs
        try:
            base.with_(**{args.over: value, "depth": max(depths), "mode": "probe"})
        except ConfigError as exc:
            raise UsageError(f"argument --values: {value}: {exc}") from None
    _check_cells(base, args.over, values, depths)
    if args.out is not None:
        start_qt()  # a platform that cannot start fails now, not after every cell
        use_language(args)
    result = None
    for done, total, partial in sweep_cells(
        base, axis=args.over, values=values, depths=depths, metric=args.metric, steps=steps
    ):
        result = partial
        say_progress(f"[{done}/{total}] cells")
    end_progress()
    width = WIDTH_PX.default if args.width_px is None else args.width_px
    write_grid_outputs(outputs, result, width, args.theme, _sweep_plot)
    return 0


def _sweep_plot(result):
    from gui.sweep_plot import SweepPlot

    plot = SweepPlot()
    plot.resize(1000, 120 + 60 * len(result.values))
    plot.show_result(result)
    return plot
