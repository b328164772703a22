import functools

import pytest

from engine import LabConfig

SMALL = LabConfig(depth=12, width=64, batch=16)


@pytest.fixture
def make_window(qtbot):
    """MainWindow factory; every window is shut down (engine joined) afterwards.
    `engine_thread=True`: its engine and Taylor expansions run in threads of this
    process, so a monkeypatch reaches them."""
    import gui.main_window
    from gui import MainWindow
    from gui.engine_runner import EngineRunner

    from .engine_threads import start_thread

    made = []

    def make(config=SMALL, engine_thread=False, **kwargs):
        with pytest.MonkeyPatch.context() as patch:
            if engine_thread:
                runner = functools.partial(EngineRunner, start=start_thread)
                patch.setattr(gui.main_window, "EngineRunner", runner)
            window = MainWindow(config=config, **kwargs)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        assert window.shutdown(), "engine thread did not stop"


def wait_for_frame(qtbot, window, predicate=lambda f: True, timeout=15000):
    """Wait until the window has shown a frame satisfying `predicate`; return it."""
    found = {}

    def check():
        frame = window.last_frame
        assert frame is not None and predicate(frame)
        found["frame"] = frame

    qtbot.waitUntil(check, timeout=timeout)
    return found["frame"]


def type_into(qtbot, box, text: str) -> None:
    """Type `text` into a number box key by key, as a user would, and press Enter."""
    from PySide6 import QtCore, QtGui, QtWidgets

    box.setFocus()
    qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_A, QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_Backspace)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(box.lineEdit(), char)
        else:  # Qt's test keyboard knows only ASCII: send what a keyboard layout would
            for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
                event = QtGui.QKeyEvent(
                    kind, QtCore.Qt.Key.Key_unknown, QtCore.Qt.KeyboardModifier.NoModifier, char
                )
                QtWidgets.QApplication.sendEvent(box.lineEdit(), event)
    qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_Return)


def in_modal_dialog(kind, act) -> list:
    """Run `act(dialog)` on the modal dialog of type `kind` once it is up (call this,
    then open it); a failure is recorded in the returned list and closes the dialog."""
    from PySide6 import QtCore, QtWidgets

    errors = []

    def run():
        dialog = QtWidgets.QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, kind)
            act(dialog)
        except BaseException as exc:  # the dialog's loop must end for the test to go on
            errors.append(exc)
            if dialog is not None:
                dialog.reject()

    QtCore.QTimer.singleShot(0, run)
    return errors


@pytest.fixture
def words_not_glyphs(monkeypatch):
    """For a test of which words a Chinese window says, not of how they are drawn: the
    window believes a CJK font is present (without one it says so in its banner first,
    which `test_lang_cli` proves), so the test passes or fails on the words alone."""
    from gui import language

    monkeypatch.setattr(language, "cjk_font_problem", lambda: None)


def needs_cjk_font() -> None:
    """Skip a test that measures CJK glyphs when this machine has no font for them."""
    from gui import language

    if (problem := language.cjk_font_problem()) is not None:
        pytest.skip(f"measures Chinese glyphs: {problem}")


@pytest.fixture
def zh_cn(qapp):
    """The lab in Simplified Chinese for one test; English again afterwards."""
    from gui import language

    language.set_language("zh_CN")
    yield
    language.set_language("en")
