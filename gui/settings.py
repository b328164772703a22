"""Remembered settings: window geometry, dock layout, last config and theme (QSettings)."""

from __future__ import annotations

from PySide6 import QtCore

from engine import ConfigError, LabConfig
from engine.figures import DEFAULT_THEME, WINDOW_THEMES

ORG, APP = "StabilityLab", "StabilityLab"


def _store() -> QtCore.QSettings:
    return QtCore.QSettings(ORG, APP)


def load_config() -> LabConfig | None:
    text = _store().value("config", "")
    if not text:
        return None
    try:
        return LabConfig.from_json(str(text))
    except (ConfigError, TypeError, ValueError):
        return None  # settings from an older version: start from defaults


def load_theme() -> str:
    theme = str(_store().value("theme", DEFAULT_THEME))
    return theme if theme in WINDOW_THEMES else DEFAULT_THEME


def restore_geometry(window) -> None:
    store = _store()
    geometry = store.value("geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1600, 980)
    state = store.value("windowState")
    if state is not None:
        window.restoreState(state)


def save(window) -> None:
    store = _store()
    store.setValue("geometry", window.saveGeometry())
    store.setValue("windowState", window.saveState())
    store.setValue("config", window.config.to_json(indent=None))
    store.setValue("theme", window.theme.name)
    store.sync()


def clear() -> None:
    store = _store()
    store.clear()
    store.sync()
