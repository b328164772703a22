"""The whole window in Simplified Chinese and back, switched live.

Walks every widget a reader can see or hover (tests/gui/visible_words.py): in zh_CN no
English may be left (formulas, names and functions aside), and back in English no Chinese
(the language menu's own "简体中文" aside) — so a word added later without a translation,
or a text that does not follow a switch, fails here.
"""

from __future__ import annotations

import re

from PySide6 import QtWidgets

from gui import language

from .conftest import SMALL, wait_for_frame
from .visible_words import english_left, visible_texts

HAN = re.compile(r"[\u4e00-\u9fff]")


def _show_every_tab(qtbot, window):
    tabs = window.findChildren(QtWidgets.QTabWidget)
    for tab in tabs:
        for i in range(tab.count()):
            tab.setCurrentIndex(i)
            qtbot.wait(30)
        tab.setCurrentIndex(0)


def _chinese_left(window) -> list[str]:
    own_names = set(language.LANGUAGES.values())
    return sorted(
        {
            f"{where}: {text[:80]!r}"
            for where, text in visible_texts(window)
            if HAN.search(text) and text.replace("&", "") not in own_names
        }
    )


def test_a_window_built_in_chinese_shows_no_english_words(qtbot, make_window, zh_cn):
    window = make_window(SMALL)
    window.resize(1600, 980)
    window.show()
    wait_for_frame(qtbot, window)
    _show_every_tab(qtbot, window)
    qtbot.wait(300)
    left = english_left(window)
    assert left == [], f"{len(left)} English texts left:\n" + "\n".join(left[:60])


def test_a_live_switch_turns_every_word_chinese_and_back(qtbot, make_window, words_not_glyphs):
    window = make_window(SMALL)
    window.resize(1600, 980)
    window.show()
    wait_for_frame(qtbot, window)
    english_before = sorted(text for _where, text in visible_texts(window))
    try:
        window.language_actions["zh_CN"].trigger()
        wait_for_frame(qtbot, window)
        _show_every_tab(qtbot, window)
        qtbot.wait(300)
        assert language.current() == "zh_CN"
        left = english_left(window)
        assert left == [], f"{len(left)} texts did not follow the switch:\n" + "\n".join(left[:60])
    finally:
        window.language_actions["en"].trigger()
    wait_for_frame(qtbot, window)
    qtbot.wait(300)
    left = _chinese_left(window)
    assert left == [], "still Chinese after switching back:\n" + "\n".join(left[:60])
    assert len(english_before) > 100


def test_a_panel_that_follows_the_language_is_not_kept_alive_by_it(qapp):
    import gc

    from PySide6 import QtCore

    class Panel(QtCore.QObject):
        switched = 0

        def refresh(self):
            Panel.switched += 1

    panel = Panel()
    language.on_change(panel, panel.refresh)
    language.set_language("en")
    assert Panel.switched == 1
    ref = __import__("weakref").ref(panel)
    del panel
    gc.collect()
    assert ref() is None
    language.set_language("en")
    assert Panel.switched == 1


def test_the_language_follows_the_system_locale_unless_one_was_chosen(qapp, monkeypatch):
    from PySide6 import QtCore

    from gui import app, settings

    for system, expected in (
        ("zh_CN", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("en_GB", "en"),
        ("de_DE", "en"),
    ):
        monkeypatch.setattr(language.QtCore.QLocale, "system", lambda s=system: QtCore.QLocale(s))
        assert language.system_language() == expected, system
    monkeypatch.setattr(settings, "load_language", lambda: None)
    try:
        assert app.start_language(None) in (None, language.cjk_font_problem())
        assert language.current() == "en"  # de_DE: the lab has no German, so English
        monkeypatch.setattr(language.QtCore.QLocale, "system", lambda: QtCore.QLocale("zh_CN"))
        app.start_language(None)
        assert language.current() == "zh_CN"
        monkeypatch.setattr(settings, "load_language", lambda: "en")  # chosen in View → Language
        app.start_language(None)
        assert language.current() == "en"
        app.start_language("zh_CN")  # --lang wins for this launch
        assert language.current() == "zh_CN"
    finally:
        language.set_language("en")


def test_an_unknown_language_is_refused_with_the_ones_there_are(qapp):
    import pytest

    with pytest.raises(ValueError, match="en, zh_CN"):
        language.set_language("fr")
    assert language.current() == "en"


def test_a_pin_never_widens_the_controls_past_their_dock_in_either_language(qtbot, make_window):
    """The pin list's three buttons in one row once needed 276 px: wider than the
    controls dock (244 px in Chinese, 265 in English), which then cut every field."""
    from gui.pins import pin_current

    window = make_window(SMALL)
    window.resize(1600, 980)
    window.show()
    wait_for_frame(qtbot, window)
    pin_current(window)
    try:
        for code in ("zh_CN", "en"):
            window.language_actions[code].trigger()
            qtbot.wait(200)
            viewport = window.controls_dock.widget().viewport().width()
            assert window.controls.minimumSizeHint().width() <= viewport, code
            assert window.controls.width() <= viewport, code
    finally:
        window.language_actions["en"].trigger()


def test_a_text_whose_qt_object_has_gone_does_not_stop_a_switch(qapp):
    from PySide6 import QtWidgets

    class Gone(QtWidgets.QLabel):
        broken = False

        def setText(self, text):  # noqa: N802 - Qt's name
            if self.broken:
                raise RuntimeError("Internal C++ object (Gone) already deleted.")
            super().setText(text)

    gone, label = Gone(), QtWidgets.QLabel()
    language.live(gone, "setText", lambda: language.translate("Menus", "&Language"))
    gone.broken = True  # bound before the label: the switch meets it first
    language.live(label, "setText", lambda: language.translate("Menus", "&Language"))
    try:
        language.set_language("zh_CN")
        assert label.text() == "语言(&L)"
    finally:
        language.set_language("en")
    assert label.text() == "&Language"
