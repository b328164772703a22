"""The Taylor panel and the formula dialog in Simplified Chinese: every word a reader sees
is Chinese once a series has arrived (formulas and names aside), a parse error too, and a
live switch changes the verdict, the controls and the dialog and back again."""

from __future__ import annotations

import pickle

import pytest
from PySide6 import QtWidgets

from engine.words import Message
from gui import language
from gui.formula_dialog import FormulaDialog
from gui.taylor_panel import TaylorPanel

from .visible_words import english_left, visible_texts


@pytest.fixture
def panel(qtbot):
    widget = TaylorPanel("sigmoid")
    qtbot.addWidget(widget)
    widget.resize(420, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _everything_shown(panel) -> None:
    """A comparison, f′ and the suggestion button: every kind of text the panel writes."""
    panel.derivative_check.setChecked(True)
    panel.set_compare("relu")  # a kink: the kink's sentence too


def test_the_taylor_panel_with_its_series_shows_no_english_in_chinese(zh_cn, panel, qtbot):
    _everything_shown(panel)
    qtbot.waitUntil(lambda: panel.ready)
    assert "不通过" in panel.verdict_label.text()
    assert "折点" in panel.compare_series_label.text()
    assert english_left(panel) == []
    panel.copy_button.click()
    assert panel.copy_button.text() == "已复制 ✓"
    assert english_left(panel) == []


def test_a_formula_without_a_series_is_said_in_chinese(zh_cn, panel, qtbot):
    panel.set_activation("sqrt(x)")
    text = panel.series_label.text()
    assert "没有泰勒级数" in text and "√x" in text
    failed = panel.source.get("sqrt(x)", panel.order_spin.value())
    assert isinstance(pickle.loads(pickle.dumps(failed)).message, Message)  # the pipe keeps it


def test_a_live_switch_changes_the_verdict_and_back(qapp, panel, qtbot):
    _everything_shown(panel)
    qtbot.waitUntil(lambda: panel.ready)
    english = sorted(visible_texts(panel))
    assert "fails" in panel.verdict_label.text()
    assert "shifts the mean" in panel.series_label.text()
    try:
        language.set_language("zh_CN")
        assert "不通过" in panel.verdict_label.text()
        assert "每层方差" in panel.verdict_label.text()
        assert "平移均值" in panel.series_label.text()
        assert panel.compare_combo.currentText() == "比较：ReLU"
        assert panel.compare == "relu"  # the data stay the activation's name
        assert panel.lower_check.text() == "也画低阶"
        assert english_left(panel) == []
    finally:
        language.set_language("en")
    assert "fails" in panel.verdict_label.text()
    assert sorted(visible_texts(panel)) == english


def test_the_formula_dialog_in_chinese_has_no_english_left_nor_in_a_parse_error(zh_cn, qtbot):
    dialog = FormulaDialog("x*tanh(ab(x))")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "自定义激活函数公式"
    assert "未知的名称 'ab'" in dialog.status.text()
    assert "第 8 个字符" in dialog.status.text() and "是不是想写 'abs'" in dialog.status.text()
    assert not dialog.ok_button.isEnabled()
    assert english_left(dialog) == []
    dialog.edit.setText("log(x)")
    assert dialog.status.text().startswith("✓ 解析成功")
    assert "不是有限值" in dialog.status.text()
    assert english_left(dialog) == []


def test_the_formula_dialog_switches_live_and_back(qapp, qtbot):
    dialog = FormulaDialog("x^2")
    qtbot.addWidget(dialog)
    dialog.show()
    english = sorted(visible_texts(dialog))
    assert "write powers as **" in dialog.status.text()
    try:
        language.set_language("zh_CN")
        QtWidgets.QApplication.processEvents()  # Qt's own buttons follow on its event
        assert "乘方请写作 **" in dialog.status.text()
        assert dialog.ok_button.text() == "使用公式"
        assert english_left(dialog) == []
    finally:
        language.set_language("en")
    QtWidgets.QApplication.processEvents()
    assert dialog.ok_button.text() == "Use formula"
    assert sorted(visible_texts(dialog)) == english
