"""The window's menus and keyboard shortcuts, built from one table of commands.

`COMMANDS` says, per action, its menu, text, keys, tip and what it does; the menu bar
and the list of keys (Shift+F1, and the Keys tab of F1's lesson) are both made from it,
so neither can miss an action. The commands pass each export exactly the widgets, frame,
caption and theme it draws from.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

from PySide6 import QtGui, QtWidgets

from engine import LabConfig
from engine.words import QT_TRANSLATE_NOOP

from .animation_dialog import run_animation_dialog
from .export_dialog import run_copy_figure, run_export_data, run_export_dialog
from .help_dialog import show_lesson
from .language import live, localise, translate
from .pins import clear_pins, pin_current
from .presentation import step_preset, toggle_presentation
from .session_actions import open_session, save_session_as  # tests import them from here too
from .spectrum_wait import spectrum_ready

FILE = QT_TRANSLATE_NOOP("Menus", "&File")
RUN = QT_TRANSLATE_NOOP("Menus", "&Run")
VIEW = QT_TRANSLATE_NOOP("Menus", "&View")
HELP = QT_TRANSLATE_NOOP("Menus", "&Help")


@dataclasses.dataclass(frozen=True)
class Command:
    """One menu action. `run(window)` does it (`run(window, checked)` when checkable);
    `dock(window)` instead names a dock whose show/hide action Qt already keeps. Menu,
    text and tip are marked English (`QT_TRANSLATE_NOOP`); the window `localise`s them."""

    name: str
    menu: str
    text: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    run: Callable | None = None
    checkable: bool = False
    dock: Callable | None = None
    separator: bool = False  # a line above it in its menu


def _figures(window) -> dict[str, QtWidgets.QWidget]:
    return {**window.plots, "dashboard": window.dashboard}


def _report(window, message: str | None) -> None:
    if message:
        window.statusBar().showMessage(message, 5000)


def export_figure(window, plot_name: str | None = None) -> None:
    """File → Export figure… (also a plot's right-click menu, with that plot chosen)."""
    caption, theme = window.state.config.label(), window.theme.name

    def ready(name: str) -> bool:
        return name != "spectrum" or spectrum_ready(window)

    figures, frame = _figures(window), window.last_frame
    _report(window, run_export_dialog(window, figures, caption, theme, frame, ready, plot_name))


def _copy_figure(window) -> None:
    caption, theme = window.state.config.label(), window.theme.name
    _report(window, run_copy_figure(window, _figures(window), caption, theme, window.last_frame))


def _export_data(window) -> None:
    heatmap, training = window.heatmap_plot, window.training_plot
    _report(window, run_export_data(window, window.last_frame, heatmap, training))


def _export_animation(window) -> None:
    _report(window, run_animation_dialog(window, window.state.config, window.theme.name))


def _set_dark(window, on: bool) -> None:
    window.apply_theme("dark" if on else "light")


COMMANDS = (
    Command(
        "load_session",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "&Open session…"),
        ("Ctrl+O",),
        QT_TRANSLATE_NOOP("Menus", "Load a saved session (settings and display)"),
        lambda w: open_session(w),
    ),
    Command(
        "save_session",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "&Save session…"),
        ("Ctrl+S",),
        QT_TRANSLATE_NOOP("Menus", "Save the current settings as a session file"),
        lambda w: save_session_as(w),
    ),
    Command(
        "export_figure",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "&Export figure…"),
        ("Ctrl+E",),
        QT_TRANSLATE_NOOP("Menus", "Export a plot or the dashboard as PNG, SVG or PDF for slides"),
        export_figure,
        separator=True,
    ),
    Command(
        "copy_figure",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "&Copy figure to clipboard"),
        ("Ctrl+Shift+C",),
        QT_TRANSLATE_NOOP(
            "Menus", "Copy the plot under the mouse (else the dashboard) as an image"
        ),
        _copy_figure,
    ),
    Command(
        "export_data",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "Export &data…"),
        ("Ctrl+Shift+E",),
        QT_TRANSLATE_NOOP("Menus", "Write the per-layer table (CSV) or table and histories (JSON)"),
        _export_data,
    ),
    Command(
        "export_animation",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "Export &animation…"),
        ("Ctrl+Shift+A",),
        QT_TRANSLATE_NOOP(
            "Menus",
            "Write a plot moving over the training steps or a depth ramp (GIF, or MP4 with ffmpeg)",
        ),
        _export_animation,
    ),
    Command(
        "quit",
        FILE,
        QT_TRANSLATE_NOOP("Menus", "&Quit"),
        ("Ctrl+Q",),
        QT_TRANSLATE_NOOP("Menus", "Close the lab"),
        lambda w: w.close(),
        separator=True,
    ),
    Command(
        "run",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Run / pause"),
        ("Space", "F5"),
        QT_TRANSLATE_NOOP("Menus", "Run or pause the engine"),
        lambda w: w.toggle_running(),
    ),
    Command(
        "step",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Single step"),
        ("S",),
        QT_TRANSLATE_NOOP("Menus", "One step while paused"),
        lambda w: w.controls.stepRequested.emit(),
    ),
    Command(
        "reseed",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Reseed"),
        ("R",),
        QT_TRANSLATE_NOOP("Menus", "New random weights (seed + 1)"),
        lambda w: w.controls.reseed(),
    ),
    Command(
        "fp16",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Toggle fp16"),
        ("F",),
        QT_TRANSLATE_NOOP("Menus", "Switch between fp16 and fp32 (the fp16 check box)"),
        lambda w: w.controls.fp16_check.click(),
    ),
    Command(
        "next_preset",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Next scenario"),
        ("N",),
        QT_TRANSLATE_NOOP("Menus", "Apply the next lesson scenario"),
        lambda w: w.controls.next_preset(),
    ),
    Command(
        "previous_preset",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Previous scenario"),
        ("Shift+N",),
        QT_TRANSLATE_NOOP("Menus", "Apply the previous lesson scenario"),
        lambda w: step_preset(w, -1),
    ),
    Command(
        "pin",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Pin this run"),
        ("P",),
        QT_TRANSLATE_NOOP(
            "Menus",
            "Keep this run's curves as labelled ghost lines while settings change (up to 6)",
        ),
        lambda w: pin_current(w),
        separator=True,
    ),
    Command(
        "clear_pins",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Clear pins"),
        (),
        QT_TRANSLATE_NOOP("Menus", "Remove every pinned run"),
        lambda w: clear_pins(w),
    ),
    Command(
        "defaults",
        RUN,
        QT_TRANSLATE_NOOP("Menus", "Reset settings to defaults"),
        ("Ctrl+0",),
        QT_TRANSLATE_NOOP("Menus", "Back to the healthy default: ReLU, He normal, depth 30"),
        lambda w: reset_defaults(w),
        separator=True,
    ),
    Command(
        "dark",
        VIEW,
        QT_TRANSLATE_NOOP("Menus", "Dark theme"),
        ("Ctrl+D",),
        QT_TRANSLATE_NOOP("Menus", "Switch between light and dark plots"),
        _set_dark,
        checkable=True,
    ),
    Command(
        "compare",
        VIEW,
        QT_TRANSLATE_NOOP("Menus", "Side by side (A | B)"),
        ("Ctrl+B",),
        QT_TRANSLATE_NOOP("Menus", "The live run and a pinned one side by side, on locked axes"),
        lambda w: open_compare_view(w),
    ),
    Command(
        "presentation",
        VIEW,
        QT_TRANSLATE_NOOP("Menus", "Presentation mode"),
        ("F11",),
        QT_TRANSLATE_NOOP(
            "Menus",
            "Full screen for a room: two large plots, a compact bar, N / Shift+N tour; Esc leaves",
        ),
        lambda w: toggle_presentation(w),
    ),
    Command(
        "controls_dock",
        VIEW,
        "",
        (),
        QT_TRANSLATE_NOOP("Menus", "Show or hide the settings panel"),
        dock=lambda w: w.controls_dock,
    ),
    Command(
        "taylor_dock",
        VIEW,
        "",
        ("T",),
        QT_TRANSLATE_NOOP("Menus", "Show or hide the Taylor panel"),
        dock=lambda w: w.taylor_dock,
    ),
    Command(
        "sweep_dock",
        VIEW,
        "",
        ("Ctrl+P",),
        QT_TRANSLATE_NOOP("Menus", "Show or hide the phase-diagram sweep"),
        dock=lambda w: w.sweep_dock,
    ),
    Command(
        "lesson",
        HELP,
        QT_TRANSLATE_NOOP("Menus", "Lesson"),
        ("F1",),
        QT_TRANSLATE_NOOP(
            "Menus", "The lesson in short, each point with the scenarios that show it"
        ),
        lambda w: show_lesson(w, shortcuts_html),
    ),
    Command(
        "shortcuts",
        HELP,
        QT_TRANSLATE_NOOP("Menus", "Keyboard shortcuts"),
        ("Shift+F1",),
        QT_TRANSLATE_NOOP("Menus", "This list of keys"),
        lambda w: show_shortcuts(w),
    ),
    Command(
        "about",
        HELP,
        QT_TRANSLATE_NOOP("Menus", "About Stability Lab"),
        (),
        QT_TRANSLATE_NOOP("Menus", "What the lab shows, and why"),
        lambda w: show_about(w),
    ),
)


def build_menus(window, commands=COMMANDS) -> dict[str, QtGui.QAction]:
    """Fill the window's menu bar from `commands`; return the actions by name. Titles,
    texts and tips follow a language switch."""
    bar = window.menuBar()
    menus: dict[str, QtWidgets.QMenu] = {}
    actions = {}
    for command in commands:
        if command.menu not in menus:
            menus[command.menu] = menu = bar.addMenu("")
            live(menu, "setTitle", lambda title=command.menu: localise(title))
        menu = menus[command.menu]
        if command.separator:
            menu.addSeparator()
        actions[command.name] = action = _action(window, command)
        menu.addAction(action)
    if VIEW in menus:
        from .language_menu import install_language_menu

        menus[VIEW].addSeparator()
        install_language_menu(window, menus[VIEW])
    window.actions_by_name = actions
    return actions


def _action(window, command: Command) -> QtGui.QAction:
    if command.dock is not None:
        action = command.dock(window).toggleViewAction()  # its text follows the dock title
    else:
        action = QtGui.QAction("", window)
        live(action, "setText", lambda: localise(command.text))
        action.setCheckable(command.checkable)
        run = command.run
        if command.checkable:
            action.triggered.connect(lambda checked=False: run(window, checked))
        else:
            action.triggered.connect(lambda _checked=False: run(window))
    action.setShortcuts([QtGui.QKeySequence(k) for k in command.shortcuts])
    tip = command.tip or command.text
    live(action, "setStatusTip", lambda: localise(tip))
    live(action, "setToolTip", lambda: localise(tip))
    return action


def key_text(shortcut: str) -> str:
    """A shortcut as this platform writes it (Ctrl+E, or ⌘E on a Mac)."""
    return QtGui.QKeySequence(shortcut).toString(QtGui.QKeySequence.SequenceFormat.NativeText)


def shortcuts_html(commands=COMMANDS) -> str:
    """The list of keys: every command that has keys, in menu order."""
    rows = []
    for command in commands:
        if command.shortcuts:
            keys = " / ".join(f"<b>{html.escape(key_text(k))}</b>" for k in command.shortcuts)
            tip = html.escape(localise(command.tip))
            rows.append(f"<tr><td>{keys}</td><td>{tip}</td></tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def reset_defaults(window) -> None:
    window.set_config(LabConfig())


def open_compare_view(window) -> None:
    from .compare_view import show_compare_view  # built on first use

    show_compare_view(window)


def show_shortcuts(window) -> None:
    QtWidgets.QMessageBox.information(
        window, translate("Menus", "Keyboard shortcuts"), shortcuts_html()
    )


def show_about(window) -> None:
    QtWidgets.QMessageBox.about(
        window,
        translate("Menus", "About Stability Lab"),
        translate(
            "Menus",
            "<b>Stability Lab</b><br>Watch gradients vanish and explode in a deep MLP, and see "
            "why initialisation, activation, precision and stabilisers decide it.<br><br>"
            "Gradients are products: ∂ℓ/∂W<sup>t</sup> = ∂ℓ/∂h<sup>d</sup> · ∏ ∂h<sup>i+1</sup>/∂h<sup>i</sup>"
            " · ∂h<sup>t</sup>/∂W<sup>t</sup>. Keep every layer's variance constant: n·γ = 1.",
        ),
    )
