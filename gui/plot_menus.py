"""What a right-click on a live plot offers: "View all" (what the plot's "A" button does)
and "Export figure…" (the lab's export dialog, with the plot that was clicked chosen),
in the window's language, and nothing that redraws the data.

pyqtgraph's own menu held more. "Plot Options" transforms the curves the user sees
(FFT, dy/dx, log axes off, averaging, downsampling): a gradient plot with its log axis
switched off shows values no layer has, under a view range still set in decades. The
axis submenus link views, invert axes and set ranges in pyqtgraph's terms, in English
only. Its "Export..." opens pyqtgraph's exporter, whose SVG writer fails on these plots
(PITFALLS.md) and whose images ignore the slide sizes, themes and captions of File →
Export figure.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6 import QtWidgets

from .language import live, translate
from .plot_base import plot_views


def install_plot_menu(widget: QtWidgets.QWidget, name: str, export: Callable[[str], None]):
    """Give `widget`'s plots (a GraphicsLayoutWidget, or a widget holding them) the
    menu this module describes; `export(name)` runs the export dialog for it."""
    for view in plot_views(widget):
        scene = view.scene()
        if getattr(scene, "lab_export", None) is not None:
            continue  # already the lab's (a sweep plot shown again)
        for item in scene.items():
            if isinstance(item, pg.PlotItem) and item.ctrlMenu is not None:
                item.setMenuEnabled(False, enableViewBoxMenu=None)  # no "Plot Options"
            if isinstance(item, pg.ViewBox) and item.menu is not None:
                _view_all_only(item)
        action = scene.contextMenu[0]
        action.triggered.disconnect()  # pyqtgraph's exporter
        action.triggered.connect(lambda _checked=False, n=name: export(n))
        live(action, "setText", lambda: translate("PlotMenu", "Export figure…"))
        scene.lab_export = action


def _view_all_only(view: pg.ViewBox) -> None:
    """The view's menu keeps one entry, "View all", which hands the range back to the
    plot as its "A" button does (gui/steady_range.py takes it from there); pyqtgraph's
    View All fitted the data once and left a range set by hand in charge."""
    menu = view.menu
    for action in menu.actions():
        if action is not menu.viewAll:
            menu.removeAction(action)
    menu.viewAll.triggered.disconnect()
    menu.viewAll.triggered.connect(lambda _checked=False: view.enableAutoRange())
    live(menu.viewAll, "setText", lambda: translate("PlotMenu", "View all"))
