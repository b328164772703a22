"""File > Export animation…: the choices, in a small dialog that offers the last ones again.

The frames are made by the command line in a child process (`gui/animation_job.py`), so
the window's process stays free of torch; this dialog only checks the choices the way
that command will (`engine.animation.plan_animation`, a writable file) before it starts.
"""

from __future__ import annotations

import weakref
from pathlib import Path

from PySide6 import QtWidgets

from engine import LabConfig, animation
from engine.animation import AnimationProblem, plan_animation
from engine.figures import MAX_WIDTH, MIN_WIDTH, THEME_LABELS, WINDOW_THEMES
from engine.files import FileProblem, check_writable
from engine.video import MP4_INSTALL, mp4_encoder
from engine.words import QT_TRANSLATE_NOOP

from .animation_job import (  # re-exported: the window and tests import them from here
    AnimationJob,
    command_arguments,
    progress_text,
    running_job,
    start_animation,
    stop_animation,
    wrote_text,
)
from .export_dialog import FIGURES, error_text
from .file_row import file_row
from .language import live, localise, on_change, translate
from .window_theme import set_tone

__all__ = [
    "AnimationDialog",
    "AnimationJob",
    "command_arguments",
    "progress_text",
    "run_animation_dialog",
    "running_job",
    "start_animation",
    "stop_animation",
    "wrote_text",
]

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
_DIALOGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per window


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
        self.path_edit, browse, path_row = file_row(
            "animation",
            lambda: translate("AnimationDialog", "animation.gif or .mp4"),
            lambda: translate("AnimationDialog", "Browse…"),
        )
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
        self._layout(path_row)
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

    def _layout(self, path_row: QtWidgets.QHBoxLayout) -> None:
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
        row(lambda: translate("AnimationDialog", "File"), path_row)
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
