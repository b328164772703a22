"""Pinned runs: the window's model of up to six runs kept to compare, and the commands
that pin, rename and remove them.

`PinBoard` is a QObject on the window holding `Pin`s (a `engine.pinned.PinnedRun` and
the colour slot it wears); the gradient, activation and spectrum plots subscribe to it
with a `gui.pin_ghosts.GhostLayer` each, the pin list in the controls panel and the
A | B view too. Pins are plain numpy data: the window's process never needs torch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6 import QtCore

from engine.pinned import (
    MAX_PINS,
    PinnedRun,
    check_label,
    default_label,
    default_label_parts,
    pin_frame,
)

from . import language
from .language import localise, on_change, translate

MESSAGE_MS = 6000


class PinRefused(ValueError):
    """Why a pin cannot be added or renamed, in one line for the status bar."""


@dataclass(frozen=True)
class Pin:
    key: int  # never reused while the window lives: subscribers index by it
    slot: int  # 0 … MAX_PINS − 1: its colour
    run: PinnedRun

    @property
    def label(self) -> str:
        """The name as the window shows it: a default name in the window's language."""
        return shown_label(self.run)


def shown_label(run: PinnedRun) -> str:
    """A pin's name to show: one the lab gave it ('sigmoid · Xavier normal · d30', maybe
    with ' (2)') is said in the current language; a name the user typed stays as typed.
    The run (and a session file) always keeps the English."""
    if language.current() == language.DEFAULT:
        return run.label
    english = default_label(run.config)
    found = re.fullmatch(re.escape(english) + r"( \(\d+\))?", run.label)
    if found is None:
        return run.label
    parts = [localise(part) for part in default_label_parts(run.config)]
    return " · ".join(parts) + (found.group(1) or "")


class PinBoard(QtCore.QObject):
    """The pinned runs, in the order they were pinned; announces every change."""

    pinAdded = QtCore.Signal(object)  # Pin
    pinChanged = QtCore.Signal(object)  # Pin (renamed)
    pinRemoved = QtCore.Signal(object)  # Pin
    changed = QtCore.Signal()  # after any of them

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._pins: list[Pin] = []
        self._next_key = 1

    @property
    def pins(self) -> list[Pin]:
        return list(self._pins)

    def runs(self) -> list[PinnedRun]:
        return [pin.run for pin in self._pins]

    def get(self, key: int) -> Pin | None:
        return next((pin for pin in self._pins if pin.key == key), None)

    def add(self, run: PinnedRun) -> Pin:
        if len(self._pins) >= MAX_PINS:
            raise PinRefused(
                translate(
                    "Pins",
                    "At most {count} pins: remove one first (the Pinned runs list, "
                    "or Run → Clear pins)",
                ).format(count=MAX_PINS)
            )
        used = {pin.slot for pin in self._pins}
        slot = min(set(range(MAX_PINS)) - used)
        pin = Pin(self._next_key, slot, run.renamed(self._unique(run.label)))  # English
        self._next_key += 1
        self._pins.append(pin)
        self.pinAdded.emit(pin)
        self.changed.emit()
        return pin

    def _unique(self, label: str, skip: int | None = None) -> str:
        """'label', or 'label (2)' when another pin already has it (a reseeded run)."""
        taken = {pin.run.label for pin in self._pins if pin.key != skip}
        if label not in taken:
            return label
        n = 2
        while f"{label} ({n})" in taken:
            n += 1
        return f"{label} ({n})"

    def rename(self, key: int, label: str) -> Pin:
        index = next(i for i, pin in enumerate(self._pins) if pin.key == key)
        old = self._pins[index]
        if label == old.label:  # the name as shown, unchanged (maybe in another language)
            return old
        try:
            text = check_label(label)
        except ValueError as exc:
            reason = localise(exc.args[0]) if exc.args else str(exc)
            raise PinRefused(
                translate("Pins", "Pin not renamed: {reason}").format(reason=reason)
            ) from None
        pin = Pin(old.key, old.slot, old.run.renamed(self._unique(text, skip=key)))
        if pin.run.label != old.run.label:
            self._pins[index] = pin
            self.pinChanged.emit(pin)
            self.changed.emit()
        return pin

    def remove(self, key: int) -> None:
        pin = self.get(key)
        if pin is not None:
            self._pins.remove(pin)
            self.pinRemoved.emit(pin)
            self.changed.emit()

    def clear(self) -> None:
        for pin in list(self._pins):
            self._pins.remove(pin)
            self.pinRemoved.emit(pin)
        self.changed.emit()

    def replace_all(self, runs: list[PinnedRun]) -> None:
        """A loaded session's pins instead of the current ones."""
        self.clear()
        for run in runs[:MAX_PINS]:
            self.add(run)


# ----------------------------------------------------------------- window commands
def install_pins(window) -> PinBoard:
    """Give `window` its board; the plots' ghost layers follow it, and a change redraws
    the last frame so the views take the pinned curves in."""
    from .pin_list import PinList
    from .theme import THEMES

    board = PinBoard(window)
    window.pins = board
    for plot in (window.gradient_plot, window.activation_plot, window.spectrum_plot):
        plot.ghosts.follow(board)
    board.changed.connect(lambda: _refit(window))
    window.controls.pinRequested.connect(lambda: pin_current(window))
    window.pin_list = PinList(board)
    window.pin_list.apply_theme(window.theme)
    window.pin_list.problem.connect(lambda text: window.statusBar().showMessage(text, MESSAGE_MS))

    def on_display(key: str, value) -> None:
        if key == "theme":  # the swatches wear the plots' pin colours
            window.pin_list.apply_theme(THEMES.get(value, window.theme))

    window.state.displayChanged.connect(on_display)
    window.controls.add_section(window.pin_list)
    _name_ghosts(window)
    on_change(board, lambda: _name_ghosts(window, relabel=True))
    return board


def _name_ghosts(window, relabel: bool = False) -> None:
    """The plots' legend entries of pins, "pinned: <name>", in the current language."""
    for plot in (window.gradient_plot, window.activation_plot, window.spectrum_plot):
        plot.ghosts.prefix = translate("Pins", "pinned: ")
        if relabel:
            for pin in window.pins.pins:
                plot.ghosts.rename(pin)


def _refit(window) -> None:
    from .paint_cache import cache_still_items

    for plot in (window.gradient_plot, window.activation_plot, window.spectrum_plot):
        cache_still_items(plot)  # the legend entries of a new pin
    if window.last_frame is not None:
        window.gradient_plot.show_frame(window.last_frame)
        window.activation_plot.show_frame(window.last_frame)
    spectrum_plot = window.spectrum_plot
    if spectrum_plot.spectrum is not None and spectrum_plot.spectrum.measured:
        spectrum_plot.show_spectrum(spectrum_plot.spectrum)
    else:
        plot = spectrum_plot.curves_item
        spectrum_plot.ghosts.fit_view(plot, spectrum_plot.x_curves, spectrum_plot.y_curves)


def pin_current(window) -> Pin | None:
    """Pin the run the plots show now (P): its frame, and its spectrum when measured."""
    frame = window.last_frame
    if frame is None:
        window.statusBar().showMessage(
            translate("Pins", "Nothing to pin yet: wait for the first frame"), MESSAGE_MS
        )
        return None
    spectrum = window.spectrum_plot.spectrum
    try:
        pin = window.pins.add(pin_frame(frame, spectrum=spectrum))
    except PinRefused as exc:
        window.statusBar().showMessage(f"⚠ {exc}", MESSAGE_MS)
        return None
    window.statusBar().showMessage(
        translate(
            "Pins",
            "Pinned “{label}”: its curves stay while you change settings "
            "(rename or remove it in the Pinned runs list)",
        ).format(label=pin.label),
        MESSAGE_MS,
    )
    return pin


def clear_pins(window) -> None:
    count = len(window.pins.pins)
    window.pins.clear()
    said = (
        translate("Pins", "Removed {count} pin(s)").format(count=count)
        if count
        else translate("Pins", "No pins")
    )
    window.statusBar().showMessage(said, MESSAGE_MS)
