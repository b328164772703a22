"""The export and animation dialogs in Simplified Chinese: nothing left in English (names
and formulas aside), and a live switch en → zh_CN → en changes every text and back, the
combos' values unchanged. The words the engine gives them (a size or an animation that
cannot be made, progress lines of the export command) are shown translated too."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets

from engine import LabConfig
from engine.figures import SizeError, pixel_size
from gui import language
from gui.animation_dialog import AnimationDialog, progress_text, wrote_text
from gui.export_dialog import ExportDialog, error_text

from .visible_words import english_left

TINY = LabConfig(depth=6, width=16, batch=8)


def _caption(config: LabConfig) -> str:
    return config.label()  # a Message: the dialog shows it in the current language


def _export_dialog(qtbot) -> ExportDialog:
    dialog = ExportDialog(None, _caption(TINY), "light")
    qtbot.addWidget(dialog)
    return dialog


def _animation_dialog(qtbot, config=TINY) -> AnimationDialog:
    dialog = AnimationDialog(None)
    qtbot.addWidget(dialog)
    dialog.prepare(config, "dark")
    return dialog


def test_the_export_dialog_in_chinese_has_no_english_left(zh_cn, qtbot):
    dialog = _export_dialog(qtbot)
    assert english_left(dialog) == []
    assert dialog.windowTitle() == "导出图形"
    assert dialog.plot_combo.currentText() == "梯度图"


@pytest.mark.parametrize("config", [TINY, TINY.with_(mode="train")], ids=["depth", "training"])
def test_the_animation_dialog_in_chinese_has_no_english_left(zh_cn, qtbot, config):
    dialog = _animation_dialog(qtbot, config)
    assert english_left(dialog) == []
    assert "深度" in dialog.steps_row_label.text() or "训练" in dialog.steps_row_label.text()
    dialog.frames_spin.setValue(250)  # more frames than a depth ramp of 6 (or steps) has
    assert english_left(dialog) == [] and dialog.problem_label.text().startswith("帧数：")


def test_the_dialogs_follow_a_live_switch_and_keep_their_values(qapp, qtbot):
    export, animation = _export_dialog(qtbot), _animation_dialog(qtbot)
    export.theme_combo.setCurrentIndex(export.theme_combo.findData("transparent-dark"))
    english = [export.windowTitle(), export.plot_combo.currentText(), animation.windowTitle()]
    assert english == ["Export figure", "Gradient plot", "Export animation"]
    assert export.caption_check.text() == f"Caption: {TINY.label()}"
    try:
        language.set_language("zh_CN")
        qapp.processEvents()  # Qt's own buttons (Save, Cancel) follow a LanguageChange event
        assert english_left(export) == [] and english_left(animation) == []
        assert export.theme_combo.currentText() == "透明（深色）"
        assert export.height_spin.specialValueText() == "自动"
        assert animation.over_label.text() == "随深度递增：深度 1 → 6"
    finally:
        language.set_language("en")
    qapp.processEvents()
    assert [
        export.windowTitle(),
        export.plot_combo.currentText(),
        animation.windowTitle(),
    ] == english
    assert export.theme_combo.currentText() == "transparent-dark"
    assert export.values()["theme"] == "transparent-dark"  # the value, never the text
    assert animation.over_label.text() == "Over a depth ramp: depth 1 → 6"
    assert export.caption_check.text() == f"Caption: {TINY.label()}"


def test_the_engine_words_of_a_failed_export_are_translated(zh_cn):
    with pytest.raises(SizeError) as caught:
        pixel_size("16:9", 1920, 1000)
    assert error_text(caught.value).startswith("高度：1920 × 1000 px 不是 16:9")
    from engine.files import FileProblem
    from gui.export import check_figure_path

    with pytest.raises(FileProblem) as bad:
        check_figure_path("figure.bmp")
    assert error_text(bad.value) == "figure.bmp：未知的图形格式 '.bmp'（请用 .png, .svg, .pdf）"


def test_the_export_commands_progress_is_said_in_the_windows_language(qapp):
    said = "wrote /tmp/a.gif (3 frames, 320×180 px, 41 kB)"
    assert progress_text("computed depth 3 of 6") == "Computed depth 3 of 6"
    assert (
        wrote_text(said, "/tmp/a.gif")
        == "Exported animation to /tmp/a.gif (3 frames, 320×180 px, 41 kB)"
    )
    try:
        language.set_language("zh_CN")
        assert progress_text("computed depth 3 of 6") == "已计算深度 3 / 6"
        assert progress_text("computed step 40 of 200") == "已计算第 40 步，共 200 步"
        assert progress_text("painted frame 2 of 3") == "已绘制第 2 帧，共 3 帧"
        assert (
            wrote_text(said, "/tmp/a.gif") == "动画已导出到 /tmp/a.gif（3 帧，320×180 px，41 kB）"
        )
    finally:
        language.set_language("en")


def test_the_animation_command_follows_the_windows_language(qapp):
    from gui.animation_dialog import command_arguments

    choices = {
        "plot_name": "gradient", "path": "a.gif", "frames": 3, "steps": 1, "fps": 8,
        "width_px": 320, "theme": "light", "caption": True,
    }  # fmt: skip
    assert "--lang" not in command_arguments("s.json", choices)
    try:
        language.set_language("zh_CN")
        args = command_arguments("s.json", choices)
        assert args[args.index("--lang") + 1] == "zh_CN"
    finally:
        language.set_language("en")


def test_the_export_dialog_opened_from_the_window_in_chinese(make_window, qtbot, zh_cn):
    """As a user opens it: File → Export figure… in a window built in Chinese."""
    from .conftest import in_modal_dialog

    window = make_window(TINY)
    seen = {}

    def look(dialog):
        seen["left"] = english_left(dialog)
        dialog.reject()

    errors = in_modal_dialog(ExportDialog, look)
    window.actions_by_name["export_figure"].trigger()
    assert not errors, errors
    assert seen["left"] == []
    buttons = QtWidgets.QDialogButtonBox
    dialog = window.findChild(ExportDialog)
    assert dialog.buttons.button(buttons.StandardButton.Cancel).text() != "Cancel"


def test_a_data_export_that_cannot_be_made_says_why_in_chinese(zh_cn, qtbot, monkeypatch, tmp_path):
    from gui.export_dialog import run_export_data

    shown = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox,
        "warning",
        staticmethod(lambda _p, title, text: shown.append((title, text))),
    )
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    assert run_export_data(parent, None, None, None, path=str(tmp_path / "t.csv")) is None
    assert shown == [
        ("无法导出数据", f"{tmp_path / 't.csv'}：还没有可导出的内容：尚未显示任何一帧")
    ]
