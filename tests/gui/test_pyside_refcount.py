"""Guard against the PySide6 refcount fault: PySide6 6.12.0 on
Python 3.11 drops a reference from None on every void Qt call, from True on every
Signal.emit() and ~10 from None per PlotDataItem.setData, and a live plot then dies with
`Fatal Python error: none_dealloc` within a second. A drift of thousands shows up here
long before that. On Python >= 3.12 None and True are immortal and the counts stay put.

Only a *falling* count is dangerous. numpy 2.4's `np.dtype(tuple)` leaks one reference
*to* None per call (harmless: None just never gets freed), and pyqtgraph reaches it via
`mkColor((r, g, b))` whenever an item keeps a default tuple pen, so the exact check uses
an item styled with QPen/QBrush as all the lab's items are, and the lab's own plots are
checked for the dangerous direction only."""

from __future__ import annotations

import sys

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtWidgets

TOLERANCE = 50


class Emitter(QtCore.QObject):
    fired = QtCore.Signal(bool)
    ping = QtCore.Signal()


def _drift(action, repeat: int) -> tuple[int, int]:
    action()  # warm up caches and lazily created wrappers
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(repeat):
        action()
    return sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before


def _styled_item() -> pg.PlotDataItem:
    return pg.PlotDataItem(
        pen=pg.mkPen("#0072B2", width=2),
        symbol="o",
        symbolPen=pg.mkPen("#0072B2"),
        symbolBrush=pg.mkBrush("#0072B2"),
        connect="finite",
    )


def _timer_stop(qtbot):
    timer = QtCore.QTimer()
    return timer.stop


def _widget_update(qtbot):
    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    return widget.update


def _set_object_name(qtbot):
    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    return lambda: widget.setObjectName("probe")


def _process_events(qtbot):
    return QtWidgets.QApplication.processEvents


def _emit_true(qtbot):
    emitter = Emitter()
    return lambda: emitter.fired.emit(True)


def _emit_plain(qtbot):
    emitter = Emitter()
    return lambda: emitter.ping.emit()  # the lambda keeps the emitter alive


def _set_data(qtbot):
    item, x = _styled_item(), np.arange(50.0)
    return lambda: item.setData(x, x * x)


CASES = {
    "QTimer.stop": (_timer_stop, 1000),
    "QWidget.update": (_widget_update, 1000),
    "setObjectName": (_set_object_name, 1000),
    "processEvents": (_process_events, 1000),
    "Signal.emit(True)": (_emit_true, 1000),
    "Signal.emit()": (_emit_plain, 1000),
    "PlotDataItem.setData": (_set_data, 200),
}


@pytest.mark.parametrize("case", list(CASES))
def test_none_and_true_keep_their_reference_counts(qtbot, case):
    make, repeat = CASES[case]
    action = make(qtbot)
    none_drift, true_drift = _drift(action, repeat)
    assert abs(none_drift) <= TOLERANCE, f"{case}: None refcount moved by {none_drift}"
    assert abs(true_drift) <= TOLERANCE, f"{case}: True refcount moved by {true_drift}"


def test_signal_emits_with_a_connected_slot_keep_true_s_count(qtbot):
    emitter, received = Emitter(), [0]

    def slot(value):
        received[0] += 1

    emitter.fired.connect(slot)
    none_drift, true_drift = _drift(lambda: emitter.fired.emit(True), 1000)
    assert received[0] == 1001
    assert abs(true_drift) <= TOLERANCE and abs(none_drift) <= TOLERANCE


def test_the_lab_s_plots_never_lower_the_counts(qtbot):
    from engine import LabConfig, Probe
    from gui.activation_plot import ActivationPlot
    from gui.gradient_plot import GradientPlot
    from gui.heatmap_plot import HeatmapPlot
    from gui.histogram_plot import HistogramPlot
    from gui.training_plot import TrainingPlot

    frame = Probe(LabConfig(depth=10, width=16, batch=4, mode="train", device="cpu")).step()
    for cls in (GradientPlot, ActivationPlot, HeatmapPlot, HistogramPlot, TrainingPlot):
        plot = cls()
        qtbot.addWidget(plot)
        plot.show()
        none_drift, true_drift = _drift(lambda p=plot: p.show_frame(frame), 200)
        assert none_drift >= -TOLERANCE, f"{cls.__name__}: None lost {-none_drift} references"
        assert true_drift >= -TOLERANCE, f"{cls.__name__}: True lost {-true_drift} references"


def test_the_guard_can_fail():
    """A leak of one reference per call is well beyond the tolerance (on 3.11, where
    counts are real; immortal objects on 3.12+ ignore increments)."""
    if sys.version_info >= (3, 12):
        pytest.skip("None is immortal: its count cannot drift")
    kept = []
    none_drift, _ = _drift(lambda: kept.append(None), 1000)
    assert none_drift > TOLERANCE
