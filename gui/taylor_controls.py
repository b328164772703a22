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


class TaylorControls(QtWidgets.QWidget):
    """The panel's two rows of controls; the panel connects and reads them."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.order_spin = QtWidgets.QSpinBox(objectName="taylorOrderSpin")
        self.order_spin.setRange(1, MAX_ORDER)
        self.order_spin.setValue(3)
        self.order_spin.setPrefix("order ")
        self.order_spin.setToolTip(
            "Highest power of x in the Taylor polynomial; the shaded band is where it is "
            "within 1 % of the true function."
        )
        self.lower_check = QtWidgets.QCheckBox("lower orders too", objectName="taylorLowerCheck")
        self.lower_check.setChecked(True)
        self.lower_check.setToolTip(
            "Also draw every lower order that adds a term, to see the series converge."
        )
        self.range_spin = QtWidgets.QDoubleSpinBox(objectName="taylorRangeSpin")
        self.range_spin.setRange(0.5, TAYLOR_RANGE)
        self.range_spin.setSingleStep(0.5)
        self.range_spin.setDecimals(1)
        self.range_spin.setValue(4.0)
        self.range_spin.setPrefix("|x| ≤ ")
        self.range_spin.setToolTip("Half-width of the x range shown around 0.")
        self.derivative_check = QtWidgets.QCheckBox("show f′", objectName="taylorDerivativeCheck")
        self.derivative_check.setToolTip(
            "Overlay the derivative f′(x), exact from the activation's symbolic form (the one "
            "a test holds to the network's torch function): sigmoid′ never exceeds 1/4."
        )
        self.compare_combo = QtWidgets.QComboBox(objectName="taylorCompareCombo")
        self.compare_combo.addItem("compare with: none", None)
        for act in ACTIVATIONS.values():
            self.compare_combo.addItem(f"compare with: {act.label}", act.name)
        self.compare_combo.setToolTip("Overlay a second activation and show its series too.")
        self.suggest_button = QtWidgets.QPushButton(objectName="taylorSuggestButton")
        self.suggest_button.setCheckable(True)
        self.copy_button = QtWidgets.QPushButton("Copy as LaTeX", objectName="taylorCopyButton")
        self.copy_button.setToolTip(
            "Put the series shown on the clipboard as a complete LaTeX line, σ(x) = …, "
            "with the compared series aligned below it."
        )
        self._layout()

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
