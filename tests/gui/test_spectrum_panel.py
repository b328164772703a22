"""The spectrum panel draws what the engine measured, with its theory and markers, and
the window has the engine measure spectra only while the panel's tab shows."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from engine import LabConfig
from engine.jacobian import spectrum_of_config
from gui.spectrum_plot import SpectrumPlot

TINY = dict(depth=6, width=16)


@pytest.fixture
def panel(qtbot):
    plot = SpectrumPlot()
    qtbot.addWidget(plot)
    plot.resize(1000, 520)
    return plot


def test_a_gaussian_linear_net_gets_the_fuss_catalan_curve(panel):
    panel.show_spectrum(
        spectrum_of_config(LabConfig(activation="identity", init="xavier_normal", **TINY))
    )
    u, p = panel.law.getData()
    assert u.size > 100 and np.all(p >= 0)
    assert not panel.isometry.isVisible()
    assert "Fuss–Catalan law of 6" in panel.summary


def test_an_orthogonal_linear_net_gets_one_line_at_its_single_value(panel):
    panel.show_spectrum(
        spectrum_of_config(LabConfig(activation="identity", init="orthogonal", **TINY))
    )
    assert panel.isometry.isVisible() and panel.isometry.value() == pytest.approx(0.0)
    assert panel.law.getData()[0] is None or panel.law.getData()[0].size == 0


def test_exact_zeros_are_counted_and_marked_not_dropped(panel):
    spectrum = spectrum_of_config(LabConfig(activation="relu", **TINY))
    panel.show_spectrum(spectrum)
    zero_rows = int(np.sum(spectrum.columns()["sv_min"] == 0))
    assert zero_rows > 0
    assert panel.zeros.getData()[0].size == zero_rows
    assert "exactly 0" in panel.summary


def test_half_precision_shades_its_range_and_counts_what_is_outside(panel):
    config = LabConfig(activation="sigmoid", init="xavier_normal", precision="fp16", **TINY)
    panel.show_spectrum(spectrum_of_config(config))
    lo, hi = panel.hist_band.getRegion()
    assert lo == pytest.approx(math.log10(6.103515625e-05)) and hi == pytest.approx(
        math.log10(65504)
    )
    assert "outside fp16's normal range" in panel.summary
    assert all(line.isVisible() for line in panel.curve_format)


def test_picking_another_t_redraws_from_the_same_spectrum(panel, qtbot):
    spectrum = spectrum_of_config(LabConfig(activation="tanh", **TINY))
    panel.show_spectrum(spectrum)
    with qtbot.waitSignal(panel.fromLayerPicked) as picked:
        panel.set_from_layer(4)
    assert picked.args == [4] and panel.selected.value() == 4
    assert "J_4 = ∂h^d/∂h^4" in panel.plot_item.titleLabel.text
    counts = panel.bars.getData()[1]
    assert counts.sum() == spectrum.counts[4]
    panel.set_from_layer(99)  # clamped to the last product
    assert panel.from_layer == 5


def test_batch_norm_says_why_there_is_no_spectrum(panel):
    panel.show_spectrum(spectrum_of_config(LabConfig(norm="batch", **TINY)))
    assert "batch" in panel.note_text()


def test_the_plots_stack_in_a_narrow_cell(panel, qtbot):
    panel.show()
    panel.resize(380, 560)
    qtbot.waitUntil(lambda: panel._wide is False)
    assert panel.ci.geometry().width() <= 380  # sized to the view, not clipped
    panel.resize(1000, 520)
    qtbot.waitUntil(lambda: panel._wide is True)


def test_the_window_measures_spectra_while_the_tab_shows(qtbot, make_window):
    config = LabConfig(depth=8, width=32, batch=8)
    window = make_window(config=config)
    window.bottom_tabs.setCurrentWidget(window.spectrum_plot)
    shown = []
    window.spectrumShown.connect(shown.append)
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=20000)  # streaming: a new input each
    assert all(s.config == config for s in shown)
    assert shown[-1].input_index > shown[0].input_index
    assert window.spectrum_plot.spectrum is shown[-1]
    window.bottom_tabs.setCurrentWidget(window.histogram_plot)
    qtbot.wait(600)  # a spectrum already started may still arrive
    count = len(shown)
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        qtbot.wait(100)
    assert len(shown) == count  # none once the tab is hidden


def test_streaming_spectra_measure_the_t_the_panel_shows_and_the_curves_points(qtbot, make_window):
    config = LabConfig(depth=20, width=32, batch=8)
    window = make_window(config=config)
    window.bottom_tabs.setCurrentWidget(window.spectrum_plot)
    shown = []
    window.spectrumShown.connect(shown.append)
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=20000)
    assert len(shown[0].measured_layers()) == config.depth  # a config's first: every t
    window.spectrum_plot.set_from_layer(7)  # the histogram's t, told to the engine

    def partial_with_seven():
        layers = shown[-1].measured_layers().tolist()
        assert len(layers) < config.depth and 7 in layers

    qtbot.waitUntil(partial_with_seven, timeout=20000)
    assert window.spectrum_plot.from_layer == 7
    qtbot.waitUntil(lambda: window.spectrum_plot.spectrum is shown[-1])
    assert "next spectrum" not in window.spectrum_plot.summary  # J_7 drawn from it
    assert window.spectrum_plot.bars.getData()[1].sum() > 0


def test_exporting_a_spectrum_never_shown_measures_it_first(qtbot, make_window, tmp_path):
    from gui.export_dialog import export_figure
    from gui.menus import _figures
    from gui.spectrum_wait import spectrum_ready

    config = LabConfig(depth=8, width=32, batch=8)
    window = make_window(config=config)
    window.show()
    assert window.spectrum_plot.spectrum is None  # its tab was never opened
    assert spectrum_ready(window, wait_ms=30000)
    assert window.spectrum_plot.spectrum.config == config
    assert window.spectrum_plot.sv_max.getData()[1].size == config.depth  # drawn
    path = export_figure(_figures(window), "spectrum", str(tmp_path / "s.png"), 800, "light")
    assert path.stat().st_size > 10_000


def test_the_chosen_t_is_saved_in_and_read_from_sessions(qtbot, make_window, tmp_path):
    import json

    from gui import menus

    config = LabConfig(depth=8, width=32, batch=8)
    window = make_window(config=config)
    window.bottom_tabs.setCurrentWidget(window.spectrum_plot)
    qtbot.waitUntil(lambda: window.spectrum_plot.spectrum is not None, timeout=20000)
    window.spectrum_plot.set_from_layer(5)
    path = tmp_path / "s.json"
    assert menus.save_session_as(window, str(path))
    assert json.loads(path.read_text())["display"]["spectrum_from_layer"] == 5
    other = make_window(config=LabConfig(depth=4, width=16, batch=8))
    assert menus.open_session(other, str(path))
    assert other.spectrum_plot.from_layer == 5
    other.bottom_tabs.setCurrentWidget(other.spectrum_plot)
    qtbot.waitUntil(lambda: other.spectrum_plot.spectrum is not None, timeout=20000)
    assert other.spectrum_plot.from_layer == 5 and other.spectrum_plot.selected.value() == 5


def test_a_streaming_spectrum_of_some_t_draws_its_curves_there_and_says_when_t_is_missing(
    panel,
):
    from engine.jacobian import measure_spectrum
    from engine.probe import Probe

    config = LabConfig(activation="tanh", depth=20, width=16)
    probe = Probe(config)
    spectrum = measure_spectrum(config, probe.weights, probe.biases, from_layers={0, 10, 19})
    panel.show_spectrum(spectrum)
    assert panel.sv_max.getData()[0].tolist() == [0, 10, 19]
    assert panel.rms_theory.getData()[0].size == 20  # the theory: every t
    assert panel.bars.getData()[1].sum() == spectrum.counts[0]
    panel.set_from_layer(4)
    assert panel.bars.getData()[1].sum() == 0 and "next spectrum" in panel.note_text()
