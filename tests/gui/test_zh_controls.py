"""The controls dock and the status bar in Simplified Chinese, switched live, and typed
numbers that read the same in either language.

Every word there comes from the settings table (`engine/settings_table.py`), the
activation and init registries or the panel itself; the table's words stay English for
the command line, the window shows them with `language.localise`."""

from __future__ import annotations

import re

from PySide6 import QtCore, QtWidgets

from engine import LabConfig
from engine.settings_table import BY_NAME, ConfigError
from gui import language

from .conftest import SMALL, type_into, wait_for_frame
from .visible_words import english_left, visible_texts

HAN = re.compile(r"[\u4e00-\u9fff]")
TRAINING = SMALL.with_(mode="train", clip=1.0)  # every field enabled, every status field set


def _group_titles(window) -> list[str]:
    return [box.title() for box in window.controls.findChildren(QtWidgets.QGroupBox)]


def test_the_controls_dock_and_status_bar_built_in_chinese_show_no_english(
    qtbot, make_window, zh_cn
):
    window = make_window(TRAINING)
    window.show()
    wait_for_frame(qtbot, window, timeout=60000)  # the first engine start imports torch
    qtbot.waitUntil(lambda: window.status.fields["steps"].text() != "", timeout=60000)
    assert english_left(window.controls_dock) == []
    assert english_left(window.status) == []
    assert "网络" in _group_titles(window) and "训练" in _group_titles(window)
    assert window.controls.editors["init"].itemText(0) == "He 正态"
    assert window.status.fields["loss"].text().startswith("损失 ")
    assert window.status.fields["steps"].text().endswith(" 步/秒")


def test_a_live_switch_changes_titles_tooltips_and_combo_items_and_back(qtbot, make_window):
    window = make_window(SMALL)
    window.show()
    controls = window.controls
    depth_label = controls.depth_editor.parentWidget().layout().labelForField(controls.depth_editor)
    mode = controls.editors["mode"]
    english = {
        "titles": _group_titles(window),
        "depth": depth_label.text(),
        "tip": controls.depth_spin.toolTip(),
        "mode": [mode.itemText(i) for i in range(mode.count())],
        "run": controls.run_button.text(),
        "scenario": controls.preset_combo.itemText(0),
        "device": controls.device_combo.itemText(0),
        "steps tip": window.status.fields["steps"].toolTip(),
    }
    assert "Network" in english["titles"] and english["depth"] == "Depth"
    assert (
        english["tip"].startswith("Number of layers d.") and "\nAllowed: 1–1000" in english["tip"]
    )
    assert english["device"] == "auto"
    try:
        language.set_language("zh_CN")
        assert "网络" in _group_titles(window) and "Network" not in _group_titles(window)
        assert depth_label.text() == "深度"
        assert controls.depth_spin.toolTip().startswith("层数 d。")
        assert "\n允许：1–1000" in controls.depth_spin.toolTip()
        assert [mode.itemText(i) for i in range(mode.count())] == ["探测（只测量）", "在任务上训练"]
        assert [mode.itemData(i) for i in range(mode.count())] == ["probe", "train"]  # values stay
        assert controls.run_button.text() == "暂停"
        assert HAN.search(controls.preset_combo.itemText(0))
        assert controls.device_combo.itemText(0) == "自动"
        assert controls.device_combo.itemData(0) == "auto"
        assert HAN.search(window.status.fields["steps"].toolTip())
        assert english_left(window.controls_dock) == []
    finally:
        language.set_language("en")
    assert english == {
        "titles": _group_titles(window),
        "depth": depth_label.text(),
        "tip": controls.depth_spin.toolTip(),
        "mode": [mode.itemText(i) for i in range(mode.count())],
        "run": controls.run_button.text(),
        "scenario": controls.preset_combo.itemText(0),
        "device": controls.device_combo.itemText(0),
        "steps tip": window.status.fields["steps"].toolTip(),
    }
    chinese = [text for _where, text in visible_texts(window.controls_dock) if HAN.search(text)]
    assert chinese == []


def test_typed_numbers_read_the_same_in_chinese(qtbot, make_window, zh_cn):
    window = make_window(SMALL)
    window.show()
    controls = window.controls
    type_into(qtbot, controls.depth_spin, "40")
    type_into(qtbot, controls.editors["gain"], "1.25")
    type_into(qtbot, controls.editors["clip"], "2e-3")
    assert (window.config.depth, window.config.gain, window.config.clip) == (40, 1.25, 0.002)
    assert controls.editors["clip"].text_shown() == "0.002"  # a decimal point, as typed
    type_into(qtbot, controls.editors["clip"], "关")  # the word the box shows for off
    assert window.config.clip == 0.0 and controls.editors["clip"].text_shown() == "关"
    type_into(qtbot, controls.editors["widths"], "64, 128")
    assert window.config.widths == (64, 128)


def test_a_refused_number_is_explained_in_chinese_with_the_same_numbers(qtbot, make_window, zh_cn):
    window = make_window(SMALL)
    window.show()
    box = window.controls.depth_spin
    with qtbot.waitSignal(box.problem) as said:
        type_into(qtbot, box, "5000")
    assert said.args[0] == "深度：5000 超出范围（允许：1–1000）；保留 12"
    assert window.config.depth == 12
    assert window.controls.message.text() == f"⚠ {said.args[0]}"


def test_the_table_still_speaks_english_to_the_command_line():
    try:
        BY_NAME["clip"].parse("1e9")
    except ConfigError as exc:
        assert str(exc) == "clip: 1e9 is out of range (allowed: 1e-06–1e+06 or 0 (off))"
    assert BY_NAME["mode"].options() == {
        "probe": "probe (measure only)",
        "train": "train on a task",
    }
    assert BY_NAME["depth"].help().startswith("Number of layers d [1–1000; default 30]")


def test_a_paused_status_bar_follows_a_switch(qtbot, make_window):
    window = make_window(LabConfig(depth=8, width=32, batch=8, mode="train"), running=False)
    window.show()
    window.controls.step_button.click()
    qtbot.waitUntil(lambda: window.status.fields["loss"].text() != "", timeout=60000)
    assert window.status.fields["loss"].text().startswith("loss ")
    try:
        language.set_language("zh_CN")
        assert window.status.fields["loss"].text().startswith("损失 ")
        assert window.status.fields["loss"].toolTip() == "最新一步的训练损失"
    finally:
        language.set_language("en")
    assert window.status.fields["loss"].text().startswith("loss ")
    assert QtCore.QCoreApplication.translate("StatusBar", "loss {loss}") == "loss {loss}"
