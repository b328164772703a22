"""Pinned runs: the window's model of up to six runs kept to compare, and the commands
that pin, rename and remove them.

`PinBoard` is a QObject on the window holding `Pin`s (a `engine.pinned.PinnedRun` and
the colour slot it wears); the gradient, activation and spectrum plots subscribe to it
with a `gui.pin_ghosts.GhostLayer` each, the pin list in the controls panel and the
A | B view too. Pins are plain numpy data: the window's process never needs torch.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore

from engine.pinned import MAX_PINS, PinnedRun, check_label, pin_frame

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
        return self.run.label


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
                f"At most {MAX_PINS} pins: remove one first (the Pinned runs list, "
                "or Run → Clear pins)"
            )
        used = {pin.slot for pin in self._pins}
        slot = min(set(range(MAX_PINS)) - used)
        pin = Pin(self._next_key, slot, run.renamed(self._unique(run.label)))
        self._next_key += 1
        self._pins.append(pin)
        self.pinAdded.emit(pin)
        self.changed.emit()
        return pin

    def _unique(self, label: str, skip: int | None = None) -> str:
        """'label', or 'label (2)' when another pin already has it (a reseeded run)."""
        taken = {pin.label for pin in self._pins if pin.key != skip}
        if label not in taken:
            return label
        n = 2
        while f"{label} ({n})" in taken:
            n += 1
        return f"{label} ({n})"

    def rename(self, key: int, label: str) -> Pin:
        index = next(i for i, pin in enumerate(self._pins) if pin.key == key)
        old = self._pins[index]
        try:
            text = check_label(label)
        except ValueError as exc:
            raise PinRefused(f"Pin not renamed: {exc}") from None
        pin = Pin(old.key, old.slot, old.run.renamed(self._unique(text, skip=key)))
        if pin.label != old.label:
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
    return board


def _refit(window) -> None:
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
        window.statusBar().showMessage("Nothing to pin yet: wait for the first frame", MESSAGE_MS)
        return None
    spectrum = window.spectrum_plot.spectrum
    try:
        pin = window.pins.add(pin_frame(frame, spectrum=spectrum))
    except PinRefused as exc:
        window.statusBar().showMessage(f"⚠ {exc}", MESSAGE_MS)
        return None
    window.statusBar().showMessage(
        f"Pinned “{pin.label}”: its curves stay while you change settings "
        "(rename or remove it in the Pinned runs list)",
        MESSAGE_MS,
    )
    return pin


def clear_pins(window) -> None:
    count = len(window.pins.pins)
    window.pins.clear()
    window.statusBar().showMessage(f"Removed {count} pin(s)" if count else "No pins", MESSAGE_MS)
