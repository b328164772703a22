"""`LabConfig`: every setting of one experiment in a frozen, JSON-serialisable value.

Like TensorFlow Playground's state, but without UI fields: the engine, the window and
the command line all exchange this one object, edited with `dataclasses.replace` (or
`config.with_(...)`). Validation names the field, the value and what is allowed, so the
message can go straight to the user.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, fields
from typing import Any

from .activations import ACTIVATIONS
from .inits import INITS

PRECISIONS = ("fp32", "fp16", "bf16")
DEVICES = ("auto", "cpu", "cuda", "mps")
NORMS = ("none", "layer", "batch")
THEORIES = ("mean_field", "linear")
MODES = ("probe", "train")
OPTIMIZERS = ("sgd", "adam")
TASKS = ("teacher", "spiral")


class ConfigError(ValueError):
    """A setting is out of range or of the wrong type; the message names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


def _int_range(lo: int, hi: int):
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise ConfigError(name, f"{value!r} is not an integer (allowed: {lo}–{hi})")
        if not lo <= value <= hi:
            raise ConfigError(name, f"{value} is out of range (allowed: {lo}–{hi})")
        return value

    return check


def _float_range(lo: float, hi: float, allow_zero: bool = False):
    extra = " or 0 (off)" if allow_zero else ""

    def check(name: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(name, f"{value!r} is not a number (allowed: {lo:g}–{hi:g}{extra})")
        value = float(value)
        if not math.isfinite(value):
            raise ConfigError(name, f"{value} is not finite (allowed: {lo:g}–{hi:g}{extra})")
        if allow_zero and value == 0:
            return value
        if not lo <= value <= hi:
            raise ConfigError(name, f"{value:g} is out of range (allowed: {lo:g}–{hi:g}{extra})")
        return value

    return check


def _choice(options):
    def check(name: str, value: Any) -> str:
        if value not in options:
            raise ConfigError(name, f"{value!r} is not one of: {', '.join(options)}")
        return value

    return check


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(name, f"{value!r} is not true or false")
    return value


@dataclass(frozen=True)
class LabConfig:
    """One experiment. Defaults are the healthy case the window opens with."""

    depth: int = 30
    width: int = 256
    batch: int = 64
    activation: str = "relu"
    init: str = "he_normal"
    precision: str = "fp32"
    device: str = "auto"
    residual: bool = False
    residual_scale: float = 1.0
    norm: str = "none"
    clip: float = 0.0  # global-norm gradient clipping threshold; 0 = off
    seed: int = 0
    theory: str = "mean_field"
    # Training mode (issue 6): the probe only measures, training also updates weights.
    mode: str = "probe"
    optimizer: str = "sgd"
    lr: float = 0.01
    task: str = "teacher"

    def __post_init__(self):
        for f in fields(self):
            checked = _VALIDATORS[f.name](f.name, getattr(self, f.name))
            object.__setattr__(self, f.name, checked)

    def with_(self, **changes) -> LabConfig:
        """A copy with some fields changed (validated like the original)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: Any) -> LabConfig:
        """Build from a mapping; unknown keys are an error, not silently dropped."""
        if not isinstance(data, dict):
            raise ConfigError("config", f"expected a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(unknown[0], f"unknown setting (known: {', '.join(sorted(known))})")
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> LabConfig:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                "config", f"not valid JSON ({exc.msg} at line {exc.lineno})"
            ) from None
        return cls.from_dict(data)

    def label(self) -> str:
        """A short caption: 'ReLU · He normal · depth 30 · fp32'."""
        parts = [
            ACTIVATIONS[self.activation].label,
            INITS[self.init].label,
            f"depth {self.depth}",
            f"width {self.width}",
            self.precision,
        ]
        if self.residual:
            parts.append(
                "residual" if self.residual_scale == 1 else f"residual×{self.residual_scale:g}"
            )
        if self.norm != "none":
            parts.append(f"{self.norm} norm")
        if self.clip:
            parts.append(f"clip {self.clip:g}")
        if self.mode == "train":
            parts.append(f"{self.optimizer} lr {self.lr:g}")
        return " · ".join(parts)


_VALIDATORS = {
    "depth": _int_range(1, 1000),
    "width": _int_range(2, 4096),
    "batch": _int_range(1, 4096),
    "activation": _choice(tuple(ACTIVATIONS)),
    "init": _choice(tuple(INITS)),
    "precision": _choice(PRECISIONS),
    "device": _choice(DEVICES),
    "residual": _bool,
    "residual_scale": _float_range(1e-3, 10.0),
    "norm": _choice(NORMS),
    "clip": _float_range(1e-6, 1e6, allow_zero=True),
    "seed": _int_range(0, 2**31 - 1),
    "theory": _choice(THEORIES),
    "mode": _choice(MODES),
    "optimizer": _choice(OPTIMIZERS),
    "lr": _float_range(1e-6, 10.0),
    "task": _choice(TASKS),
}
