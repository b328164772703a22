"""The "Custom formula…" dialog: type an activation in x, see at once whether it reads
(and where it does not), f and f' near 0, and pick from recent formulas.

Validation and the preview use the engine's own parser and its numpy form of the tree
(engine/formula.py, engine/formula_backends.py): pure Python and numpy, so the window's
process still never loads torch or sympy, and what is previewed is what will run.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine.formula import FUNCTIONS, FormulaError, parse
from engine.formula_backends import derivative, numpy_function
from engine.words import QT_TRANSLATE_NOOP

from . import settings
from .language import live, localise, on_change, translate
from .window_theme import set_tone

HISTORY_KEY = "formulaHistory"
HISTORY_SIZE = 10
EXAMPLES = {
    "x*tanh(softplus(x))": "Mish",
    "sin(x)": QT_TRANSLATE_NOOP("FormulaDialog", "a sine"),
    "where(x > 0, x, 0.1*x)": QT_TRANSLATE_NOOP("FormulaDialog", "leaky ReLU, typed"),
    "x*sigmoid(x)": QT_TRANSLATE_NOOP("FormulaDialog", "SiLU, typed"),
}
PREVIEW_RANGE = 3.0  # the preview shows f and f' on [−3, 3]


def _calls() -> str:
    """The functions as they are called, exp(u), min(a, b)… (where() has its own words)."""
    return ", ".join(
        f"{name}(a, b)" if arity == 2 else f"{name}(u)"
        for name, (arity, _what) in FUNCTIONS.items()
        if name != "where"
    )


def load_history() -> list[str]:
    """Recent formulas, newest first; anything unreadable in the store is skipped."""
    value = settings.settings_store().value(HISTORY_KEY, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    out = []
    for text in value[:HISTORY_SIZE]:
        if isinstance(text, str) and text not in out:
            try:
                parse(text)
            except (FormulaError, RecursionError):
                continue
            out.append(text)
    return out


def remember(text: str) -> None:
    history = [text, *(t for t in load_history() if t != text)][:HISTORY_SIZE]
    store = settings.settings_store()
    store.setValue(HISTORY_KEY, history)
    store.sync()


class FormulaDialog(QtWidgets.QDialog):
    """Emits `formulaChosen(text)` when the user accepts a formula that reads."""

    formulaChosen = QtCore.Signal(str)

    def __init__(self, current: str = "", parent=None):
        super().__init__(parent, objectName="formulaDialog")
        live(
            self,
            "setWindowTitle",
            lambda: translate("FormulaDialog", "Custom activation formula"),
        )
        self.edit = QtWidgets.QLineEdit(current, objectName="formulaEdit")
        live(
            self.edit,
            "setPlaceholderText",
            lambda: translate("FormulaDialog", "a formula in x, e.g. x*tanh(softplus(x))"),
        )
        live(
            self.edit,
            "setToolTip",
            lambda: translate(
                "FormulaDialog",
                "Numbers, x, pi, e, + − * / ** and parentheses; functions {functions}; "
                "comparisons <, <=, >, >= inside where(cond, a, b).",
            ).format(functions=_calls()),
        )
        self.status = QtWidgets.QLabel(objectName="formulaStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = pg.PlotWidget(objectName="formulaPreview")
        self.preview.setMinimumSize(360, 200)
        # the field colour of the window theme (white, or dark in the dark theme)
        self.preview.setBackground(self.palette().color(QtGui.QPalette.ColorRole.Base))
        self.preview.showGrid(x=True, y=True, alpha=0.25)
        self.preview.addLegend(offset=(8, 8))
        self.preview.setLabel("bottom", "x")
        self.preview.setMouseEnabled(x=False, y=False)
        self.f_curve = self.preview.plot([], [], pen=pg.mkPen("#1f77b4", width=2), name="f(x)")
        self.df_curve = self.preview.plot(
            [],
            [],
            pen=pg.mkPen("#d62728", width=2, style=QtCore.Qt.PenStyle.DashLine),
            name="f'(x)",
        )
        self.history = QtWidgets.QListWidget(objectName="formulaHistory")
        live(
            self.history,
            "setToolTip",
            lambda: translate(
                "FormulaDialog", "Recent formulas and examples: click to edit, double-click to use."
            ),
        )
        recent = load_history()
        for text in [*recent, *(t for t in EXAMPLES if t not in recent)]:
            item = QtWidgets.QListWidgetItem()
            item.setData(QtCore.Qt.ItemDataRole.UserRole, text)
            self.history.addItem(item)
        self._name_history()
        self.history.setMaximumHeight(120)
        self.history.itemClicked.connect(lambda item: self.edit.setText(self._text_of(item)))
        self.history.itemDoubleClicked.connect(self._use_item)
        # Cancel is Qt's standard button (Qt's own translation names it); the accept
        # button is ours: a standard Ok would be renamed "OK" by Qt at a language switch.
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self._ok = self.buttons.addButton("", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self._ok.setObjectName("formulaUseButton")
        live(self._ok, "setText", lambda: translate("FormulaDialog", "Use formula"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel("f(x) ="))
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        recent_label = QtWidgets.QLabel()
        live(recent_label, "setText", lambda: translate("FormulaDialog", "Recent and examples:"))
        layout.addWidget(recent_label)
        layout.addWidget(self.history)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self._check(self.edit.text())
        on_change(self, self._language_changed)

    @property
    def ok_button(self) -> QtWidgets.QPushButton:
        return self._ok

    def _language_changed(self) -> None:
        self._name_history()
        self._check(self.edit.text())

    def _name_history(self) -> None:
        """Each formula of the list, an example with its name in the current language."""
        for i in range(self.history.count()):
            item = self.history.item(i)
            text = self._text_of(item)
            name = EXAMPLES.get(text)
            item.setText(f"{text}    ({localise(name)})" if name else text)

    @staticmethod
    def _text_of(item: QtWidgets.QListWidgetItem) -> str:
        return item.data(QtCore.Qt.ItemDataRole.UserRole)

    def _use_item(self, item: QtWidgets.QListWidgetItem) -> None:
        self.edit.setText(self._text_of(item))
        if self.ok_button.isEnabled():
            self.accept()

    def _check(self, text: str) -> None:
        """Live validation: the parser's one line, or ✓ and the preview."""
        try:
            tree = parse(text.strip())
        except FormulaError as exc:
            self.status.setText(f"⚠ {localise(exc.message)}")
            set_tone(self.status, "error")
            self.ok_button.setEnabled(False)
            self.f_curve.setData([], [])
            self.df_curve.setData([], [])
            return
        value, slope = numpy_function(tree), numpy_function(derivative(tree))
        x = np.linspace(-PREVIEW_RANGE, PREVIEW_RANGE, 241)
        f, df = value(x), slope(x)
        at0 = value(np.array([0.0]))[0]
        slope0 = slope(np.array([1e-12, -1e-12]))
        bad = int(np.count_nonzero(~np.isfinite(f)))
        words = translate("FormulaDialog", "✓ reads: f(0) = {f0}, f'(0) = {slope}").format(
            f0=f"{at0:.4g}", slope=f"{slope0[0]:.4g}"
        )
        if not np.isclose(slope0[0], slope0[1]):
            left = translate("FormulaDialog", " (left of 0: {slope})")
            words += left.format(slope=f"{slope0[1]:.4g}")
        if bad:
            where = translate(
                "FormulaDialog",
                "; not finite at {bad} of {points} points on ±{range} (NaN/inf markers)",
            )
            words += where.format(bad=bad, points=x.size, range=f"{PREVIEW_RANGE:g}")
        self.status.setText(words)
        set_tone(self.status, "good")
        self.ok_button.setEnabled(True)
        keep = np.isfinite(f) & np.isfinite(df)
        self.f_curve.setData(x[keep], f[keep])
        self.df_curve.setData(x[keep], df[keep])
        if keep.any():
            lo = float(min(f[keep].min(), df[keep].min()))
            hi = float(max(f[keep].max(), df[keep].max()))
            lo, hi = max(lo, -10.0), min(hi, 10.0)
            pad = 0.05 * max(hi - lo, 1e-3)
            self.preview.setYRange(lo - pad, hi + pad, padding=0)
        self.preview.setXRange(-PREVIEW_RANGE, PREVIEW_RANGE, padding=0)

    def accept(self) -> None:
        text = self.edit.text().strip()
        try:
            parse(text)
        except FormulaError:
            return
        remember(text)
        super().accept()
        self.formulaChosen.emit(text)
