"""The window streams frames, follows every control and shuts down cleanly."""

import threading

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from engine import LabConfig
from gui.setting_widgets import NumberField

from .conftest import SMALL, type_into, wait_for_frame


def test_window_opens_streaming_the_healthy_default(qtbot, make_window):
    window = make_window(config=None)
    assert window.config == LabConfig()
    frame = wait_for_frame(qtbot, window)
    assert frame.config == LabConfig()
    with qtbot.waitSignal(window.frameShown, timeout=10000) as blocker:
        pass
    assert blocker.args[0].config == window.config


def _find(window, cls, name):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    return widget


def _set_combo(combo, data):
    combo.setCurrentIndex(combo.findData(data))


CONTROL_CASES = [
    ("depthSlider", QtWidgets.QSlider, lambda w: w.setValue(w.maximum() // 3), "depth", 10),
    ("depthSpin", NumberField, "7", "depth", 7),
    ("widthSpin", NumberField, "48", "width", 48),
    ("batchSpin", NumberField, "8", "batch", 8),
    ("activationCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "tanh"), "activation", "tanh"),
    ("initCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "orthogonal"), "init", "orthogonal"),
    ("fp16Check", QtWidgets.QCheckBox, lambda w: w.setChecked(True), "precision", "fp16"),
    ("precisionCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "bf16"), "precision", "bf16"),
    ("deviceCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "cpu"), "device", "cpu"),
    ("theoryCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "linear"), "theory", "linear"),
    ("residualCheck", QtWidgets.QCheckBox, lambda w: w.setChecked(True), "residual", True),
    ("normCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "layer"), "norm", "layer"),
    ("clipSpin", NumberField, "0.5", "clip", 0.5),
    ("modeCombo", QtWidgets.QComboBox, lambda w: _set_combo(w, "train"), "mode", "train"),
    ("seedSpin", NumberField, "5", "seed", 5),
]


@pytest.mark.parametrize(
    "name,cls,action,field,expected", CONTROL_CASES, ids=[c[0] for c in CONTROL_CASES]
)
def test_each_control_changes_the_config_of_frames_shown_afterwards(
    qtbot, make_window, name, cls, action, field, expected
):
    window = make_window()
    wait_for_frame(qtbot, window)
    widget = _find(window, cls, name)
    if isinstance(action, str):
        type_into(qtbot, widget, action)  # typed key by key, then Enter
    else:
        action(widget)
    frame = wait_for_frame(qtbot, window, lambda f: getattr(f.config, field) == expected)
    assert frame.config == window.config
    assert len(frame["layer"]) == window.config.depth


def test_preset_combo_applies_scenario_and_shows_what_to_see(qtbot, make_window):
    window = make_window()
    combo = _find(window, QtWidgets.QComboBox, "presetCombo")
    combo.setCurrentIndex(combo.findData("xavier_relu"))
    combo.activated.emit(combo.currentIndex())
    frame = wait_for_frame(qtbot, window, lambda f: f.config.init == "xavier_normal")
    assert frame.config.activation == "relu" and frame.config.depth == 30
    assert "halves" in window.controls.preset_text.text()


def test_sigmoid_at_depth_30_makes_bottom_gradients_vanish_within_seconds(qtbot, make_window):
    window = make_window(LabConfig(depth=30, width=128, batch=32))
    healthy = wait_for_frame(qtbot, window)
    gh = healthy["grad_h_var"]
    assert gh[0] / gh[-1] > 1e-3  # ReLU + He: bottom and top comparable
    _set_combo(_find(window, QtWidgets.QComboBox, "activationCombo"), "sigmoid")
    frame = wait_for_frame(qtbot, window, lambda f: f.config.activation == "sigmoid", 5000)
    bottom, top = np.sqrt(frame["grad_h_var"][:3]), np.sqrt(frame["grad_h_var"][-1])
    assert np.all(bottom < top / 1000)


def test_fp16_toggle_changes_precision_and_zero_counts(qtbot, make_window):
    window = make_window(
        LabConfig(activation="sigmoid", init="xavier_normal", depth=50, width=64, batch=16)
    )
    fp32 = wait_for_frame(qtbot, window)
    assert fp32.config.precision == "fp32" and fp32.zero_layers == 0
    _find(window, QtWidgets.QCheckBox, "fp16Check").setChecked(True)
    fp16 = wait_for_frame(qtbot, window, lambda f: f.config.precision == "fp16")
    assert fp16.zero_layers >= 10
    assert "zero: " in window.status.fields["faults"].text()
    assert f"{fp16.zero_layers}/50" in window.status.fields["faults"].text()


def test_fp16_overflow_is_counted_in_frames_and_status(qtbot, make_window):
    window = make_window(LabConfig(init="std_normal", depth=20, width=64, batch=16))
    fp32 = wait_for_frame(qtbot, window)
    assert fp32.nonfinite_layers == 0
    _find(window, QtWidgets.QCheckBox, "fp16Check").setChecked(True)
    fp16 = wait_for_frame(qtbot, window, lambda f: f.config.precision == "fp16")
    assert fp16.nonfinite_layers > 0


def test_zero_inf_and_nan_layers_appear_as_markers(qtbot, make_window):
    window = make_window(
        LabConfig(
            activation="sigmoid",
            init="xavier_normal",
            depth=50,
            width=64,
            batch=16,
            precision="fp16",
        )
    )
    frame = wait_for_frame(qtbot, window)
    markers = window.gradient_plot.markers
    zero_x = markers.zero.xData
    assert len(zero_x) >= 10 and window.gradient_plot.fault_counts["zero"] == len(zero_x)
    expected = set(frame["layer"][frame["grad_w_norm"] == 0].astype(int))
    assert expected <= set(zero_x.astype(int))
    window.set_config(LabConfig(init="std_normal", depth=20, width=64, batch=16, precision="fp16"))
    wait_for_frame(qtbot, window, lambda f: f.config.init == "std_normal")
    nan_x, nan_y = markers.nan.xData, markers.nan.yData
    assert nan_x is not None and len(nan_x) == frame_nan_layers(window.last_frame)
    assert np.all(np.isfinite(nan_y))  # drawn at a real position, not dropped


def frame_nan_layers(frame):
    gh, gw = frame["grad_h_var"], frame["grad_w_norm"]
    return int(np.sum(np.isnan(gh) | np.isnan(gw)))


def test_stale_frames_of_an_old_config_are_never_shown(qtbot, make_window):
    window = make_window()
    shown = []
    window.frameShown.connect(lambda f: shown.append((f.config, window.config)))
    for depth in (5, 9, 13, 17, 21):
        window.set_config(SMALL.with_(depth=depth))
        qtbot.wait(30)
    wait_for_frame(qtbot, window, lambda f: f.config.depth == 21)
    assert shown and all(frame_cfg == current for frame_cfg, current in shown)


def test_run_button_pauses_and_step_advances_one_frame(qtbot, make_window):
    window = make_window()
    wait_for_frame(qtbot, window)
    run = _find(window, QtWidgets.QPushButton, "runButton")
    run.setChecked(False)

    def settled() -> bool:  # passes still being measured may land after the pause
        seen = window.runner.steps_done()
        qtbot.wait(400)
        return window.runner.steps_done() == seen

    qtbot.waitUntil(settled, timeout=10000)  # a streaming engine never settles
    before = window.runner.steps_done()
    window.controls.step_button.click()
    qtbot.waitUntil(lambda: window.runner.steps_done() == before + 1, timeout=5000)


def test_engine_error_is_shown_and_the_engine_carries_on(qtbot, make_window):
    window = make_window()
    wait_for_frame(qtbot, window)
    window.set_config(LabConfig(depth=1000, width=4096, batch=4096))  # refused: memory
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=5000)
    assert "reduce depth, width or batch" in window.banner.text()
    window.set_config(SMALL.with_(depth=4))
    wait_for_frame(qtbot, window, lambda f: f.config.depth == 4)
    assert window.banner.isHidden()


def test_clicking_a_layer_picks_it_for_the_histogram(qtbot, make_window):
    window = make_window()
    wait_for_frame(qtbot, window)
    window.gradient_plot.layerPicked.emit(5)
    frame = wait_for_frame(qtbot, window, lambda f: f.sample_layer == 5)
    qtbot.waitUntil(lambda: "layer 5" in window.histogram_plot.summary, timeout=5000)
    assert frame.grad_sample.size > 0


def test_keyboard_shortcuts_reseed_and_next_preset(qtbot, make_window):
    window = make_window()
    wait_for_frame(qtbot, window)
    window.actions_by_name["reseed"].trigger()
    wait_for_frame(qtbot, window, lambda f: f.config.seed == 1)
    window.actions_by_name["next_preset"].trigger()
    assert window.controls.preset_combo.currentData() == "he_relu"
    assert window.actions_by_name["reseed"].shortcut().toString() == "R"


def test_closing_while_streaming_leaves_no_thread_running(qtbot, make_window):
    window = make_window(LabConfig(depth=200, width=128))
    qtbot.waitUntil(lambda: window.runner.steps_done() > 0, timeout=10000)
    window.close()
    qtbot.waitUntil(lambda: not window.runner.is_alive(), timeout=3000)
    assert not any(t.name == "stability-lab-engine" for t in threading.enumerate())


def test_the_remembered_settings_of_a_test_stay_in_its_own_folder(qtbot, tmp_path_factory):
    from gui import settings

    store = settings.settings_store().fileName()
    assert store.startswith(str(tmp_path_factory.getbasetemp())), store  # not ~/.config


def test_window_remembers_settings_between_launches(qtbot, make_window):
    from gui import settings

    settings.clear()
    first = make_window(config=None, remember=True)
    first.set_config(SMALL.with_(activation="tanh", depth=9))
    first.apply_theme("dark")
    first.close()
    assert settings.settings_store().value("theme") == "dark"  # saved at the close
    second = make_window(config=None, remember=True)
    assert second.config.activation == "tanh" and second.config.depth == 9
    assert second.theme.name == "dark", (settings.problem, settings.settings_store().allKeys())
    second.actions_by_name["defaults"].trigger()
    assert second.config == LabConfig()
    settings.clear()


def test_dark_theme_recolours_the_plots(qtbot, make_window):
    window = make_window()
    window.apply_theme("dark")
    colour = window.gradient_plot.backgroundBrush().color().name()
    assert colour == window.theme.background == "#1e1f22"
    assert QtCore.Qt.GlobalColor  # the window stays usable
