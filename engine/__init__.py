"""The numerical core of Stability Lab: torch and numpy only, never Qt.

from engine import LabConfig, Probe
frame = Probe(LabConfig(activation="sigmoid", depth=30)).step()
frame["grad_h_var"]   # per-layer variance of ∂ℓ/∂h, bottom layer first
"""

from importlib import import_module
from typing import Any

from .activations import ACTIVATIONS, Activation
from .config import DEVICES, NORMS, PRECISIONS, ConfigError, LabConfig
from .frame import COLUMNS, Frame, average_frames
from .inits import INITS, Init

# Names whose modules import torch load on first use: a window (whose engine runs in its
# own process) builds its controls from the registries and config alone, without torch.
_LAZY = {
    "DeviceError": "devices",
    "available_devices": "devices",
    "resolve_device": "devices",
    "MemoryBudgetError": "memory",
    "Probe": "probe",
    "stream": "probe",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ACTIVATIONS",
    "COLUMNS",
    "DEVICES",
    "INITS",
    "NORMS",
    "PRECISIONS",
    "Activation",
    "ConfigError",
    "DeviceError",
    "Frame",
    "Init",
    "LabConfig",
    "MemoryBudgetError",
    "Probe",
    "available_devices",
    "average_frames",
    "resolve_device",
    "stream",
]
