"""Stability Lab's command line: `python main.py [COMMAND] [OPTIONS]`.

With no command it opens the window; `probe`, `export`, `taylor`, `sweep` and `list`
work without a display. Errors are one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from engine.file_errors import os_problem
from engine.files import remove_temporary_files

from . import streams
from .options import (
    FLAG_OF,
    PROG,
    OneLineParser,
    UsageError,
    add_experiment_options,
    fail,
)

EPILOG = """examples:
  python main.py                                   open the window
  python main.py probe --activation sigmoid --depth 30 --csv -
  python main.py export --preset vanishing --out vanishing.png --width-px 1920
  python main.py taylor sigmoid --order 7 --latex
  python main.py list                              activations, inits, presets"""


def add_language_option(parser, help_text: str, default=None) -> None:
    parser.add_argument("--lang", choices=("en", "zh_CN"), default=default, help=help_text)


def build_parser() -> OneLineParser:
    from . import commands
    from .figure_language import add_figure_language_option

    parser = OneLineParser(
        prog=PROG,
        description="Stability Lab: watch gradients vanish and explode in a deep MLP.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--list", action="store_true", help="list activations, inits, presets")
    add_language_option(
        parser, "the window's language (default: the one chosen last, else the system's)"
    )
    add_experiment_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    probe = sub.add_parser("probe", help="write the per-layer table (CSV/JSON)")
    add_experiment_options(probe)
    probe.add_argument("--csv", metavar="FILE|-", help="write the table as CSV ('-' = stdout)")
    probe.add_argument("--json", metavar="FILE|-", help="write the table as JSON ('-' = stdout)")
    probe.set_defaults(handler=commands.cmd_probe)

    lst = sub.add_parser("list", help="name the activations, inits and presets")
    add_figure_language_option(lst, "the labels' language: en or zh_CN (default en)")
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


# Options every command shares, by the name argparse stores them under.
SHARED_FLAGS = {"preset": "--preset", "config": "--config", **FLAG_OF, "steps": "--steps"}


def _leading_options(argv: list[str]) -> list[str]:
    """The flags given before the command: argparse would let the command's own
    defaults overwrite them, so `main.py --depth 5 probe` would run depth 30."""
    early = OneLineParser(prog=PROG, add_help=False)
    early.add_argument("--list", action="store_true")
    add_experiment_options(early)
    early.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        given, _unknown = early.parse_known_args(argv)
    except UsageError:
        return []  # the full parse has already named what is wrong
    flags = ["--list"] if given.list else []
    return flags + [flag for name, flag in SHARED_FLAGS.items() if getattr(given, name) is not None]


def _check_order(args, argv: list[str]) -> None:
    early = _leading_options(argv)
    if args.command is not None and early:
        raise UsageError(
            f"{early[0]} is given before the command: write it after it "
            f"(python main.py {args.command} {early[0]} …)"
        )
    if args.list and len(early) > 1:
        raise UsageError(f"--list takes no other options ({early[1]} would be ignored)")
    if args.command is None and not args.list and args.steps is not None:
        raise UsageError("--steps applies to probe, export and sweep, not to the window")


def _run(argv: list[str]) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        _check_order(args, argv)
        if args.list:
            from .commands import cmd_list

            code = cmd_list(args)
        elif args.command is None:
            from .window import open_window

            return open_window(args)
        else:
            code = args.handler(args)
        streams.finish_stdout()
        return code
    except UsageError as exc:
        return fail(str(exc))
    except streams.ReaderGone:
        return streams.broken_pipe()
    except KeyboardInterrupt:
        remove_temporary_files()
        return fail("interrupted", 130)
    except streams.Stopped as exc:
        return streams.stopped(exc)
    except MemoryError:
        return fail("ran out of memory: reduce depth, width or batch", 1)
    except OSError as exc:
        if streams.is_broken_pipe(exc):
            return streams.broken_pipe()
        if exc.filename is not None:  # never a bare "[Errno 36] …"
            return fail(str(os_problem(exc.filename, exc, "cannot be used")), 1)
        return fail(exc.strerror or str(exc), 1)
    except (ValueError, RuntimeError) as exc:
        # Engine refusals (memory, device) and file problems: one line, no traceback.
        return fail(str(exc), 1)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    streams.guard_streams()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = {s: signal.getsignal(s) for s in streams.HANDLED} if in_main_thread else {}
    if in_main_thread:
        streams.install_signal_handlers()
    try:
        return _run(argv)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
