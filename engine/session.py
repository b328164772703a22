"""Sessions: a config plus display choices, saved and loaded as JSON.

A session file is `{"stability_lab_session": 1, "config": {...}, "display": {...}}`,
with `"pins": [...]` when runs were pinned (engine/pinned.py: one compact line each); a
bare config object is accepted too, so a hand-written `{"depth": 50}` works with
`--config`. Unknown or invalid settings are errors that name the setting; a bad pin is
reported but never stops the rest of a session loading.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .config import ConfigError, LabConfig
from .figures import WINDOW_THEMES
from .files import MAX_INPUT_BYTES, FileProblem, atomic_write, read_json
from .pinned import PinnedRun, parse_pins
from .settings_table import BY_NAME

FORMAT_KEY = "stability_lab_session"
FORMAT_VERSION = 1
# what the window saves and reads: theme, histogram layer, the spectrum's t of J_t
DISPLAY_KEYS = {"theme": str, "sample_layer": int, "spectrum_from_layer": int}
MAX_DEPTH = int(BY_NAME["depth"].hi)  # a sampled layer is one of some network's layers


def session_dict(config: LabConfig, display: dict[str, Any] | None = None) -> dict[str, Any]:
    return {FORMAT_KEY: FORMAT_VERSION, "config": config.to_dict(), "display": display or {}}


def session_text(
    config: LabConfig, display: dict | None = None, pins: list[PinnedRun] | tuple = ()
) -> str:
    """The file's text: settings indented, each pin on one compact line."""
    text = json.dumps(session_dict(config, display), indent=2)
    if pins:
        lines = ",\n".join(
            "    " + json.dumps(pin.to_dict(), ensure_ascii=False, separators=(",", ":"))
            for pin in pins
        )
        text = text[: text.rindex("}")].rstrip() + f',\n  "pins": [\n{lines}\n  ]\n}}'
    return text + "\n"


def save_session(
    path: str | os.PathLike,
    config: LabConfig,
    display: dict | None = None,
    pins: list[PinnedRun] | tuple = (),
):
    text = session_text(config, display, pins)
    size = len(text.encode("utf-8"))
    if size > MAX_INPUT_BYTES:  # never write a session that could not be opened again
        raise FileProblem(
            f"{path}: the pins make the session {size // 1024} KB, over the "
            f"{MAX_INPUT_BYTES // 1024} KB a session may have: remove a pin"
        )
    return atomic_write(path, text)


def parse_session(data: Any, source: str = "session") -> tuple[LabConfig, dict[str, Any]]:
    if not isinstance(data, dict):
        raise FileProblem(f"{source}: expected a JSON object, got {type(data).__name__}")
    if FORMAT_KEY in data or "config" in data:
        unknown = sorted(set(data) - {FORMAT_KEY, "config", "display", "pins"})
        if unknown:
            raise FileProblem(f"{source}: unknown key {unknown[0]!r}")
        version = data.get(FORMAT_KEY, FORMAT_VERSION)
        if type(version) is not int or version != FORMAT_VERSION:  # true and 1.0 are not 1
            raise FileProblem(f"{source}: session format {version!r} is not supported")
        config_data, display = data.get("config", {}), data.get("display", {})
    else:
        config_data, display = data, {}
    try:
        config = LabConfig.from_dict(config_data)
    except ConfigError as exc:
        raise FileProblem(f"{source}: {exc}") from None
    except TypeError as exc:
        raise FileProblem(f"{source}: {exc}") from None
    if not isinstance(display, dict):
        raise FileProblem(f"{source}: display: expected an object")
    clean = {}
    for key, value in display.items():
        if key not in DISPLAY_KEYS:
            raise FileProblem(f"{source}: display.{key}: unknown display setting")
        if not isinstance(value, DISPLAY_KEYS[key]) or isinstance(value, bool):
            raise FileProblem(f"{source}: display.{key}: wrong type {type(value).__name__}")
        if key == "sample_layer" and not 1 <= value <= MAX_DEPTH:
            raise FileProblem(
                f"{source}: display.sample_layer: {value} is out of range (allowed: 1–{MAX_DEPTH})"
            )
        if key == "spectrum_from_layer" and not 0 <= value < MAX_DEPTH:
            raise FileProblem(
                f"{source}: display.spectrum_from_layer: {value} is out of range "
                f"(allowed: 0–{MAX_DEPTH - 1})"
            )
        if key == "theme" and value not in WINDOW_THEMES:
            allowed = ", ".join(WINDOW_THEMES)
            raise FileProblem(f"{source}: display.theme: {value!r} is not one of: {allowed}")
        clean[key] = value
    return config, clean


def load_session(path: str | os.PathLike) -> tuple[LabConfig, dict[str, Any]]:
    return parse_session(read_json(path), str(path))


def load_session_with_pins(
    path: str | os.PathLike,
) -> tuple[LabConfig, dict[str, Any], list[PinnedRun] | None, str | None]:
    """(config, display, the valid pins, one line about pins not loaded or None); pins
    is None when the file has none to give (an older session, a bare config)."""
    data = read_json(path)
    config, display = parse_session(data, str(path))
    if not (FORMAT_KEY in data or "config" in data) or "pins" not in data:
        return config, display, None, None
    pins, problem = parse_pins(data["pins"], str(path))
    return config, display, pins, problem
