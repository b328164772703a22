"""`python main.py sweep`: the depth × init (or activation) phase diagram."""

from __future__ import annotations

import sys

from engine import ConfigError
from engine.figures import DEFAULT_THEME, FORMATS, MAX_WIDTH, MIN_WIDTH, THEMES, alternatives
from engine.files import atomic_write, check_writable
from engine.sweep import AXES, DEFAULT_DEPTHS, METRICS, check_sweep, sweep_cells

from .options import UsageError, add_experiment_options, config_from_args


def register(subparsers) -> None:
    p = subparsers.add_parser("sweep", help="phase diagram of bottom-layer gradients over a grid")
    add_experiment_options(p)
    p.add_argument(
        "--over",
        choices=list(AXES),
        default="init",
        metavar="AXIS",
        help="sweep depth × init (default) or depth × activation",
    )
    p.add_argument("--values", metavar="A,B,…", help="which inits/activations (default: all)")
    p.add_argument(
        "--depths",
        metavar="D1,D2,…",
        default=",".join(map(str, DEFAULT_DEPTHS)),
        help="depths to sweep (default %(default)s)",
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
        type=int,
        default=1600,
        metavar="N",
        help="figure width in pixels (default 1600)",
    )
    p.add_argument(
        "--theme",
        choices=THEMES,
        default=DEFAULT_THEME,
        metavar="T",
        help=f"{alternatives(THEMES)} (default {DEFAULT_THEME})",
    )
    p.set_defaults(handler=cmd_sweep)


def _parse(args):
    try:
        depths = tuple(int(d) for d in args.depths.split(",") if d.strip())
    except ValueError:
        raise UsageError(f"argument --depths: {args.depths!r} is not a list of integers") from None
    values = tuple(v.strip() for v in args.values.split(",")) if args.values else None
    try:
        values, depths = check_sweep(args.over, values, depths, args.metric)
    except ConfigError as exc:
        raise UsageError(f"argument --{exc.field}: {str(exc).split(': ', 1)[1]}") from None
    return values, depths


def cmd_sweep(args) -> int:
    base = config_from_args(args)
    values, depths = _parse(args)
    steps = 2 if args.steps is None else args.steps
    if not 1 <= steps <= 100:
        raise UsageError(f"argument --steps: {steps} is out of range (allowed: 1–100)")
    outputs = [(k, getattr(args, k)) for k in ("csv", "json", "out") if getattr(args, k)]
    if not outputs:
        raise UsageError("sweep needs --csv, --json or --out")
    for kind, dest in outputs:
        if dest == "-" and kind == "out":
            raise UsageError("argument --out: a figure needs a file name")
        if kind == "out" and not dest.lower().endswith(FORMATS):
            raise UsageError(f"argument --out: {dest!r} must end in {', '.join(FORMATS)}")
        if dest != "-":
            try:
                check_writable(dest)
            except ValueError as exc:
                raise UsageError(f"argument --{kind}: {exc}") from None
    if not MIN_WIDTH <= args.width_px <= MAX_WIDTH:
        raise UsageError(
            f"argument --width-px: {args.width_px} is out of range "
            f"(allowed: {MIN_WIDTH}–{MAX_WIDTH})"
        )
    result = None
    tty = sys.stderr.isatty()
    for done, total, partial in sweep_cells(
        base, axis=args.over, values=values, depths=depths, metric=args.metric, steps=steps
    ):
        result = partial
        line = f"[{done}/{total}] cells"
        print("\r" + line if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
    if tty:
        print(file=sys.stderr)
    for kind, dest in outputs:
        if kind == "out":
            _render(result, dest, args.width_px, args.theme)
            print(f"wrote {dest}", file=sys.stderr)
            continue
        import json

        text = result.to_csv() if kind == "csv" else json.dumps(result.to_dict(), indent=2) + "\n"
        if dest == "-":
            sys.stdout.write(text)
        else:
            atomic_write(dest, text)
            print(f"wrote {dest}", file=sys.stderr)
    return 0


def _render(result, path: str, width_px: int, theme: str) -> None:
    from .offscreen import ensure_offscreen

    ensure_offscreen()
    from gui.app import make_app
    from gui.export import render_figure
    from gui.sweep_plot import SweepPlot

    make_app()
    plot = SweepPlot()
    plot.resize(1000, 120 + 60 * len(result.values))
    plot.show_result(result)
    render_figure(plot, path, width_px=width_px, theme=theme, caption=None)
