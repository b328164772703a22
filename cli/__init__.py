"""Stability Lab's command line: `python main.py [COMMAND] [OPTIONS]`.

With no command it opens the window; `probe`, `export`, `taylor`, `sweep` and `list`
work without a display. Errors are one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys

from .options import PROG, OneLineParser, UsageError, add_experiment_options, fail

EPILOG = """examples:
  python main.py                                   open the window
  python main.py probe --activation sigmoid --depth 30 --csv -
  python main.py export --preset vanishing --out vanishing.png --width-px 1920
  python main.py taylor sigmoid --order 7 --latex
  python main.py list                              activations, inits, presets"""


def build_parser() -> OneLineParser:
    from . import commands

    parser = OneLineParser(
        prog=PROG,
        description="Stability Lab: watch gradients vanish and explode in a deep MLP.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--list", action="store_true", help="list activations, inits, presets")
    add_experiment_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    probe = sub.add_parser("probe", help="write the per-layer table (CSV/JSON)")
    add_experiment_options(probe)
    probe.add_argument("--csv", metavar="FILE|-", help="write the table as CSV ('-' = stdout)")
    probe.add_argument("--json", metavar="FILE|-", help="write the table as JSON ('-' = stdout)")
    probe.set_defaults(handler=commands.cmd_probe)

    lst = sub.add_parser("list", help="name the activations, inits and presets")
    lst.set_defaults(handler=commands.cmd_list)

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands():
    """Commands that live in their own modules (each adds its subparser)."""
    found = []
    for module in ("taylor_command", "export_command", "sweep_command", "spectrum_command"):
        try:
            mod = __import__(f"cli.{module}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"cli.{module}":
                raise
            continue
        found.append(mod.register)
    return found


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.list:
            from .commands import cmd_list

            return cmd_list(args)
        if args.command is None:
            from .window import open_window

            return open_window(args)
        return args.handler(args)
    except UsageError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except (ValueError, RuntimeError, OSError) as exc:
        # Engine refusals (memory, device) and file problems: one line, no traceback.
        return fail(str(exc), 1)
