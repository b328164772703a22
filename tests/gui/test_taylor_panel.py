"""The Taylor panel follows its activation and order, compares, and copies LaTeX."""

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from gui.taylor_panel import TaylorPanel


@pytest.fixture
def panel(qtbot):
    widget = TaylorPanel("sigmoid")
    qtbot.addWidget(widget)
    return widget


def top_poly(panel):
    """(x, y) of the curve of the highest order drawn."""
    return panel._polys[len(panel.orders) - 1].getData()


def test_names_and_defaults(panel):
    assert panel.objectName() == "taylorPanel"
    spin = panel.findChild(QtWidgets.QSpinBox, "taylorOrderSpin")
    assert spin is panel.order_spin and (spin.minimum(), spin.maximum(), spin.value()) == (1, 15, 3)
    assert panel.activation == "sigmoid"
    assert panel.orders == [1, 3]
    assert "x³/48" in panel.series_label.text()
    assert panel.verdict_label.property("verdict") == "fail"


def test_follows_set_activation(panel, qtbot):
    _, before = panel._curve.getData()
    with qtbot.waitSignal(panel.changed, timeout=2000):
        panel.set_activation("tanh")
    _, after = panel._curve.getData()
    assert panel.activation == "tanh"
    assert not np.allclose(before, after)
    assert "x³/3" in panel.series_label.text()
    assert panel.verdict_label.property("verdict") == "pass"
    with pytest.raises(ValueError):
        panel.set_activation("nonsense")


def test_order_spin_changes_the_polynomial(panel, qtbot):
    _, y3 = top_poly(panel)
    with qtbot.waitSignal(panel.changed, timeout=2000):
        panel.order_spin.setValue(5)
    _, y5 = top_poly(panel)
    assert panel.orders == [1, 3, 5]
    assert not np.allclose(y3, y5)
    assert "x⁵/480" in panel.series_label.text()
    panel.lower_check.setChecked(False)
    assert panel.orders == [5]


def test_compare_overlays_a_second_curve(panel, qtbot):
    x, y = panel._compare_curve.getData()
    assert x is None or len(x) == 0
    panel.suggest_button.click()  # "Compare with 4·sigmoid − 2"
    assert panel.compare == "scaled_sigmoid"
    x, y = panel._compare_curve.getData()
    np.testing.assert_allclose(y, 4 / (1 + np.exp(-x)) - 2, atol=1e-12)
    assert panel.compare_series_label.isVisibleTo(panel)
    assert "x³/12" in panel.compare_series_label.text()
    panel.set_compare(None)
    assert not panel.compare_series_label.isVisibleTo(panel)


def test_derivative_checkbox_shows_sigmoid_slope_below_a_quarter(panel):
    panel.derivative_check.setChecked(True)
    _, dy = panel._derivative_curve.getData()
    assert dy.max() == pytest.approx(0.25, abs=1e-3)


def test_region_is_not_movable_and_follows_order(panel):
    assert not panel._region.movable
    a1, b1 = panel._region.getRegion()
    panel.order_spin.setValue(9)
    a9, b9 = panel._region.getRegion()
    assert a9 < a1 < 0 < b1 < b9


def test_copy_as_latex(panel):
    QtWidgets.QApplication.clipboard().clear()
    panel.copy_button.click()
    text = QtWidgets.QApplication.clipboard().text()
    assert text == panel.latex()
    assert text.startswith(r"\sigma(x) = \frac{1}{2} + \frac{x}{4} - \frac{x^{3}}{48}")


def test_copy_as_latex_gives_the_compared_series_too(panel, qtbot):
    with qtbot.waitSignal(panel.changed, timeout=5000):
        panel.set_compare("scaled_sigmoid")
    panel.copy_button.click()
    text = QtWidgets.QApplication.clipboard().text()
    assert text.startswith(r"\begin{aligned} \sigma(x) &= \frac{1}{2} + \frac{x}{4}")
    assert r"\\ 4\sigma(x) - 2 &= x - \frac{x^{3}}{12}" in text
    assert text.endswith(r"\end{aligned}")


def test_every_activation_has_a_latex_name():
    from engine import ACTIVATIONS
    from engine.activations import LATEX_NAMES

    assert set(LATEX_NAMES) == set(ACTIVATIONS)
    assert ACTIVATIONS["x*sin(x)"].latex == "f(x)"


def test_plot_items_are_reused(panel):
    items = list(panel.plot.getPlotItem().items)
    panel.set_activation("relu")
    panel.order_spin.setValue(7)
    assert list(panel.plot.getPlotItem().items) == items


def test_in_a_narrow_dock_the_controls_wrap_onto_more_lines_and_stay_usable(panel, qtbot):
    panel.resize(260, 700)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.minimumSizeHint().width() <= 260
    spin = panel.order_spin
    assert panel.range_spin.y() > spin.y()  # wrapped onto the next line
    for widget in (spin, panel.lower_check, panel.range_spin, panel.copy_button, panel.plot):
        right = widget.mapTo(panel, QtCore.QPoint(widget.width(), 0)).x()
        assert right <= panel.width(), widget.objectName()
    value = spin.value()
    qtbot.keyClick(spin, QtCore.Qt.Key.Key_Up)
    assert spin.value() == value + 1
