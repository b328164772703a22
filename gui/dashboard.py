"""The dashboard's layout, defined once: the window's central area and an exported
"dashboard" figure are both built from `CELLS`, so a slide shows what the window shows.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6 import QtWidgets

from engine.words import QT_TRANSLATE_NOOP

from .language import localise, on_change

# (plot, row, column, tab label). Plots that share a cell are tabs in the window; a
# still figure has no tabs and shows the one its config calls for (`still_plots`).
# A tab's label follows a language switch.
CELLS = (
    ("gradient", 0, 0, QT_TRANSLATE_NOOP("Dashboard", "Gradients")),
    ("activation", 0, 1, QT_TRANSLATE_NOOP("Dashboard", "Activations")),
    ("heatmap", 1, 0, QT_TRANSLATE_NOOP("Dashboard", "Heatmap")),
    ("histogram", 1, 1, QT_TRANSLATE_NOOP("Dashboard", "Histogram")),
    ("spectrum", 1, 1, QT_TRANSLATE_NOOP("Dashboard", "Spectrum")),
    ("training", 1, 1, QT_TRANSLATE_NOOP("Dashboard", "Training")),
)
ROW_STRETCH = (3, 2)  # the per-layer curves are what the eye reads first
SPACING = MARGIN = 6
TABS_NAME = "bottomTabs"


def still_plots(mode: str) -> tuple[str, ...]:
    """One plot per cell, as a still figure of a run in `mode` shows them: the training
    view in place of the histogram while training, as the window's tabs switch to it."""
    chosen: dict[tuple[int, int], str] = {}
    for name, row, col, _label in CELLS:
        if (row, col) not in chosen or (name == "training" and mode == "train"):
            chosen[(row, col)] = name
    return tuple(chosen.values())


def dashboard_grid(
    plots: Mapping[str, QtWidgets.QWidget],
) -> tuple[QtWidgets.QGridLayout, QtWidgets.QTabWidget | None]:
    """`plots` (any of `CELLS`' names) placed on a grid, and the tab widget holding the
    plots that share a cell (None when at most one plot per cell was given)."""
    grid = QtWidgets.QGridLayout()
    grid.setSpacing(SPACING)
    tabs = None
    by_cell: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for name, row, col, label in CELLS:
        if name in plots:
            by_cell.setdefault((row, col), []).append((name, label))
    for (row, col), members in by_cell.items():
        if len(members) == 1:
            grid.addWidget(plots[members[0][0]], row, col)
            continue
        tabs = QtWidgets.QTabWidget(objectName=TABS_NAME)
        for name, label in members:
            tabs.addTab(plots[name], localise(label))
        on_change(tabs, lambda t=tabs, m=members: _label_tabs(t, plots, m))
        grid.addWidget(tabs, row, col)
    for row, stretch in enumerate(ROW_STRETCH):
        grid.setRowStretch(row, stretch)
    return grid, tabs


def _label_tabs(tabs: QtWidgets.QTabWidget, plots, members) -> None:
    """The tabs' labels in the current language (after a switch)."""
    for name, label in members:
        index = tabs.indexOf(plots[name])
        if index >= 0:
            tabs.setTabText(index, localise(label))
