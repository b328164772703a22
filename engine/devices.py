"""Resolve the `device` setting to a torch device, or say clearly why not."""

from __future__ import annotations

import os

import torch


class DeviceError(RuntimeError):
    """The requested device is not present on this machine."""


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity, where the OS tells)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, cores or 1)


def available_devices() -> list[str]:
    """Devices present here, best first (the window offers only these)."""
    found = []
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    found.append("cpu")
    return found


def resolve_device(name: str) -> torch.device:
    """`auto` picks CUDA, then MPS, then CPU; a missing device raises DeviceError."""
    present = available_devices()
    if name == "auto":
        return torch.device(present[0])
    if name not in present:
        raise DeviceError(
            f"device: {name!r} is not available on this machine (available: {', '.join(present)})"
        )
    return torch.device(name)


def resolve_or_auto(name: str) -> tuple[torch.device, str | None]:
    """As `resolve_device`, but a missing device runs on 'auto' instead, with a note
    saying so (for the window: a session saved on another computer still runs)."""
    try:
        return resolve_device(name), None
    except DeviceError:
        present = available_devices()
        note = (
            f"device {name!r} is not available on this machine "
            f"(available: {', '.join(present)}): running on 'auto' ({present[0]}) instead"
        )
        return resolve_device("auto"), note


def describe(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type
