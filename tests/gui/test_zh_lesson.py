"""The lesson in Chinese: every scenario's title and sentence translated with the same
numbers and formulas, the lesson dialog (F1) and presentation mode (F11) with no English
left in zh_CN, and presentation mode following a live switch while it shows."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6 import QtWidgets

from engine.presets import load_presets
from gui import language
from gui.help_dialog import LESSON

from .test_presentation import DEEP, entered, press, shown_at
from .visible_words import english_left, english_words

HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)*")  # every digit group: 0.056, 6e-19 → 6, 19
FRACTION = re.compile(r"[0-9A-Za-z_√]+/[0-9A-Za-z_√(]+")  # 1/16, 2/n, 1/√n, 2/(n_in, g/B
FORMULA = re.compile(r"[∂σγ][^\s\u4e00-\u9fff，。：；（）“”]*")  # ∂ℓ/∂h, σ'(0)², γ


def finished(context: str, source: str) -> str:
    """The finished Chinese translation of `source` in the .ts (fails when there is none)."""
    from tests.test_translations import translations

    text, kind = translations.messages(translations.TS).get((context, source), ("", "missing"))
    assert text and kind is None, f"[{context}] {source[:60]!r} is {kind or 'empty'}"
    return text


def same_numbers(english: str, chinese: str) -> list[str]:
    """What of `english`'s numbers and formulas `chinese` lost or added."""
    wrong = []
    if Counter(NUMBER.findall(english)) != Counter(NUMBER.findall(chinese)):
        wrong.append(f"numbers {NUMBER.findall(english)} ≠ {NUMBER.findall(chinese)}")
    for pattern in (FRACTION, FORMULA):
        for token in pattern.findall(english):
            token = token.rstrip(".,;:)'")
            if english.count(token) != chinese.count(token):
                wrong.append(
                    f"{token!r} {english.count(token)}× in English, {chinese.count(token)}×"
                )
    return wrong


def scenario_words():
    for preset in load_presets().values():
        yield f"{preset.name} title", preset.title
        yield f"{preset.name} text", preset.see


@pytest.mark.parametrize(("where", "english"), list(scenario_words()), ids=lambda v: str(v)[:30])
def test_every_scenario_has_a_finished_chinese_title_and_text_with_the_same_numbers(where, english):
    chinese = finished("Presets", english)
    assert english_words(chinese) == [], f"{where}: {chinese}"
    if len(re.findall(r"[A-Za-z]{4,}", english)) >= 3 or where.endswith("text"):
        assert HAN.search(chinese), f"{where} reads as English: {chinese}"
    assert same_numbers(english, chinese) == [], f"{where}: {chinese}"


def test_every_lesson_point_has_a_finished_chinese_title_and_text_with_the_same_numbers():
    for point in LESSON:
        for english in (point.title, point.text):
            chinese = finished("Lesson", english)
            assert HAN.search(chinese) and english_words(chinese) == [], chinese
            assert same_numbers(english, chinese) == [], chinese


def test_the_numbers_check_catches_a_changed_number_or_formula():
    english = "σ'(0)² = 1/16, falls ≈18× per layer over 30 layers"
    assert same_numbers(english, "σ'(0)² = 1/16，每层下降 ≈18×，共 30 层") == []
    assert same_numbers(english, "σ'(0)² = 1/16，每层下降 ≈17×，共 30 层") != []
    assert same_numbers(english, "σ'(0)² = 1/8，每层下降 ≈18×，共 30 层") != []


def test_the_lesson_dialog_shows_no_english_in_zh_cn(qtbot, make_window, zh_cn):
    window = shown_at(qtbot, make_window, 1280, 720)
    press(qtbot, window, "F1")
    dialog = window.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert english_left(dialog) == []
    button = dialog.findChild(QtWidgets.QPushButton, "lesson1_exploding")
    assert button.text() == "▶ " + finished("Presets", load_presets()["exploding"].title)


def test_the_lesson_dialog_follows_a_live_switch_and_back(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    press(qtbot, window, "F1")
    dialog = window.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    button = dialog.findChild(QtWidgets.QPushButton, "lesson1_exploding")
    english = button.text()
    try:
        language.set_language("zh_CN")
        assert button.text() == "▶ 梯度爆炸：ReLU，N(0, 1)"
        assert dialog.windowTitle() == "课程要点"
        assert HAN.search(button.toolTip())
    finally:
        language.set_language("en")
    assert button.text() == english and "Exploding" in english
    assert dialog.windowTitle() == "The lesson in short"


# the parts of the view that other panels' code builds (their plots, the setting widgets)
BORROWED = (
    "presentationGradientPlot",
    "presentationActivationPlot",
    "presentationTrainingPlot",
    "presentationDepthSpin",
    "presentationActivationCombo",
    "presentationInitCombo",
)


def test_presentation_modes_own_bar_title_and_text_show_no_english_in_zh_cn(
    qtbot, make_window, zh_cn
):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    assert english_left(view.leave_button) == []
    assert HAN.search(view.text.text()) and english_words(view.text.text()) == []  # the keys
    press(qtbot, view, "N")  # a scenario's title and sentence
    assert HAN.search(view.title.text()) and HAN.search(view.text.text())
    own = [line for line in english_left(view) if not any(n in line for n in BORROWED)]
    assert own == []


def test_presentation_mode_shows_no_english_in_zh_cn(qtbot, make_window, zh_cn):
    """The whole view, its plots and setting widgets included."""
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    press(qtbot, view, "N")
    assert english_left(view) == []


def test_presentation_mode_follows_a_live_switch_while_it_shows_and_back(qtbot, make_window):
    from gui.language_menu import switch_language

    window = shown_at(qtbot, make_window, 1280, 720, config=DEEP)
    view = entered(qtbot, window)
    window.controls.apply_preset("vanishing")
    preset = load_presets()["vanishing"]
    assert view.title.text() == preset.title
    leave = view.leave_button.text()
    try:
        switch_language(window, "zh_CN")
        assert view.isVisible()
        assert view.title.text() == "梯度消失：sigmoid，深层网络"
        assert view.text.text().startswith("∂ℓ/∂h 的方差")
        assert view.preset_combo.currentText() == view.title.text()
        assert view.leave_button.text() != leave and HAN.search(view.leave_button.text())
        assert HAN.search(view.run_button.text())
    finally:
        switch_language(window, "en")
    assert view.title.text() == preset.title
    assert view.text.text().startswith(preset.see[:20])
    assert view.preset_combo.currentText() == preset.title
    assert view.leave_button.text() == leave == "✕ Leave"
    assert view.run_button.text() in ("Run", "Pause")


def test_presentation_mode_without_a_scenario_says_its_keys_in_the_language_shown(
    qtbot, make_window
):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    assert "Shift+N" in view.text.text() and "next" in view.text.text()
    try:
        language.set_language("zh_CN")
        assert "Shift+N" in view.text.text() and "下一个" in view.text.text()
    finally:
        language.set_language("en")
    assert "next" in view.text.text()


def test_presentation_mode_switched_live_to_zh_cn_shows_no_english(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    window.controls.apply_preset("xavier_relu")
    try:
        language.set_language("zh_CN")
        window.language_changed()
        assert view.combos["init"].currentText() == "Xavier 正态"
        assert view.combos["init"].currentData() == "xavier_normal"
        assert english_left(view) == []
    finally:
        language.set_language("en")
    assert view.combos["init"].currentText() == "Xavier normal"


def test_presentation_modes_message_follows_a_live_switch_like_the_banner(qtbot, make_window):
    window = shown_at(qtbot, make_window, 1280, 720)
    view = entered(qtbot, window)
    said = load_presets()["lr_too_high"].title  # a marked text the window translates
    window.show_error(said)
    assert view.message.text() == f"⚠ {said}"
    try:
        language.set_language("zh_CN")
        assert view.message.text() == "⚠ 学习率过大"
    finally:
        language.set_language("en")
    assert view.message.text() == f"⚠ {said}"


def test_the_lesson_dialogs_keys_follow_a_live_switch_when_given_as_a_function(qtbot, make_window):
    from gui.help_dialog import show_lesson
    from gui.menus import shortcuts_html

    window = make_window()
    dialog = show_lesson(window, shortcuts_html)
    keys = dialog.findChild(QtWidgets.QLabel, "lessonKeys")
    english = keys.text()
    try:
        language.set_language("zh_CN")
        assert keys.text() != english and HAN.search(keys.text())
        assert dialog.tabs.tabText(1) == "快捷键"
    finally:
        language.set_language("en")
    assert keys.text() == english and dialog.tabs.tabText(1) == "Keys"
