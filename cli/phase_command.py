"""`python main.py sweep --over phase`: the (σ_w², σ_b²) plane, cell by cell, with the
mean-field order/chaos line over the measured cells.

`sweep` (cli/sweep_command.py) hands `--over phase` here: its other grids vary depth,
this one varies the gain and bias at the given depth.
"""

from __future__ import annotations

import argparse

from engine import ConfigError
from engine.figures import FORMATS
from engine.sweep import DEFAULT_DEPTHS

from .figure_language import use_language
from .grid_output import start_qt, write_grid_outputs
from .options import UsageError, config_from_args
from .outputs import plan_outputs
from .streams import end_progress, say_progress


def variances(text: str) -> tuple[float, ...]:
    """An argparse type: comma-separated non-negative numbers."""
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a comma-separated list of numbers (e.g. 0.5,1,2)"
        ) from None
    return values


def add_phase_options(parser) -> None:
    parser.add_argument(
        "--weight-vars",
        type=variances,
        metavar="LIST",
        help="with --over phase: σ_w² = G²·n·γ values, comma-separated (each > 0)",
    )
    parser.add_argument(
        "--bias-vars",
        type=variances,
        metavar="LIST",
        help="with --over phase: σ_b² = bias_std² values, comma-separated (each ≥ 0)",
    )


def refuse_phase_options(args) -> None:
    """The phase plane's options with another grid: refused, not ignored."""
    for flag, given in (("--weight-vars", args.weight_vars), ("--bias-vars", args.bias_vars)):
        if given is not None:
            raise UsageError(f"{flag} is for --over phase")


def _refuse_ignored(args) -> None:
    if args.values is not None:
        raise UsageError(
            "--values is for --over init|activation: give --weight-vars and --bias-vars"
        )
    if args.metric != "grad_h":
        raise UsageError("--metric: the phase plane measures log10 RMS ∂ℓ/∂h bottom ÷ top")
    for name, flag in (("gain", "--gain"), ("bias_std", "--bias-std")):
        if getattr(args, name, None) is not None:
            grid = "--weight-vars" if name == "gain" else "--bias-vars"
            raise UsageError(f"{flag} is what the phase plane varies: give the values with {grid}")
    if getattr(args, "mode", None) not in (None, "probe"):
        raise UsageError("--mode: the sweep measures probes only (drop --mode train)")
    if tuple(args.depths) != DEFAULT_DEPTHS:
        raise UsageError("--depths is for --over init|activation: the phase plane uses --depth")
    if args.weight_vars is None or args.bias_vars is None:
        raise UsageError("--over phase needs --weight-vars LIST and --bias-vars LIST")
    if args.out is None:
        for flag, given in (
            ("--width-px", args.width_px),
            ("--theme", args.theme),
            ("--lang", getattr(args, "lang", None)),
        ):
            if given is not None:
                raise UsageError(f"{flag} is for the figure: add --out FIG or drop {flag}")


def cmd_phase(args, width_default: int) -> int:
    from engine.phase import check_phase

    _refuse_ignored(args)
    base = config_from_args(args)
    try:
        weight_vars, bias_vars = check_phase(base, args.weight_vars, args.bias_vars)
    except ConfigError as exc:
        flag = {"weight_vars": "--weight-vars", "bias_vars": "--bias-vars"}.get(exc.field)
        flag = flag or ("--widths" if exc.field == "widths" else "--residual/--norm")
        raise UsageError(f"argument {flag}: {exc.reason}") from None
    steps = 2 if args.steps is None else args.steps
    if not 1 <= steps <= 100:
        raise UsageError(f"argument --steps: {steps} is out of range (allowed: 1–100)")
    given = [("--csv", args.csv), ("--json", args.json), ("--out", args.out)]
    if all(dest is None for _, dest in given):
        raise UsageError("sweep needs --csv, --json or --out")
    if args.out is not None and not args.out.lower().endswith(FORMATS):
        raise UsageError(f"argument --out: {args.out!r} must end in {', '.join(FORMATS)}")
    outputs = plan_outputs(given, figures=["--out"])
    from engine.devices import resolve_device
    from engine.memory import check_memory
    from engine.phase import cell_config, phase_cells

    check_memory(cell_config(base, weight_vars[-1], bias_vars[-1]), resolve_device(base.device))
    if args.out is not None:
        start_qt()  # a platform that cannot start fails now, not after every cell
        use_language(args)
    result = None
    for done, total, partial in phase_cells(base, weight_vars, bias_vars, steps=steps):
        result = partial
        say_progress(f"[{done}/{total}] cells")
    end_progress()
    width = width_default if args.width_px is None else args.width_px
    write_grid_outputs(outputs, result, width, args.theme, _phase_plot)
    return 0


def _phase_plot(result):
    from gui.phase_plot import PhasePlot

    plot = PhasePlot()
    plot.resize(1000, 720)
    plot.show_result(result)
    return plot
