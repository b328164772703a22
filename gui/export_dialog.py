"""The window's exports: File > Export figure…, Copy figure, Export data….

The dialog only gathers choices; `export_figure`, `copy_figure` and `export_data` do the
work and need no dialog, so tests (and scripts) call them directly. They take what they
draw from — the figures by name, the frame, the caption, the theme — and nothing else,
so they know nothing of the window. Every failure shows one message box with the
reason, and the lab keeps running.
"""

from __future__ import annotations

import json
import math
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from engine.figures import THEME_LABELS, SizeError, default_aspect
from engine.files import FileProblem, atomic_write
from engine.tables import frame_csv, frame_dict
from engine.words import QT_TRANSLATE_NOOP, Message, Text, message

from .export import (
    EXPORT_THEMES,
    FORMATS,
    copy_figure_to_clipboard,
    file_filter,
    file_problem,
    render_figure,
)
from .export_size import SizeBoxes, select
from .file_row import file_row
from .heatmap_plot import HeatmapPlot
from .language import live, localise, on_change, translate
from .training_plot import TrainingPlot

FIGURES = {  # the figure's name -> what a reader calls it (localise() shows it)
    "gradient": QT_TRANSLATE_NOOP("ExportDialog", "Gradient plot"),
    "activation": QT_TRANSLATE_NOOP("ExportDialog", "Activation plot"),
    "heatmap": QT_TRANSLATE_NOOP("ExportDialog", "Heatmap (gradient history)"),
    "histogram": QT_TRANSLATE_NOOP("ExportDialog", "Histogram of one layer"),
    "spectrum": QT_TRANSLATE_NOOP("ExportDialog", "Spectrum of the product of Jacobians"),
    "training": QT_TRANSLATE_NOOP("ExportDialog", "Training view"),
    "taylor": QT_TRANSLATE_NOOP("ExportDialog", "Taylor panel"),
    "sweep": QT_TRANSLATE_NOOP("ExportDialog", "Phase diagram (sweep)"),
    "dashboard": QT_TRANSLATE_NOOP("ExportDialog", "Dashboard (the four central plots)"),
}
SIZE_FIELDS = {  # engine.figures.SizeError.field -> the dialog's box
    "aspect": QT_TRANSLATE_NOOP("ExportDialog", "Aspect"),
    "width": QT_TRANSLATE_NOOP("ExportDialog", "Width"),
    "height": QT_TRANSLATE_NOOP("ExportDialog", "Height"),
}
EXPORT_ERRORS = (FileProblem, ValueError, OSError)
_DIALOGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per window


def data_filter() -> str:
    return translate("ExportDialog", "CSV table (*.csv);;JSON with history (*.json)")


def error_text(exc: BaseException) -> str:
    """An export's failure in the window's language: the engine's marked words are
    translated (a size's box named), anything else is shown as it was written."""
    if isinstance(exc, SizeError):
        field = localise(SIZE_FIELDS.get(exc.field, exc.field))
        return translate("ExportDialog", "{field}: {reason}").format(
            field=field, reason=localise(exc.reason)
        )
    first = getattr(exc, "words", None) or (exc.args[0] if len(exc.args) == 1 else None)
    if isinstance(first, Message | Text):
        return localise(first)
    return str(exc)


# ------------------------------------------------------------- dialog-free functions
def figure_widget(figures: Mapping[str, QtWidgets.QWidget], name: str, frame=None):
    """The widget for figure `name` among `figures`, brought up to date with `frame`
    where the window only redraws it while it shows (the histogram's tab)."""
    if name not in FIGURES or name not in figures:
        raise ValueError(f"unknown figure {name!r} (allowed: {', '.join(FIGURES)})")
    widget = figures[name]
    if name == "histogram" and frame is not None:
        widget.show_frame(frame)
    return widget


def export_figure(
    figures: Mapping[str, QtWidgets.QWidget],
    plot_name: str,
    path,
    width_px: int = 1920,
    theme: str = "light",
    caption: str | None = None,
    frame=None,
    aspect: str = "auto",
    height_px: int | None = None,
) -> Path:
    """Write figure `plot_name` of `figures` as PNG, SVG or PDF (by extension), laid out
    at `aspect` (engine.figures.ASPECTS) and `width_px` × `height_px`."""
    widget = figure_widget(figures, plot_name, frame)
    return render_figure(widget, path, width_px, theme, caption, aspect, height_px)


def copy_figure(
    figures: Mapping[str, QtWidgets.QWidget],
    theme: str,
    caption: str | None = None,
    plot_name: str | None = None,
    frame=None,
) -> QtGui.QImage:
    """Copy a figure to the clipboard: `plot_name`, else the plot under the mouse, else
    the dashboard."""
    name = plot_name or plot_under_cursor(figures) or "dashboard"
    widget = figure_widget(figures, name, frame)
    return copy_figure_to_clipboard(widget, theme, caption=caption)


def plot_under_cursor(figures: Mapping[str, QtWidgets.QWidget]) -> str | None:
    """The innermost of `figures` under the mouse pointer, if any."""
    widget = QtWidgets.QApplication.widgetAt(QtGui.QCursor.pos())
    while widget is not None:
        for name, plot in figures.items():
            if widget is plot:
                return name
        widget = widget.parentWidget()
    return None


def export_data(path, frame, heatmap: HeatmapPlot, training: TrainingPlot) -> Path:
    """`frame`'s per-layer table as CSV, or as JSON with the histories that `heatmap`
    and `training` hold; the config is embedded either way."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".csv", ".json"):
        if kind:
            template = QT_TRANSLATE_NOOP(
                "ExportDialog", "{path}: unknown data format {kind} (use .csv or .json)"
            )
            raise file_problem(message(template, path=str(path), kind=repr(kind)))
        template = QT_TRANSLATE_NOOP(
            "ExportDialog", "{path}: unknown data format 'without extension' (use .csv or .json)"
        )
        raise file_problem(message(template, path=str(path)))
    if frame is None:
        template = QT_TRANSLATE_NOOP(
            "ExportDialog", "{path}: nothing to export yet: no frame has been shown"
        )
        raise file_problem(message(template, path=str(path)))
    if kind == ".csv":
        return atomic_write(path, frame_csv(frame))
    data = frame_dict(frame)
    history = heatmap.history()
    data["heatmap_history"] = {
        "quantity": heatmap.quantity,
        "label": heatmap.label,
        "rows": "layers, bottom (layer 1) first",
        "columns": "steps, oldest first",
        "values": [[_json_number(v) for v in row] for row in history],
    }
    steps, losses = training.history()
    data["training_history"] = {
        "step": [int(s) for s in steps],
        "loss": [_json_number(v) for v in losses],
    }
    return atomic_write(path, json.dumps(data, indent=2, allow_nan=False) + "\n")


def _json_number(value) -> float | str | None:
    """JSON has no NaN or inf: NaN becomes null, ±inf the strings "inf" / "-inf"."""
    value = float(value)
    if math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


# --------------------------------------------------------------------------- dialog
class ExportDialog(QtWidgets.QDialog):
    """Plot, shape, size, theme, caption and file: the choices for one figure export.
    One dialog serves a window for its lifetime, so it offers the last accepted choices.
    With a fixed aspect the width and the height follow each other; until one is chosen
    the aspect follows the figure (16:9 for the dashboard)."""

    def __init__(self, parent=None, caption: str = "", theme: str = "light"):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        live(self, "setWindowTitle", lambda: translate("ExportDialog", "Export figure"))
        self.plot_combo = QtWidgets.QComboBox(objectName="exportPlotCombo")
        for name, label in FIGURES.items():
            self.plot_combo.addItem(localise(label), name)
        self.size_boxes = SizeBoxes(self)
        self.aspect_combo, self.width_combo = (
            self.size_boxes.aspect_combo,
            self.size_boxes.width_combo,
        )
        self.width_spin, self.height_spin = self.size_boxes.width_spin, self.size_boxes.height_spin
        self.theme_combo = QtWidgets.QComboBox(objectName="exportThemeCombo")
        for name in EXPORT_THEMES:
            self.theme_combo.addItem(localise(THEME_LABELS[name]), name)
        live(
            self.theme_combo,
            "setToolTip",
            lambda: translate(
                "ExportDialog",
                "transparent: dark text and lines on no background, for a light slide; "
                "transparent-dark: light text and lines, for a dark slide.",
            ),
        )
        self.caption_check = QtWidgets.QCheckBox(objectName="exportCaptionCheck")
        self.path_edit, browse, path_row = file_row(
            "export",
            lambda: translate("ExportDialog", "figure.png, .svg or .pdf"),
            lambda: translate("ExportDialog", "Browse…"),
        )
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self._layout(path_row)
        self.plot_combo.currentIndexChanged.connect(self._on_plot_changed)
        self.path_edit.textChanged.connect(self._on_path_changed)
        browse.clicked.connect(self._on_browse_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._accepted: dict | None = None
        self._caption = caption
        self.prepare(caption, theme)
        self._on_path_changed()
        on_change(self, self._retranslate)

    def _retranslate(self) -> None:
        """Texts built here, after a language switch: the combos' items, the caption."""
        for i in range(self.plot_combo.count()):
            self.plot_combo.setItemText(i, localise(FIGURES[self.plot_combo.itemData(i)]))
        for i in range(self.theme_combo.count()):
            self.theme_combo.setItemText(i, localise(THEME_LABELS[self.theme_combo.itemData(i)]))
        self._show_caption()

    def _show_caption(self) -> None:
        caption = localise(self._caption)
        if caption:
            self.caption_check.setText(
                translate("ExportDialog", "Caption: {caption}").format(caption=caption)
            )
        else:
            self.caption_check.setText(translate("ExportDialog", "Caption"))

    def prepare(self, caption: str, theme: str) -> None:
        """Show the caption the figure would get; until a choice has been accepted,
        also start from the window's current theme."""
        self._caption = caption
        self._show_caption()
        if self._accepted is None:
            defaults = {"plot_name": "gradient", "path": "", "width_px": 1920}
            aspect = {"aspect": default_aspect("gradient"), "height_px": None}
            self._apply({**defaults, **aspect, "theme": theme, "caption": True})

    def _apply(self, choices: dict) -> None:
        select(self.plot_combo, choices["plot_name"])
        select(self.theme_combo, choices["theme"])
        self.size_boxes.apply(choices["aspect"], choices["width_px"], choices["height_px"])
        self.caption_check.setChecked(choices["caption"])
        self.path_edit.setText(choices["path"])

    def done(self, result: int) -> None:
        """Keep accepted choices for next time; undo edits that were cancelled."""
        if result == QtWidgets.QDialog.DialogCode.Accepted:
            self._accepted = self.values()
            self.size_boxes.aspect_chosen = True  # remembered: no longer the figure's default
        elif self._accepted is not None:
            self._apply(self._accepted)
        super().done(result)

    def _layout(self, path_row: QtWidgets.QHBoxLayout) -> None:
        form = QtWidgets.QFormLayout(self)
        rows = (
            (lambda: translate("ExportDialog", "Figure"), self.plot_combo),
            (lambda: translate("ExportDialog", "Aspect"), self.aspect_combo),
            (lambda: translate("ExportDialog", "Width"), self.size_boxes.width_row()),
            (lambda: translate("ExportDialog", "Height"), self.height_spin),
            (lambda: translate("ExportDialog", "Theme"), self.theme_combo),
        )
        for text, field in rows:
            label = QtWidgets.QLabel()
            live(label, "setText", text)
            form.addRow(label, field)
        form.addRow("", self.caption_check)
        file_label = QtWidgets.QLabel()
        live(file_label, "setText", lambda: translate("ExportDialog", "File"))
        form.addRow(file_label, path_row)
        form.addRow(self.buttons)

    def _on_plot_changed(self) -> None:
        self.size_boxes.follow(default_aspect(self.plot_combo.currentData()))

    def _on_path_changed(self) -> None:
        save = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.path_edit.text().strip()))

    def _on_browse_clicked(self) -> None:
        start = self.path_edit.text() or f"{self.plot_combo.currentData()}.png"
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, translate("ExportDialog", "Export figure"), start, file_filter()
        )
        if path:
            self.path_edit.setText(_with_extension(path, chosen, tuple(FORMATS)))

    def values(self) -> dict:
        """The choices, as keyword arguments for `export_figure`."""
        path = self.path_edit.text().strip()
        if path and not Path(path).suffix:
            path += ".png"
        return {
            "plot_name": self.plot_combo.currentData(),
            "path": path,
            **self.size_boxes.values(),
            "theme": self.theme_combo.currentData(),
            "caption": self.caption_check.isChecked(),
        }


def _with_extension(path: str, chosen_filter: str, extensions: tuple[str, ...]) -> str:
    """Add the extension of the chosen file-dialog filter when the name has none."""
    if Path(path).suffix:
        return path
    for ext in extensions:
        if f"*{ext}" in chosen_filter:
            return path + ext
    return path + extensions[0]


# -------------------------------------------------------------------- menu actions
# Each returns the line for the status bar, or None when cancelled or failed (a message
# box has said why: the lab keeps running).
def run_export_dialog(
    parent: QtWidgets.QWidget,
    figures: Mapping[str, QtWidgets.QWidget],
    caption: str,
    theme: str,
    frame=None,
    ready: Callable[[str], bool] = lambda name: True,
    plot_name: str | None = None,
) -> str | None:
    """File > Export figure…: ask for the choices, then write the figure. `ready(name)`
    makes sure the chosen plot has something to draw (False: export nothing);
    `plot_name` starts the dialog on that figure (a plot's right-click menu)."""
    dialog = _DIALOGS.get(parent)
    if dialog is None:
        # Held here: PySide deletes a modal dialog, once run, that only a local name refers to.
        dialog = _DIALOGS[parent] = ExportDialog(parent, caption, theme)
    dialog.prepare(caption, theme)
    if plot_name is not None:
        select(dialog.plot_combo, plot_name)
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return None
    choices = dialog.values()
    if not ready(choices["plot_name"]):
        return None
    try:
        path = export_figure(
            figures,
            choices["plot_name"],
            choices["path"],
            choices["width_px"],
            choices["theme"],
            caption if choices["caption"] else None,
            frame,
            choices["aspect"],
            choices["height_px"],
        )
    except EXPORT_ERRORS as exc:
        title = translate("ExportDialog", "Cannot export the figure")
        QtWidgets.QMessageBox.warning(parent, title, error_text(exc))
        return None
    figure = localise(FIGURES[choices["plot_name"]])
    if figure == FIGURES[choices["plot_name"]]:  # English: "Exported gradient plot to …"
        figure = figure.lower()
    return translate("ExportDialog", "Exported {figure} to {path}").format(figure=figure, path=path)


def run_copy_figure(
    parent: QtWidgets.QWidget,
    figures: Mapping[str, QtWidgets.QWidget],
    caption: str,
    theme: str,
    frame=None,
) -> str | None:
    """File > Copy figure: the plot under the mouse (else the dashboard), in `theme`."""
    try:
        copy_figure(figures, theme, caption, frame=frame)
    except EXPORT_ERRORS as exc:
        title = translate("ExportDialog", "Cannot copy the figure")
        QtWidgets.QMessageBox.warning(parent, title, error_text(exc))
        return None
    return translate("ExportDialog", "Figure copied to the clipboard")


def run_export_data(
    parent: QtWidgets.QWidget,
    frame,
    heatmap: HeatmapPlot,
    training: TrainingPlot,
    path: str | None = None,
) -> str | None:
    """File > Export data…: ask for a file (unless `path` is given), then write it."""
    if path is None:
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            parent, translate("ExportDialog", "Export data"), "stability-lab.csv", data_filter()
        )
        if not path:
            return None
        path = _with_extension(path, chosen, (".csv", ".json"))
    try:
        written = export_data(path, frame, heatmap, training)
    except EXPORT_ERRORS as exc:
        title = translate("ExportDialog", "Cannot export the data")
        QtWidgets.QMessageBox.warning(parent, title, error_text(exc))
        return None
    return translate("ExportDialog", "Exported data to {path}").format(path=written)
