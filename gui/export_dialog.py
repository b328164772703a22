"""The window's exports: File > Export figure…, Copy figure, Export data….

The dialog only gathers choices; `export_figure`, `copy_figure` and `export_data` do the
work and need no dialog, so tests (and scripts) call them directly. Every failure shows
one message box with the reason, and the lab keeps running.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from engine.files import FileProblem, atomic_write
from engine.tables import frame_csv, frame_dict

from .export import (
    EXPORT_THEMES,
    FILE_FILTER,
    FORMATS,
    MAX_WIDTH,
    MIN_WIDTH,
    copy_figure_to_clipboard,
    render_figure,
)

FIGURES = {
    "gradient": "Gradient plot",
    "activation": "Activation plot",
    "heatmap": "Heatmap (gradient history)",
    "histogram": "Histogram of one layer",
    "training": "Training view",
    "taylor": "Taylor panel",
    "sweep": "Phase diagram (sweep)",
    "dashboard": "Dashboard (the four central plots)",
}
WIDTHS = (("1920 px (Full HD slide)", 1920), ("3840 px (4K)", 3840), ("custom", None))
DATA_FILTER = "CSV table (*.csv);;JSON with history (*.json)"
EXPORT_ERRORS = (FileProblem, ValueError, OSError)


# ------------------------------------------------------------- dialog-free functions
def figure_widget(window, name: str) -> QtWidgets.QWidget:
    """The widget the window shows for figure `name`, up to date."""
    if name == "dashboard":
        return window.dashboard
    if name not in window.plots:
        raise ValueError(f"unknown figure {name!r} (allowed: {', '.join(FIGURES)})")
    widget = window.plots[name]
    if name == "histogram" and window.last_frame is not None:
        widget.show_frame(window.last_frame)  # it is only redrawn while its tab shows
    return widget


def _caption(window, caption) -> str | None:
    return window.config.label() if caption is True else (caption or None)


def export_figure(
    window, plot_name: str, path, width_px: int = 1920, theme: str = "light", caption=True
) -> Path:
    """Write one of the window's figures; `caption=True` means the config's label."""
    widget = figure_widget(window, plot_name)
    return render_figure(widget, path, width_px, theme, _caption(window, caption))


def copy_figure(window, plot_name: str | None = None) -> QtGui.QImage:
    """Copy a figure in the window's theme: the plot under the mouse, else the dashboard."""
    name = plot_name or _plot_under_cursor(window) or "dashboard"
    widget = figure_widget(window, name)
    return copy_figure_to_clipboard(widget, window.theme.name, caption=window.config.label())


def _plot_under_cursor(window) -> str | None:
    widget = QtWidgets.QApplication.widgetAt(QtGui.QCursor.pos())
    while widget is not None:
        for name, plot in window.plots.items():
            if widget is plot:
                return name
        widget = widget.parentWidget()
    return None


def export_data(window, path) -> Path:
    """The shown frame's per-layer table as CSV, or as JSON with the heatmap and loss
    histories; the config is embedded either way."""
    path = Path(path)
    frame = window.last_frame
    kind = path.suffix.lower()
    if kind not in (".csv", ".json"):
        raise FileProblem(
            f"{path}: unknown data format {kind or 'without extension'!r} (use .csv or .json)"
        )
    if frame is None:
        raise FileProblem(f"{path}: nothing to export yet: no frame has been shown")
    if kind == ".csv":
        return atomic_write(path, frame_csv(frame))
    data = frame_dict(frame)
    heatmap = window.heatmap_plot
    history = heatmap.history()
    data["heatmap_history"] = {
        "quantity": heatmap.quantity,
        "label": heatmap.label,
        "rows": "layers, bottom (layer 1) first",
        "columns": "steps, oldest first",
        "values": [[_json_number(v) for v in row] for row in history],
    }
    steps, losses = window.training_plot.history()
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
    """Plot, width, theme, caption and file: the choices for one figure export."""

    def __init__(self, window, choices: dict | None = None):
        super().__init__(window)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export figure")
        choices = choices or {}
        self.plot_combo = QtWidgets.QComboBox(objectName="exportPlotCombo")
        for name, label in FIGURES.items():
            self.plot_combo.addItem(label, name)
        self.width_combo = QtWidgets.QComboBox(objectName="exportWidthCombo")
        for label, width in WIDTHS:
            self.width_combo.addItem(label, width)
        self.width_spin = QtWidgets.QSpinBox(objectName="exportWidthSpin")
        self.width_spin.setRange(MIN_WIDTH, MAX_WIDTH)
        self.width_spin.setSuffix(" px")
        self.theme_combo = QtWidgets.QComboBox(objectName="exportThemeCombo")
        for name in EXPORT_THEMES:
            self.theme_combo.addItem(name, name)
        self.theme_combo.setToolTip("Transparent: the light colours with no background.")
        self.caption_check = QtWidgets.QCheckBox(
            f"Caption: {window.config.label()}", objectName="exportCaptionCheck"
        )
        self.path_edit = QtWidgets.QLineEdit(objectName="exportPathEdit")
        self.path_edit.setPlaceholderText("figure.png, .svg or .pdf")
        browse = QtWidgets.QPushButton("Browse…", objectName="exportBrowseButton")
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self._layout(browse)
        self._select(self.plot_combo, choices.get("plot_name", "gradient"))
        self._select(self.theme_combo, choices.get("theme", window.theme.name))
        width = choices.get("width_px", 1920)
        self._select(self.width_combo, width if width in (1920, 3840) else None)
        self.width_spin.setValue(width)
        self.caption_check.setChecked(choices.get("caption", True))
        self.path_edit.setText(choices.get("path", ""))
        self.width_combo.currentIndexChanged.connect(self._on_width_changed)
        self.path_edit.textChanged.connect(self._on_path_changed)
        browse.clicked.connect(self._on_browse_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_width_changed()
        self._on_path_changed()

    def _layout(self, browse) -> None:
        file_row = QtWidgets.QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        width_row = QtWidgets.QHBoxLayout()
        width_row.addWidget(self.width_combo, 1)
        width_row.addWidget(self.width_spin)
        form = QtWidgets.QFormLayout(self)
        form.addRow("Figure", self.plot_combo)
        form.addRow("Width", width_row)
        form.addRow("Theme", self.theme_combo)
        form.addRow("", self.caption_check)
        form.addRow("File", file_row)
        form.addRow(self.buttons)

    @staticmethod
    def _select(combo: QtWidgets.QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _on_width_changed(self) -> None:
        preset = self.width_combo.currentData()
        self.width_spin.setEnabled(preset is None)
        if preset is not None:
            self.width_spin.setValue(preset)

    def _on_path_changed(self) -> None:
        save = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.path_edit.text().strip()))

    def _on_browse_clicked(self) -> None:
        start = self.path_edit.text() or f"{self.plot_combo.currentData()}.png"
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export figure", start, FILE_FILTER
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
            "width_px": self.width_spin.value(),
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
def run_export_dialog(window) -> bool:
    dialog = ExportDialog(window, getattr(window, "export_choices", None))
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return False
    window.export_choices = choices = dialog.values()
    try:
        path = export_figure(window, **choices)
    except EXPORT_ERRORS as exc:
        QtWidgets.QMessageBox.warning(window, "Cannot export the figure", str(exc))
        return False
    window.status.showMessage(f"Exported {FIGURES[choices['plot_name']].lower()} to {path}", 5000)
    return True


def run_copy_figure(window) -> bool:
    try:
        copy_figure(window)
    except EXPORT_ERRORS as exc:
        QtWidgets.QMessageBox.warning(window, "Cannot copy the figure", str(exc))
        return False
    window.status.showMessage("Figure copied to the clipboard", 5000)
    return True


def run_export_data(window, path: str | None = None) -> bool:
    if path is None:
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            window, "Export data", "stability-lab.csv", DATA_FILTER
        )
        if not path:
            return False
        path = _with_extension(path, chosen, (".csv", ".json"))
    try:
        written = export_data(window, path)
    except EXPORT_ERRORS as exc:
        QtWidgets.QMessageBox.warning(window, "Cannot export the data", str(exc))
        return False
    window.status.showMessage(f"Exported data to {written}", 5000)
    return True


def add_export_actions(window) -> None:
    """File > Export figure… (Ctrl+E), Copy figure (Ctrl+Shift+C), Export data…
    (Ctrl+Shift+E), placed before `window.export_anchor` of the File menu."""
    table = (
        (
            "export_figure",
            "&Export figure…",
            "Ctrl+E",
            run_export_dialog,
            "Export a plot or the dashboard as PNG, SVG or PDF for slides",
        ),
        (
            "copy_figure",
            "&Copy figure to clipboard",
            "Ctrl+Shift+C",
            run_copy_figure,
            "Copy the plot under the mouse (else the dashboard) as an image",
        ),
        (
            "export_data",
            "Export &data…",
            "Ctrl+Shift+E",
            run_export_data,
            "Write the per-layer table (CSV) or table and histories (JSON)",
        ),
    )
    for key, text, shortcut, handler, tip in table:
        action = QtGui.QAction(text, window)
        action.setShortcut(QtGui.QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False, run=handler: run(window))
        window.file_menu.insertAction(window.export_anchor, action)
        window.actions_by_name[key] = action
