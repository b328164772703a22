"""Start the application: one QApplication, the main window, the event loop."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6 import QtWidgets

from engine import LabConfig


def make_app() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Stability Lab")
    app.setOrganizationName("StabilityLab")
    pg.setConfigOptions(antialias=False)
    return app


def run(config: LabConfig | None = None) -> int:
    app = make_app()
    from .main_window import MainWindow

    window = MainWindow(config=config, remember=True)
    window.show()
    return app.exec()
