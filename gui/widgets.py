"""Small helpers shared by the panels."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6 import QtCore


@contextmanager
def blocked(*objects: QtCore.QObject):
    """Block the signals of `objects` while the program writes into them."""
    previous = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, previous, strict=True):
            o.blockSignals(was)
