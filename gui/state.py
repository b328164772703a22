"""The window's state model: the one current `LabConfig` and the display choices.

Every panel reads the config from here and writes edits back through `update`; nobody
keeps a copy of its own. A change is announced once, after it has been applied, with the
names of the fields that changed, so a subscriber redraws only what it shows. A widget
that shows the state is written with its signals blocked (the program's write never
comes back as an edit).
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore

from engine import LabConfig
from engine.figures import DEFAULT_THEME

DISPLAY_DEFAULTS: dict[str, Any] = {
    "theme": DEFAULT_THEME,
    "sample_layer": 1,
    "spectrum_from_layer": 0,
}  # a session's display


class LabState(QtCore.QObject):
    """Owns the config and the display choices; announces each change."""

    configChanged = QtCore.Signal(object, object)  # (LabConfig, frozenset of field names)
    displayChanged = QtCore.Signal(str, object)  # (key, value)

    def __init__(self, config: LabConfig | None = None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._config = config or LabConfig()
        self._display: dict[str, Any] = dict(DISPLAY_DEFAULTS)

    @property
    def config(self) -> LabConfig:
        return self._config

    def set_config(self, config: LabConfig) -> bool:
        """Replace the whole config; True (and announced) when anything changed."""
        old = self._config
        if config == old:
            return False
        changed = frozenset(k for k, v in config.to_dict().items() if getattr(old, k) != v)
        self._config = config
        self.configChanged.emit(config, changed)
        return True

    def update(self, **changes) -> bool:
        """Change some fields (validated by `LabConfig`: a bad value raises
        `ConfigError` naming the field, and nothing changes)."""
        return self.set_config(self._config.with_(**changes))

    @property
    def display(self) -> dict[str, Any]:
        return dict(self._display)

    def display_value(self, key: str) -> Any:
        return self._display.get(key, DISPLAY_DEFAULTS.get(key))

    def set_display(self, key: str, value: Any) -> bool:
        if self._display.get(key) == value:
            return False
        self._display[key] = value
        self.displayChanged.emit(key, value)
        return True
