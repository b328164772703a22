"""The settings table: every experiment setting defined once.

Each `Setting` says what a value may be (type, range or choices, an "off" value), how it
is shown (label, tooltip with its formula, group, decimals, whether it spans decades)
and how typed text becomes a value. `LabConfig`'s fields and validation, every command's
options and `--help`, sessions and the window's widgets are all generated from `SETTINGS`,
so the command line, a saved session and the window accept exactly the same values.
Adding a setting is one entry here plus the code that uses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .activations import ACTIVATIONS
from .formats import RANGES, short
from .inits import INITS
from .words import QT_TRANSLATE_NOOP, Text, message

# ASCII digits only: Python's int() and float() also read '٣', '1_0' and ' inf '.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_NONZERO_DIGIT = re.compile(r"[1-9]")
MAX_LIST = 1001  # the most numbers a list setting holds: one per layer and the input


class ConfigError(ValueError):
    """A setting is out of range or of the wrong type; the message names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


def format_number(value: float) -> str:
    """The shortest text that reads back as exactly `value` (6 significant digits when
    they suffice, scientific notation for very small or large magnitudes)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    value = float(value)
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


# Why a value is refused: templates of the value (as typed or given) and what is allowed.
# Each reads as its English on the command line; the window shows it translated.
NOT_AN_INTEGER = QT_TRANSLATE_NOOP("Settings", "{value} is not an integer (allowed: {allowed})")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("Settings", "{value} is not a number (allowed: {allowed})")
NOT_FINITE = QT_TRANSLATE_NOOP("Settings", "{value} is not finite (allowed: {allowed})")
OUT_OF_RANGE = QT_TRANSLATE_NOOP("Settings", "{value} is out of range (allowed: {allowed})")
TOO_LARGE = QT_TRANSLATE_NOOP("Settings", "{value} is too large (allowed: {allowed})")
TOO_SMALL = QT_TRANSLATE_NOOP("Settings", "{value} is too small to be stored (allowed: {allowed})")
NOT_A_LIST = QT_TRANSLATE_NOOP("Settings", "{value} is not a list (allowed: {allowed})")
TOO_MANY = QT_TRANSLATE_NOOP("Settings", "{value} numbers are too many (allowed: {allowed})")
NOT_INTEGERS = QT_TRANSLATE_NOOP(
    "Settings", "{value} is not a list of integers (allowed: {allowed})"
)


@dataclass(frozen=True)
class Setting:
    """One setting: its values, its words and how it is typed."""

    name: str
    kind: type  # int, float, bool, str (a choice) or tuple (integers, each in [lo, hi])
    default: Any
    label: str
    tip: str  # the tooltip: what it does, with its formula
    group: str
    lo: float | None = None
    hi: float | None = None
    off: float | None = None  # a value outside [lo, hi] that means "off"
    log: bool = False  # spans decades: log slider, ×/÷ steps, scientific notation
    decimals: int = 0  # significant digits a step keeps (floats)
    step: float = 1.0  # an arrow key's step (a factor for a decade-spanning float)
    choices: Callable[[], Mapping[str, str]] | None = None  # value -> label
    choice_tips: Callable[[], Mapping[str, str]] | None = None
    metavar: str = "X"
    slider: bool = False  # the window gives it a slider beside its box
    # a text that is not one of the choices but still a value: why not (None: it is one)
    other: Callable[[str], str | None] | None = None
    other_words: str = ""  # what `other` accepts, for messages and help
    cli_only_flag: str = field(default="", compare=False)  # a flag other than --name

    # ----- words ---------------------------------------------------------------------
    @property
    def flag(self) -> str:
        return self.cli_only_flag or "--" + self.name.replace("_", "-")

    def options(self) -> dict[str, str]:
        return dict(self.choices()) if self.choices else {}

    def allowed(self) -> str:
        """What is allowed, in the words every message and help text uses."""
        if self.kind is bool:
            return QT_TRANSLATE_NOOP("Settings", "true or false")
        if self.kind is str:
            words = ", ".join(self.options())
            if not self.other:
                return words
            return message(
                QT_TRANSLATE_NOOP("Settings", "{choices}, or {other}"),
                choices=words,
                other=self.other_words,
            )
        if self.kind is tuple:
            return message(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "integers {lo}–{hi} separated by commas (at most {most}), or nothing",
                ),
                lo=int(self.lo),
                hi=int(self.hi),
                most=MAX_LIST,
            )
        text = f"{format_number(self.kind(self.lo))}–{format_number(self.kind(self.hi))}"
        if self.off is not None:
            return message(
                QT_TRANSLATE_NOOP("Settings", "{range} or {off} (off)"),
                range=text,
                off=format_number(self.kind(self.off)),
            )
        return text

    def help(self) -> str:
        """The command line's help line: the tooltip's first sentence, the allowed values
        and the default."""
        first = self.tip.split(". ")[0].rstrip(".")
        default = self.format(self.default) or "none"
        return f"{first} [{self.allowed()}; default {default}]"  # the CLI's: English

    def format(self, value: Any) -> str:
        if self.kind is bool:
            return "true" if value else "false"
        if self.kind is str:
            return str(value)
        if self.kind is tuple:
            return ", ".join(str(v) for v in value)
        if self.off is not None and value == self.off:
            return format_number(self.kind(value))
        return format_number(value)

    # ----- values --------------------------------------------------------------------
    def check(self, value: Any) -> Any:
        """`value` as this setting stores it, or ConfigError naming what is allowed."""
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ConfigError(
                    self.name,
                    message(
                        QT_TRANSLATE_NOOP("Settings", "{value} is not true or false"),
                        value=repr(value),
                    ),
                )
            return value
        if self.kind is str:
            if isinstance(value, str) and value in self.options():
                return value
            if isinstance(value, str) and self.other is not None:
                why = self.other(value)
                if why is None:
                    return value
                raise ConfigError(
                    self.name,
                    message(
                        QT_TRANSLATE_NOOP(
                            "Settings", "neither one of {choices} nor {other}: {why}"
                        ),
                        choices=", ".join(self.options()),
                        other=self.other_words,
                        why=why,
                    ),
                )
            raise ConfigError(
                self.name,
                message(
                    QT_TRANSLATE_NOOP("Settings", "{value} is not one of: {allowed}"),
                    value=repr(value),
                    allowed=self.allowed(),
                ),
            )
        if self.kind is tuple:
            return self._check_list(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._not_a_number(repr(value))
        if isinstance(value, float) and not math.isfinite(value):
            if self.kind is int:
                raise self._refused(NOT_AN_INTEGER, str(value))
            raise self._refused(NOT_FINITE, str(value))
        if self.kind is int:
            if isinstance(value, float):
                if not value.is_integer():
                    raise self._refused(NOT_AN_INTEGER, repr(value))
                value = int(value)
        else:
            value = float(value)
        if self.off is not None and value == self.off:
            return value
        if not self.lo <= value <= self.hi:
            raise self._refused(OUT_OF_RANGE, format_number(value))
        return value

    def _refused(self, why: Text, value: str, allowed: str | None = None) -> ConfigError:
        """ConfigError saying `why` (a template of `value` and `allowed`) of `value`."""
        allowed = self.allowed() if allowed is None else allowed
        return ConfigError(self.name, message(why, value=value, allowed=allowed))

    def _not_a_number(self, value: str) -> ConfigError:
        return self._refused(NOT_AN_INTEGER if self.kind is int else NOT_A_NUMBER, value)

    def _check_list(self, value: Any) -> tuple[int, ...]:
        """A list of integers as a tuple; None means none."""
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)):
            raise self._refused(NOT_A_LIST, repr(value))
        if len(value) > MAX_LIST:
            raise self._refused(TOO_MANY, str(len(value)))
        item = Setting(self.name, int, int(self.lo), "", "", "", lo=self.lo, hi=self.hi)
        out = []
        for entry in value:
            try:
                out.append(item.check(entry))
            except ConfigError as exc:  # the same reason, naming what the list allows
                why = exc.reason
                raise self._refused(why.template, why.values["value"]) from None
        return tuple(out)

    def _parse_list(self, text: str) -> tuple[int, ...]:
        stripped = text.strip()
        if not stripped:
            return ()
        parts = [part.strip() for part in stripped.split(",")]
        for part in parts:
            if not re.fullmatch(r"[+-]?[0-9]+", part):
                raise self._refused(NOT_INTEGERS, repr(stripped))
        try:
            return self._check_list([int(part) for part in parts])
        except ConfigError as exc:  # name the text as typed
            typed = message(
                QT_TRANSLATE_NOOP("Settings", "{text}: {reason}"),
                text=repr(stripped),
                reason=exc.reason,
            )
            raise ConfigError(self.name, typed) from None

    def parse(self, text: str) -> Any:
        """Typed text (a command-line value or a widget's text) as a checked value.
        Nothing is guessed: text that is not exactly a value is an error."""
        if not isinstance(text, str):
            return self.check(text)
        stripped = text.strip()
        if self.kind is bool:
            words = {"true": True, "on": True, "1": True, "false": False, "off": False, "0": False}
            if stripped.lower() not in words:
                raise ConfigError(
                    self.name,
                    message(
                        QT_TRANSLATE_NOOP("Settings", "{value} is not true or false"),
                        value=repr(text),
                    ),
                )
            return words[stripped.lower()]
        if self.kind is str:
            return self.check(stripped)
        if self.kind is tuple:
            return self._parse_list(stripped)
        if self.off is not None and stripped.lower() == "off":
            return self.kind(self.off)
        if not _NUMBER.match(stripped):
            raise self._not_a_number(repr(text))
        number = float(stripped)
        if not math.isfinite(number):
            raise self._refused(TOO_LARGE, stripped)
        if number == 0 and _NONZERO_DIGIT.search(stripped.split("e")[0].split("E")[0]):
            raise self._refused(TOO_SMALL, stripped)
        if self.kind is int:
            if not number.is_integer():
                raise self._refused(NOT_AN_INTEGER, stripped)
            exact = re.fullmatch(r"[+-]?[0-9]+", stripped)
            value = int(stripped) if exact else int(number)  # exact beyond 2**53
        else:
            value = number
        try:
            return self.check(value)
        except ConfigError:  # name the text as typed, not as converted
            raise self._refused(OUT_OF_RANGE, stripped) from None

    def stepped(self, value: Any, steps: int) -> Any:
        """`value` moved by `steps` arrow-key steps, kept inside the range."""
        if self.kind not in (int, float):
            return value
        if self.off is not None and value == self.off:
            value = self.lo if steps > 0 else value
            return self.kind(value)
        multiply = self.log and self.kind is float  # a decade-spanning integer steps by 1
        moved = value * self.step**steps if multiply else value + self.step * steps
        if self.off is not None and moved < self.lo and steps < 0:
            return self.kind(self.off)
        moved = min(max(moved, self.lo), self.hi)
        if self.kind is int:
            return int(round(moved))
        return float(f"{moved:.{max(1, self.decimals)}g}")


def _labels(registry) -> Callable[[], dict[str, str]]:
    return lambda: {name: entry.label for name, entry in registry.items()}


def _fixed(pairs: dict[str, str]) -> Callable[[], dict[str, str]]:
    return lambda: dict(pairs)


def _formula_problem(text: str) -> str | None:
    """Why `text` is not a formula (as `formula.problem` says it, a `Message` the window
    translates), or None when it is one."""
    from .formula import FormulaError, parse

    try:
        parse(text)
    except FormulaError as exc:
        return exc.message
    return None


def _activation_tips() -> dict[str, str]:
    line = Text("Settings", "{label}(x) = {formula}\n{note}")  # no words: not marked
    return {
        a.name: message(line, label=a.label, formula=a.formula, note=a.note)
        for a in ACTIVATIONS.values()
    }


def _init_tips() -> dict[str, str]:
    return {i.name: i.note for i in INITS.values()}


def _precision_tips() -> dict[str, str]:
    words = {
        "fp32": QT_TRANSLATE_NOOP("Settings", "single precision"),
        "fp16": QT_TRANSLATE_NOOP("Settings", "IEEE half"),
        "bf16": "bfloat16",
    }
    tip = QT_TRANSLATE_NOOP(
        "Settings", "{format}: normal range {tiny} … {max}, subnormal down to {subnormal}"
    )
    return {
        p: message(
            tip, format=words[p], tiny=short(r.tiny), max=short(r.max), subnormal=short(r.subnormal)
        )
        for p, r in RANGES.items()
    }


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "depth", int, 30, QT_TRANSLATE_NOOP("Settings", "Depth"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Number of layers d. Gradients are products of d − t Jacobians, so their size "
            "changes geometrically with depth. The slider is logarithmic; the box is exact.",
        ),
        "Network", lo=1, hi=1000, log=True, step=1, metavar="N", slider=True,
    ),
    Setting(
        "width", int, 256, QT_TRANSLATE_NOOP("Settings", "Width"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Units per layer n. Each layer multiplies the variance by n·γ; the theory is "
            "exact as n → ∞.",
        ),
        "Network", lo=2, hi=4096, step=16, metavar="N",
    ),
    Setting(
        "widths", tuple, (), QT_TRANSLATE_NOOP("Settings", "Widths"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Layer widths n_0 (the input), n_1, …, n_d; fewer numbers than depth + 1 repeat "
            "cyclically ('256, 1024' alternates), none: every layer has Width units. Where "
            "n_in ≠ n_out, n_in·γ = 1 (forward) and n_out·γ = 1 (backward) cannot both hold.",
        ),
        "Network", lo=2, hi=4096, metavar="N0,N1,…",
    ),
    Setting(
        "batch", int, 64, QT_TRANSLATE_NOOP("Settings", "Batch"),
        QT_TRANSLATE_NOOP("Settings", "Inputs x ~ N(0, 1) per step; statistics average over the batch."),
        "Network", lo=1, hi=4096, step=8, metavar="N",
    ),
    Setting(
        "activation", str, "relu", QT_TRANSLATE_NOOP("Settings", "Activation"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The activation σ in h^t = σ(W^t h^(t−1)): a name, or a formula in x such as "
            "x*tanh(softplus(x)) (`list` names what a formula may use).",
        ),
        "Network", choices=_labels(ACTIVATIONS), choice_tips=_activation_tips, metavar="A",
        other=_formula_problem, other_words=QT_TRANSLATE_NOOP("Settings", "a formula in x"),
    ),
    Setting(
        "init", str, "he_normal", QT_TRANSLATE_NOOP("Settings", "Init"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "How W^t is drawn: Var[w] = γ; keeping n·γ = 1 keeps the variance constant.",
        ),
        "Network", choices=_labels(INITS), choice_tips=_init_tips, metavar="I",
    ),
    Setting(
        "gain", float, 1.0, QT_TRANSLATE_NOOP("Settings", "Gain"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Multiplies the init's standard deviation, as torch's nn.init gain does: "
            "σ_w² = G²·n_in·γ, the weight variance the theory uses.",
        ),
        "Network", lo=1e-2, hi=1e2, log=True, decimals=3, step=10 ** 0.1, metavar="G",
    ),
    Setting(
        "bias_std", float, 0.0, QT_TRANSLATE_NOOP("Settings", "Bias std"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "A bias b ~ N(0, S²) per unit and layer, h = φ(W h + b): σ_b² = S² enters both "
            "theories' q. Drawn once with the weights; training leaves it as drawn.",
        ),
        "Network", lo=0.0, hi=10.0, decimals=3, step=0.05, metavar="S",
    ),
    Setting(
        "precision", str, "fp32", QT_TRANSLATE_NOOP("Settings", "Precision"),
        message(
            QT_TRANSLATE_NOOP(
                "Settings",
                "The number format the network computes in: in fp16 values below {tiny} "
                "become subnormal and lose precision, below {flush} they flush to 0, and "
                "values above {max} become inf.",
            ),
            tiny=short(RANGES["fp16"].tiny), flush=short(RANGES["fp16"].subnormal / 2),
            max=short(RANGES["fp16"].max),
        ),
        "Numerics", choices=_fixed({"fp32": "fp32", "fp16": "fp16", "bf16": "bf16"}),
        choice_tips=_precision_tips, metavar="P",
    ),
    Setting(
        "device", str, "auto", QT_TRANSLATE_NOOP("Settings", "Device"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Where the network runs (auto: the best device present). The window runs a "
            "session that names an absent device on auto, and says so.",
        ),
        "Numerics",
        choices=_fixed(
            {"auto": QT_TRANSLATE_NOOP("Settings", "auto"), "cpu": "cpu", "cuda": "cuda", "mps": "mps"}
        ),
        metavar="D",
    ),
    Setting(
        "theory", str, "mean_field", QT_TRANSLATE_NOOP("Settings", "Theory"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The dashed theory line, from q ← σ_w²·E[h²] + σ_b² and χ = n_out·G²γ·E[φ'(√q z)²]. "
            "Linear: φ ≈ φ(0) + φ'(0)·z, so the mean φ(0) propagates and each layer scales the "
            "variance by about σ_w²·φ'(0)². Mean-field: the expectations of φ itself, exact "
            "for wide networks.",
        ),
        "Numerics",
        choices=_fixed(
            {
                "mean_field": QT_TRANSLATE_NOOP("Settings", "mean-field (any activation)"),
                "linear": QT_TRANSLATE_NOOP("Settings", "linear (the lesson's §4–6)"),
            }
        ),
        metavar="T",
    ),
    Setting(
        "residual", bool, False, QT_TRANSLATE_NOOP("Settings", "Residual"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Residual connections h ← h + s·f(W h): the product of Jacobians becomes a sum.",
        ),
        "Stabilisers",
    ),
    Setting(
        "residual_scale", float, 1.0, QT_TRANSLATE_NOOP("Settings", "Branch scale"),
        QT_TRANSLATE_NOOP("Settings", "The scale s of the residual branch in h ← h + s·f(W h)."),
        "Stabilisers", lo=1e-3, hi=10.0, log=True, decimals=3, step=10 ** 0.1, metavar="S",
    ),
    Setting(
        "norm", str, "none", QT_TRANSLATE_NOOP("Settings", "Normalisation"),
        QT_TRANSLATE_NOOP("Settings", "Normalise each layer's pre-activations (no learned scale)."),
        "Stabilisers",
        choices=_fixed(
            {"none": QT_TRANSLATE_NOOP("Settings", "none"), "layer": "LayerNorm", "batch": "BatchNorm"}
        ),
        metavar="K",
    ),
    Setting(
        "clip", float, 0.0, QT_TRANSLATE_NOOP("Settings", "Clip norm"),
        QT_TRANSLATE_NOOP("Settings", "Clip the global gradient norm: g ← g·min(1, c/‖g‖); 0 = off."),
        "Stabilisers", lo=1e-6, hi=1e6, off=0.0, log=True, decimals=3, step=10 ** 0.1,
        metavar="X",
    ),
    Setting(
        "mode", str, "probe", QT_TRANSLATE_NOOP("Settings", "Mode"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Probe measures a fixed network with fresh inputs; train also updates its weights.",
        ),
        "Training",
        choices=_fixed(
            {
                "probe": QT_TRANSLATE_NOOP("Settings", "probe (measure only)"),
                "train": QT_TRANSLATE_NOOP("Settings", "train on a task"),
            }
        ),
        metavar="M",
    ),
    Setting(
        "task", str, "teacher", QT_TRANSLATE_NOOP("Settings", "Task"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "What training learns: a teacher network's outputs, or three 2-D spiral classes.",
        ),
        "Training",
        choices=_fixed(
            {
                "teacher": QT_TRANSLATE_NOOP("Settings", "teacher–student regression"),
                "spiral": QT_TRANSLATE_NOOP("Settings", "2-D spiral (3 classes)"),
            }
        ),
        metavar="T",
    ),
    Setting(
        "optimizer", str, "sgd", QT_TRANSLATE_NOOP("Settings", "Optimiser"),
        QT_TRANSLATE_NOOP("Settings", "How training updates the weights: W ← W − η·g (SGD) or Adam."),
        "Training", choices=_fixed({"sgd": "SGD", "adam": "Adam"}), metavar="O",
    ),
    Setting(
        "lr", float, 0.01, QT_TRANSLATE_NOOP("Settings", "Learning rate"),
        QT_TRANSLATE_NOOP("Settings", "The learning rate η of the update W ← W − η·g (training only)."),
        "Training", lo=1e-6, hi=10.0, log=True, decimals=3, step=10 ** 0.1, metavar="LR",
        slider=True,
    ),
    Setting(
        "seed", int, 0, QT_TRANSLATE_NOOP("Settings", "Seed"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Random seed of the weights and inputs: the same seed gives the same run.",
        ),
        "Run", lo=0, hi=2**31 - 1, metavar="S",
    ),
)  # fmt: skip

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(s.group for s in SETTINGS))


def check_together(values: Mapping[str, Any]) -> None:
    """The rule that joins two settings; ConfigError names the one to change."""
    if values["residual"] and len(set(values["widths"])) > 1:
        raise ConfigError(
            "widths",
            QT_TRANSLATE_NOOP(
                "Settings",
                "residual connections add h^(t−1) to h^t, so every layer needs the same width "
                "(allowed with Residual: one number, or nothing)",
            ),
        )


def choices_of(name: str) -> tuple[str, ...]:
    return tuple(BY_NAME[name].options())
