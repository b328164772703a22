"""Remembered settings: window geometry, dock layout, last config and theme (QSettings).

The store is read at every launch, so a value that cannot be read (hand-edited, from
another version, nested thousands deep, megabytes long) must never stop the window:
the whole store is reset, the window starts from defaults, and `problem` says so once
(on stderr in English and in the window's banner in its language: a `Message`).
"""

from __future__ import annotations

import contextlib
import sys

from PySide6 import QtCore

from engine import LabConfig
from engine.figures import DEFAULT_THEME, WINDOW_THEMES
from engine.files import one_line
from engine.words import QT_TRANSLATE_NOOP, message

ORG, APP = "StabilityLab", "StabilityLab"
MAX_CONFIG_CHARS = 64 * 1024  # a saved config is well under 1 KB
LONGEST_REASON = 600  # characters of why, in the one line that says the store was reset

problem: str | None = None  # why the store was reset at this launch, if it was


def settings_store() -> QtCore.QSettings:
    """The one store of everything the window remembers."""
    return QtCore.QSettings(ORG, APP)


def keep_in(folder: str) -> None:
    """Keep the store in `folder` from now on (tests, the shutdown check), never in the
    user's own. `QSettings(ORG, APP)` is always NativeFormat (`setDefaultFormat` does
    not apply to it), so that is the format whose path moves."""
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Scope.UserScope, str(folder)
    )


def _reset(reason: str) -> None:
    """Forget everything remembered and say why, once."""
    global problem
    clear()
    if problem is None:
        said = QT_TRANSLATE_NOOP(
            "RememberedSettings",
            "The remembered settings could not be read ({reason}): they were reset, and "
            "the window starts from the defaults.",
        )
        # one line, whatever the reason holds (a megabyte, control characters)
        problem = message(said, reason=one_line(reason, LONGEST_REASON))
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                print(f"stability-lab: {problem}", file=sys.stderr, flush=True)


def _failure(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "a value is nested too deeply"
    return f"{type(exc).__name__}: {exc}"


def load_config() -> LabConfig | None:
    try:
        text = settings_store().value("config", "")
        if not text:
            return None
        if not isinstance(text, str):
            raise TypeError(f"the config is a {type(text).__name__}, not text")
        if len(text) > MAX_CONFIG_CHARS:
            raise ValueError(f"the config is {len(text)} characters long")
        return LabConfig.from_json(text)
    except Exception as exc:  # noqa: BLE001 - any unreadable value: reset and start
        _reset(_failure(exc))
        return None


def load_theme() -> str:
    try:
        theme = settings_store().value("theme", DEFAULT_THEME)
    except Exception as exc:  # noqa: BLE001 - as for the config
        _reset(_failure(exc))
        return DEFAULT_THEME
    if theme in WINDOW_THEMES:
        return theme
    if theme is not None and not (isinstance(theme, str) and len(theme) < 100):
        _reset(f"the theme is {one_line(repr(theme), 60)}")
    return DEFAULT_THEME


def load_language() -> str | None:
    """The language last chosen in View → Language (None: follow the system's)."""
    from .language import LANGUAGES

    try:
        code = settings_store().value("language", None)
    except Exception as exc:  # noqa: BLE001 - as for the config
        _reset(_failure(exc))
        return None
    if code is None or code in LANGUAGES:
        return code
    if not (isinstance(code, str) and len(code) < 100):
        _reset(f"the language is {one_line(repr(code), 60)}")
    return None


def save_language(code: str) -> None:
    store = settings_store()
    store.setValue("language", code)
    store.sync()


def restore_geometry(window) -> None:
    try:
        store = settings_store()
        geometry = store.value("geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(1600, 980)
        state = store.value("windowState")
        if state is not None:
            window.restoreState(state)
    except Exception as exc:  # noqa: BLE001 - a layout that cannot be read: the default one
        _reset(_failure(exc))
        window.resize(1600, 980)


def save(window) -> None:
    store = settings_store()
    store.setValue("geometry", window.saveGeometry())
    store.setValue("windowState", window.saveState())
    store.setValue("config", window.config.to_json(indent=None))
    store.setValue("theme", window.theme.name)
    store.sync()


def clear() -> None:
    store = settings_store()
    store.clear()
    store.sync()
