"""`PinnedRun`: the measured per-layer curves of one run, kept to compare with others.

A lecturer pins a run (sigmoid), changes a setting (4·sigmoid − 2) and sees both. A pin
holds plain numpy arrays and floats, never torch: it lives in the window's process, in
session files and in `export --compare`. In a session each pin is one compact JSON
object; numbers keep `DIGITS` significant digits (a plot needs no more, and six
1000-layer pins stay well under the settings-file limit); JSON has no NaN or infinity,
so those are written as null, "inf" and "-inf".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .activations import ACTIVATIONS
from .config import ConfigError, LabConfig
from .frame import freeze
from .inits import INITS

MAX_PINS = 6
DIGITS = 5
LABEL_CHARS = 60
# What a pin keeps of a frame (one value per layer 1 … d) and of a spectrum (log10 of
# J_t's singular values, one per t = 0 … d−1).
FRAME_COLUMNS = (
    "grad_h_var",
    "grad_h_var_theory",
    "grad_w_norm",
    "act_var",
    "act_var_theory",
    "act_mean",
    "act_mean_theory",
)
SPECTRUM_COLUMNS = ("sv_rms", "sv_max", "sv_min")


def default_label(config: LabConfig) -> str:
    """'tanh · Xavier normal · d30', plus what else sets this run apart from the default."""
    return " · ".join(default_label_parts(config))


def default_label_parts(config: LabConfig) -> list[str]:
    """The parts of `default_label`, as the registries and settings mark them (so a
    window can show each in its language)."""
    parts = [ACTIVATIONS[config.activation].label, INITS[config.init].label, f"d{config.depth}"]
    if config.precision != "fp32":
        parts.append(config.precision)
    return parts + list(config.distinctions())


def _flat(values) -> np.ndarray:
    return freeze(values).reshape(-1)  # a read-only view of a read-only copy


@dataclass(frozen=True)
class PinnedRun:
    """A label, the config it was measured with, and its curves."""

    label: str
    config: LabConfig
    step: int
    columns: dict[str, np.ndarray]  # FRAME_COLUMNS, per layer 1 … depth
    theory_note: str = ""
    spectrum: dict[str, np.ndarray] | None = field(default=None)  # log10, per t

    def __post_init__(self):
        object.__setattr__(self, "columns", {k: _flat(self.columns[k]) for k in FRAME_COLUMNS})
        if self.spectrum is not None:
            spectrum = {k: _flat(self.spectrum[k]) for k in SPECTRUM_COLUMNS}
            object.__setattr__(self, "spectrum", spectrum)

    def __repr__(self) -> str:
        return f"PinnedRun({self.label!r}, depth {self.depth}, step {self.step})"

    @property
    def depth(self) -> int:
        return len(self.columns["grad_h_var"])

    @property
    def layers(self) -> np.ndarray:
        return np.arange(1, self.depth + 1, dtype=np.float64)

    def renamed(self, label: str) -> PinnedRun:
        return PinnedRun(
            check_label(label), self.config, self.step, self.columns, self.theory_note,
            self.spectrum,
        )  # fmt: skip

    def frame_columns(self) -> dict[str, np.ndarray]:
        """The columns a plot's `show_frame` reads (with the layer numbers)."""
        return {"layer": self.layers, **self.columns}

    def to_dict(self) -> dict[str, Any]:
        data = {
            "label": self.label,
            "config": self.config.to_dict(),
            "step": self.step,
            "theory_note": self.theory_note,
            "columns": {k: _encode(v) for k, v in self.columns.items()},
        }
        if self.spectrum is not None:
            data["spectrum_log10"] = {k: _encode(v) for k, v in self.spectrum.items()}
        return data


def pin_frame(frame, label: str | None = None, spectrum=None) -> PinnedRun:
    """Pin a `Frame` (and the `Spectrum` of the same config, when one was measured)."""
    curves = None
    if spectrum is not None and spectrum.measured and spectrum.config == frame.config:
        logs = spectrum.log10_columns()
        curves = {k: logs[k] for k in SPECTRUM_COLUMNS}
    return PinnedRun(
        check_label(label if label is not None else default_label(frame.config)),
        frame.config,
        int(frame.step),
        {k: frame[k] for k in FRAME_COLUMNS},
        frame.theory_note,
        curves,
    )


def check_label(label: Any) -> str:
    if not isinstance(label, str):
        raise ValueError(f"label: expected text, got {type(label).__name__}")
    text = " ".join(label.split())
    if not text:
        raise ValueError("label: empty (give the pin a name)")
    if len(text) > LABEL_CHARS:
        raise ValueError(f"label: {len(text)} characters is too long (at most {LABEL_CHARS})")
    return text


def _encode(values: np.ndarray) -> list:
    out: list = []
    for x in values.tolist():
        if math.isnan(x):
            out.append(None)
        elif math.isinf(x):
            out.append("inf" if x > 0 else "-inf")
        else:
            out.append(float(f"{x:.{DIGITS}g}"))
    return out


def _decode(values: Any, name: str, length: int) -> np.ndarray:
    if not isinstance(values, list):
        raise ValueError(f"{name}: expected a list of numbers")
    if len(values) != length:
        raise ValueError(f"{name}: {len(values)} values for {length} layers")
    out = np.empty(length)
    for i, x in enumerate(values):
        if x is None:
            out[i] = math.nan
        elif x in ("inf", "-inf"):
            out[i] = math.inf if x == "inf" else -math.inf
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            out[i] = float(x)
        else:
            raise ValueError(f"{name}[{i}]: {x!r} is not a number")
    return out


def pinned_from_dict(data: Any) -> PinnedRun:
    """Validate one saved pin; a problem raises ValueError naming the field."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an object, got {type(data).__name__}")
    known = {"label", "config", "step", "theory_note", "columns", "spectrum_log10"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    for key in ("label", "config", "columns"):
        if key not in data:
            raise ValueError(f"{key}: missing")
    label = check_label(data["label"])
    try:
        config = LabConfig.from_dict(data["config"])
    except (ConfigError, TypeError) as exc:
        raise ValueError(f"config: {exc}") from None
    step = data.get("step", 0)
    if type(step) is not int or step < 0:
        raise ValueError(f"step: {step!r} is not a step count")
    note = data.get("theory_note", "")
    if not isinstance(note, str):
        raise ValueError("theory_note: expected text")
    columns = data["columns"]
    if not isinstance(columns, dict) or set(columns) != set(FRAME_COLUMNS):
        raise ValueError(f"columns: expected exactly {', '.join(FRAME_COLUMNS)}")
    decoded = {k: _decode(columns[k], f"columns.{k}", config.depth) for k in FRAME_COLUMNS}
    spectrum = data.get("spectrum_log10")
    if spectrum is not None:
        if not isinstance(spectrum, dict) or set(spectrum) != set(SPECTRUM_COLUMNS):
            raise ValueError(f"spectrum_log10: expected exactly {', '.join(SPECTRUM_COLUMNS)}")
        spectrum = {
            k: _decode(spectrum[k], f"spectrum_log10.{k}", config.depth) for k in SPECTRUM_COLUMNS
        }
    return PinnedRun(label, config, step, decoded, note, spectrum)


def parse_pins(data: Any, source: str = "session") -> tuple[list[PinnedRun], str | None]:
    """The valid pins of a session's "pins" list, and one line about those that are not
    (None when all are fine): a bad pin never stops the rest of a session loading."""
    if data is None:
        return [], None
    if not isinstance(data, list):
        return [], f"{source}: pins: expected a list, so no pin was loaded"
    pins, problems = [], []
    for index, item in enumerate(data):
        if len(pins) == MAX_PINS:
            problems.append(f"pins[{index}]: more than {MAX_PINS} pins")
            break
        try:
            pins.append(pinned_from_dict(item))
        except ValueError as exc:
            problems.append(f"pins[{index}]: {exc}")
    if not problems:
        return pins, None
    skipped = len(data) - len(pins)
    first = problems[0]
    return pins, f"{source}: {skipped} pin(s) not loaded ({first}); the rest of the session loaded"
