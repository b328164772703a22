"""The window's frame in Simplified Chinese: menus, actions, tabs, docks, the banner, the
pins and the A | B view switch live from View → Language and back, the choice is kept
for the next launch, and `python main.py --lang zh_CN` asks the window for Chinese."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from engine.words import QT_TRANSLATE_NOOP
from gui import app, language, settings, splash

from .conftest import SMALL, wait_for_frame
from .visible_words import english_left, english_words

ROOT = Path(__file__).resolve().parents[2]


def _shown(qtbot, window):
    """A window that has drawn its first frame (its engine is up, so it stops in time)."""
    window.show()
    wait_for_frame(qtbot, window, timeout=60000)  # the engine's start on a busy machine
    return window


def _frame_texts(window) -> list[str]:
    """Menu titles, action texts and tips, tab labels and dock titles."""
    texts = [a.text() for a in window.menuBar().actions()]
    for action in window.actions_by_name.values():
        texts += [action.text(), action.toolTip(), action.statusTip()]
    tabs = window.bottom_tabs
    texts += [tabs.tabText(i) for i in range(tabs.count())]
    texts += [
        d.windowTitle() for d in (window.controls_dock, window.taylor_dock, window.sweep_dock)
    ]
    texts.append(window.banner.toolTip())
    return texts


def test_choosing_chinese_in_view_language_switches_menus_tabs_and_docks_live_and_back(
    qtbot, make_window
):
    window = _shown(qtbot, make_window(SMALL))
    english = _frame_texts(window)
    assert "&File" in english and "Histogram" in english and "Controls" in english
    try:
        window.language_actions["zh_CN"].trigger()
        assert language.current() == "zh_CN"
        assert window.language_actions["zh_CN"].isChecked()
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles == ["文件(&F)", "运行(&R)", "视图(&V)", "帮助(&H)"]
        assert window.actions_by_name["export_figure"].text() == "导出图(&E)…"
        assert window.actions_by_name["pin"].statusTip().startswith("更改设置时")
        tabs = window.bottom_tabs
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["直方图", "奇异值谱", "训练"]
        assert window.controls_dock.windowTitle() == "控制面板"
        # a dock's show/hide action in the View menu takes the dock's new title
        assert window.actions_by_name["taylor_dock"].text() == "在 0 处的泰勒展开"
        assert window.actions_by_name["sweep_dock"].text() == "扫描：相图"
        assert window.banner.toolTip() == "点击关闭"
        chinese = _frame_texts(window)
        left = [t for t in chinese if english_words(t.replace("&", ""))]
        assert left == [], left
    finally:
        window.language_actions["en"].trigger()
    assert language.current() == "en"
    assert _frame_texts(window) == english  # every word back, exactly as before


def test_the_menu_bar_shows_no_english_in_chinese(qtbot, make_window, zh_cn):
    window = _shown(qtbot, make_window(SMALL))
    left = english_left(window.menuBar())
    assert left == [], "\n".join(left)
    assert window.language_actions["zh_CN"].isChecked()


def test_the_language_chosen_in_the_menu_is_used_at_the_next_launch(qtbot, make_window):
    window = _shown(qtbot, make_window(SMALL, remember=True))
    settings.settings_store().remove("language")  # another test's window may have chosen
    assert settings.load_language() is None  # nothing chosen yet: the system's
    try:
        window.language_actions["zh_CN"].trigger()
        assert settings.load_language() == "zh_CN"
        language.set_language("en")  # a new process starts in English …
        app.start_language(None)  # … and the remembered choice wins
        assert language.current() == "zh_CN"
        assert app.start_language("en") is None  # --lang overrides it for one launch
        assert language.current() == "en" and settings.load_language() == "zh_CN"
    finally:
        window.language_actions["en"].trigger()
    assert settings.load_language() == "en"
    window.remember = False  # keep this test's window layout out of the store


def test_main_py_lang_zh_cn_opens_the_window_in_chinese(monkeypatch):
    import cli.window

    asked = {}
    monkeypatch.setattr(cli.window, "display_problem", lambda: None)
    monkeypatch.setattr(app, "run", lambda config=None, lang=None: asked.update(lang=lang) or 0)
    spec = importlib.util.spec_from_file_location("stability_lab_main", ROOT / "main.py")
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    monkeypatch.setattr(sys, "argv", ["main.py", "--lang", "zh_CN"])
    assert entry.main() == 0
    assert asked == {"lang": "zh_CN"}


def test_the_splash_says_loading_in_the_remembered_language(qtbot):
    english = "Loading the numerical engine (PyTorch)…"
    qapp = QtWidgets.QApplication.instance()
    settings.save_language("en")
    assert splash._loading_message(qapp) == english
    settings.save_language("zh_CN")
    assert splash._loading_message(qapp) == "正在加载数值计算引擎（PyTorch）…"
    assert language.current() == "en"  # the splash's translator is gone again
    assert QtCore.QCoreApplication.translate("Splash", english) == english


def test_the_banner_says_a_marked_message_again_after_a_switch(
    qtbot, make_window, words_not_glyphs
):
    window = _shown(qtbot, make_window(SMALL))
    said = []
    window.errorShown.connect(said.append)
    window.show_error(QT_TRANSLATE_NOOP("Pins", "No pins"))
    assert window.banner.text() == "⚠ No pins" and said == ["No pins"]
    try:
        window.language_actions["zh_CN"].trigger()
        assert window.banner.text() == "⚠ 没有固定的运行"
    finally:
        window.language_actions["en"].trigger()
    assert window.banner.text() == "⚠ No pins"


def test_pins_speak_chinese_while_their_names_stay_english(qtbot, make_window):
    window = _shown(qtbot, make_window(SMALL))
    window.actions_by_name["pin"].trigger()
    pin = window.pins.pins[0]
    name = pin.run.label
    assert window.gradient_plot.ghosts.labels() == [f"pinned: {name}"]
    try:
        window.language_actions["zh_CN"].trigger()
        assert pin.run.label == name  # what a session saves
        assert window.gradient_plot.ghosts.labels() == [f"固定：{pin.label}"]
        assert window.pin_list.title() == "固定的运行（最多 6 个）"
        assert window.pin_list.rename_button.text() == "重命名"
        assert window.pin_list.list.item(0).text() == pin.label
        assert window.pin_list.list.item(0).toolTip().endswith("步）")
        window.pins.rename(pin.key, pin.label)  # the shown name, unchanged: still English
        assert window.pins.pins[0].run.label == name
        for _ in range(5):
            window.actions_by_name["pin"].trigger()
        window.actions_by_name["pin"].trigger()  # the seventh
        assert window.statusBar().currentMessage().startswith("⚠ 最多固定 6 个运行")
        window.actions_by_name["compare"].trigger()
        view = window.compare_view
        items = [view.b_combo.itemText(i) for i in range(view.b_combo.count())]
        assert items[0] == "实时运行" and items[1] == f"固定：{pin.label}"
        assert "固定" in view.sides[1].title.text() and view.windowTitle() == "并排对比（A | B）"
    finally:
        window.language_actions["en"].trigger()
    assert window.gradient_plot.ghosts.labels()[0] == f"pinned: {name}"
    assert window.pin_list.list.item(0).text() == name
    assert window.compare_view.b_combo.itemText(0) == "Live run"
    window.compare_view.close()


def test_a_runs_caption_reads_chinese_in_the_window_and_english_elsewhere(zh_cn):
    from engine import LabConfig
    from engine.pinned import default_label
    from gui.language import localise

    config = LabConfig(
        activation="sigmoid", gain=2, bias_std=0.1, residual=True, norm="layer", clip=1.0,
        mode="train",
    )  # fmt: skip
    caption = config.label()
    assert str(caption) == (
        "sigmoid · He normal · depth 30 · width 256 · fp32 · gain 2 · bias σ 0.1 · residual"
        " · layer norm · clip 1 · sgd lr 0.01"
    )  # the command line, CSV and session files read the English
    shown = localise(caption)
    assert "深度 30" in shown and "增益 2" in shown and "层归一化" in shown
    assert english_words(shown) == [], shown
    assert default_label(config).startswith("sigmoid · He normal · d30 · gain 2")
