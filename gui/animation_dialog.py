"""File > Export animation…: choices in a small dialog, frames made by a child process.

An animation needs dozens of engine runs (a depth ramp, or a training run from its
first step), and the window's process must stay free of torch. Rather than teach the
engine's process to paint, the window runs the command line itself —
`python main.py export --animate` with the window's settings as a session file — as a
QProcess: the same code, the same file as from a terminal, no second renderer to keep
in step. Its `[k/n] …` progress lines on stderr drive a progress dialog; Cancel stops
the process with SIGTERM, and as the command writes its file only when every frame is
done (atomically), a cancelled export leaves no file. The window keeps running
meanwhile (the progress dialog is not modal).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import weakref
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from engine import LabConfig, animation
from engine.animation import AnimationProblem, plan_animation
from engine.figures import MAX_WIDTH, MIN_WIDTH, THEME_LABELS, WINDOW_THEMES
from engine.files import FileProblem, check_writable
from engine.session import save_session
from engine.video import MP4_INSTALL, mp4_encoder
from engine.words import QT_TRANSLATE_NOOP

from . import language
from .export_dialog import FIGURES, error_text
from .language import live, localise, on_change, translate
from .window_theme import set_tone

ROOT = Path(__file__).resolve().parent.parent  # where `cli` and `engine` live
LAUNCH = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from cli import main; sys.exit(main())"
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (.*)$")
ERROR_PREFIX = re.compile(r"^stability-lab: (error: )?")
GRACE_MS = 5000  # after Cancel, how long the command may take to clean up before a kill
FORMATS = {
    ".gif": QT_TRANSLATE_NOOP("AnimationDialog", "GIF (loops in any slide program)"),
    ".mp4": QT_TRANSLATE_NOOP("AnimationDialog", "MP4 video (H.264)"),
}
FIELDS = {  # engine.animation.AnimationProblem.field -> the box to change
    "plot": QT_TRANSLATE_NOOP("AnimationDialog", "Plot"),
    "fps": QT_TRANSLATE_NOOP("AnimationDialog", "Fps"),
    "frames": QT_TRANSLATE_NOOP("AnimationDialog", "Frames"),
    "steps": QT_TRANSLATE_NOOP("AnimationDialog", "Steps"),
    "depth": QT_TRANSLATE_NOOP("AnimationDialog", "Depth"),
}
# The command's English progress lines (gui/animation.py), as the window says them.
PROGRESS_WORDS = (
    (
        re.compile(r"^computed step (?P<step>\d+) of (?P<steps>\d+)$"),
        QT_TRANSLATE_NOOP("AnimationDialog", "Computed step {step} of {steps}"),
    ),
    (
        re.compile(r"^computed depth (?P<depth>\d+) of (?P<last>\d+)$"),
        QT_TRANSLATE_NOOP("AnimationDialog", "Computed depth {depth} of {last}"),
    ),
    (
        re.compile(r"^painted frame (?P<frame>\d+) of (?P<frames>\d+)$"),
        QT_TRANSLATE_NOOP("AnimationDialog", "Painted frame {frame} of {frames}"),
    ),
)
WROTE = re.compile(r"^wrote (.+) \((\d+) frames, (\d+×\d+) px, ([^)]*)\)$")
_DIALOGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per window
_JOBS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # the running one per window


def progress_text(what: str) -> str:
    """The command's progress line `what` in the window's language, capitalised."""
    for pattern, template in PROGRESS_WORDS:
        match = pattern.match(what)
        if match:
            return localise(template).format(**match.groupdict())
    return what[:1].upper() + what[1:]


def wrote_text(said: str, path: str) -> str:
    """The command's last line, `wrote FILE (…)`, as the window's status says it."""
    match = WROTE.match(said)
    if match:
        template = translate(
            "AnimationDialog", "Exported animation to {path} ({frames} frames, {size} px, {bytes})"
        )
        return template.format(path=match[1], frames=match[2], size=match[3], bytes=match[4])
    if said.startswith("wrote "):
        return translate("AnimationDialog", "Exported animation to {path}").format(path=said[6:])
    return translate("AnimationDialog", "Exported animation to {path}").format(path=path)


def command_arguments(session: str, choices: dict) -> list[str]:
    """The `export --animate` command line for `choices` (see `AnimationDialog.values`),
    in the window's language (its captions; the command's messages stay English)."""
    args = ["export", "--config", session, "--plot", choices["plot_name"]]
    if language.current() != language.DEFAULT:
        args += ["--lang", language.current()]
    args += ["--animate", choices["path"], "--frames", str(choices["frames"])]
    args += ["--steps", str(choices["steps"]), "--fps", str(choices["fps"])]
    args += ["--width-px", str(choices["width_px"]), "--theme", choices["theme"]]
    return args + ([] if choices["caption"] else ["--no-caption"])


class AnimationJob(QtCore.QObject):
    """One `export --animate` child process: its progress, its end, its cancelling."""

    progressed = QtCore.Signal(int, int, str)  # done, total, what was done
    finished = QtCore.Signal(bool, str)  # written?, the line to show

    def __init__(self, config: LabConfig, choices: dict, parent=None):
        super().__init__(parent)
        self.choices = choices
        self.cancelled = False
        self._folder = tempfile.mkdtemp(prefix="stability-lab-animation-")
        session = str(Path(self._folder) / "session.json")
        save_session(session, config)
        self.process = QtCore.QProcess(self)
        self.process.setProgram(sys.executable)
        self.process.setArguments(["-c", LAUNCH, *command_arguments(session, choices)])
        self.process.setProcessChannelMode(QtCore.QProcess.ProcessChannelMode.SeparateChannels)
        self.process.readyReadStandardError.connect(self._on_output)
        self.process.finished.connect(self._on_finished)
        self.process.errorOccurred.connect(self._on_error)
        self._pending, self._said, self._done = "", "", False
        app = QtCore.QCoreApplication.instance()
        app.aboutToQuit.connect(self.stop_now)

    def start(self) -> None:
        self.process.start()

    def running(self) -> bool:
        return self.process.state() != QtCore.QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop the command; it removes what it had staged, so no file appears."""
        if not self.running():
            return
        self.cancelled = True
        self.process.terminate()
        QtCore.QTimer.singleShot(GRACE_MS, self._kill_if_running)

    def _kill_if_running(self) -> None:
        if self.running():
            self.process.kill()

    def stop_now(self) -> None:
        if self.running():
            self.cancel()
            self.process.waitForFinished(GRACE_MS)

    def _on_output(self) -> None:
        text = self._pending + bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        *lines, self._pending = text.replace("\r", "\n").split("\n")
        for line in lines:
            match = PROGRESS.match(line.strip())
            if match:
                self.progressed.emit(int(match[1]), int(match[2]), match[3])
            elif line.strip():
                self._said = ERROR_PREFIX.sub("", line.strip())

    def _on_error(self, error) -> None:
        if error == QtCore.QProcess.ProcessError.FailedToStart:
            why = self.process.errorString()
            self._finish(
                False,
                translate("AnimationDialog", "cannot start the export command ({why})").format(
                    why=why
                ),
            )

    def _on_finished(self, code: int, _status) -> None:
        self._on_output()
        if self._pending.strip():
            self._said = ERROR_PREFIX.sub("", self._pending.strip())
        if code == 0:
            self._finish(True, wrote_text(self._said, self.choices["path"]))
        elif self.cancelled:
            self._finish(False, "")
        else:
            failed = translate("AnimationDialog", "the export command failed (status {code})")
            self._finish(False, self._said or failed.format(code=code))

    def _finish(self, ok: bool, message: str) -> None:
        if self._done:
            return
        self._done = True
        shutil.rmtree(self._folder, ignore_errors=True)
        app = QtCore.QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self.stop_now)
        self.finished.emit(ok, message)


class AnimationDialog(QtWidgets.QDialog):
    """Plot, frames, steps, speed, size, theme, format and file of one animation. One
    dialog serves a window for its lifetime and offers the last choices again."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("animationDialog")
        live(self, "setWindowTitle", lambda: translate("AnimationDialog", "Export animation"))
        self.config = LabConfig()
        self.plot_combo = QtWidgets.QComboBox(objectName="animationPlotCombo")
        for name in animation.PLOTS_ANIMATED:
            self.plot_combo.addItem(localise(FIGURES[name]), name)
        self.over_label = QtWidgets.QLabel(objectName="animationOverLabel", wordWrap=True)
        self.frames_spin = self._spin("animationFramesSpin", animation.MIN_FRAMES)
        live(
            self.frames_spin,
            "setToolTip",
            lambda: translate("AnimationDialog", "How many pictures the animation has"),
        )
        self.steps_spin = self._spin("animationStepsSpin", 1)
        self.fps_spin = self._spin("animationFpsSpin", animation.MIN_FPS, animation.MAX_FPS)
        live(self.fps_spin, "setSuffix", lambda: translate("AnimationDialog", " frames/s"))
        live(
            self.fps_spin,
            "setToolTip",
            lambda: translate("AnimationDialog", "The last frame holds {seconds} s").format(
                seconds=f"{animation.HOLD_SECONDS:g}"
            ),
        )
        self.width_spin = self._spin("animationWidthSpin", MIN_WIDTH, MAX_WIDTH)
        self.width_spin.setSuffix(" px")
        live(
            self.width_spin,
            "setToolTip",
            lambda: translate("AnimationDialog", "Frame width; a GIF's file grows with it"),
        )
        self.theme_combo = QtWidgets.QComboBox(objectName="animationThemeCombo")
        for name in WINDOW_THEMES:  # a GIF or MP4 cannot be smoothly transparent
            self.theme_combo.addItem(localise(THEME_LABELS[name]), name)
        self.caption_check = QtWidgets.QCheckBox()
        live(
            self.caption_check,
            "setText",
            lambda: translate(
                "AnimationDialog", "Caption: the settings and the frame's step or depth"
            ),
        )
        self.caption_check.setObjectName("animationCaptionCheck")
        self.format_combo = QtWidgets.QComboBox(objectName="animationFormatCombo")
        for ext, label in FORMATS.items():
            self.format_combo.addItem(localise(label), ext)
        self.path_edit = QtWidgets.QLineEdit(objectName="animationPathEdit")
        live(
            self.path_edit,
            "setPlaceholderText",
            lambda: translate("AnimationDialog", "animation.gif or .mp4"),
        )
        browse = QtWidgets.QPushButton(objectName="animationBrowseButton")
        live(browse, "setText", lambda: translate("AnimationDialog", "Browse…"))
        self.problem_label = QtWidgets.QLabel(objectName="animationProblemLabel", wordWrap=True)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        live(
            self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save),
            "setText",
            lambda: translate("AnimationDialog", "Export"),
        )
        self._layout(browse)
        for spin in (self.frames_spin, self.steps_spin, self.fps_spin, self.width_spin):
            spin.valueChanged.connect(self._check)
        self.plot_combo.currentIndexChanged.connect(self._on_plot_changed)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.path_edit.textChanged.connect(self._check)
        browse.clicked.connect(self._on_browse_clicked)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self._mode: str | None = None
        self.fps_spin.setValue(animation.DEFAULT_FPS)
        self.width_spin.setValue(1920)
        self.caption_check.setChecked(True)
        on_change(self, self._retranslate)

    def _retranslate(self) -> None:
        """Texts built here, after a language switch: combo items, the mode's rows, the
        problem line (the Cancel button is Qt's own, translated by qtbase)."""
        for combo, labels in (
            (self.plot_combo, FIGURES),
            (self.theme_combo, THEME_LABELS),
            (self.format_combo, FORMATS),
        ):
            for i in range(combo.count()):
                combo.setItemText(i, localise(labels[combo.itemData(i)]))
        self._mode_texts()
        self._mp4_tip()
        self._check()

    @staticmethod
    def _spin(name: str, lo: int, hi: int = 100_000) -> QtWidgets.QSpinBox:
        spin = QtWidgets.QSpinBox(objectName=name)
        spin.setRange(lo, hi)
        return spin

    def _layout(self, browse) -> None:
        file_row = QtWidgets.QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        form = QtWidgets.QFormLayout(self)

        def row(text, field) -> None:
            label = QtWidgets.QLabel()
            live(label, "setText", text)
            form.addRow(label, field)

        row(lambda: translate("AnimationDialog", "Plot"), self.plot_combo)
        form.addRow("", self.over_label)
        row(lambda: translate("AnimationDialog", "Frames"), self.frames_spin)
        self.steps_row_label = QtWidgets.QLabel(translate("AnimationDialog", "Steps"))
        form.addRow(self.steps_row_label, self.steps_spin)
        row(lambda: translate("AnimationDialog", "Speed"), self.fps_spin)
        row(lambda: translate("AnimationDialog", "Width"), self.width_spin)
        row(lambda: translate("AnimationDialog", "Theme"), self.theme_combo)
        form.addRow("", self.caption_check)
        row(lambda: translate("AnimationDialog", "Format"), self.format_combo)
        row(lambda: translate("AnimationDialog", "File"), file_row)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)

    def prepare(self, config: LabConfig, theme: str) -> None:
        """Fit the choices to the window's settings: what the animation runs over, and
        (when the mode changed since last time) that mode's defaults."""
        self.config = config
        mp4 = self.format_combo.model().item(self.format_combo.findData(".mp4"))
        found = mp4_encoder() is not None
        mp4.setEnabled(found)
        self._mp4_found = found
        self._mp4_tip()
        if not found and self.format_combo.currentData() == ".mp4":
            self.format_combo.setCurrentIndex(self.format_combo.findData(".gif"))
        train = config.mode == "train"
        if config.mode != self._mode:
            self._mode = config.mode
            self._select(self.plot_combo, "training" if train else "gradient")
            self._select(self.theme_combo, theme if theme in WINDOW_THEMES else "light")
            self.steps_spin.setValue(animation.default_steps(config, self.plot_combo.currentData()))
            limit = self.steps_spin.value() if train else config.depth
            self.frames_spin.setValue(min(animation.DEFAULT_FRAMES, max(2, limit)))
        self._mode_texts()
        self.steps_spin.setMaximum(
            animation.MAX_TRAIN_STEPS if train else animation.MAX_PROBE_STEPS
        )
        self.frames_spin.setMaximum(animation.MAX_FRAMES)
        self._check()

    def _mode_texts(self) -> None:
        """The steps row's name and tip: training steps in all, or steps per depth."""
        if self.config.mode == "train":
            self.steps_row_label.setText(translate("AnimationDialog", "Training steps"))
            self.steps_spin.setToolTip(
                translate(
                    "AnimationDialog", "Steps trained in all; the frames are spread over them"
                )
            )
        else:
            self.steps_row_label.setText(translate("AnimationDialog", "Steps per depth"))
            self.steps_spin.setToolTip(
                translate("AnimationDialog", "Probe steps at each depth (the heatmap's history)")
            )

    def _mp4_tip(self) -> None:
        mp4 = self.format_combo.model().item(self.format_combo.findData(".mp4"))
        if getattr(self, "_mp4_found", True):
            mp4.setToolTip("")
        else:
            tip = translate("AnimationDialog", "No MP4 encoder found: {install}")
            mp4.setToolTip(tip.format(install=localise(MP4_INSTALL)))

    @staticmethod
    def _select(combo: QtWidgets.QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def values(self) -> dict:
        path = self.path_edit.text().strip()
        ext = self.format_combo.currentData()
        if path and Path(path).suffix.lower() != ext:
            path = str(Path(path).with_suffix(ext)) if Path(path).suffix else path + ext
        return {
            "plot_name": self.plot_combo.currentData(),
            "path": path,
            "frames": self.frames_spin.value(),
            "steps": self.steps_spin.value(),
            "fps": self.fps_spin.value(),
            "width_px": self.width_spin.value(),
            "theme": self.theme_combo.currentData(),
            "caption": self.caption_check.isChecked(),
        }

    def problem(self) -> str | None:
        """Why these choices cannot be exported, in one line; None when they can."""
        choices = self.values()
        if self.config.mode == "train":
            over = translate("AnimationDialog", "Over training: steps 1 → {steps}")
            self.over_label.setText(over.format(steps=choices["steps"]))
        else:
            over = translate("AnimationDialog", "Over a depth ramp: depth 1 → {depth}")
            self.over_label.setText(over.format(depth=self.config.depth))
        try:
            plan_animation(
                self.config, choices["plot_name"], choices["frames"], choices["steps"],
                choices["fps"],
            )  # fmt: skip
        except AnimationProblem as exc:
            field = localise(FIELDS.get(exc.field, exc.field.capitalize()))
            return translate("AnimationDialog", "{field}: {reason}").format(
                field=field, reason=localise(exc.reason)
            )
        if not choices["path"]:
            return translate("AnimationDialog", "File: name the file to write")
        try:
            check_writable(choices["path"])
        except FileProblem as exc:
            return error_text(exc)
        return None

    def _check(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem or "")
        set_tone(self.problem_label, "error" if problem else None)  # follows the theme
        save = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
        save.setEnabled(problem is None)

    def _on_plot_changed(self) -> None:
        if self.config.mode != "train":  # a history plot wants more steps per depth
            self.steps_spin.setValue(
                animation.default_steps(self.config, self.plot_combo.currentData())
            )
        self._check()

    def _on_format_changed(self) -> None:
        path = self.path_edit.text().strip()
        if path:
            self.path_edit.setText(self.values()["path"])
        self._check()

    def _on_browse_clicked(self) -> None:
        ext = self.format_combo.currentData()
        start = self.path_edit.text() or f"{self.plot_combo.currentData()}{ext}"
        path, _chosen = QtWidgets.QFileDialog.getSaveFileName(
            self,
            translate("AnimationDialog", "Export animation"),
            start,
            f"{localise(FORMATS[ext])} (*{ext})",
        )
        if path:
            self.path_edit.setText(path)

    def _on_accepted(self) -> None:
        if self.problem() is None:
            self.path_edit.setText(self.values()["path"])
            self.accept()


# -------------------------------------------------------------------- menu action
def start_animation(parent: QtWidgets.QWidget, config: LabConfig, choices: dict) -> AnimationJob:
    """Start exporting `choices` for `config`, with a progress dialog whose Cancel stops
    it; the parent's status bar (or a message box, on failure) tells how it ended."""
    job = AnimationJob(config, choices, parent)
    progress = QtWidgets.QProgressDialog(
        translate("AnimationDialog", "Starting the engine…"),
        translate("AnimationDialog", "Cancel"),
        0,
        1,
        parent,
    )
    progress.setObjectName("animationProgress")
    progress.setWindowTitle(translate("AnimationDialog", "Exporting animation"))
    progress.setWindowModality(QtCore.Qt.WindowModality.NonModal)  # the lab keeps running
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(420)  # room for "Computed depth 12 of 30" and the bar
    progress.canceled.connect(job.cancel)
    job.progress_dialog = progress

    def on_progress(done: int, total: int, what: str) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(progress_text(what))

    def on_finished(ok: bool, message: str) -> None:
        progress.canceled.disconnect(job.cancel)
        progress.close()
        progress.deleteLater()
        _JOBS.pop(parent, None)
        job.deleteLater()
        if ok:
            _status(parent, message)
        elif message:
            title = translate("AnimationDialog", "Cannot export the animation")
            QtWidgets.QMessageBox.warning(parent, title, message)
        else:
            _status(
                parent, translate("AnimationDialog", "Animation export cancelled: no file written")
            )

    job.progressed.connect(on_progress)
    job.finished.connect(on_finished)
    _JOBS[parent] = job
    progress.show()
    job.start()
    return job


def _status(parent, message: str) -> None:
    bar = getattr(parent, "statusBar", None)
    if callable(bar):
        bar().showMessage(message, 8000)


def running_job(parent) -> AnimationJob | None:
    return _JOBS.get(parent)


def stop_animation(parent) -> None:
    """Cancel `parent`'s export, if one runs, and wait for it (a closing window): the
    command removes what it staged, where a process destroyed with the window is killed."""
    job = _JOBS.get(parent)
    if job is not None:
        job.stop_now()


def run_animation_dialog(parent: QtWidgets.QWidget, config: LabConfig, theme: str) -> str | None:
    """File > Export animation…: ask, then start the export (one at a time)."""
    if running_job(parent) is not None:
        return translate(
            "AnimationDialog", "An animation is being exported: wait for it, or cancel it"
        )
    dialog = _DIALOGS.get(parent)
    if dialog is None:  # held here: PySide deletes a run modal dialog only a local refers to
        dialog = _DIALOGS[parent] = AnimationDialog(parent)
    dialog.prepare(config, theme)
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return None
    start_animation(parent, config, dialog.values())
    return translate("AnimationDialog", "Exporting the animation…")
