"""Pinned runs: P pins the shown run, its ghost lines and legend entry stay while
settings change, six at most, renamed and removed from the list, kept in sessions and
in exported figures; the A | B view shows two runs on locked axes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from engine.pinned import MAX_PINS
from engine.session import save_session
from gui.export import figure_image
from gui.menus import open_session, save_session_as
from gui.theme import LIGHT, pin_colour

from .conftest import SMALL, wait_for_frame


def press(qtbot, widget, keys: str) -> None:
    combo = QtGui.QKeySequence(keys)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


@pytest.fixture
def window(qtbot, make_window):
    win = make_window(SMALL)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitActive(win)
    wait_for_frame(qtbot, win)
    return win


def change(qtbot, window, **settings):
    window.state.update(**settings)
    return wait_for_frame(qtbot, window, lambda f: f.config == window.config)


def test_p_key_pins_the_run_and_its_ghost_line_stays_labelled_after_a_change(window, qtbot):
    press(qtbot, window, "P")
    assert len(window.pins.pins) == 1
    label = window.pins.pins[0].label
    assert label == "ReLU · He normal · d12"
    ghosts = window.gradient_plot.ghosts
    assert ghosts.labels() == [f"pinned: {label}"]
    change(qtbot, window, activation="tanh", init="xavier_normal", depth=16)
    assert ghosts.labels() == [f"pinned: {label}"]  # still there, still labelled
    item, _curve = ghosts.items[window.pins.pins[0].key][0]
    x, y = item.getData()
    assert len(x) == 12 and np.isfinite(y).all()
    assert window.activation_plot.ghosts.labels() == [f"pinned: {label}"]
    # the view keeps the pinned layers and the live ones in sight
    assert window.gradient_plot.plot_item.vb.viewRange()[0][1] >= 16


def test_p_typed_into_a_number_field_is_text_not_a_pin(window, qtbot):
    field = window.controls.editors["gain"]
    field.setFocus()
    qtbot.keyClick(field.lineEdit(), QtCore.Qt.Key.Key_P)
    assert window.pins.pins == []


def test_the_seventh_pin_is_refused_with_a_message(window, qtbot):
    for seed in range(MAX_PINS):
        change(qtbot, window, seed=seed)
        qtbot.mouseClick(window.controls.pin_button, QtCore.Qt.MouseButton.LeftButton)
    assert len(window.pins.pins) == MAX_PINS
    labels = [pin.label for pin in window.pins.pins]
    assert len(set(labels)) == MAX_PINS  # reseeded runs get distinct names
    press(qtbot, window, "P")
    assert len(window.pins.pins) == MAX_PINS
    assert f"At most {MAX_PINS} pins" in window.statusBar().currentMessage()
    colours = {pin_colour(LIGHT, pin.slot) for pin in window.pins.pins}
    assert len(colours) == MAX_PINS and not colours & {LIGHT.measured, LIGHT.weight}


def test_a_pin_is_renamed_in_the_list_and_removed_with_delete(window, qtbot):
    press(qtbot, window, "P")
    pin_list = window.pin_list.list
    assert window.pin_list.isVisibleTo(window)
    item = pin_list.item(0)
    item.setText("sigmoid, before the fix")  # what finishing an inline edit does
    assert window.pins.pins[0].label == "sigmoid, before the fix"
    assert window.gradient_plot.ghosts.labels() == ["pinned: sigmoid, before the fix"]
    item.setText("   ")  # an empty name is refused and the old one kept
    assert window.pins.pins[0].label == "sigmoid, before the fix"
    assert pin_list.item(0).text() == "sigmoid, before the fix"
    assert "empty" in window.statusBar().currentMessage()
    pin_list.setFocus()
    pin_list.setCurrentRow(0)
    qtbot.keyClick(pin_list, QtCore.Qt.Key.Key_Delete)
    assert window.pins.pins == []
    assert window.gradient_plot.ghosts.labels() == []
    assert not window.pin_list.isVisibleTo(window)


def test_pins_survive_a_session_round_trip_and_a_bad_pin_is_skipped(window, qtbot, tmp_path):
    press(qtbot, window, "P")
    window.pins.rename(window.pins.pins[0].key, "baseline")
    change(qtbot, window, activation="sigmoid")
    press(qtbot, window, "P")
    path = tmp_path / "pins.json"
    assert save_session_as(window, str(path))
    saved = [pin.run for pin in window.pins.pins]
    window.pins.clear()
    assert open_session(window, str(path))
    loaded = [pin.run for pin in window.pins.pins]
    assert [r.label for r in loaded] == [r.label for r in saved]
    np.testing.assert_allclose(
        loaded[0].columns["grad_h_var"], saved[0].columns["grad_h_var"], rtol=1e-4
    )
    assert window.gradient_plot.ghosts.labels() == [f"pinned: {r.label}" for r in saved]
    data = json.loads(path.read_text())
    data["pins"][1]["columns"]["act_var"] = [1.0]  # wrong length
    path.write_text(json.dumps(data))
    window.pins.clear()
    assert open_session(window, str(path))
    assert [pin.label for pin in window.pins.pins] == ["baseline"]
    message = window.statusBar().currentMessage()
    assert "1 pin(s) not loaded" in message and "act_var" in message
    save_session(tmp_path / "old.json", window.config)  # a session from before pins
    assert open_session(window, str(tmp_path / "old.json"))
    assert [pin.label for pin in window.pins.pins] == ["baseline"]  # left as they were


def test_an_exported_gradient_plot_carries_the_pin_in_its_colour(window, qtbot):
    press(qtbot, window, "P")
    change(qtbot, window, depth=8)
    colour = QtGui.QColor(pin_colour(LIGHT, window.pins.pins[0].slot))
    image = figure_image(window.gradient_plot, 800, "light")
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)
    target = np.array([colour.red(), colour.green(), colour.blue()])
    close = np.abs(pixels[..., :3].astype(int) - target).sum(axis=-1) < 40
    assert close.sum() > 200  # the ghost line and its legend sample


def test_side_by_side_view_shows_live_and_pin_on_linked_axes(window, qtbot):
    press(qtbot, window, "Ctrl+B")  # without a pin: a message, no view
    assert getattr(window, "compare_view", None) is None
    assert "Pin a run first" in window.statusBar().currentMessage()
    press(qtbot, window, "P")
    change(qtbot, window, activation="sigmoid", init="xavier_normal")
    press(qtbot, window, "Ctrl+B")
    view = window.compare_view
    qtbot.waitExposed(view)
    a, b = view.sides
    assert "pinned" in b.title.text() and "ReLU" in b.title.text()
    qtbot.waitUntil(lambda: a.gradient.grad_h.getData()[0] is not None)
    vb_a, vb_b = a.gradient.plot_item.vb, b.gradient.plot_item.vb
    np.testing.assert_allclose(vb_a.viewRange(), vb_b.viewRange())
    vb_b.setYRange(-3, 1, padding=0)  # zoom one side with the mouse: the other follows
    vb_b.sigRangeChangedManually.emit([False, True])
    np.testing.assert_allclose(vb_a.viewRange()[1], [-3, 1])
    view.swap()
    assert view.a_combo.currentText().startswith("Pin:") and view.b_combo.currentText() == (
        "Live run"
    )
    window.pins.clear()  # its pin removed: both sides fall back to the live run
    assert view.a_combo.currentText() == "Live run"
    view.close()


def test_pin_list_and_pins_follow_the_dark_theme(window):
    window.pins.add(_run(window))
    window.apply_theme("dark")
    ghosts = window.gradient_plot.ghosts
    key = window.pins.pins[0].key
    assert ghosts.colour(key) != pin_colour(LIGHT, 0)
    window.apply_theme("light")
    assert ghosts.colour(key) == pin_colour(LIGHT, 0)


def _run(window):
    from engine.pinned import pin_frame

    return pin_frame(window.last_frame)


def test_window_menus_name_the_pin_and_compare_keys(window):
    keys = {a.shortcut().toString(): a.text() for a in window.findChildren(QtGui.QAction)}
    assert keys["P"] == "Pin this run"
    assert keys["Ctrl+B"] == "Side by side (A | B)"
    assert isinstance(window.findChild(QtWidgets.QPushButton, "pinButton"), QtWidgets.QPushButton)


def test_a_pin_keeps_the_spectrum_curves_only_when_its_spectrum_was_measured(window, qtbot):
    press(qtbot, window, "P")  # the spectrum tab not opened yet: no spectrum to keep
    spectrum = window.spectrum_plot
    window.bottom_tabs.setCurrentWidget(spectrum)
    qtbot.waitUntil(
        lambda: spectrum.spectrum is not None and spectrum.spectrum.config == window.config,
        timeout=20000,
    )
    window.pins.rename(window.pins.pins[0].key, "first")
    press(qtbot, window, "P")
    second = window.pins.pins[1]
    assert second.run.spectrum is not None and window.pins.pins[0].run.spectrum is None
    assert spectrum.ghosts.labels() == [f"pinned: {second.label}"]
    item, _curve = spectrum.ghosts.items[second.key][0]
    x, _y = item.getData()
    assert len(x) == SMALL.depth  # one RMS value per t = 0 … d−1


def test_a_pinned_streaming_spectrum_draws_its_ghost_only_at_the_measured_t(qtbot):
    """A spectrum taken while streaming measures some t only (NaN elsewhere): the ghost
    joins those, with no gaps where nothing was measured."""
    import pyqtgraph as pg

    from engine.pinned import FRAME_COLUMNS, PinnedRun
    from gui.pin_ghosts import spectrum_curves

    depth = 6
    logs = np.full(depth, np.nan)
    logs[[0, 2, 5]] = [-1.0, -0.5, 0.0]
    run = PinnedRun(
        "streamed",
        SMALL.with_(depth=depth),
        1,
        {name: np.ones(depth) for name in FRAME_COLUMNS},
        spectrum={"sv_rms": logs, "sv_max": logs + 1, "sv_min": logs - 1},
    )
    curves = spectrum_curves(pg.PlotItem())(run)
    for curve in curves:
        assert curve.x.tolist() == [0.0, 2.0, 5.0]
        assert np.isfinite(curve.y).all()
    assert np.allclose(curves[0].y, [0.1, 10**-0.5, 1.0])
