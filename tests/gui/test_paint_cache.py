"""The live plots' axes and texts paint from a pixmap between changes, show what an
uncached paint shows after a range, theme or pin change, and export afresh."""

from __future__ import annotations

import numpy as np
from PySide6 import QtGui, QtWidgets

from gui.export import render_figure
from gui.paint_cache import PIXMAP_CACHE_KB, STILL_KINDS, cache_again, painted_afresh
from gui.pins import pin_current
from gui.plot_base import plot_views

from .conftest import SMALL, wait_for_frame

CACHED = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache


def pixels(widget) -> np.ndarray:
    image = widget.grab().toImage()
    bits = np.frombuffer(image.constBits(), np.uint8)
    return bits.reshape(image.height(), image.bytesPerLine()).copy()


def still_items(plot):
    (view,) = plot_views(plot)
    return [
        item for item in view.scene().items() if isinstance(item, STILL_KINDS) and item.isVisible()
    ]


def uncached_look(plot) -> np.ndarray:
    undo = painted_afresh(still_items(plot))
    try:
        return pixels(plot)
    finally:
        cache_again(undo)


def paused_window(qtbot, make_window):
    window = make_window(SMALL)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    wait_for_frame(qtbot, window)
    window.controls.set_running(False)
    qtbot.wait(200)  # the last frames in flight arrive
    return window


def test_every_live_plot_paints_its_axes_and_texts_from_a_pixmap(qtbot, make_window):
    window = paused_window(qtbot, make_window)
    for name in ("gradient", "activation", "heatmap", "histogram", "spectrum", "training"):
        items = still_items(window.plots[name])
        assert items, name
        assert all(item.cacheMode() == CACHED for item in items), name
    assert QtGui.QPixmapCache.cacheLimit() >= PIXMAP_CACHE_KB  # room for every pixmap


def differing(a: np.ndarray, b: np.ndarray) -> int:
    """Bytes that differ by more than a text edge's antialiasing does."""
    return int(np.sum(np.abs(a.astype(int) - b.astype(int)) > 40))


def test_a_cached_plot_looks_like_an_uncached_one_after_a_range_and_theme_change(
    qtbot, make_window
):
    """Text cached on a transparent pixmap is antialiased a shade differently (<1% of
    the bytes, invisible at 4x); a stale axis or label would differ by all it changed."""
    window = paused_window(qtbot, make_window)
    plot = window.gradient_plot
    before = pixels(plot)
    plot.plot_item.vb.setYRange(-9, 2, padding=0)  # new ticks on the left axis
    qtbot.wait(50)
    after = pixels(plot)
    change = differing(before, after)
    assert change > 0.02 * after.size
    assert differing(after, uncached_look(plot)) < min(change / 5, 0.01 * after.size)
    window.apply_theme("dark")  # every axis, label and note changes colour
    qtbot.wait(50)
    dark = pixels(plot)
    assert differing(dark, uncached_look(plot)) < min(differing(after, dark) / 5, 0.01 * dark.size)
    assert all(item.cacheMode() == CACHED for item in still_items(plot))  # given back


def test_a_new_pins_legend_entry_is_cached_too(qtbot, make_window):
    window = paused_window(qtbot, make_window)
    before = len(still_items(window.gradient_plot))
    assert pin_current(window) is not None
    qtbot.wait(50)
    items = still_items(window.gradient_plot)
    assert len(items) > before  # "pinned: …" in the legend
    assert all(item.cacheMode() == CACHED for item in items)


def test_an_export_paints_every_item_afresh_and_gives_the_cache_back(qtbot, make_window, tmp_path):
    window = paused_window(qtbot, make_window)
    path = render_figure(window.gradient_plot, tmp_path / "g.svg")
    text = path.read_text()
    assert "<image" not in text and "<text" in text  # tick labels are real text
    assert all(item.cacheMode() == CACHED for item in still_items(window.gradient_plot))
