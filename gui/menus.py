"""Menus and keyboard shortcuts of the main window, in one table-like place."""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

from engine import LabConfig
from engine.files import FileProblem
from engine.session import load_session, save_session

from .export_dialog import add_export_actions

SESSION_FILTER = "Stability Lab session (*.json)"


def _action(window, menu, text, slot, shortcut=None, tip="", checkable=False):
    action = QtGui.QAction(text, window)
    if shortcut:
        action.setShortcuts([QtGui.QKeySequence(s) for s in shortcut.split("|")])
    action.setStatusTip(tip or text)
    action.setToolTip(tip or text)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    window.actions_by_name = {}
    acts = window.actions_by_name
    acts["load_session"] = _action(
        window,
        file_menu,
        "&Open session…",
        lambda: open_session(window),
        "Ctrl+O",
        "Load a saved session (settings and display)",
    )
    acts["save_session"] = _action(
        window,
        file_menu,
        "&Save session…",
        lambda: save_session_as(window),
        "Ctrl+S",
        "Save the current settings as a session file",
    )
    file_menu.addSeparator()
    window.file_menu = file_menu
    window.export_anchor = file_menu.addSeparator()
    add_export_actions(window)
    _action(window, file_menu, "&Quit", window.close, "Ctrl+Q")

    run = bar.addMenu("&Run")
    acts["run"] = _action(
        window, run, "Run / pause", window.toggle_running, "Space|F5", "Run or pause the engine"
    )
    acts["step"] = _action(
        window, run, "Single step", window.controls.stepRequested.emit, "S", "One step while paused"
    )
    acts["reseed"] = _action(
        window, run, "Reseed", window.controls.reseed, "R", "New random weights (seed + 1)"
    )
    acts["next_preset"] = _action(
        window,
        run,
        "Next scenario",
        window.controls.next_preset,
        "N",
        "Apply the next lesson scenario",
    )
    run.addSeparator()
    acts["defaults"] = _action(
        window,
        run,
        "Reset settings to defaults",
        lambda: reset_defaults(window),
        "Ctrl+0",
        "Back to the healthy default: ReLU, He normal, depth 30",
    )

    view = bar.addMenu("&View")
    acts["dark"] = _action(
        window,
        view,
        "Dark theme",
        lambda on: window.apply_theme("dark" if on else "light"),
        "Ctrl+D",
        "Switch between light and dark plots",
        checkable=True,
    )
    view.addAction(window.controls_dock.toggleViewAction())
    taylor = window.taylor_dock.toggleViewAction()
    taylor.setShortcut(QtGui.QKeySequence("T"))
    view.addAction(taylor)
    sweep = window.sweep_dock.toggleViewAction()
    sweep.setShortcut(QtGui.QKeySequence("Ctrl+P"))
    view.addAction(sweep)

    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "Keyboard shortcuts", lambda: show_shortcuts(window), "F1")
    _action(window, help_menu, "About Stability Lab", lambda: show_about(window))


def reset_defaults(window) -> None:
    window.controls.preset_text.setText("")
    window.set_config(LabConfig())


def open_session(window, path: str | None = None) -> bool:
    if path is None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(window, "Open session", "", SESSION_FILTER)
        if not path:
            return False
    try:
        config, display = load_session(path)
    except FileProblem as exc:
        QtWidgets.QMessageBox.warning(window, "Cannot open session", str(exc))
        return False
    window.set_config(config)
    if "theme" in display:
        window.apply_theme(display["theme"])
        window.actions_by_name["dark"].setChecked(display["theme"] == "dark")
    if "sample_layer" in display:
        window.pick_layer(display["sample_layer"])
    window.status.showMessage(f"Opened session {path}", 5000)
    return True


def session_display(window) -> dict:
    return {"theme": window.theme.name, "sample_layer": int(window.gradient_plot.selected.value())}


def save_session_as(window, path: str | None = None) -> bool:
    if path is None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            window, "Save session", "session.json", SESSION_FILTER
        )
        if not path:
            return False
    try:
        save_session(path, window.config, session_display(window))
    except (OSError, FileProblem) as exc:
        QtWidgets.QMessageBox.warning(window, "Cannot save session", str(exc))
        return False
    window.status.showMessage(f"Saved session {path}", 5000)
    return True


SHORTCUTS = """<table>
<tr><td><b>Space</b> / F5</td><td>run / pause</td></tr>
<tr><td><b>S</b></td><td>single step (while paused)</td></tr>
<tr><td><b>R</b></td><td>reseed (new weights)</td></tr>
<tr><td><b>N</b></td><td>next lesson scenario</td></tr>
<tr><td><b>T</b></td><td>show / hide the Taylor panel</td></tr>
<tr><td><b>Ctrl+P</b></td><td>show / hide the phase-diagram sweep</td></tr>
<tr><td><b>Ctrl+D</b></td><td>dark theme</td></tr>
<tr><td><b>Ctrl+E</b></td><td>export a figure</td></tr>
<tr><td><b>Ctrl+Shift+E</b></td><td>export the data (CSV / JSON)</td></tr>
<tr><td><b>Ctrl+O / Ctrl+S</b></td><td>open / save a session</td></tr>
<tr><td><b>Ctrl+0</b></td><td>reset settings to defaults</td></tr>
</table>"""


def show_shortcuts(window) -> None:
    QtWidgets.QMessageBox.information(window, "Keyboard shortcuts", SHORTCUTS)


def show_about(window) -> None:
    QtWidgets.QMessageBox.about(
        window,
        "About Stability Lab",
        "<b>Stability Lab</b><br>Watch gradients vanish and explode in a deep MLP, and see "
        "why initialisation, activation, precision and stabilisers decide it.<br><br>"
        "Gradients are products: ∂ℓ/∂W<sup>t</sup> = ∂ℓ/∂h<sup>d</sup> · ∏ ∂h<sup>i+1</sup>/∂h<sup>i</sup>"
        " · ∂h<sup>t</sup>/∂W<sup>t</sup>. Keep every layer's variance constant: n·γ = 1.",
    )
