"""Named scenarios from the lesson, each with what the user should see.

Presets live in `resources/presets.json` so teachers can add their own without code; a
preset is a set of overrides on the default `LabConfig` (so it always means the same run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from resources import RESOURCES

from .config import ConfigError, LabConfig
from .words import Text

PRESETS_FILE = RESOURCES / "presets.json"


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    see: str  # two sentences: what you should see
    config: LabConfig
    show: str = ""  # the plot the window brings forward for it (a tab), if any


@lru_cache(maxsize=1)
def load_presets() -> dict[str, Preset]:
    data = json.loads(PRESETS_FILE.read_text(encoding="utf-8"))
    return {
        name: Preset(
            name,
            Text("Presets", entry["title"]),  # translated in the window when a translation exists
            Text("Presets", entry["see"]),
            LabConfig.from_dict(entry["config"]),
            entry.get("show", ""),
        )
        for name, entry in data.items()
    }


def get_preset(name: str) -> Preset:
    presets = load_presets()
    if name not in presets:
        raise ConfigError("preset", f"{name!r} is not one of: {', '.join(presets)}")
    return presets[name]
