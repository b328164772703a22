"""`LabConfig`: every setting of one experiment in a frozen, JSON-serialisable value.

Like TensorFlow Playground's state, but without UI fields: the engine, the window and
the command line all exchange this one object, edited with `config.with_(...)`. Its
fields, defaults and validation are generated from the settings table
(`engine.settings_table.SETTINGS`), so a value is valid here exactly when the command
line and the window accept it. Validation names the field, the value and what is
allowed, so the message can go straight to the user.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .activations import ACTIVATIONS
from .inits import INITS
from .settings_table import BY_NAME, SETTINGS, ConfigError, check_together, choices_of

PRECISIONS = choices_of("precision")
DEVICES = choices_of("device")
NORMS = choices_of("norm")
THEORIES = choices_of("theory")
MODES = choices_of("mode")
OPTIMIZERS = choices_of("optimizer")
TASKS = choices_of("task")

__all__ = ["ConfigError", "LabConfig"]


class _ConfigMethods:
    """What every `LabConfig` can do; its fields come from the settings table."""

    def __post_init__(self):
        for name, setting in BY_NAME.items():
            object.__setattr__(self, name, setting.check(getattr(self, name)))
        check_together(self.__dict__)

    def layer_widths(self) -> tuple[int, ...]:
        """n_0 (the input), n_1, …, n_depth: `widths` repeated cyclically, or `width`."""
        pattern = self.widths or (self.width,)
        return tuple(pattern[t % len(pattern)] for t in range(self.depth + 1))

    def with_(self, **changes) -> LabConfig:
        """A copy with some fields changed (validated like the original)."""
        unknown = sorted(set(changes) - set(BY_NAME))
        if unknown:
            raise ConfigError(unknown[0], f"unknown setting (known: {', '.join(BY_NAME)})")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in BY_NAME}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: Any) -> LabConfig:
        """Build from a mapping; unknown keys are an error, not silently dropped."""
        if not isinstance(data, dict):
            raise ConfigError("config", f"expected a JSON object, got {type(data).__name__}")
        unknown = sorted(set(data) - set(BY_NAME))
        if unknown:
            raise ConfigError(unknown[0], f"unknown setting (known: {', '.join(sorted(BY_NAME))})")
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
        """A short caption: 'ReLU · He normal · depth 30 · width 256 · fp32'."""
        parts = [
            ACTIVATIONS[self.activation].label,
            INITS[self.init].label,
            f"depth {self.depth}",
            f"widths {BY_NAME['widths'].format(self.widths)}"
            if self.widths
            else f"width {self.width}",
            self.precision,
        ]
        parts += self.distinctions()
        return " · ".join(parts)

    def distinctions(self) -> list[str]:
        """What sets this run apart beyond activation, init and size, in the settings'
        own formats: the tail of `label` and of a pinned run's name."""
        out: list[str] = []
        if self.gain != 1:
            out.append(f"gain {BY_NAME['gain'].format(self.gain)}")
        if self.bias_std:
            out.append(f"bias σ {BY_NAME['bias_std'].format(self.bias_std)}")
        if self.residual:
            out.append(
                "residual" if self.residual_scale == 1 else f"residual×{self.residual_scale:g}"
            )
        if self.norm == "batch" and self.batch < 2:
            out.append("batch norm skipped (batch 1)")
        elif self.norm != "none":
            out.append(f"{self.norm} norm")
        if self.clip:
            out.append(f"clip {BY_NAME['clip'].format(self.clip)}")
        if self.mode == "train":
            out.append(f"{self.optimizer} lr {BY_NAME['lr'].format(self.lr)}")
        return out


LabConfig = dataclasses.make_dataclass(
    "LabConfig",
    [(s.name, s.kind, dataclasses.field(default=s.default)) for s in SETTINGS],
    bases=(_ConfigMethods,),
    frozen=True,
    namespace={"__doc__": "One experiment. Defaults are the healthy case the window opens with."},
)
LabConfig.__module__ = __name__  # pickled by name: the engine's process rebuilds it here
