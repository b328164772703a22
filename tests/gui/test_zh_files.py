"""A file that cannot be read or written is explained in the window's language, with the
same file name and numbers, while the command line keeps its English word for word."""

from __future__ import annotations

import errno

from PySide6 import QtWidgets

from engine.file_errors import os_problem
from gui import language, menus

from .conftest import SMALL


def test_a_full_disk_reads_the_same_english_and_is_said_in_chinese(zh_cn):
    problem = os_problem(
        "/tmp/a.png", OSError(errno.ENOSPC, "No space left on device"), "cannot be written"
    )
    assert (
        str(problem) == "/tmp/a.png: cannot be written (No space left on device; the disk is full)"
    )
    said = language.localise(problem.args[0])
    assert said == "/tmp/a.png：无法写入（No space left on device；磁盘已满）"


def test_opening_a_broken_session_says_why_in_chinese(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window(SMALL)
    bad = tmp_path / "broken.json"
    bad.write_text('{"config": {"depth": 3,,}}', encoding="utf-8")
    said = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "warning", lambda _parent, title, text: said.append((title, text))
    )
    language.set_language("zh_CN")
    try:
        assert menus.open_session(window, str(bad)) is False
    finally:
        language.set_language("en")
    ((title, text),) = said
    assert "broken.json" in text and "不是有效的 JSON（第 1 行" in text, text
    assert menus.open_session(window, str(bad)) is False
    assert "not valid JSON (" in said[-1][1] and "at line 1" in said[-1][1]
