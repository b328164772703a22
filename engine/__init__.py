"""The numerical core of Stability Lab: torch and numpy only, never Qt.

from engine import LabConfig, Probe
frame = Probe(LabConfig(activation="sigmoid", depth=30)).step()
frame["grad_h_var"]   # per-layer variance of ∂ℓ/∂h, bottom layer first
"""

from .activations import ACTIVATIONS, Activation
from .config import DEVICES, NORMS, PRECISIONS, ConfigError, LabConfig
from .devices import DeviceError, available_devices, resolve_device
from .frame import COLUMNS, Frame, average_frames
from .inits import INITS, Init
from .memory import MemoryBudgetError
from .probe import Probe, stream

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
