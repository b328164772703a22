"""The stabiliser, training and sweep controls drive the engine from the window."""

import numpy as np
from PySide6 import QtWidgets

from engine import INITS, LabConfig
from gui.setting_widgets import NumberField

from .conftest import type_into, wait_for_frame


def test_residual_check_rescues_the_vanishing_gradient_on_screen(qtbot, make_window):
    window = make_window(
        LabConfig(activation="sigmoid", init="xavier_normal", depth=30, width=64, batch=16)
    )
    plain = wait_for_frame(qtbot, window)
    g = np.sqrt(plain["grad_h_var"])
    assert g[0] / g[-1] < 1e-10
    window.findChild(QtWidgets.QCheckBox, "residualCheck").setChecked(True)
    frame = wait_for_frame(qtbot, window, lambda f: f.config.residual)
    g = np.sqrt(frame["grad_h_var"])
    assert 1e-3 < g[0] / g[-1] < 1e3
    assert window.controls.residual_scale.isEnabled()
    assert "residual connection" in window.gradient_plot.note_text()


def test_clip_spin_shows_norm_before_and_after_in_the_status_bar(qtbot, make_window):
    window = make_window(LabConfig(init="std_normal", depth=8, width=32, batch=8))
    wait_for_frame(qtbot, window)
    type_into(qtbot, window.findChild(NumberField, "clipSpin"), "1")
    frame = wait_for_frame(qtbot, window, lambda f: f.config.clip == 1.0)
    assert frame.grad_norm_after == 1.0 < frame.grad_norm_before
    qtbot.waitUntil(lambda: "→ 1" in window.status.fields["norm"].text(), timeout=5000)


def test_training_mode_shows_loss_and_update_ratios(qtbot, make_window):
    window = make_window(LabConfig(depth=6, width=32, batch=32))
    window.findChild(QtWidgets.QComboBox, "modeCombo").setCurrentIndex(1)
    wait_for_frame(qtbot, window, lambda f: f.config.mode == "train" and f.step > 5)
    assert window.bottom_tabs.currentWidget() is window.training_plot
    steps, losses = window.training_plot.history()
    assert len(steps) >= 1 and np.all(np.isfinite(losses))
    ratio = window.training_plot.ratio.yData
    assert ratio is not None and len(ratio) == 6


def test_learning_rate_slider_is_logarithmic_and_changes_the_run(qtbot, make_window):
    window = make_window(LabConfig(depth=4, width=16, batch=8, mode="train"))
    slider = window.controls.lr_slider
    slider.slider.setValue(slider.slider.maximum())
    frame = wait_for_frame(qtbot, window, lambda f: f.config.lr == 10.0)
    assert frame.config.mode == "train"
    slider.slider.setValue(0)
    wait_for_frame(qtbot, window, lambda f: f.config.lr == 1e-6)  # as low as --lr goes
    assert slider.field.text_shown() == "1e-06"


def test_divergence_pauses_the_run_with_a_message(qtbot, make_window):
    window = make_window(LabConfig(depth=10, width=64, batch=64, mode="train", lr=5.0))
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=15000)
    assert "diverged" in window.banner.text()
    assert not window.runner.running
    assert window.controls.run_button.text() == "Run"


def test_sweep_panel_fills_the_phase_diagram_and_can_be_cancelled(qtbot, make_window):
    window = make_window(LabConfig(depth=4, width=16, batch=8), running=False)
    panel = window.sweep_panel
    panel.depths_edit.setText("2, 10")
    with qtbot.waitSignal(panel.finished, timeout=30000) as done:
        assert panel.start()
    result = done.args[0]
    assert result.grid.shape == (len(INITS), 2) and result.computed().all()
    assert result.healthy[list(result.values).index("he_normal")].all()
    assert not result.healthy[list(result.values).index("small_normal"), 1]
    assert panel.progress_bar.value() == panel.progress_bar.maximum() == 2 * len(INITS)
    panel.depths_edit.setText("2, 5, 10, 20, 50, 100, 200")
    assert panel.start()
    panel.cancel()
    assert panel.worker is None or not panel.worker.is_alive()
    assert panel.run_button.isEnabled()


def test_sweep_panel_names_bad_depths(qtbot, make_window):
    window = make_window(running=False)
    window.sweep_panel.depths_edit.setText("2, deep")
    assert not window.sweep_panel.start()
    assert "depths" in window.sweep_panel.status.text()
