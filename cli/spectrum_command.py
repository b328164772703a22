"""`python main.py spectrum`: the singular values of J_t = ∂h^d/∂h^t for one input.

One row per from_layer t = 0 … d−1 (sv_min, sv_median, sv_max, sv_rms and the theory's
RMS), or with `--values` every singular value of one J_t. The figure is
`export --plot spectrum`.
"""

from __future__ import annotations

from engine.settings_table import Setting
from engine.spectrum import BATCH_NORM_NOTE, COLUMN_HELP, spectrum_csv, values_csv

from .options import UsageError, add_experiment_options, config_from_args, typed
from .outputs import plan_outputs, write_outputs

FROM_LAYER = Setting(
    "from_layer", int, 0, "From layer", "t of J_t for --values", "Spectrum",
    lo=0, hi=999, metavar="T",
)  # fmt: skip
INPUT = Setting(
    "input", int, 0, "Input", "which of the seed's inputs", "Spectrum",
    lo=0, hi=10**6, metavar="K",
)  # fmt: skip


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "spectrum",
        help="singular values of the product of Jacobians ∂h^d/∂h^t (CSV)",
        description="The singular values of J_t = ∂h^d/∂h^t, the product of the d − t "
        "layer Jacobians a gradient is multiplied by, for one input x ~ N(0, 1). Columns: "
        + "; ".join(f"{k}: {v}" for k, v in COLUMN_HELP.items()),
    )
    add_experiment_options(p)
    p.add_argument("--csv", metavar="FILE|-", help="write the table as CSV ('-' = stdout)")
    p.add_argument(
        "--values",
        action="store_true",
        help="write every singular value of J_0 (or of J_T with --from-layer) instead, "
        "column singular_value, largest first",
    )
    p.add_argument(
        "--from-layer",
        type=typed(FROM_LAYER),
        metavar="T",
        help="with --values: which J_t, 0 … depth−1 (default 0, the input)",
    )
    p.add_argument(
        "--input",
        type=typed(INPUT),
        metavar="K",
        help="which of the seed's inputs x ~ N(0, 1) (default 0)",
    )
    p.set_defaults(handler=cmd_spectrum)


def cmd_spectrum(args) -> int:
    if args.steps is not None:
        raise UsageError("--steps: the spectrum is of one input, not averaged over steps")
    config = config_from_args(args)
    if config.norm == "batch":
        raise UsageError(f"--norm batch: {BATCH_NORM_NOTE}")
    if args.from_layer is not None and not args.values:
        raise UsageError("--from-layer picks the J_t that --values writes: add --values")
    t = 0 if args.from_layer is None else args.from_layer
    if t >= config.depth:
        raise UsageError(
            f"argument --from-layer: {t} is out of range (allowed: 0–{config.depth - 1})"
        )
    if args.csv is None:
        raise UsageError("spectrum needs --csv FILE|-")
    outputs = plan_outputs([("--csv", args.csv)])
    from engine.jacobian import spectrum_of_config  # torch loads for the command only

    spectrum = spectrum_of_config(config, 0 if args.input is None else args.input)
    text = values_csv(spectrum, t) if args.values else spectrum_csv(spectrum)
    write_outputs([(flag, dest, text) for flag, dest in outputs])
    return 0
