"""File > Export animation…: the dialog, its progress and Cancel, from the window.

The frames are made by `export --animate` in a child process (the window's process
stays free of torch), so each export here takes a few seconds of start-up.
"""

from __future__ import annotations

import io

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from engine import LabConfig
from gui.animation_dialog import AnimationDialog, running_job, start_animation

from .conftest import in_modal_dialog

TINY = LabConfig(depth=6, width=16, batch=8)
EXPORT = QtWidgets.QDialogButtonBox.StandardButton.Save


def _in_dialog(qtbot, act) -> list:
    """Run `act(dialog)` on the animation dialog once it is up; a failure closes it."""
    return in_modal_dialog(AnimationDialog, act)


def _type(qtbot, spin: QtWidgets.QSpinBox, value: int) -> None:
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


def test_the_file_menu_offers_export_animation_on_ctrl_shift_a(make_window):
    window = make_window(TINY)
    action = window.actions_by_name["export_animation"]
    assert action.text() == "Export &animation…"
    assert action.shortcut() == QtGui.QKeySequence("Ctrl+Shift+A")
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert action in file_menu.actions()


@pytest.mark.slow
def test_the_dialog_exports_a_gif_with_progress_while_the_window_runs(make_window, qtbot, tmp_path):
    from PIL import Image

    window = make_window(TINY)
    path = tmp_path / "ramp"

    def choose(dialog):
        save = dialog.buttons.button(EXPORT)
        assert not save.isEnabled()  # no file named yet
        assert "depth 1 → 6" in dialog.over_label.text()
        _type(qtbot, dialog.frames_spin, 9)
        assert "at most 6 frames" in dialog.problem_label.text() and not save.isEnabled()
        _type(qtbot, dialog.frames_spin, 3)
        _type(qtbot, dialog.steps_spin, 1)
        _type(qtbot, dialog.width_spin, 320)
        qtbot.keyClicks(dialog.path_edit, str(path))
        assert save.isEnabled(), dialog.problem_label.text()
        qtbot.mouseClick(save, QtCore.Qt.MouseButton.LeftButton)

    errors = _in_dialog(qtbot, choose)
    window.actions_by_name["export_animation"].trigger()
    assert not errors, errors
    job = running_job(window)
    assert job is not None and job.choices["path"] == f"{path}.gif"
    seen = []
    job.progressed.connect(lambda done, total, what: seen.append((done, total)))
    qtbot.waitUntil(lambda: running_job(window) is None, timeout=120_000)
    assert seen[-1] == (6, 6) and len(seen) == 6
    with Image.open(io.BytesIO((tmp_path / "ramp.gif").read_bytes())) as image:
        assert image.n_frames == 3 and image.size[0] == 320
    assert window.statusBar().currentMessage().startswith(f"Exported animation to {path}.gif")
    assert window.last_frame is not None  # the window's own engine ran on meanwhile


@pytest.mark.slow
def test_cancel_stops_the_export_and_leaves_no_file(make_window, qtbot, tmp_path):
    window = make_window(TINY)
    choices = {
        "plot_name": "dashboard", "path": str(tmp_path / "long.gif"), "frames": 30,
        "steps": 200, "fps": 8, "width_px": 640, "theme": "dark", "caption": True,
    }  # fmt: skip
    job = start_animation(window, TINY.with_(depth=30, width=64), choices)
    seen = []
    job.progressed.connect(lambda done, total, what: seen.append(done))
    qtbot.waitUntil(lambda: bool(seen), timeout=120_000)  # the frames are being made
    progress = job.progress_dialog
    assert progress.isVisible() and not progress.isModal()
    cancel = progress.findChild(QtWidgets.QPushButton)
    qtbot.mouseClick(cancel, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: running_job(window) is None, timeout=30_000)
    assert list(tmp_path.iterdir()) == []
    assert window.statusBar().currentMessage() == "Animation export cancelled: no file written"


@pytest.mark.slow
def test_closing_the_window_mid_export_stops_it_and_leaves_no_file(make_window, qtbot, tmp_path):
    window = make_window(TINY)
    choices = {
        "plot_name": "gradient", "path": str(tmp_path / "closed.gif"), "frames": 30,
        "steps": 50, "fps": 8, "width_px": 640, "theme": "light", "caption": False,
    }  # fmt: skip
    job = start_animation(window, TINY.with_(depth=30, width=64), choices)
    seen = []
    job.progressed.connect(lambda done, total, what: seen.append(done))
    qtbot.waitUntil(lambda: bool(seen), timeout=120_000)
    window.close()  # its shutdown waits for the command to clean up
    assert running_job(window) is None and not job.running()
    assert list(tmp_path.iterdir()) == []
