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
from .words import QT_TRANSLATE_NOOP, Text, message

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

    def weight_counts(self) -> tuple[int, ...]:
        """Entries of each layer's W^t, n_t · n_(t−1), for t = 1 … depth."""
        n = self.layer_widths()
        return tuple(n[t] * n[t + 1] for t in range(self.depth))

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
        """A short caption: 'ReLU · He normal · depth 30 · width 256 · fp32' (a `Message`:
        English as a str, and the window shows each part in its language)."""
        parts = [
            ACTIVATIONS[self.activation].label,
            INITS[self.init].label,
            message(QT_TRANSLATE_NOOP("Captions", "depth {depth}"), depth=str(self.depth)),
            message(
                QT_TRANSLATE_NOOP("Captions", "widths {widths}"),
                widths=BY_NAME["widths"].format(self.widths),
            )
            if self.widths
            else message(QT_TRANSLATE_NOOP("Captions", "width {width}"), width=str(self.width)),
            self.precision,
        ]
        return joined(parts + self.distinctions())

    def distinctions(self) -> list[str]:
        """What sets this run apart beyond activation, init and size, in the settings'
        own formats: the tail of `label` and of a pinned run's name (marked words)."""
        out: list[str] = []
        if self.gain != 1:
            gain = BY_NAME["gain"].format(self.gain)
            out.append(message(QT_TRANSLATE_NOOP("Captions", "gain {gain}"), gain=gain))
        if self.bias_std:
            std = BY_NAME["bias_std"].format(self.bias_std)
            out.append(message(QT_TRANSLATE_NOOP("Captions", "bias σ {std}"), std=std))
        if self.residual:
            out.append(
                QT_TRANSLATE_NOOP("Captions", "residual")
                if self.residual_scale == 1
                else message(
                    QT_TRANSLATE_NOOP("Captions", "residual×{scale}"),
                    scale=f"{self.residual_scale:g}",
                )
            )
        if self.norm == "batch" and self.batch < 2:
            out.append(QT_TRANSLATE_NOOP("Captions", "batch norm skipped (batch 1)"))
        elif self.norm != "none":
            out.append(NORM_WORDS[self.norm])
        if self.clip:
            clip = BY_NAME["clip"].format(self.clip)
            out.append(message(QT_TRANSLATE_NOOP("Captions", "clip {clip}"), clip=clip))
        if self.mode == "train":
            lr = BY_NAME["lr"].format(self.lr)
            out.append(
                message(
                    QT_TRANSLATE_NOOP("Captions", "{optimizer} lr {lr}"),
                    optimizer=self.optimizer,
                    lr=lr,
                )
            )
        return out


NORM_WORDS = {
    "batch": QT_TRANSLATE_NOOP("Captions", "batch norm"),
    "layer": QT_TRANSLATE_NOOP("Captions", "layer norm"),
}


def joined(parts: list[str], separator: str = " · ") -> str:
    """`parts` joined by `separator`, as a `Message` whose values are the parts: it reads
    as the joined English, and `localise` shows every marked part in its language (the
    template, only fields and separators, needs no translation)."""
    fields = separator.join(f"{{p{i}}}" for i in range(len(parts)))
    return message(Text("Captions", fields), **{f"p{i}": part for i, part in enumerate(parts)})


LabConfig = dataclasses.make_dataclass(
    "LabConfig",
    [(s.name, s.kind, dataclasses.field(default=s.default)) for s in SETTINGS],
    bases=(_ConfigMethods,),
    frozen=True,
    namespace={"__doc__": "One experiment. Defaults are the healthy case the window opens with."},
)
LabConfig.__module__ = __name__  # pickled by name: the engine's process rebuilds it here
