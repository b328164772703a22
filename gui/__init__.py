"""Stability Lab's window: PySide6 + pyqtgraph views over the engine's frames."""

__all__ = ["MainWindow"]


def __getattr__(name):
    # Lazy, so `import gui.theme` (export, tests) does not build the whole window module.
    if name == "MainWindow":
        from .main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
