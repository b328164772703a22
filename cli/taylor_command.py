"""`taylor ACTIVATION --order N [--latex|--json]`: an activation's exact series around 0.

The lesson's §7 from the command line, for slides and notes: the series, whether it
passes the f(0) = 0, f'(0) = 1 test, and the variance factor a layer applies.
"""

from __future__ import annotations

import json

from engine import ACTIVATIONS
from engine.activations import MAX_TAYLOR_ORDER as MAX_ORDER
from engine.settings_table import BY_NAME, ConfigError, Setting

from .options import UsageError, typed
from .streams import check_stdout, write_stdout

DEFAULT_ORDER = 5
ORDER = Setting(
    "order", int, DEFAULT_ORDER, "Order", "highest power of x", "Taylor", lo=1, hi=MAX_ORDER
)
LIMIT = 8.0  # how far out the 1% interval is searched


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "taylor",
        help="print an activation's exact Taylor series around 0",
        description="Exact Taylor series of an activation around 0, with the lesson's verdict.",
    )
    parser.add_argument(
        "activation",
        metavar="ACTIVATION",
        help=", ".join(ACTIVATIONS) + ', or a formula in x such as "x*tanh(softplus(x))"',
    )
    parser.add_argument(
        "--order",
        type=typed(ORDER),
        default=DEFAULT_ORDER,
        metavar="N",
        help=f"highest power of x, 1–{MAX_ORDER} (default {DEFAULT_ORDER})",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--latex", action="store_true", help="print LaTeX")
    form.add_argument("--json", action="store_true", help="print JSON (exact and float values)")
    parser.set_defaults(handler=cmd_taylor)


def cmd_taylor(args) -> int:
    check_stdout("the series")
    from engine.taylor import accurate_interval, taylor, verdict

    order = args.order
    try:
        name = BY_NAME["activation"].parse(args.activation)
    except ConfigError as exc:
        raise UsageError(f"argument ACTIVATION: {exc.reason}") from None
    if not 1 <= order <= MAX_ORDER:
        raise UsageError(f"argument --order: {order} is out of range (allowed: 1–{MAX_ORDER})")
    try:
        series = taylor(name, order)
    except ValueError as exc:  # a formula that is not smooth at 0
        raise UsageError(f"argument ACTIVATION: {exc}") from None
    lo, hi = accurate_interval(name, order, limit=LIMIT)
    lines = []
    if args.json:
        data = series.to_dict()
        data["within_1_percent"] = [lo, hi]
        lines.append(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.latex:
        lines.append(series.latex())
    else:
        act, v = ACTIVATIONS[name], verdict(name)
        lines.append(f"{act.label} = {act.formula}, Taylor series around 0 to order {order}:")
        lines.append(f"  {series.text()}")
        if series.kink:
            lines.append(f"  {series.kink_text()}")
        lines.append(f"verdict: {v.summary} — {v.explanation}")
        whole = " (all of the range searched)" if (lo, hi) == (-LIMIT, LIMIT) else ""
        lines.append(f"the order-{order} polynomial is within 1% for x in [{lo:g}, {hi:g}]{whole}")
    write_stdout("\n".join(lines) + "\n")  # a full or broken stdout is named, not raised
    return 0
