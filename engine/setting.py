"""One experiment setting: what its values may be, how it is shown and how text becomes a value.

A `Setting` checks a value (`check`), reads typed text exactly (`parse`), steps it as an
arrow key does (`stepped`) and says what is allowed in the words every message and help
text uses. `ConfigError` names the setting a refused value belongs to. The table of all
settings, built from this class, is `engine.settings_table.SETTINGS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

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
NOT_TRUE_OR_FALSE = QT_TRANSLATE_NOOP("Settings", "{value} is not true or false")
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
                    message(NOT_TRUE_OR_FALSE, value=repr(value)),
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
                    message(NOT_TRUE_OR_FALSE, value=repr(text)),
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
