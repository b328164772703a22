"""Scene items that rarely change paint from a pixmap of themselves.

Every frame repaints each live plot whole. Its axes (grid and tick labels, a QPicture
replayed) and its text items (laid out and rasterised again) were about 30% of that
painting, though they change only with the view's range, the theme or the language.
With DeviceCoordinateCache, Qt paints such an item once into a pixmap at the screen's
resolution and blits it until the item calls `update()`, which each of their changes
does. Exports paint every item afresh (`export_style` calls `painted_afresh`): a cached
pixmap would put raster text into an SVG or PDF and blur a 4K PNG.

The pixmaps live in QPixmapCache, 10 MB by default: the dashboard's took 3.3 MB at
1600×980 and 13 MB at a device pixel ratio of 2, and a cache that cannot hold them all
paints every item twice (into a pixmap that is evicted, then from it).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtGui, QtWidgets

from .plot_base import plot_views

STILL_KINDS = (pg.AxisItem, QtWidgets.QGraphicsTextItem)
PIXMAP_CACHE_KB = 64 * 1024  # a full-screen 4K window at ratio 2 needs about 20 MB
_CACHE = QtWidgets.QGraphicsItem.CacheMode


def cache_still_items(widget: QtWidgets.QWidget) -> None:
    """Give the axes and text items of `widget`'s plots a pixmap cache (items added
    later paint as before until it is called again)."""
    if QtGui.QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
        QtGui.QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
    for view in plot_views(widget):
        for item in view.scene().items():
            if isinstance(item, STILL_KINDS) and item.cacheMode() == _CACHE.NoCache:
                item.setCacheMode(_CACHE.DeviceCoordinateCache)


def painted_afresh(items) -> list:
    """Switch off the pixmap cache of `items`; returns what `cache_again` restores."""
    undo = [(item, item.cacheMode()) for item in items if item.cacheMode() != _CACHE.NoCache]
    for item, _mode in undo:
        item.setCacheMode(_CACHE.NoCache)
    return undo


def cache_again(undo: list) -> None:
    for item, mode in undo:
        item.setCacheMode(mode)
