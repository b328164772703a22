"""A widget dressed for export, then undressed: the export theme on its plots and
panels, vector symbols (pyqtgraph's export mode), cosmetic pens widened by the pixel
ratio (so lines keep their on-screen weight at 4K) and, for a clear theme, no
backgrounds. Everything is restored afterwards, whatever happens meanwhile.
"""

from __future__ import annotations

import contextlib

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine.figures import CLEAR_THEMES

from .figure_shape import plot_parts
from .paint_cache import cache_again, painted_afresh
from .theme import LIGHT, Theme


def is_clear(theme: Theme) -> bool:
    """Whether `theme` paints no background (figures.CLEAR_THEMES)."""
    return theme.name in CLEAR_THEMES


def _themables(widget: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """Widgets whose `apply_theme(Theme)` restyles what `widget` shows."""
    found = [w for w in [widget, *widget.findChildren(QtWidgets.QWidget)] if _has_theme(w)]
    parent = widget.parentWidget()
    while not found and parent is not None:  # e.g. the Taylor panel's bare PlotWidget
        if _has_theme(parent):
            found = [parent]
        parent = parent.parentWidget()
    return found


def _has_theme(w) -> bool:
    return hasattr(w, "apply_theme") and not isinstance(w, QtWidgets.QMainWindow)


def _current_theme(w: QtWidgets.QWidget | None) -> Theme:
    """The theme `w` wears, or the themed panel's around it; the window is not asked."""
    while w is not None and not isinstance(w, QtWidgets.QMainWindow):
        theme = getattr(w, "theme", None)
        if isinstance(theme, Theme):
            return theme
        w = w.parentWidget()
    return LIGHT


def _wider(pen: QtGui.QPen, factor: float) -> QtGui.QPen:
    wide = QtGui.QPen(pen)
    wide.setWidthF(max(pen.widthF(), 1.0) * factor)
    return wide


def _widen_pens(items, factor: float) -> list:
    """Widen every cosmetic pen of the scene items; return what undoes it."""
    undo = []
    for item in items:
        holders = [(getattr(item, "__dict__", {}), ("pen", "currentPen", "_pen"))]
        opts = getattr(item, "opts", None)
        if isinstance(opts, dict):
            holders.append((opts, ("pen", "shadowPen", "symbolPen")))
        for holder, keys in holders:
            for key in keys:
                pen = holder.get(key)
                if (
                    isinstance(pen, QtGui.QPen)
                    and pen.isCosmetic()
                    and pen.style() != QtCore.Qt.PenStyle.NoPen
                ):
                    holder[key] = _wider(pen, factor)
                    undo.append((holder, key, pen))
    return undo


def _refresh_items(items) -> None:
    for item in items:
        if isinstance(item, pg.AxisItem):
            item.picture = None  # the axis caches its drawing with the old pen
        item.update()


@contextlib.contextmanager
def export_style(widget: QtWidgets.QWidget, theme: Theme, pen_scale: float = 1.0):
    """The widget dressed for export: theme, vector symbols, widened pens; then undone."""
    themables = _themables(widget)
    previous = [(w, _current_theme(w)) for w in themables]
    views = [p for p, _ in plot_parts(widget) if isinstance(p, pg.GraphicsView)]
    palette = (
        widget.palette() if widget.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetPalette) else None
    )
    undo_pens, items, caches, item_caches = [], [], [], []
    try:
        for w in themables:
            w.apply_theme(theme)
        _restyle_views(views, theme)
        widget.setPalette(_palette(widget, theme))
        for view in views:
            caches.append((view, view.cacheMode()))
            view.setCacheMode(QtWidgets.QGraphicsView.CacheModeFlag.CacheNone)
            items.extend(view.scene().items())
        item_caches = painted_afresh(items)  # vectors, at the figure's resolution
        opts = {"antialias": True, "resolutionScale": 1.0}
        for item in items:
            if hasattr(item, "setExportMode"):
                item.setExportMode(True, opts)
        if pen_scale != 1.0:
            undo_pens = _widen_pens(items, pen_scale)
        _refresh_items(items)
        yield
    finally:
        for holder, key, pen in reversed(undo_pens):
            holder[key] = pen
        for item in items:
            if hasattr(item, "setExportMode"):
                item.setExportMode(False)
        _refresh_items(items)
        cache_again(item_caches)
        for view, mode in caches:
            view.setCacheMode(mode)
            view.resetCachedContent()
        for w, old in previous:
            w.apply_theme(old)
        _restyle_views(views, None)
        widget.setPalette(palette if palette is not None else QtGui.QPalette())


def _restyle_views(views, theme: Theme | None) -> None:
    """Legend text in the theme's colour (pyqtgraph only recolours it on the next
    setText) and, for the transparent theme, no backgrounds at all."""
    for view in views:
        current = theme or _current_theme(view)
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and not item.autoSIPrefix:
                # enableAutoSIPrefix(False) in apply_theme recomputes an SI scale anyway
                # (pyqtgraph 0.14): a log axis spanning 1e-5…1e30 got labels 27 decades off.
                item.autoSIPrefixScale, item.labelUnitPrefix = 1.0, ""
                item._updateLabel()
                item.picture = None
            if isinstance(item, pg.LegendItem):
                for _sample, label in item.items:
                    label.setText(label.text, color=current.foreground)
                if is_clear(current):
                    item.setBrush(pg.mkBrush(None))
        if is_clear(current):
            view.setBackground(None)


def _palette(widget: QtWidgets.QWidget, theme: Theme) -> QtGui.QPalette:
    palette = QtGui.QPalette(widget.palette())
    background = QtGui.QColor(theme.background)
    if is_clear(theme):
        background = QtGui.QColor(0, 0, 0, 0)
    palette.setColor(QtGui.QPalette.ColorRole.Window, background)
    palette.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(theme.foreground))
    palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor(theme.foreground))
    return palette
