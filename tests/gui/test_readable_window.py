"""The whole window follows the dark theme and stays readable; notes sit in a strip of
their own; the phase diagram names every row and colours health neutrally."""

from PySide6 import QtCore, QtGui, QtWidgets

from gui.window_theme import contrast, luminance

Role, Group = QtGui.QPalette.ColorRole, QtGui.QPalette.ColorGroup


def _press_ctrl_d(qtbot, window) -> None:
    """Ctrl+D with the keyboard in a settings field, where a user's hands are."""
    window.activateWindow()
    qtbot.waitActive(window)
    field = window.controls.editors["width"]
    field.setFocus()
    qtbot.wait(50)  # the focus change is delivered
    qtbot.keyClick(field, QtCore.Qt.Key.Key_D, QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)  # Qt hands the new palette to the widgets in posted events


def test_ctrl_d_darkens_controls_taylor_text_and_tooltips_and_light_restores(qtbot, make_window):
    window = make_window(running=False)
    window.show()
    qtbot.waitExposed(window)
    widgets = {
        "controls": window.controls,
        "Taylor series": window.taylor_panel.series_label,
        "tabs": window.bottom_tabs,
        "status bar": window.status,
    }
    _press_ctrl_d(qtbot, window)
    assert window.theme.name == "dark"
    for name, widget in widgets.items():
        palette = widget.palette()
        assert luminance(palette.color(Role.Window)) < 0.05, name
        assert luminance(palette.color(Role.WindowText)) > 0.5, name
    field = window.controls.palette()
    assert luminance(field.color(Role.Base)) < 0.05  # spin boxes and combo fields
    disabled = field.color(Group.Disabled, Role.Text)
    assert contrast(disabled, field.color(Role.Window)) >= 4.5  # dimmer, still readable
    assert contrast(disabled, field.color(Role.Text)) > 1.5
    tip = QtWidgets.QToolTip.palette()
    assert contrast(tip.color(Role.ToolTipText), tip.color(Role.ToolTipBase)) >= 7
    assert luminance(tip.color(Role.ToolTipBase)) < 0.1
    window.show_error("a problem")  # the banner: pale text on a deep red
    assert "#4a2113" in window.banner.styleSheet()

    _press_ctrl_d(qtbot, window)
    assert window.theme.name == "light"
    for name, widget in widgets.items():
        palette = widget.palette()
        assert luminance(palette.color(Role.Window)) > 0.7, name
        assert luminance(palette.color(Role.WindowText)) < 0.1, name
    light = window.controls.palette()
    assert contrast(light.color(Group.Disabled, Role.Text), light.color(Role.Window)) >= 4.3
    assert "#fde2d6" in window.banner.styleSheet()
