"""A lecturer's window: whole plots at 1280×720 and at 1.5× scaling, presentation mode
(F11) with its scenario tour, hovering a layer, and the lesson behind F1."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from engine import LabConfig
from engine.presets import load_presets

from .conftest import type_into, wait_for_frame
from .layout_checks import problems

ROOT = Path(__file__).resolve().parents[2]
DEEP = LabConfig(depth=30, width=64, batch=16)  # the 30 layers, a light network


def press(qtbot, widget, keys: str) -> None:
    combo = QtGui.QKeySequence(keys)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def whole(window):
    """For waitUntil: passes once every shown plot is whole (else says what is not)."""

    def check():
        assert problems(window) == []

    return check


def shown_at(qtbot, make_window, width: int, height: int, config=DEEP):
    window = make_window(config=config)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    wait_for_frame(qtbot, window, lambda f: f.config == config)
    return window


def test_at_1280_by_720_every_plot_is_whole_and_shows_all_30_layers(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    qtbot.waitUntil(whole(window), timeout=8000)
    window.bottom_tabs.setCurrentWidget(window.training_plot)  # a wider tab, shown
    qtbot.waitUntil(whole(window), timeout=8000)


def taylor_fits(window):
    """For waitUntil: the Taylor panel is no wider than its dock's view, and its plot and
    every control lie inside that view (no sideways scrolling to reach them)."""
    scroll = window.findChild(QtWidgets.QScrollArea, "taylorScroll")
    panel, view = window.taylor_panel, scroll.viewport()

    def check():
        assert not scroll.horizontalScrollBar().isVisible()
        assert panel.width() <= view.width()
        for widget in (panel.plot, panel.order_spin, panel.range_spin, panel.copy_button):
            rect = QtCore.QRect(widget.mapTo(view, QtCore.QPoint(0, 0)), widget.size())
            assert view.rect().contains(rect), f"{widget.objectName()} {rect} in {view.rect()}"

    return check


def test_at_1280_by_720_the_taylor_panel_fits_its_dock_and_its_plot_is_whole(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    qtbot.waitUntil(taylor_fits(window), timeout=8000)
    assert window.taylor_panel.plot.width() >= 200  # a plot, not a sliver


def test_at_1280_by_720_a_pinned_runs_long_label_leaves_every_plot_and_the_taylor_panel_whole(
    qtbot, make_window
):
    window = shown_at(qtbot, make_window, 1280, 720)
    qtbot.waitUntil(taylor_fits(window), timeout=8000)
    window.actions_by_name["pin"].trigger()
    window.set_config(window.config.with_(activation="tanh"))
    wait_for_frame(qtbot, window, lambda f: f.config.activation == "tanh")
    assert window.gradient_plot.legend.columnCount == 1  # its label no longer widens the plot
    qtbot.waitUntil(taylor_fits(window), timeout=8000)
    qtbot.waitUntil(whole(window), timeout=8000)


SCALED = """
import json, os, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {tests!r})
from gui.app import make_app
app = make_app()
from engine import LabConfig
from gui import MainWindow
from layout_checks import problems
w = MainWindow(LabConfig(depth=30, width=64, batch=16))
w.resize(1280, 720)  # logical pixels: a 1920×1080 screen at 150 %
w.show()
deadline, found = time.monotonic() + 90, ["no frame"]
while time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
    if w.last_frame is not None:
        found = problems(w)
        if not found:
            break
print(json.dumps({{"ratio": w.devicePixelRatioF(), "problems": found}}), flush=True)
w.shutdown()
os._exit(0)
"""


def test_at_1_5_times_scaling_every_plot_is_whole_and_shows_all_30_layers(tmp_path):
    script = tmp_path / "scaled.py"
    script.write_text(SCALED.format(root=str(ROOT), tests=str(Path(__file__).parent)))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5"}
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ratio"] == 1.5
    assert report["problems"] == []


# ----- presentation mode ----------------------------------------------------------------
def active(qtbot, widget) -> None:
    """Wait until `widget`'s window has the keyboard (activation arrives late)."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is widget)


def entered(qtbot, window):
    active(qtbot, window)
    press(qtbot, window, "F11")
    view = window.presentation
    qtbot.waitUntil(lambda: view.isVisible() and view.isFullScreen())
    active(qtbot, view)  # keys go there
    return view


def layers_drawn(view):
    xs = view.gradient_plot.grad_h.getData()[0]
    return () if xs is None else xs


def test_f11_enters_presentation_mode_and_escape_or_f11_leaves_it(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    assert view.gradient_plot.objectName() == "presentationGradientPlot"
    qtbot.waitUntil(lambda: len(layers_drawn(view)) == 30)  # every layer, large
    press(qtbot, view, "Esc")
    qtbot.waitUntil(lambda: not view.isVisible())
    view = entered(qtbot, window)
    press(qtbot, view, "F11")
    qtbot.waitUntil(lambda: not view.isVisible())


def test_n_and_shift_n_tour_the_scenarios_showing_each_ones_text(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    names = list(load_presets())
    for keys, expected in (("N", 0), ("N", 1), ("Shift+N", 0), ("Shift+N", -1)):
        press(qtbot, view, keys)
        preset = load_presets()[names[expected]]
        assert window.controls.preset_combo.currentData() == preset.name
        assert window.config == preset.config.with_(device=window.config.device)
        assert view.title.text() == preset.title
        assert view.preset_combo.currentData() == preset.name
        assert view.text.text().startswith(preset.see[:20])


def test_the_compact_bar_edits_the_labs_one_configuration(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    type_into(qtbot, view.depth_field, "17")
    assert window.config.depth == 17 and window.controls.depth_spin.value() == 17
    view.fp16_check.click()
    assert window.config.precision == "fp16" and window.controls.fp16_check.isChecked()
    window.controls.editors["init"].setCurrentIndex(
        window.controls.editors["init"].findData("orthogonal")
    )
    assert view.combos["init"].currentData() == "orthogonal"  # the bar follows the lab
    wait_for_frame(qtbot, window, lambda f: f.config.depth == 17)
    qtbot.waitUntil(lambda: len(layers_drawn(view)) == 17)


# ----- hover ----------------------------------------------------------------------------
def hover_at(plot, point: QtCore.QPoint) -> None:
    """The mouse moving over `point` of a plot, no button held (QTest's mouseMove only
    moves the cursor there)."""
    viewport = plot.viewport()
    local = QtCore.QPointF(point)
    event = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        local,
        QtCore.QPointF(viewport.mapToGlobal(point)),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(viewport, event)


def test_hovering_a_layer_shows_its_measured_and_theory_numbers(qtbot, make_window):
    from gui.hover import layer_position, number

    window = shown_at(qtbot, make_window, 1280, 720)
    qtbot.waitUntil(whole(window), timeout=8000)
    gradient, activation = window.hovers
    hover_at(window.gradient_plot, layer_position(gradient, 5))
    qtbot.waitUntil(lambda: gradient.layer == 5)
    frame = gradient.shown
    assert gradient.text.startswith("layer 5 of 30")
    assert f"RMS ∂ℓ/∂h  {number(math.sqrt(frame['grad_h_var'][4]))}" in gradient.text
    assert f"theory {number(math.sqrt(frame['grad_h_var_theory'][4]))}" in gradient.text
    assert f"‖∂ℓ/∂W‖  {number(frame['grad_w_norm'][4])}" in gradient.text
    assert gradient.box.isVisible()
    leave = QtCore.QEvent(QtCore.QEvent.Type.Leave)
    QtWidgets.QApplication.sendEvent(window.gradient_plot.viewport(), leave)
    hover_at(window.activation_plot, layer_position(activation, 12))
    qtbot.waitUntil(lambda: activation.layer == 12)
    assert f"Var[hᵗ]  {number(activation.shown['act_var'][11])}" in activation.text
    assert not gradient.box.isVisible()  # left its plot: hidden


def test_hover_numbers_name_zero_inf_and_nan():
    from gui.hover import number

    assert number(0.0) == "0 exactly"
    assert number(float("inf")) == "+inf" and number(float("-inf")) == "−inf"
    assert number(float("nan")) == "NaN"
    assert number(6.1e-5) == "6.1e-5"


# ----- the lesson (F1) --------------------------------------------------------------------
def test_every_lesson_point_names_scenarios_that_exist():
    from gui.help_dialog import LESSON

    presets = load_presets()
    assert len(LESSON) >= 8
    for point in LESSON:
        assert point.text and point.presets
        assert set(point.presets) <= set(presets), point.title


def test_f1_opens_the_lesson_and_its_button_loads_the_scenario(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    active(qtbot, window)
    press(qtbot, window, "F1")
    dialog = window.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    button = dialog.findChild(QtWidgets.QPushButton, "lesson1_exploding")
    assert button is not None and "Exploding" in button.text()
    window.controls.set_running(False)  # a scenario starts even a paused lab
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)
    preset = load_presets()["exploding"]
    assert window.config == preset.config.with_(device=window.config.device)
    assert window.controls.preset_combo.currentData() == "exploding"
    assert window.controls.run_button.isChecked()
    wait_for_frame(qtbot, window, lambda f: f.config.init == "std_normal")
    keys = dialog.findChild(QtWidgets.QLabel, "lessonKeys").text()
    assert "F11" in keys and "Shift+N" in keys
