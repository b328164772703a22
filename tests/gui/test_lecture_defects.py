"""Defects a lecturer met: a preset chosen after a divergence stays paused; the probe's
objective is called a loss."""

from __future__ import annotations

from PySide6 import QtCore

from engine import LabConfig

from .conftest import wait_for_frame


def _choose(combo, name):
    """Pick a preset as a user does (the combo's `activated`, which only a user's choice
    emits)."""
    combo.setCurrentIndex(combo.findData(name))
    combo.activated.emit(combo.currentIndex())


def test_choosing_a_preset_after_a_divergence_starts_it(qtbot, make_window):
    window = make_window(LabConfig(depth=4, width=16, batch=8))
    window.show()
    combo = window.controls.preset_combo
    _choose(combo, "lr_too_high")
    # diverged: paused, and the window says so (at its next tick after the engine's word)
    qtbot.waitUntil(lambda: "diverged" in window.banner.text(), timeout=60000)
    assert not window.runner.running
    assert window.controls.run_button.text() == "Run"
    _choose(combo, "train_healthy")
    assert window.runner.running and window.controls.run_button.text() == "Pause"
    frame = wait_for_frame(
        qtbot, window, lambda f: f.config.mode == "train" and f.config.lr < 1, timeout=30000
    )
    assert frame.config == window.config


def test_the_status_bar_names_the_probe_objective_not_a_loss(qtbot, make_window):
    window = make_window(LabConfig(depth=4, width=16, batch=8))
    wait_for_frame(qtbot, window)
    label = window.statusBar().findChild(QtCore.QObject, "status_loss")
    qtbot.waitUntil(lambda: label.text().startswith("⟨g, h^d⟩"))
    assert "not a training loss" in label.toolTip()
    window.controls.editors["mode"].setCurrentIndex(
        window.controls.editors["mode"].findData("train")
    )
    wait_for_frame(qtbot, window, lambda f: f.config.mode == "train")
    qtbot.waitUntil(lambda: label.text().startswith("loss "))
