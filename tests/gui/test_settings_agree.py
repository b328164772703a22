"""The command line, the window and a saved session accept exactly the same values for
every entry of the settings table, and the window runs what it shows."""

from __future__ import annotations

import json

import pytest
from PySide6 import QtCore, QtWidgets

from cli import build_parser
from cli.options import UsageError, config_from_args
from engine import ConfigError, LabConfig
from engine.files import FileProblem
from engine.session import load_session
from engine.settings_table import SETTINGS, Setting
from gui.controls import CUSTOM, ControlPanel
from gui.state import LabState

from .conftest import type_into, wait_for_frame

NUMBERS = [s for s in SETTINGS if s.kind in (int, float)]
CHOICES = [s for s in SETTINGS if s.kind is str]
LISTS = [s for s in SETTINGS if s.kind is tuple]
# Malformed or tricky text: none of it may become a number anywhere.
ODD_TEXT = ["abc", "1_0", "٣", "nan", "inf", "-inf", "1e-400", "1e400", "0x10", "1,5", "5 5"]


def _candidates(s: Setting) -> list[str]:
    lo, hi = s.lo, s.hi
    texts = [repr(s.kind(lo)), repr(s.kind(hi)), "2.5", "12.75", "0.5", "1e-4", "1e-6", "1e9"]
    texts += ["0", "-3", "1500", "5000", "-1", "3", "10"]
    if s.kind is int:
        texts += [str(int(lo) - 1), str(int(hi) + 1), "30.0", "1e3"]
    else:
        texts += [repr(lo / 2), repr(hi * 2), repr(lo * 1.5)]
    return texts + ODD_TEXT


def _cli(flag: str, text: str):
    """The value `probe FLAG TEXT` runs, or None when the command line refuses it."""
    try:
        args = build_parser().parse_args(["probe", f"{flag}={text}", "--csv", "-"])
        return config_from_args(args)
    except UsageError:
        return None


def _session(tmp_path, name: str, literal: str):
    """The config a session file holding the JSON `literal` gives, or None when the
    lab refuses the file."""
    path = tmp_path / "session.json"
    path.write_text(f'{{"config": {{"{name}": {literal}}}}}', encoding="utf-8")
    try:
        return load_session(path)[0]
    except FileProblem:
        return None


@pytest.fixture
def panel(qtbot):
    state = LabState(LabConfig(residual=True, mode="train"))  # every box enabled
    widget = ControlPanel(state)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("setting", NUMBERS, ids=[s.name for s in NUMBERS])
def test_a_number_setting_takes_the_same_typed_values_in_the_window_and_the_command_line(
    qtbot, panel, setting, tmp_path
):
    editor = panel.editors[setting.name]
    box = getattr(editor, "field", editor)
    for text in _candidates(setting):
        start = panel.state.config
        before = getattr(start, setting.name)
        cli = _cli(setting.flag, text)
        type_into(qtbot, box, text)
        after = getattr(panel.state.config, setting.name)
        if cli is None:
            assert after == before, (text, after)
            assert (
                box.value() == before
                and box.text_shown() == setting.format(before)
                or (box.text_shown() == "off")
            )
            assert text in panel.message.text() or repr(text) in panel.message.text(), text
            assert setting.allowed() in panel.message.text()
        else:
            expected = getattr(cli, setting.name)
            assert after == expected, (text, after, expected)
            assert setting.parse(box.text_shown()) == expected  # shown exactly
        # a session holding the same text as a JSON number: accepted exactly when typed
        try:
            json.loads(text)
        except ValueError:
            continue  # not a JSON number: a session cannot hold it as one
        session = _session(tmp_path, setting.name, text)
        assert (session is None) == (cli is None), text
        if session is not None:
            assert getattr(session, setting.name) == getattr(cli, setting.name)


def _list_candidates(s: Setting) -> list[str]:
    lo, hi = int(s.lo), int(s.hi)
    texts = ["256", "256, 1024", "256,1024", " 64 , 128 ,32", "", "  ", str(lo), str(hi)]
    texts += [str(lo - 1), str(hi + 1), f"256,{hi + 1}", "256,,1024", "256,", ",256"]
    texts += ["256;1024", "256 1024", "1.5", "256.0", "1e3", "+64", "-3", "0x10"]
    return texts + [",".join(["64"] * 1001), ",".join(["64"] * 1002)] + ODD_TEXT


@pytest.mark.parametrize("setting", LISTS, ids=[s.name for s in LISTS])
def test_a_list_setting_takes_the_same_typed_values_in_the_window_the_command_line_and_sessions(
    qtbot, panel, setting, tmp_path
):
    panel.state.update(residual=False)  # residual connections need one width
    box = panel.editors[setting.name]
    for text in _list_candidates(setting):
        before = getattr(panel.state.config, setting.name)
        cli = _cli(setting.flag, text)
        type_into(qtbot, box, text)
        after = getattr(panel.state.config, setting.name)
        if cli is None:
            assert after == before and box.text_shown() == setting.format(before), text
            message = panel.message.text()
            assert text.strip() in message or repr(text.strip()) in message, (text, message)
            assert setting.allowed() in message
        else:
            expected = getattr(cli, setting.name)
            assert after == expected, (text, after, expected)
            assert setting.parse(box.text_shown()) == expected  # shown exactly
            # the same list in a session: a JSON list of the numbers
            session = _session(tmp_path, setting.name, json.dumps(list(expected)))
            assert session is not None and getattr(session, setting.name) == expected
    for literal in ('"256"', "256", "[256.5]", '["256"]', "[true]", "[1]", "{}"):
        assert _session(tmp_path, setting.name, literal) is None, literal
    assert _session(tmp_path, setting.name, "null").widths == ()


def test_residual_connections_refuse_layers_of_different_widths_everywhere(qtbot, panel, tmp_path):
    assert _cli("--widths", "64,128") is not None
    args = build_parser().parse_args(["probe", "--residual", "--widths", "64,128", "--csv", "-"])
    with pytest.raises(UsageError, match="--widths"):
        config_from_args(args)
    path = tmp_path / "session.json"
    path.write_text('{"config": {"residual": true, "widths": [64, 128]}}', encoding="utf-8")
    with pytest.raises(FileProblem, match="widths"):
        load_session(path)
    assert panel.state.config.residual
    type_into(qtbot, panel.editors["widths"], "64, 128")
    assert panel.state.config.widths == () and "same width" in panel.message.text()
    type_into(qtbot, panel.editors["widths"], "64")  # one width: fine with residuals
    assert panel.state.config.widths == (64,)


@pytest.mark.parametrize("setting", CHOICES, ids=[s.name for s in CHOICES])
def test_a_choice_setting_offers_the_same_values_in_the_window_the_command_line_and_sessions(
    panel, setting, tmp_path
):
    combo = panel.editors[setting.name]
    offered = [combo.itemData(i) for i in range(combo.count())]
    allowed = list(setting.options())
    if setting.name == "device":  # only the devices present here, and auto
        assert offered[0] == "auto" and set(offered) <= set(allowed)
    elif setting.name == "activation":  # then "Custom formula…", which opens a dialog
        assert offered[:-1] == allowed and offered[-1] == CUSTOM
        offered.pop()
    else:
        assert offered == allowed
    for value in [*allowed, "no_such", "", "RELU"]:
        cli, session = _cli(setting.flag, value), _session(tmp_path, setting.name, f'"{value}"')
        assert (cli is None) == (value not in allowed) == (session is None), value
    combo.setCurrentIndex(len(offered) - 1)
    assert getattr(panel.state.config, setting.name) == offered[-1]


@pytest.mark.parametrize(
    "text, good",
    [("x*sigmoid(x)", True), ("where(x > 0, x, 0)", True), ("x.real", False),
     ("x**100", False), ("relu(x", False), ("2*y", False)],
)  # fmt: skip
def test_a_formula_is_accepted_alike_in_the_dialog_the_command_line_and_sessions(
    qtbot, panel, tmp_path, text, good
):
    cli = _cli("--activation", text)
    session = _session(tmp_path, "activation", json.dumps(text))
    dialog = panel.open_formula_dialog()
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, text)
    assert dialog.ok_button.isEnabled() is good
    qtbot.keyClick(dialog.edit, QtCore.Qt.Key.Key_Return)
    assert (cli is not None) is (session is not None) is good
    assert (panel.state.config.activation == text) is good
    if not good:
        assert dialog.isVisible() and dialog.status.text().startswith("⚠")
        dialog.reject()


def test_the_residual_switch_is_the_same_in_all_three(qtbot, panel, tmp_path):
    args = build_parser().parse_args(["probe", "--residual", "--csv", "-"])
    assert config_from_args(args).residual is True
    args = build_parser().parse_args(["probe", "--no-residual", "--csv", "-"])
    assert config_from_args(args).residual is False
    assert _session(tmp_path, "residual", "true").residual is True
    assert _session(tmp_path, "residual", '"yes"') is None
    assert _session(tmp_path, "residual", "1") is None
    check = panel.editors["residual"]
    check.click()
    assert panel.state.config.residual is (not LabConfig(residual=True, mode="train").residual)


def test_widgets_follow_the_table_order_labels_and_tooltips(panel):
    form_order = []
    for box in panel.findChildren(QtWidgets.QGroupBox):
        layout = box.layout()
        if isinstance(layout, QtWidgets.QFormLayout):
            for row in range(layout.rowCount()):
                item = layout.itemAt(row, QtWidgets.QFormLayout.ItemRole.FieldRole) or (
                    layout.itemAt(row, QtWidgets.QFormLayout.ItemRole.SpanningRole)
                )
                widget = item.widget() if item else None
                for name, editor in panel.editors.items():
                    if editor is widget:
                        form_order.append(name)
                        label = layout.labelForField(widget)
                        text = label.text() if label else editor.text()
                        setting = next(s for s in SETTINGS if s.name == name)
                        assert text == setting.label
    table_order = [s.name for s in SETTINGS if s.group != "Run"]
    assert form_order == table_order
    for s in NUMBERS:
        editor = panel.editors[s.name]
        field = getattr(editor, "field", editor)
        assert s.allowed() in field.toolTip()


def test_a_session_with_clip_1e_4_shows_that_value_not_off(qtbot):
    state = LabState(LabConfig(clip=1e-4, lr=1e-6, residual=True, residual_scale=2.5))
    panel = ControlPanel(state)
    qtbot.addWidget(panel)
    assert panel.editors["clip"].text_shown() == "0.0001"
    assert panel.lr_slider.field.text_shown() == "1e-06"
    assert panel.editors["residual_scale"].text_shown() == "2.5"


def test_arrow_keys_step_a_box_and_stop_at_its_range(qtbot, panel):
    from PySide6 import QtCore

    depth = panel.depth_spin
    panel.state.update(depth=2)
    depth.setFocus()
    qtbot.keyClick(depth, QtCore.Qt.Key.Key_Down)
    assert panel.state.config.depth == 1
    qtbot.keyClick(depth, QtCore.Qt.Key.Key_Down)
    assert panel.state.config.depth == 1  # the bottom of the range
    clip = panel.editors["clip"]
    panel.state.update(clip=0.0)
    clip.setFocus()
    qtbot.keyClick(clip, QtCore.Qt.Key.Key_Up)
    assert panel.state.config.clip == 1e-6
    qtbot.keyClick(clip, QtCore.Qt.Key.Key_Down)
    assert panel.state.config.clip == 0.0 and clip.text_shown() == "off"


def test_the_depth_slider_is_logarithmic_and_reaches_small_depths(panel):
    editor = panel.depth_editor
    reached = {editor.value_at(p) for p in range(editor.slider.maximum() + 1)}
    assert {1, 2, 3, 5, 1000} <= reached
    halfway = editor.position_of(30) / editor.slider.maximum()
    assert 0.4 < halfway < 0.6
    editor.slider.setValue(editor.position_of(5))
    assert panel.state.config.depth == 5 and panel.depth_spin.text_shown() == "5"


def test_a_program_update_of_the_state_never_writes_back_as_an_edit(qtbot, panel):
    seen = []
    panel.state.configChanged.connect(lambda config, changed: seen.append(changed))
    panel.state.set_config(panel.state.config.with_(depth=7, width=48, clip=0.25))
    assert seen == [frozenset({"depth", "width", "clip"})]
    assert panel.depth_spin.text_shown() == "7" and panel.editors["clip"].text_shown() == "0.25"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [("residual_scale", "2.5", 2.5), ("clip", "12.75", 12.75), ("clip", "0.5", 0.5)],
)
def test_typed_decimals_are_what_the_engine_runs(qtbot, make_window, name, text, expected):
    window = make_window(LabConfig(depth=4, width=16, batch=4, residual=True))
    wait_for_frame(qtbot, window)
    type_into(qtbot, window.controls.editors[name], text)
    frame = wait_for_frame(qtbot, window, lambda f: getattr(f.config, name) == expected)
    assert frame.config == window.config


@pytest.mark.parametrize(
    ("name", "text"), [("width", "5000"), ("depth", "1500"), ("depth", "-3"), ("depth", "1e9")]
)
def test_out_of_range_text_keeps_the_running_value_and_says_the_range(
    qtbot, make_window, name, text
):
    window = make_window(LabConfig(depth=4, width=16, batch=4))
    wait_for_frame(qtbot, window)
    before = window.config
    editor = window.controls.editors[name]
    type_into(qtbot, getattr(editor, "field", editor), text)
    assert window.config == before
    message = window.controls.message
    assert not message.isHidden() and "allowed" in message.text() and text in message.text()
    assert text in window.status.currentMessage()
    with pytest.raises(ConfigError):
        LabConfig().with_(**{name: float(text)})
