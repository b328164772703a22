"""The sweep panel's phase-plane mode: the engine fills the (σ_w², σ_b²) plane cell by
cell, the figure draws the order/chaos line over it, and a clicked cell loads its
settings into the lab."""

from __future__ import annotations

import math

import pytest

from engine import LabConfig
from engine.phase import point_of

TINY = LabConfig(activation="tanh", init="xavier_normal", depth=6, width=32, batch=8)


def test_the_phase_plane_fills_in_and_a_clicked_cell_loads_its_settings(qtbot, make_window):
    window = make_window(config=TINY)
    panel = window.sweep_panel
    panel.over_combo.setCurrentIndex(panel.over_combo.findData("phase"))
    assert window.plots["sweep"] is panel.phase_plot  # what Export figure draws
    assert panel.weights_edit.isVisibleTo(panel) and not panel.depths_edit.isVisibleTo(panel)
    panel.weights_edit.setText("0.5, 1, 2")
    panel.biases_edit.setText("0, 0.1")
    finished = []
    panel.finished.connect(finished.append)
    assert panel.start()
    qtbot.waitUntil(lambda: bool(finished), timeout=60000)
    result = finished[0]
    assert result.done.all() and result.weight_vars == (0.5, 1.0, 2.0)
    plot = panel.phase_plot
    xs, ys = plot.critical.getData()
    assert xs.size and ys.min() == 0.0 and xs[ys.argmin()] == pytest.approx(1.0, abs=1e-6)
    assert plot.current.getData()[0][0] == pytest.approx(point_of(TINY)[0])
    with qtbot.waitSignal(
        window.frameShown, timeout=20000, check_params_cb=lambda f: f.config.gain != 1
    ):
        plot.cellPicked.emit(2.0, 0.1)
    weight_var, bias_var = point_of(window.config)
    assert weight_var == pytest.approx(2.0) and bias_var == pytest.approx(0.1)
    assert plot.current.getData()[0][0] == pytest.approx(2.0)  # the star follows
    assert window.config.depth == TINY.depth and math.isclose(window.config.gain, math.sqrt(2))


def test_bad_variances_are_named_and_nothing_runs(qtbot, make_window):
    window = make_window(config=TINY)
    panel = window.sweep_panel
    panel.over_combo.setCurrentIndex(panel.over_combo.findData("phase"))
    panel.biases_edit.setText("0, -1")
    assert not panel.start()
    assert "bias_vars" in panel.status.text()
    panel.over_combo.setCurrentIndex(panel.over_combo.findData("init"))
    assert window.plots["sweep"] is panel.plot
