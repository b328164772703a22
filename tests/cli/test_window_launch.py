"""Launching the window where no display exists says so in one line."""

import sys

from cli import main


def test_window_without_a_display_prints_one_clear_line(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main([]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no display" in err[0] and "export" in err[0]


def test_window_options_are_validated_before_looking_for_a_display(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--depth", "0"]) == 2
    assert "--depth" in capsys.readouterr().err
