"""What the plots and the scenario box say about theory and measurement."""

from __future__ import annotations

from PySide6 import QtGui

from engine import LabConfig, Probe
from engine.depth_scale import gradient_factor
from engine.presets import load_presets
from gui.controls import ControlPanel
from gui.gradient_plot import GradientPlot
from gui.state import LabState
from gui.theme import DARK, LIGHT


def test_the_gradient_plot_states_the_measured_factor_beside_the_theory(qtbot):
    plot = GradientPlot()
    qtbot.addWidget(plot)
    frame = Probe(LabConfig(activation="sigmoid", init="xavier_normal", depth=12, width=64)).step()
    plot.show_frame(frame)
    fit = gradient_factor(frame)
    assert plot.note_text().splitlines()[0] == fit.text()
    assert "theory ×0.0" in fit.text() and "ξ =" in fit.text()
    normed = Probe(LabConfig(activation="sigmoid", depth=12, width=64, norm="batch")).step()
    plot.show_frame(normed)  # no theory line, still the measured factor and why
    lines = plot.note_text().splitlines()
    assert "theory" not in lines[0] and "per layer down" in lines[0]
    assert "fixes the forward scale" in plot.note_text()


def test_the_scenario_text_is_plain_readable_text_and_names_the_markers_colour(qtbot):
    panel = ControlPanel(LabState(LabConfig()))
    qtbot.addWidget(panel)
    assert panel.preset_text.isHidden()
    panel.apply_preset("fp16_underflow")
    style = panel.preset_text.styleSheet()
    assert "italic" not in style and "palette(dark)" not in style
    assert not panel.preset_text.isHidden()
    # "light-blue ▼": the zero markers are light blue triangles pointing down
    assert "light-blue ▼" in load_presets()["fp16_underflow"].see
    for theme in (LIGHT, DARK):
        colour = QtGui.QColor(theme.zero)
        assert 180 <= colour.hue() <= 220 and colour.lightness() > 140, theme.name
    plot = GradientPlot()
    qtbot.addWidget(plot)
    assert plot.markers.zero.opts["symbol"] == "t"  # pyqtgraph's downward triangle


def test_the_widths_field_disables_the_width_box_it_replaces(qtbot):
    state = LabState(LabConfig())
    panel = ControlPanel(state)
    qtbot.addWidget(panel)
    assert panel.editors["width"].isEnabled()
    state.update(widths=(256, 1024))
    assert not panel.editors["width"].isEnabled()
    assert panel.editors["widths"].text_shown() == "256, 1024"
    assert "n_out·γ" in panel.editors["init"].toolTip()  # forward and backward differ
