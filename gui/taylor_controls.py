"""The Taylor panel's controls: what is drawn (order, lower orders, range, f′) and what
it is compared with (an activation, the suggested one, the LaTeX copy).

Each group is a wrapping row (gui/flow_layout.py), so in a narrow dock (1280×720) the
controls stack onto more lines instead of widening the panel past its dock.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from engine import ACTIVATIONS
from engine.activations import MAX_TAYLOR_ORDER as MAX_ORDER
from engine.protocol import TAYLOR_RANGE

from .flow_layout import FlowLayout
from .language import live, localise, on_change, translate


class TaylorControls(QtWidgets.QWidget):
    """The panel's two rows of controls; the panel connects and reads them. Their words
    follow a language switch (the combo's items keep their data, the activation's name)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.order_spin = QtWidgets.QSpinBox(objectName="taylorOrderSpin")
        self.order_spin.setRange(1, MAX_ORDER)
        self.order_spin.setValue(3)
        live(self.order_spin, "setPrefix", lambda: translate("TaylorControls", "order "))
        live(
            self.order_spin,
            "setToolTip",
            lambda: translate(
                "TaylorControls",
                "Highest power of x in the Taylor polynomial; the shaded band is where it is "
                "within 1 % of the true function.",
            ),
        )
        self.lower_check = QtWidgets.QCheckBox(objectName="taylorLowerCheck")
        live(self.lower_check, "setText", lambda: translate("TaylorControls", "lower orders too"))
        self.lower_check.setChecked(True)
        live(
            self.lower_check,
            "setToolTip",
            lambda: translate(
                "TaylorControls",
                "Also draw every lower order that adds a term, to see the series converge.",
            ),
        )
        self.range_spin = QtWidgets.QDoubleSpinBox(objectName="taylorRangeSpin")
        self.range_spin.setRange(0.5, TAYLOR_RANGE)
        self.range_spin.setSingleStep(0.5)
        self.range_spin.setDecimals(1)
        self.range_spin.setValue(4.0)
        self.range_spin.setPrefix("|x| ≤ ")
        live(
            self.range_spin,
            "setToolTip",
            lambda: translate("TaylorControls", "Half-width of the x range shown around 0."),
        )
        self.derivative_check = QtWidgets.QCheckBox(objectName="taylorDerivativeCheck")
        live(self.derivative_check, "setText", lambda: translate("TaylorControls", "show f′"))
        live(
            self.derivative_check,
            "setToolTip",
            lambda: translate(
                "TaylorControls",
                "Overlay the derivative f′(x), exact from the activation's symbolic form (the "
                "one a test holds to the network's torch function): sigmoid′ never exceeds 1/4.",
            ),
        )
        self.compare_combo = QtWidgets.QComboBox(objectName="taylorCompareCombo")
        self.compare_combo.addItem("", None)
        for act in ACTIVATIONS.values():
            self.compare_combo.addItem("", act.name)
        self._name_compared()
        on_change(self, self._name_compared)
        live(
            self.compare_combo,
            "setToolTip",
            lambda: translate(
                "TaylorControls", "Overlay a second activation and show its series too."
            ),
        )
        self.suggest_button = QtWidgets.QPushButton(objectName="taylorSuggestButton")
        self.suggest_button.setCheckable(True)
        self.copy_button = QtWidgets.QPushButton(objectName="taylorCopyButton")
        self.copy_button.setText(copy_text())
        live(
            self.copy_button,
            "setToolTip",
            lambda: translate(
                "TaylorControls",
                "Put the series shown on the clipboard as a complete LaTeX line, σ(x) = …, "
                "with the compared series aligned below it.",
            ),
        )
        self._layout()

    def _name_compared(self) -> None:
        """The combo's items in the current language (their data stay the names)."""
        combo = self.compare_combo
        for i in range(combo.count()):
            name = combo.itemData(i)
            if name is None:
                combo.setItemText(i, translate("TaylorControls", "compare with: none"))
            else:
                label = localise(ACTIVATIONS[name].label)
                text = translate("TaylorControls", "compare with: {name}")
                combo.setItemText(i, text.format(name=label))

    def _layout(self) -> None:
        drawn = FlowLayout()
        for w in (self.order_spin, self.lower_check, self.range_spin, self.derivative_check):
            drawn.addWidget(w)
        compared = FlowLayout()
        for w in (self.compare_combo, self.suggest_button, self.copy_button):
            compared.addWidget(w)
        rows = QtWidgets.QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(drawn)
        rows.addLayout(compared)


def copy_text() -> str:
    return translate("TaylorControls", "Copy as LaTeX")


def copied_text() -> str:
    return translate("TaylorControls", "Copied ✓")
