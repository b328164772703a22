"""Exports from the window: real pixels in PNG, SVG and PDF, themes restored, atomic
files, data that round-trips, and menu actions that report errors and carry on."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from engine import LabConfig
from engine.files import FileProblem
from engine.tables import read_csv_table, read_json_table
from gui import export_dialog
from gui.export import CAPTION_BAND, FORMATS, PngFormat, copy_figure_to_clipboard, render_figure
from gui.export_dialog import ExportDialog, export_data, export_figure
from gui.taylor_panel import ORDER_COLOURS
from gui.theme import DARK, LIGHT

from .conftest import SMALL, in_modal_dialog, wait_for_frame

MEASURED = LIGHT.measured  # "#0072B2": ∂ℓ/∂h and Var[h] curves in the light theme


def rgba(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def near(pixels: np.ndarray, colour: str, tolerance: int = 60) -> int:
    """How many opaque pixels are within `tolerance` (sum of |ΔRGB|) of `colour`."""
    c = QtGui.QColor(colour)
    target = np.array([c.red(), c.green(), c.blue()])
    close = np.abs(pixels[..., :3].astype(int) - target).sum(axis=-1) < tolerance
    return int(np.sum(close & (pixels[..., 3] > 200)))


def ink(pixels: np.ndarray, background: str) -> int:
    return near(pixels, background, 1_000) - near(pixels, background, 30)


def figures(window) -> dict:
    return {**window.plots, "dashboard": window.dashboard}


@pytest.fixture
def window(qtbot, make_window):
    win = make_window(SMALL)
    win.show()
    qtbot.waitExposed(win)
    wait_for_frame(qtbot, win)
    qtbot.wait(100)  # a few frames: the heatmap has history
    return win


def test_png_of_every_figure_is_exact_width_and_shows_its_data(window, qtbot, tmp_path):
    qtbot.waitUntil(lambda: window.taylor_panel.ready, timeout=60000)  # the engine's series
    expected = {
        "gradient": MEASURED,
        "activation": MEASURED,
        "histogram": LIGHT.weight,
        "dashboard": MEASURED,
        "taylor": ORDER_COLOURS[0],  # the chosen order's polynomial
    }
    for name in export_dialog.FIGURES:
        path = export_figure(
            figures(window), name, tmp_path / f"{name}.png", 1200, "light", None, window.last_frame
        )
        pixels = rgba(QtGui.QImage(str(path)))
        assert pixels.shape[1] == 1200, name
        assert ink(pixels, LIGHT.background) > 2000, f"{name} is blank"
        if name in expected:
            assert near(pixels, expected[name]) > 300, name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.png" for n in export_dialog.FIGURES
    )  # no temporary files left


def test_pens_grow_with_the_width_like_the_fonts(window):
    plot = window.gradient_plot
    small = near(rgba(PngFormat().image(_figure(plot), plot.width())), MEASURED)
    large = near(rgba(PngFormat().image(_figure(plot), 3 * plot.width())), MEASURED)
    # Hairline pens would give ~3x the pixels at 3x the width; scaled pens give ~9x.
    assert large > 6 * small > 0


def _figure(widget, theme=LIGHT, caption=None):
    from gui.export import Figure

    return Figure(widget, theme, caption)


def test_dark_and_transparent_themes_and_the_window_theme_comes_back(window, qtbot, tmp_path):
    plot = window.gradient_plot
    dark = rgba(QtGui.QImage(str(render_figure(plot, tmp_path / "d.png", 800, "dark"))))
    assert QtGui.QColor(*dark[2, 2, :3]).name() == DARK.background
    assert near(dark, DARK.measured) > 200
    clear = rgba(QtGui.QImage(str(render_figure(plot, tmp_path / "t.png", 800, "transparent"))))
    corners = [clear[0, 0, 3], clear[0, -1, 3], clear[-1, 0, 3], clear[-1, -1, 3]]
    assert corners == [0, 0, 0, 0]
    assert near(clear, MEASURED) > 200
    assert plot.theme is LIGHT and plot.backgroundBrush().color().name() == "#ffffff"
    window.apply_theme("dark")
    shown = window.frames_shown
    render_figure(window.dashboard, tmp_path / "l.png", 800, "light")
    render_figure(window.taylor_panel, tmp_path / "taylor.png", 800, "light")
    shown_plots = (plot, window.heatmap_plot, window.activation_plot, window.taylor_panel)
    assert all(p.theme is DARK for p in shown_plots)
    taylor_view = window.taylor_panel.plot
    assert taylor_view.backgroundBrush().color().name() == DARK.background
    qtbot.waitUntil(lambda: window.frames_shown > shown, timeout=10000)  # still streaming


def test_caption_adds_a_legible_band_under_the_figure(window, tmp_path):
    plot = window.gradient_plot
    plain = QtGui.QImage(str(render_figure(plot, tmp_path / "a.png", 1000, caption=None)))
    text = window.config.label()
    captioned = QtGui.QImage(str(render_figure(plot, tmp_path / "b.png", 1000, caption=text)))
    ratio = 1000 / plot.width()
    assert captioned.height() - plain.height() == pytest.approx(CAPTION_BAND * ratio, abs=2)
    band = rgba(captioned)[plain.height() :]
    assert near(band, LIGHT.foreground, 120) > 200  # the caption's letters


def test_svg_is_vector_parses_and_renders_the_curves(window, tmp_path):
    path = render_figure(window.gradient_plot, tmp_path / "g.svg", caption="caption")
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    view_box = [float(v) for v in root.get("viewBox").split()]
    assert view_box[2] == window.gradient_plot.width()
    assert len(root.findall(f".//{ns}path")) > 10 and not root.findall(f".//{ns}image")
    assert path.read_text().count("non-scaling-stroke") < 20  # curves scale with the page
    renderer = QtSvg.QSvgRenderer(str(path))
    assert renderer.isValid()
    image = QtGui.QImage(1600, 1200, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtCore.Qt.GlobalColor.white)
    painter = QtGui.QPainter(image)
    renderer.render(painter)
    painter.end()
    assert near(rgba(image), MEASURED) > 300


def test_pdf_is_a_vector_page_that_renders_the_curves(window, tmp_path):
    path = render_figure(window.dashboard, tmp_path / "d.pdf", caption=window.config.label())
    assert path.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True)
    page = QtGui.QImage(str(next(tmp_path.glob("page*.png"))))
    assert near(rgba(page), MEASURED) > 100


def test_bad_paths_raise_one_clear_problem_and_leave_nothing(window, tmp_path):
    plot = window.gradient_plot
    with pytest.raises(FileProblem, match="unknown figure format '.bmp'"):
        render_figure(plot, tmp_path / "f.bmp")
    with pytest.raises(FileProblem, match="does not exist"):
        render_figure(plot, tmp_path / "missing" / "f.png")
    with pytest.raises(ValueError, match="out of range"):
        render_figure(plot, tmp_path / "f.png", width_px=20)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_and_no_temporary(window, tmp_path, monkeypatch):
    target = tmp_path / "fig.png"
    target.write_bytes(b"old figure")

    def broken(self, figure, *size):
        raise OSError("disk full")

    monkeypatch.setattr(PngFormat, "encode", broken)
    with pytest.raises(FileProblem, match="disk full"):
        render_figure(window.gradient_plot, target)
    assert target.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]
    assert window.gradient_plot.theme is LIGHT  # styling undone after the failure


def test_copy_to_clipboard_puts_a_slide_sized_image(window, qtbot):
    copy_figure_to_clipboard(window.gradient_plot, theme="light")
    image = QtWidgets.QApplication.clipboard().image()
    assert image.width() == 1920 and near(rgba(image), MEASURED) > 300
    window.actions_by_name["copy_figure"].trigger()
    assert QtWidgets.QApplication.clipboard().image().width() == 1920


def test_data_round_trips_as_csv_and_json_with_histories(window, tmp_path):
    frame = window.last_frame
    sources = (frame, window.heatmap_plot, window.training_plot)
    config, columns = read_csv_table(export_data(tmp_path / "t.csv", *sources).read_text())
    assert config == frame.config
    for name, values in columns.items():
        np.testing.assert_array_equal(values, frame[name], err_msg=name)
    text = export_data(tmp_path / "t.json", *sources).read_text()
    config, columns = read_json_table(text)
    assert config == frame.config
    np.testing.assert_array_equal(columns["grad_h_var"], frame["grad_h_var"])
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    history = data["heatmap_history"]["values"]
    assert len(history) == frame.config.depth and len(history[0]) >= 1
    assert set(data["training_history"]) == {"step", "loss"}


def press(qtbot, window, keys: str) -> None:
    """Press a shortcut on the window, as a user would."""
    combo = QtGui.QKeySequence(keys)[0]
    qtbot.keyClick(window, combo.key(), combo.keyboardModifiers())


def file_menu(window) -> QtWidgets.QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")


def test_export_keys_sit_in_the_file_menu_and_a_bad_file_shows_a_message(
    window, qtbot, tmp_path, monkeypatch
):
    keys = {a.shortcut().toString(): a.text() for a in file_menu(window).actions()}
    assert keys["Ctrl+E"] == "&Export figure…"
    assert keys["Ctrl+Shift+C"] == "&Copy figure to clipboard"
    assert keys["Ctrl+Shift+E"] == "Export &data…"
    shown, chosen = [], [str(tmp_path / "table.txt")]
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2]))
    )
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (chosen[0], ""))
    )
    window.activateWindow()
    qtbot.waitActive(window)
    press(qtbot, window, "Ctrl+Shift+E")
    assert "unknown data format" in shown[-1]
    chosen[0] = str(tmp_path / "table.csv")
    press(qtbot, window, "Ctrl+Shift+E")
    assert (tmp_path / "table.csv").exists() and len(shown) == 1
    assert window.statusBar().currentMessage() == f"Exported data to {chosen[0]}"


def _in_dialog(qtbot, act) -> list:
    """Run `act(dialog)` on the export dialog once it is up; a failure closes it."""
    return in_modal_dialog(ExportDialog, act)


def test_export_dialog_writes_the_chosen_figure_and_offers_the_choices_again(
    window, qtbot, tmp_path
):
    save_button = QtWidgets.QDialogButtonBox.StandardButton.Save
    seen = {}

    def choose(dialog):
        save = dialog.buttons.button(save_button)
        assert not save.isEnabled()
        assert dialog.caption_check.text() == f"Caption: {window.config.label()}"
        dialog.plot_combo.setCurrentIndex(dialog.plot_combo.findData("dashboard"))
        dialog.width_combo.setCurrentIndex(dialog.width_combo.findData(None))
        assert dialog.width_spin.isEnabled()
        dialog.width_spin.selectAll()
        qtbot.keyClicks(dialog.width_spin, "1000")
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        qtbot.keyClicks(dialog.path_edit, str(tmp_path / "dash"))
        assert save.isEnabled()
        qtbot.mouseClick(save, QtCore.Qt.MouseButton.LeftButton)

    def change_then_cancel(dialog):
        seen["offered"] = dialog.values()
        qtbot.keyClicks(dialog.path_edit, "-other")
        dialog.reject()

    def look(dialog):
        seen["after_cancel"] = dialog.values()
        dialog.reject()

    export = window.actions_by_name["export_figure"]
    for act in (choose, change_then_cancel, look):
        errors = _in_dialog(qtbot, act)
        export.trigger()
        assert not errors, errors
    chosen = {
        "plot_name": "dashboard",
        "path": str(tmp_path / "dash.png"),
        "width_px": 1000,
        "aspect": "16:9",  # the dashboard's own default, followed until one is picked
        "height_px": 562,
        "theme": "dark",
        "caption": True,
    }
    assert seen["offered"] == seen["after_cancel"] == chosen
    image = rgba(QtGui.QImage(chosen["path"]))
    assert image.shape[:2] == (562, 1000) and near(image, DARK.measured) > 300
    assert window.statusBar().currentMessage().startswith("Exported dashboard")
    assert [p.name for p in tmp_path.iterdir()] == ["dash.png"]
    assert len(window.findChildren(ExportDialog)) == 1


def _menu_bar_actions(window) -> list[QtGui.QAction]:
    """Every action a user can reach from the menu bar."""
    found, pending = [], list(window.menuBar().actions())
    while pending:
        action = pending.pop(0)
        if action.menu() is not None:
            pending[:0] = action.menu().actions()
        elif not action.isSeparator():
            found.append(action)
    return found


def test_the_key_list_names_every_key_of_the_menus_and_nothing_else(window, qtbot, monkeypatch):
    import re

    shown = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "information", staticmethod(lambda *a: shown.append(a[2]))
    )
    window.activateWindow()
    qtbot.waitActive(window)
    press(qtbot, window, "Shift+F1")  # F1 is the lesson, whose Keys tab shows the same list
    assert len(shown) == 1
    native = QtGui.QKeySequence.SequenceFormat.NativeText
    in_menus = {
        (tuple(k.toString(native) for k in a.shortcuts()), a.statusTip())
        for a in _menu_bar_actions(window)
        if a.shortcuts()
    }
    in_list = {
        (tuple(re.findall(r"<b>(.*?)</b>", keys)), html.unescape(tip))
        for keys, tip in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", shown[0])
    }
    assert in_list == in_menus
    keys = {k for ks, _tip in in_list for k in ks}
    assert {"Ctrl+Shift+C", "Ctrl+E", "Ctrl+Shift+E", "T", "Ctrl+P", "F1"} <= keys


def test_window_and_exported_dashboard_share_one_layout(window):
    from gui.dashboard import CELLS, ROW_STRETCH, still_plots
    from gui.figure_builder import build_widget

    def cell(grid, row, col):
        widget = grid.itemAtPosition(row, col).widget()
        if isinstance(widget, QtWidgets.QTabWidget):
            return [widget.widget(i) for i in range(widget.count())]
        return [widget]

    shown = window.dashboard.findChild(QtWidgets.QGridLayout)
    for mode in ("probe", "train"):
        exported, _fed = build_widget("dashboard", window.config.with_(mode=mode))
        still = exported.layout()
        for name, row, col, _label in CELLS:
            assert window.plots[name] in cell(shown, row, col), name
            if name in still_plots(mode):
                assert [type(w) for w in cell(still, row, col)] == [type(window.plots[name])]
        for grid in (shown, still):
            assert [grid.rowStretch(r) for r in range(len(ROW_STRETCH))] == list(ROW_STRETCH)
        exported.deleteLater()
    assert still_plots("train")[-1] == "training" and still_plots("probe")[-1] == "histogram"


def test_every_format_is_in_the_registry():
    assert set(FORMATS) == {".png", ".svg", ".pdf"}


def test_exploding_log_axis_keeps_its_tick_labels_through_an_export(qtbot, tmp_path):
    from gui.figure_builder import offscreen_figure

    config = LabConfig(init="std_normal", depth=20, width=64, batch=16)
    with offscreen_figure(config, "gradient", steps=1) as (widget, _frames):
        axis = widget.plot_item.getAxis("left")
        render_figure(widget, tmp_path / "x.png", 600)
        assert axis.autoSIPrefixScale == 1.0  # pyqtgraph had shifted labels by 10^27
