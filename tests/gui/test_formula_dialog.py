"""A user picks "Custom formula…", types a formula key by key, sees it validated and
previewed live, and the lab runs it: the network's frames, the Taylor panel and the
remembered history all follow; a bad formula is refused where it is typed."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from gui.controls import CUSTOM
from gui.formula_dialog import FormulaDialog, load_history

from .conftest import SMALL, wait_for_frame

MISH = "x*tanh(softplus(x))"


def _type(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def _choose_custom(qtbot, window):
    combo = window.controls.editors["activation"]
    assert combo.itemText(combo.count() - 1) == "Custom formula…"
    combo.setFocus()
    assert combo.findData(CUSTOM) == combo.count() - 1
    qtbot.keyClick(combo, QtCore.Qt.Key.Key_End)  # to the list's last entry, by keyboard
    qtbot.waitUntil(lambda: window.controls.formula_dialog is not None)
    dialog = window.controls.formula_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_typing_a_formula_runs_it_everywhere(qtbot, make_window):
    window = make_window(SMALL)
    window.show()
    wait_for_frame(qtbot, window)
    dialog = _choose_custom(qtbot, window)
    assert window.config.activation == SMALL.activation  # nothing changed by opening it
    _type(qtbot, dialog.edit, "x*tanh(foo(x))")
    assert "unknown name 'foo' at character 8" in dialog.status.text()
    assert not dialog.ok_button.isEnabled()
    _type(qtbot, dialog.edit, MISH)
    assert dialog.status.text().startswith("✓")
    assert "f'(0) = 0.6" in dialog.status.text()  # tanh(ln 2) = 3/5
    x, y = dialog.f_curve.getData()
    np.testing.assert_allclose(y, x * np.tanh(np.log1p(np.exp(x))), rtol=1e-12)
    qtbot.keyClick(dialog.edit, QtCore.Qt.Key.Key_Return)
    frame = wait_for_frame(qtbot, window, lambda f: f.config.activation == MISH)
    assert np.all(np.isfinite(frame["grad_h_var"]))
    combo = window.controls.editors["activation"]
    assert combo.currentData() == MISH and MISH in combo.currentText()
    assert load_history()[0] == MISH
    qtbot.waitUntil(lambda: "3x/5" in window.taylor_panel.series_label.text(), timeout=60000)


def test_history_offers_recent_formulas_and_examples(qtbot):
    dialog = FormulaDialog()
    qtbot.addWidget(dialog)
    texts = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert any("Mish" in t for t in texts)
    item = dialog.history.item(0)
    rect = dialog.history.visualItemRect(item)
    qtbot.mouseClick(dialog.history.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.edit.text() == MISH
    assert dialog.ok_button.isEnabled()


def test_a_domain_error_is_previewed_not_refused(qtbot):
    dialog = FormulaDialog("log(x)")
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isEnabled()
    assert "not finite" in dialog.status.text()


def test_cancel_keeps_the_activation(qtbot, make_window):
    window = make_window(SMALL)
    dialog = _choose_custom(qtbot, window)
    _type(qtbot, dialog.edit, "sin(x)")
    qtbot.keyClick(dialog, QtCore.Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.config.activation == SMALL.activation
    combo = window.controls.editors["activation"]
    assert combo.currentData() == SMALL.activation
    assert isinstance(combo, QtWidgets.QComboBox)
