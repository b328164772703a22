"""The spectrum panel, the phase plane and the sweep panel in Simplified Chinese: no
English left once a result is drawn, and a live switch changes their words and back."""

from __future__ import annotations

import pytest

from engine import LabConfig
from engine.jacobian import spectrum_of_config
from engine.phase import phase_cells
from engine.sweep import sweep_cells
from gui.spectrum_plot import SpectrumPlot
from gui.sweep_panel import SweepPanel

from .visible_words import english_left

TINY = dict(depth=5, width=16, batch=8)
LINEAR_FP16 = LabConfig(activation="identity", init="xavier_normal", precision="fp16", **TINY)
BASE = LabConfig(activation="tanh", init="xavier_normal", **TINY)


@pytest.fixture(scope="module")
def phase_result():
    *_, (_done, _total, result) = phase_cells(BASE, (0.5, 1.0, 2.0), (0.0, 0.1), workers=1)
    return result


@pytest.fixture(scope="module")
def sweep_result():
    *_, (_done, _total, result) = sweep_cells(BASE, axis="init", depths=(2, 4))
    return result


def spectrum_panel(qtbot) -> SpectrumPlot:
    plot = SpectrumPlot()
    qtbot.addWidget(plot)
    plot.resize(1000, 520)
    return plot


def sweep_panel(qtbot, config=BASE) -> SweepPanel:
    panel = SweepPanel(lambda: config, lambda: None)
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    return panel


@pytest.mark.parametrize(
    "config",
    [
        LINEAR_FP16,  # Fuss–Catalan law, the half format's lines and shaded range
        LabConfig(activation="relu", **TINY),  # exact zeros, counted and marked
        LabConfig(activation="identity", init="orthogonal", **TINY),  # the isometry
        LabConfig(norm="batch", **TINY),  # nothing measured: why not
    ],
    ids=["fuss-catalan-fp16", "relu-zeros", "isometry", "batch-norm"],
)
def test_the_spectrum_panel_reads_chinese_with_a_spectrum_drawn(zh_cn, qtbot, config):
    panel = spectrum_panel(qtbot)
    panel.show_spectrum(spectrum_of_config(config))
    panel.set_from_layer(2)
    assert english_left(panel) == []
    assert "奇异值" in panel.plot_item.titleLabel.text


def test_the_sweep_dock_reads_chinese_with_a_phase_plane_and_a_phase_diagram_drawn(
    zh_cn, qtbot, phase_result, sweep_result
):
    panel = sweep_panel(qtbot)
    panel.phase_plot.show_result(phase_result)
    panel.plot.show_result(sweep_result)
    for mode in ("init", "activation", "phase"):
        panel.over_combo.setCurrentIndex(panel.over_combo.findData(mode))
        assert english_left(panel) == []
    assert "相平面" in panel.phase_plot.plot_item.titleLabel.text
    assert panel.over_combo.currentData() == "phase"  # the value, whatever the words


def test_a_bad_grid_is_explained_in_chinese_naming_its_setting(zh_cn, qtbot):
    panel = sweep_panel(qtbot)
    panel.over_combo.setCurrentIndex(panel.over_combo.findData("phase"))
    panel.biases_edit.setText("0, -1")
    assert not panel.start()
    assert panel.status.text() == "⚠ σ_b²：-1 不是 ≥ 0 的方差"
    panel.biases_edit.setText("0, 1e9")  # a cell's bias std out of the setting's range
    assert not panel.start()
    assert panel.status.text().startswith("⚠ σ_b²：1e+09：偏置标准差：")
    assert english_left(panel) == []
    panel.over_combo.setCurrentIndex(panel.over_combo.findData("init"))
    panel.depths_edit.setText("2, 深")
    assert not panel.start()
    assert panel.status.text() == "⚠ 深度：'2, 深' 不是以逗号分隔的整数列表"
    assert english_left(panel) == []


@pytest.fixture
def switching(qapp):
    """English first; back to English however the test ends."""
    from gui import language

    language.set_language("en")
    yield language.set_language
    language.set_language("en")


def test_a_live_switch_retitles_the_spectrum_panel_and_back(switching, qtbot):
    panel = spectrum_panel(qtbot)
    panel.show_spectrum(spectrum_of_config(LINEAR_FP16))
    panel.set_from_layer(1)
    title, note = panel.plot_item.titleLabel.text, panel.note_text()
    legend = [label.text for _sample, label in panel.legend.items]
    assert "singular values of J_1" in title and "Fuss–Catalan law of 4" in note
    switching("zh_CN")
    assert panel.plot_item.titleLabel.text != title and "奇异值" in panel.plot_item.titleLabel.text
    assert "Fuss–Catalan 分布律" in panel.note_text()
    assert "最大 s" in [label.text for _sample, label in panel.legend.items]
    assert english_left(panel) == []
    switching("en")
    assert panel.plot_item.titleLabel.text == title and panel.note_text() == note
    assert [label.text for _sample, label in panel.legend.items] == legend


def test_a_live_switch_rewords_the_sweep_panel_and_its_plots_and_back(
    switching, qtbot, phase_result, sweep_result
):
    panel = sweep_panel(qtbot)
    panel.phase_plot.show_result(phase_result)
    panel.plot.show_result(sweep_result)
    panel.over_combo.setCurrentIndex(panel.over_combo.findData("phase"))
    panel.biases_edit.setText("0, -1")
    assert not panel.start()
    before = {
        "phase title": panel.phase_plot.plot_item.titleLabel.text,
        "grid": panel.over_combo.currentText(),
        "run": panel.run_button.text(),
        "status": panel.status.text(),
        "sweep title": panel.plot.title.plain,
        "rows": panel.plot.plot_item.getAxis("left").labelText,
    }
    assert before["phase title"] == "Phase plane: tanh, depth 5"
    switching("zh_CN")
    after = {
        "phase title": panel.phase_plot.plot_item.titleLabel.text,
        "grid": panel.over_combo.currentText(),
        "run": panel.run_button.text(),
        "status": panel.status.text(),
        "sweep title": panel.plot.title.plain,
        "rows": panel.plot.plot_item.getAxis("left").labelText,
    }
    assert after == {
        "phase title": "相平面：tanh，深度 5",
        "grid": "σ_w² × σ_b²（相平面）",
        "run": "运行扫描",
        "status": "⚠ σ_b²：-1 不是 ≥ 0 的方差",
        "sweep title": "最底层的梯度在哪里是健康的？",
        "rows": "初始化",
    }
    assert panel.over_combo.currentData() == "phase"
    assert english_left(panel) == []  # every word of both plots, not only these
    switching("en")
    assert panel.phase_plot.plot_item.titleLabel.text == before["phase title"]
    assert panel.over_combo.currentText() == before["grid"]
    assert panel.run_button.text() == before["run"]
    assert panel.status.text() == before["status"]
    assert panel.plot.title.plain == before["sweep title"]
    assert panel.plot.plot_item.getAxis("left").labelText == before["rows"]


def test_exported_figures_carry_the_chinese_words_as_text(zh_cn, qtbot, phase_result):
    from gui.export import figure_bytes
    from gui.phase_plot import PhasePlot

    panel = spectrum_panel(qtbot)
    panel.show_spectrum(spectrum_of_config(LINEAR_FP16))
    svg = figure_bytes(panel, ".svg", 1000).decode("utf-8")
    # text, split where the font changes (Latin, then CJK)
    assert "的奇异值" in svg and "分布律" in svg and "的中位数" in svg
    plot = PhasePlot()
    qtbot.addWidget(plot)
    plot.show_result(phase_result)
    svg = figure_bytes(plot, ".svg", 1000).decode("utf-8")
    assert "相平面" in svg and "平均场" in svg and "偏置标准差" in svg
