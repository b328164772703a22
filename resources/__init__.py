"""Presets, styles and icons shipped with Stability Lab (data, not code)."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
