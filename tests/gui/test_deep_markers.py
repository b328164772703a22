"""A long curve drops its point markers (they merge into a band and cost most of a deep
frame's drawing), unless a point stands alone between gaps, where only a marker shows it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from gui.plot_base import MARKERS_UP_TO, set_curve


@pytest.fixture
def plot(qtbot) -> pg.PlotWidget:
    widget = pg.PlotWidget()  # held by the test: a curve goes with its PlotWidget
    qtbot.addWidget(widget)
    return widget


def _curve(plot: pg.PlotWidget) -> pg.PlotDataItem:
    return plot.plot([], [], symbol="o", symbolSize=5, connect="finite")


def test_a_curve_of_as_many_layers_as_markers_allow_keeps_them(plot):
    item = _curve(plot)
    n = MARKERS_UP_TO
    set_curve(item, np.arange(1, n + 1), np.ones(n))
    assert item.opts["symbol"] == "o"


def test_a_longer_curve_drops_its_markers_and_a_shorter_one_gets_them_back(plot):
    item = _curve(plot)
    n = MARKERS_UP_TO + 1
    set_curve(item, np.arange(1, n + 1), np.ones(n))
    assert item.opts["symbol"] is None
    set_curve(item, np.arange(1, 31), np.ones(30))
    assert item.opts["symbol"] == "o"


def test_a_point_alone_between_gaps_keeps_the_markers_of_a_long_curve(plot):
    item = _curve(plot)
    n = 500
    y = np.ones(n)
    y[[99, 101]] = np.nan  # layer 101 has no finite neighbour: no line reaches it
    set_curve(item, np.arange(1, n + 1), y)
    assert item.opts["symbol"] == "o"
    y[0] = np.nan  # a first point with a finite right neighbour is not alone
    y[99] = 1.0
    set_curve(item, np.arange(1, n + 1), y)
    assert item.opts["symbol"] is None


def test_a_curve_made_without_markers_never_gets_any(plot):
    item = plot.plot([], [])
    set_curve(item, np.arange(1, 11), np.ones(10))
    assert item.opts["symbol"] is None


def test_the_same_data_again_is_not_set_again_unless_something_else_changed_it(plot):
    item = _curve(plot)
    x, y = np.arange(1, 31), np.linspace(1, 2, 30)
    set_curve(item, x, y)
    before = item.yData
    set_curve(item, x.copy(), y.copy())
    assert item.yData is before  # unchanged: left as it was
    item.setData([], [])  # e.g. a plot clearing a curve itself
    set_curve(item, x, y)
    np.testing.assert_array_equal(item.yData, y)
    set_curve(item, x, 2 * y)
    np.testing.assert_array_equal(item.yData, 2 * y)
