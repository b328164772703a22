"""What a right-click on a live plot offers: pyqtgraph's view menu (View All, the axes'
ranges, the mouse mode) and the lab's own export, nothing that redraws the data.

pyqtgraph adds two things of its own to every plot's menu. "Plot Options" transforms
the curves the user sees (FFT, dy/dx, log axes off, averaging, downsampling): a
gradient plot with its log axis switched off shows values no layer has, under a view
range still set in decades. Its "Export..." opens pyqtgraph's exporter, whose SVG
writer fails on these plots (PITFALLS.md) and whose images ignore the slide sizes,
themes and captions of File → Export figure. So the first is removed, and the second
opens the lab's export dialog with the plot that was clicked already chosen.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6 import QtWidgets

from .language import live, translate


def install_plot_menu(widget: QtWidgets.QWidget, name: str, export: Callable[[str], None]):
    """Give `widget`'s plots (a GraphicsLayoutWidget, or a widget holding them) the
    menu this module describes; `export(name)` runs the export dialog for it."""
    views = [widget] if isinstance(widget, pg.GraphicsView) else []
    views += widget.findChildren(pg.GraphicsView)
    for view in views:
        scene = view.scene()
        for item in scene.items():
            if isinstance(item, pg.PlotItem) and item.ctrlMenu is not None:
                item.setMenuEnabled(False, enableViewBoxMenu=None)  # the view's menu stays
        if getattr(scene, "lab_export", None) is not None:
            continue  # already the lab's
        action = scene.contextMenu[0]
        action.triggered.disconnect()  # pyqtgraph's exporter
        action.triggered.connect(lambda _checked=False, n=name: export(n))
        live(action, "setText", lambda: translate("PlotMenu", "Export figure…"))
        scene.lab_export = action
