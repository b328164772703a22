"""Measure the spectrum before exporting it: the engine computes spectra only while the
Spectrum tab shows, so an export of a tab never opened would be an empty figure."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from .language import translate

WAIT_MS = 120_000  # a depth-1000 spectrum on two cores takes tens of seconds


def spectrum_ready(window, wait_ms: int = WAIT_MS) -> bool:
    """True once the spectrum plot shows the current settings' spectrum: opens its tab
    (which starts the measurement) and waits, with a progress dialog and Cancel."""
    plot = window.spectrum_plot

    def current() -> bool:
        return plot.spectrum is not None and plot.spectrum.config == window.config

    if current():
        return True
    window.bottom_tabs.setCurrentWidget(plot)
    progress = QtWidgets.QProgressDialog(
        translate("SpectrumWait", "Measuring the spectrum of the product of Jacobians for these settings…"),
        translate("SpectrumWait", "Cancel"), 0, 0, window,
    )  # fmt: skip
    progress.setWindowTitle(translate("SpectrumWait", "Spectrum"))
    progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    loop = QtCore.QEventLoop()
    timer = QtCore.QTimer(singleShot=True, interval=wait_ms)
    timer.timeout.connect(loop.quit)
    progress.canceled.connect(loop.quit)

    def shown(_spectrum) -> None:
        if current():
            loop.quit()

    window.spectrumShown.connect(shown)
    timer.start()
    try:
        loop.exec()
    finally:
        timer.stop()
        window.spectrumShown.disconnect(shown)
        progress.reset()
        progress.deleteLater()
    if not current():
        window.statusBar().showMessage(
            translate("SpectrumWait", "Spectrum not measured yet: nothing exported"), 5000
        )
    return current()
