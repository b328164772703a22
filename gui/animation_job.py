"""An animation's child process: `python main.py export --animate`, watched and stoppable.

An animation needs dozens of engine runs (a depth ramp, or a training run from its
first step), and the window's process must stay free of torch. Rather than teach the
engine's process to paint, the window runs the command line itself, with the window's
settings as a session file, as a QProcess: the same code, the same file as from a
terminal, no second renderer to keep in step. Its `[k/n] …` progress lines on stderr
drive a progress dialog; Cancel stops the process with SIGTERM, and as the command
writes its file only when every frame is done (atomically), a cancelled export leaves
no file. The window keeps running meanwhile (the progress dialog is not modal).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import weakref
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from engine import LabConfig
from engine.session import save_session
from engine.words import QT_TRANSLATE_NOOP

from . import language
from .language import localise, translate

ROOT = Path(__file__).resolve().parent.parent  # where `cli` and `engine` live
LAUNCH = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from cli import main; sys.exit(main())"
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (.*)$")
ERROR_PREFIX = re.compile(r"^stability-lab: (error: )?")
GRACE_MS = 5000  # after Cancel, how long the command may take to clean up before a kill
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
