"""The command line's shared options and how they become a `LabConfig`.

Every command takes the same experiment options, generated from the settings table
(`engine.settings_table`), so they accept what the window and sessions accept. Precedence:
defaults < `--config session.json` < `--preset NAME` < explicit options.
"""

from __future__ import annotations

import argparse

from engine import ConfigError, LabConfig
from engine.files import FileProblem
from engine.presets import get_preset, load_presets
from engine.session import load_session
from engine.settings_table import SETTINGS, Setting

from .streams import PROG as PROG
from .streams import check_stdout
from .streams import fail as fail

STEPS = Setting(
    "steps", int, 10, "Steps", "probe steps to average", "Run", lo=1, hi=100_000, metavar="N"
)


def typed(setting: Setting):
    """An argparse type that reads text exactly as the window's boxes and sessions do
    (`Setting.parse`), so an error names the value and what is allowed."""

    def convert(text: str):
        try:
            return setting.parse(text)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None

    convert.__name__ = setting.name
    return convert


def _arguments(setting: Setting) -> dict:
    if setting.kind is bool:
        return dict(action=argparse.BooleanOptionalAction, default=None, help=setting.help())
    return dict(type=typed(setting), metavar=setting.metavar, help=setting.help())


# LabConfig field -> (flag, argparse keyword arguments), in the settings table's order
EXPERIMENT_OPTIONS = {s.name: (s.flag, _arguments(s)) for s in SETTINGS}
FLAG_OF = {field: flag for field, (flag, _) in EXPERIMENT_OPTIONS.items()}


class UsageError(Exception):
    """A bad option or value: printed as one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the option and what is allowed."""

    def error(self, message):
        raise UsageError(message)

    def print_help(self, file=None):
        if file is None:
            check_stdout("the help")  # argparse would quietly send it to stderr
        super().print_help(file)


def add_experiment_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("experiment options")
    group.add_argument(
        "--preset",
        metavar="NAME",
        choices=list(load_presets()),
        help="start from a lesson scenario: " + ", ".join(load_presets()),
    )
    group.add_argument("--config", metavar="FILE", help="apply a saved session (JSON)")
    for field, (flag, kwargs) in EXPERIMENT_OPTIONS.items():
        group.add_argument(flag, dest=field, **kwargs)
    group.add_argument(
        "--steps", type=typed(STEPS), default=None, metavar="N", help="probe steps to average"
    )


def config_from_args(args: argparse.Namespace) -> LabConfig:
    """Build and validate the config; errors name the command-line option."""
    config = LabConfig()
    if getattr(args, "config", None) is not None and getattr(args, "preset", None):
        raise UsageError(
            "--config and --preset each give every setting, so one would be ignored: "
            "give one of them (options such as --depth go on top of either)"
        )
    if getattr(args, "config", None) is not None:
        try:
            config, _display = load_session(args.config)
        except FileProblem as exc:
            raise UsageError(f"--config: {exc}") from None
    if getattr(args, "preset", None):
        config = get_preset(args.preset).config
    changes = {
        f: getattr(args, f) for f in EXPERIMENT_OPTIONS if getattr(args, f, None) is not None
    }
    try:
        return config.with_(**changes)
    except ConfigError as exc:
        flag = FLAG_OF.get(exc.field, exc.field)
        raise UsageError(f"argument {flag}: {exc.reason}") from None


def check_steps(args, default: int = 10, limit: int = 100_000) -> int:
    steps = default if args.steps is None else args.steps
    if not 1 <= steps <= limit:
        raise UsageError(f"argument --steps: {steps} is out of range (allowed: 1–{limit})")
    return steps
