"""The command line's shared options and how they become a `LabConfig`.

Every command takes the same experiment options (shared/PRODUCT.md). Precedence:
defaults < `--config session.json` < `--preset NAME` < explicit options.
"""

from __future__ import annotations

import argparse
import sys

from engine import ACTIVATIONS, DEVICES, INITS, NORMS, PRECISIONS, ConfigError, LabConfig
from engine.config import OPTIMIZERS, TASKS, THEORIES
from engine.files import FileProblem
from engine.presets import get_preset, load_presets
from engine.session import load_session

PROG = "stability-lab"


def _number(kind, allowed: str):
    """An argparse type whose error says what is allowed ('deep' is not an integer…)."""

    def convert(text: str):
        try:
            return kind(text)
        except ValueError:
            noun = "an integer" if kind is int else "a number"
            raise argparse.ArgumentTypeError(
                f"{text!r} is not {noun} (allowed: {allowed})"
            ) from None

    convert.__name__ = kind.__name__
    return convert


# LabConfig field -> (flag, argparse keyword arguments)
EXPERIMENT_OPTIONS = {
    "depth": (
        "--depth",
        dict(type=_number(int, "1–1000"), metavar="N", help="layers, 1–1000 (default 30)"),
    ),
    "width": (
        "--width",
        dict(
            type=_number(int, "2–4096"), metavar="N", help="units per layer, 2–4096 (default 256)"
        ),
    ),
    "batch": (
        "--batch",
        dict(type=_number(int, "1–4096"), metavar="N", help="inputs per step, 1–4096 (default 64)"),
    ),
    "activation": (
        "--activation",
        dict(choices=list(ACTIVATIONS), metavar="A", help="activation: " + ", ".join(ACTIVATIONS)),
    ),
    "init": (
        "--init",
        dict(choices=list(INITS), metavar="I", help="initialisation: " + ", ".join(INITS)),
    ),
    "precision": ("--precision", dict(choices=PRECISIONS, metavar="P", help="fp32, fp16 or bf16")),
    "device": ("--device", dict(choices=DEVICES, metavar="D", help="auto, cpu, cuda or mps")),
    "residual": (
        "--residual",
        dict(action="store_true", default=None, help="residual connections h = h + f(W h)"),
    ),
    "residual_scale": (
        "--residual-scale",
        dict(
            type=_number(float, "0.001–10"),
            metavar="S",
            help="scale of the residual branch (default 1)",
        ),
    ),
    "norm": ("--norm", dict(choices=NORMS, metavar="K", help="normalisation: none, layer, batch")),
    "clip": (
        "--clip",
        dict(
            type=_number(float, "0 (off) or 1e-6–1e6"),
            metavar="X",
            help="clip the global gradient norm to X (0 = off)",
        ),
    ),
    "seed": (
        "--seed",
        dict(type=_number(int, "0–2147483647"), metavar="S", help="random seed (default 0)"),
    ),
    "theory": ("--theory", dict(choices=THEORIES, metavar="T", help="mean_field or linear")),
    "mode": (
        "--mode",
        dict(choices=("probe", "train"), metavar="M", help="probe (measure) or train"),
    ),
    "optimizer": (
        "--optimizer",
        dict(choices=OPTIMIZERS, metavar="O", help="sgd or adam (training)"),
    ),
    "lr": (
        "--lr",
        dict(
            type=_number(float, "1e-6–10"), metavar="LR", help="learning rate, 1e-6–10 (training)"
        ),
    ),
    "task": ("--task", dict(choices=TASKS, metavar="T", help="teacher or spiral (training)")),
}
FLAG_OF = {field: flag for field, (flag, _) in EXPERIMENT_OPTIONS.items()}


class UsageError(Exception):
    """A bad option or value: printed as one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the option and what is allowed."""

    def error(self, message):
        raise UsageError(message)


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
        "--steps",
        type=_number(int, "1–100000"),
        default=None,
        metavar="N",
        help="probe steps to average (default 10)",
    )


def config_from_args(args: argparse.Namespace) -> LabConfig:
    """Build and validate the config; errors name the command-line option."""
    config = LabConfig()
    if getattr(args, "config", None):
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
        raise UsageError(f"argument {flag}: {str(exc).split(': ', 1)[1]}") from None


def check_steps(args, default: int = 10, limit: int = 100_000) -> int:
    steps = default if args.steps is None else args.steps
    if not 1 <= steps <= limit:
        raise UsageError(f"argument --steps: {steps} is out of range (allowed: 1–{limit})")
    return steps


def fail(message: str, code: int = 2) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code
