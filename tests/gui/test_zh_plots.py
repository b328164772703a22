"""The main plots in Simplified Chinese: titles, axes, legends, reference lines, notes,
tooltips and hover boxes; the theory's notes keep their numbers; a live switch turns a
plot's words Chinese and back without rebuilding it."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6 import QtCore

from engine import LabConfig, theory
from engine.depth_scale import LayerFactor
from gui import language

from .conftest import needs_cjk_font, wait_for_frame
from .test_numerical_faults_plots import mixed
from .visible_words import english_left, english_words

HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"(?<![A-Za-z_])[-−]?\d+(?:\.\d+)?(?:e[-−]?\d+)?%?")

# a config whose theory breaks several assumptions: notes on linearity, width, fp16
NOTED = LabConfig(
    depth=30, width=16, batch=16, activation="tanh", precision="fp16", theory="linear"
)


def numbers(text: str) -> list[str]:
    """The numbers of a note ("shrinks e-fold" reads "缩小为 1/e": not a number of its)."""
    return sorted(NUMBER.findall(text.replace("1/e", "")))


def plots():
    from gui.activation_plot import ActivationPlot
    from gui.gradient_plot import GradientPlot
    from gui.heatmap_plot import HeatmapPlot
    from gui.histogram_plot import HistogramPlot
    from gui.training_plot import TrainingPlot

    return [GradientPlot(), ActivationPlot(), HistogramPlot(), HeatmapPlot(), TrainingPlot()]


def _shown(qtbot, widget):
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)  # reference lines' labels are placed once the view has its range
    return widget


@pytest.mark.parametrize("mode", ["probe", "train"])
def test_every_plot_drawn_in_chinese_with_faults_shows_no_english(qtbot, zh_cn, mode):
    frame = mixed(mode=mode)  # zeros, infs and NaNs: every fault marker's legend entry
    frame = dataclasses.replace(frame, theory_note=theory.predict(NOTED).note)
    for plot in plots():
        qtbot.addWidget(plot)
        plot.show_frame(frame)
        plot.show_frame(frame)  # the heatmap's second column, the training note
        _shown(qtbot, plot)
        assert english_left(plot) == [], type(plot).__name__


def test_the_window_s_plots_in_chinese_after_real_frames_show_no_english(qtbot, make_window, zh_cn):
    window = make_window(NOTED)
    window.resize(1600, 980)
    window.show()
    wait_for_frame(qtbot, window)
    tabs = window.bottom_tabs
    for name in ("gradient", "activation", "heatmap", "histogram", "training"):
        plot = window.plots[name]
        if tabs.indexOf(plot) >= 0:
            tabs.setCurrentWidget(plot)
        wait_for_frame(qtbot, window, lambda f, n=window.frames_shown: window.frames_shown > n)
        qtbot.wait(50)
        assert english_left(plot) == [], name
    assert HAN.search(window.gradient_plot.note_text())
    assert HAN.search(window.training_plot.note_text())  # probe mode: nothing trained


def test_a_theory_note_reads_chinese_with_the_same_numbers(qapp):
    note = theory.predict(NOTED).note
    english = str(note)
    assert "linear theory off from layer" in english and "width ≫ depth" in english
    language.set_language("zh_CN")
    try:
        chinese = language.localise(note)
    finally:
        language.set_language("en")
    assert language.localise(note) == english  # English again, word for word
    assert chinese.count("\n") == english.count("\n")
    for en_line, zh_line in zip(english.split("\n"), chinese.split("\n"), strict=True):
        assert HAN.search(zh_line) and numbers(zh_line) == numbers(en_line), zh_line
    assert "线性理论" in chinese and "宽度 ≫ 深度" in chinese


def test_the_depth_scale_line_keeps_its_numbers_in_chinese(zh_cn):
    factor = LayerFactor(0.056, 0.0557, 1, 30)
    english = str(factor.text())
    assert english == (
        "Var[∂ℓ/∂h] ×0.056 per layer down (theory ×0.0557), shrinks e-fold every ξ = 0.35 "
        "layers (fit: layers 1–30)"
    )
    chinese = language.localise(factor.text())
    assert "理论" in chinese and numbers(chinese) == numbers(english)


def test_a_live_switch_turns_titles_axes_legends_and_notes_chinese_and_back(qtbot, qapp):
    from gui.gradient_plot import GradientPlot

    plot = GradientPlot()
    qtbot.addWidget(plot)
    frame = dataclasses.replace(mixed(), theory_note=theory.predict(NOTED).note)
    plot.show_frame(frame)
    _shown(qtbot, plot)
    legend = [label.text for _sample, label in plot.legend.items]
    assert plot.plot_item.titleLabel.text == "Gradients per layer"
    assert "theory" in legend and "exactly 0 (underflow)" in legend
    english_note = plot.note_text()
    try:
        language.set_language("zh_CN")
        assert plot.plot_item.titleLabel.text == "各层梯度"
        assert plot.plot_item.getAxis("bottom").labelText == "层 t（1 = 紧邻输入）"
        zh_legend = [label.text for _sample, label in plot.legend.items]
        assert "理论" in zh_legend and "恰好为 0（下溢）" in zh_legend
        assert HAN.search(plot.note_text()) and plot.note_text() != english_note
        assert HAN.search(plot.toolTip())
    finally:
        language.set_language("en")
    assert plot.plot_item.titleLabel.text == "Gradients per layer"
    assert [label.text for _sample, label in plot.legend.items] == legend
    assert plot.note_text() == english_note
    assert plot.plot_item.getAxis("bottom").labelText == "layer t  (1 = next to the input)"


def test_a_hover_box_shown_during_a_switch_follows_it(qtbot, qapp):
    from gui.activation_plot import ActivationPlot
    from gui.gradient_plot import GradientPlot
    from gui.hover import install_hovers

    frame = mixed()
    gradient, activation = GradientPlot(), ActivationPlot()
    for plot in (gradient, activation):
        qtbot.addWidget(plot)
        plot.show_frame(frame)
    hovers = install_hovers(gradient, activation, lambda: frame)
    for hover in hovers:
        hover.show_layer(frame, 7)
        assert hover.text.startswith("layer 7 of 12")
    try:
        language.set_language("zh_CN")
        for hover in hovers:
            assert hover.text.startswith("第 7 层（共 12 层）") and "理论" in hover.text
            assert hover.box.toPlainText() == hover.text
    finally:
        language.set_language("en")
    assert all(hover.text.startswith("layer 7 of 12") for hover in hovers)


def test_the_training_plot_s_divergence_note_is_chinese_with_its_step(qtbot, zh_cn):
    from gui.training_plot import TrainingPlot

    plot = TrainingPlot()
    qtbot.addWidget(plot)
    plot.show_frame(mixed(mode="train"))
    assert plot.note_text() == "在第 2 步发散：损失 = inf"
    language.set_language("en")
    assert plot.note_text() == "diverged at step 2: loss = inf"


def test_a_reference_label_too_tall_above_its_line_moves_below_it(qtbot, zh_cn):
    """The CJK font's taller line did not fit above "healthy ≈ −3" near the view's top:
    the label was hidden; it now sits under its line."""
    from gui.training_plot import TrainingPlot

    needs_cjk_font()
    plot = TrainingPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 350)
    plot.show()
    qtbot.waitExposed(plot)
    plot.ratio_plot.vb.setYRange(-12, 0)
    label = plot.reference.label
    area = plot.ratio_plot.vb.sceneBoundingRect

    def placed():
        assert label.isVisible() and area().contains(label.sceneBoundingRect())

    qtbot.waitUntil(placed)
    top_of_label = label.sceneBoundingRect().top()
    line_y = plot.ratio_plot.vb.mapViewToScene(QtCore.QPointF(0, -3)).y()
    assert top_of_label >= line_y - 1  # under its line
    assert label.toPlainText() == "健康 ≈ −3"


@pytest.mark.parametrize("language_code", ["en", "zh_CN"])
def test_a_reference_line_s_label_at_the_bottom_edge_stays_inside_the_view(
    qtbot, qapp, language_code
):
    """pyqtgraph put "healthy ≈ −3" under its line when the line sat just above the
    bottom axis (as in an exported figure of a diverged run): cut in half by the axis."""
    from gui.training_plot import TrainingPlot

    language.set_language(language_code)
    try:
        plot = TrainingPlot()
        qtbot.addWidget(plot)
        plot.resize(900, 600)
        plot.show()
        qtbot.waitExposed(plot)
        plot.ratio_plot.vb.setYRange(-3.45, 3.5, padding=0)
        plot.grab()  # painted at once, as an export paints: no event loop in between
        label = plot.reference.label
        assert plot.ratio_plot.vb.sceneBoundingRect().contains(label.sceneBoundingRect())
    finally:
        language.set_language("en")


def test_a_run_diverging_in_chinese_says_so_in_the_banner_and_the_training_note(
    qtbot, make_window, zh_cn
):
    from engine.presets import load_presets

    window = make_window(config=load_presets()["lr_too_high"].config)
    window.show()
    frame = wait_for_frame(qtbot, window, lambda f: f.diverged, timeout=20000)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    banner = window.banner.text()
    assert f"训练在第 {frame.step} 步发散" in banner and "学习率" in banner
    assert window.training_plot.note_text().startswith(f"在第 {frame.step} 步发散")
    language.set_language("en")
    assert "the last finite one" in window.training_plot.note_text()


def test_the_heatmap_s_fault_legend_shows_grey_and_vermilion_in_either_language(qtbot, zh_cn):
    """Its samples took the scatter's default blue: an empty item never styles its
    scatter, where a legend sample reads its colours."""
    from gui.heatmap_plot import INF_RGBA, ZERO_RGBA, HeatmapPlot

    plot = HeatmapPlot()
    qtbot.addWidget(plot)
    plot.show_frame(mixed())
    found = {
        label.text: sample.item.scatter.opts["brush"].color().getRgb()
        for sample, label in plot.fault_legend.items
    }
    assert found == {"恰好为 0": ZERO_RGBA, "±inf": INF_RGBA}
    language.set_language("en")
    assert [label.text for _s, label in plot.fault_legend.items] == ["exactly 0", "±inf"]


def _notes():
    """Every kind of note the theory writes (the config's or, for the rarer ones, the
    function's own), by name."""
    import numpy as np

    from engine import theory_notes

    configs = {
        "linear and width": NOTED,
        "fp16 underflow": LabConfig(
            depth=50, activation="sigmoid", init="xavier_normal", precision="fp16"
        ),
        "fp16 overflow": LabConfig(
            depth=30, activation="relu", init="std_normal", precision="fp16"
        ),
        "LayerNorm, mean": LabConfig(norm="layer", activation="relu"),
        "LayerNorm": LabConfig(norm="layer", activation="tanh"),
        "BatchNorm": LabConfig(norm="batch", batch=16),
        "BatchNorm skipped": LabConfig(norm="batch", batch=1, depth=30, width=16),
        "residual": LabConfig(residual=True),
        "linear residual": LabConfig(residual=True, theory="linear"),
        "training": LabConfig(mode="train"),
    }
    notes = {name: theory.predict(config).note for name, config in configs.items()}
    notes["both fp16 limits"] = theory_notes._precision_note(
        "fp16", np.array([1e-20, 1e-20, 1.0]), np.array([1.0, 1e12, 1e12])
    )
    tiny = np.array([1e-16, 1e-16, 1e-18])
    notes["rounding, on"] = theory_notes._rounding_note("scaled_sigmoid", tiny)
    notes["rounding"] = theory_notes._rounding_note("sigmoid", np.array([1e-16, 1.0]))
    notes["depth scale, level"] = LayerFactor(1.0001, None, 2, 9).text()
    notes["depth scale, grows"] = LayerFactor(3.0, 2.5, 1, 12).text()
    return notes


@pytest.mark.parametrize("name", list(_notes()))
def test_every_kind_of_theory_note_reads_chinese_with_its_numbers(qapp, name):
    note = _notes()[name]
    english = str(note)
    assert english and english_words(english)  # an English sentence to start with
    language.set_language("zh_CN")
    try:
        chinese = language.localise(note)
    finally:
        language.set_language("en")
    assert english_words(chinese) == [], chinese
    for en_line, zh_line in zip(english.split("\n"), chinese.split("\n"), strict=True):
        assert HAN.search(zh_line) and numbers(zh_line) == numbers(en_line), zh_line
