"""Figures for slides: laid out at 16:9, 4:3 or 1:1 (not stretched) with nothing cut
off, chosen in the export dialog, legends that name the healthy band and the histogram's
layer, and a transparent theme with light text for dark slides."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from engine import LabConfig, Probe
from gui.export import figure_image
from gui.export_dialog import ExportDialog, export_figure
from gui.figure_builder import offscreen_figure
from gui.figure_shape import shaped
from gui.theme import DARK

from .conftest import SMALL, wait_for_frame

TINY = LabConfig(depth=8, width=16, batch=4)


def rgba(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


@pytest.fixture
def gradient():
    with offscreen_figure(TINY.with_(precision="fp16"), "gradient", steps=2) as (widget, _):
        yield widget


@pytest.mark.parametrize("aspect,ratio", [("16:9", 16 / 9), ("4:3", 4 / 3), ("1:1", 1.0)])
def test_a_shaped_figure_is_laid_out_at_its_shape_with_every_label_inside(gradient, aspect, ratio):
    before = gradient.size()
    with shaped(gradient, 1200, round(1200 / ratio), 0) as shape:
        assert gradient.width() / gradient.height() == pytest.approx(ratio, rel=0.01)
        area = shape.width() * shape.height()
        assert area >= 0.95 * before.width() * before.height()  # its room: text keeps its share
        scene = QtCore.QRectF(gradient.rect())
        view = gradient.plot_item.vb.sceneBoundingRect()
        for line in (*gradient.fp16_lines, gradient.subnormal_line):
            assert view.contains(line.label.sceneBoundingRect()), line.label.toPlainText()
        for item in (gradient.legend, gradient.note, gradient.plot_item):
            assert scene.contains(item.sceneBoundingRect()), type(item).__name__
    assert gradient.size() == before  # put back


def test_a_16_9_png_is_exactly_1920_by_1080_and_its_text_is_not_shrunk(gradient):
    image = figure_image(gradient, None, "light", "caption", "16:9", 1080)
    assert (image.width(), image.height()) == (1920, 1080)
    with shaped(gradient, 1920, 1080, 34) as shape:
        assert 1.0 <= 1080 / shape.height() <= 2.5  # text at 1–2.5× its on-screen size


def test_legends_name_the_healthy_band_and_the_histograms_layer(qtbot):
    from gui.activation_plot import ActivationPlot
    from gui.gradient_plot import GradientPlot

    frame = Probe(TINY).step()
    frame = dataclasses.replace(frame, sample_layer=3)
    for plot in (GradientPlot(), ActivationPlot()):
        qtbot.addWidget(plot)
        plot.show_frame(frame)
        labels = [label.text for _, label in plot.legend.items]
        assert "layer 3 (histogram)" in labels, labels
        assert plot.selected.value() == 3
        if isinstance(plot, GradientPlot):
            assert "healthy [1e-6, 1e3]" in labels


def test_transparent_dark_has_no_background_and_light_text(gradient):
    pixels = rgba(figure_image(gradient, 900, "transparent-dark", "a caption"))
    assert [pixels[0, 0, 3], pixels[0, -1, 3], pixels[-1, 0, 3], pixels[-1, -1, 3]] == [0] * 4
    assert np.mean(pixels[..., 3] < 100) > 0.8  # clear but for lines, text and faint bands
    opaque = pixels[pixels[..., 3] > 200][:, :3].astype(int)
    fg = QtGui.QColor(DARK.foreground)
    text = np.abs(opaque - [fg.red(), fg.green(), fg.blue()]).sum(axis=1) < 60
    assert text.sum() > 300  # axes, labels and caption in the dark theme's light grey
    assert (opaque.sum(axis=1) < 200).sum() < 50  # nothing dark to vanish on a dark slide


def test_the_dialogs_aspect_and_height_set_the_exported_size(qtbot, make_window, tmp_path):
    window = make_window(SMALL)
    window.show()
    qtbot.waitExposed(window)
    wait_for_frame(qtbot, window)
    seen, errors = {}, []

    def choose(dialog):
        assert dialog.aspect_combo.currentData() == "auto"  # a single plot's own shape
        dialog.aspect_combo.setFocus()
        for _ in range(2):  # free → 1:1 → 4:3, from the keyboard
            qtbot.keyClick(dialog.aspect_combo, QtCore.Qt.Key.Key_Up)
        assert dialog.aspect_combo.currentData() == "4:3"
        dialog.height_spin.selectAll()
        qtbot.keyClicks(dialog.height_spin, "600")
        assert dialog.width_spin.value() == 800 and dialog.width_combo.currentData() is None
        qtbot.keyClicks(dialog.path_edit, str(tmp_path / "slide.png"))
        save = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, QtCore.Qt.MouseButton.LeftButton)

    def look(dialog):
        seen.update(dialog.values())
        dialog.reject()

    for act in (choose, look):

        def run(act=act):
            dialog = QtWidgets.QApplication.activeModalWidget()
            try:
                assert isinstance(dialog, ExportDialog)
                act(dialog)
            except BaseException as exc:
                errors.append(exc)
                if dialog is not None:
                    dialog.reject()

        QtCore.QTimer.singleShot(0, run)
        window.actions_by_name["export_figure"].trigger()
        assert not errors, errors
    image = QtGui.QImage(str(tmp_path / "slide.png"))
    assert (image.width(), image.height()) == (800, 600)
    assert (seen["aspect"], seen["width_px"], seen["height_px"]) == ("4:3", 800, 600)
    _the_dashboard_is_laid_out_at_16_9_and_put_back(window, tmp_path)


def _the_dashboard_is_laid_out_at_16_9_and_put_back(window, tmp_path):
    dashboard = window.dashboard
    out = tmp_path / "dash.png"
    figures = {**window.plots, "dashboard": dashboard}
    export_figure(figures, "dashboard", out, 960, "light", None, window.last_frame, "16:9")
    pixels = rgba(QtGui.QImage(str(out)))
    assert pixels.shape[:2] == (540, 960)
    ink = pixels[..., :3].sum(axis=-1) < 600  # anything not white
    for rows in (slice(0, 270), slice(270, 540)):
        for cols in (slice(0, 480), slice(480, 960)):
            assert ink[rows, cols].mean() > 0.01, (rows, cols)  # a plot in every quarter
    cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    assert cols[-1] - cols[0] > 0.9 * 960 and rows[-1] - rows[0] > 0.9 * 540  # not cropped
    assert window.rect().contains(dashboard.geometry())  # put back, its plots in it again
    for name in ("gradient", "activation", "heatmap"):
        plot = figures[name]
        place = QtCore.QRect(plot.mapTo(dashboard, QtCore.QPoint()), plot.size())
        assert dashboard.rect().contains(place), name


def test_the_aspect_follows_the_figure_until_the_user_picks_one(qtbot):
    dialog = ExportDialog(None, "caption", "light")
    qtbot.addWidget(dialog)
    plots, aspect = dialog.plot_combo, dialog.aspect_combo
    plots.setCurrentIndex(plots.findData("dashboard"))
    assert aspect.currentData() == "16:9"  # the dashboard is a slide
    assert (dialog.width_spin.value(), dialog.height_spin.value()) == (1920, 1080)
    plots.setCurrentIndex(plots.findData("heatmap"))
    assert aspect.currentData() == "auto" and dialog.height_spin.text() == "auto"
    aspect.setFocus()
    qtbot.keyClick(aspect, QtCore.Qt.Key.Key_Home)  # the user picks 16:9
    plots.setCurrentIndex(plots.findData("gradient"))
    assert aspect.currentData() == "16:9" and dialog.height_spin.value() == 1080
    dialog.width_combo.setCurrentIndex(dialog.width_combo.findData(3840))
    assert dialog.height_spin.value() == 2160
