"""The window under bad files and faults: Save session and the exports never replace a
device, pipe or link, say one short message and keep running; a hostile session file
is refused at once; a corrupted settings store is reset and said; Ctrl+C and SIGTERM
close the window cleanly; a display that is not there is one line, never an abort."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from gui import menus, settings
from gui.export import render_figure
from gui.export_dialog import run_export_data

from .conftest import wait_for_frame

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "warning", lambda parent, title, text: shown.append((title, text))
    )
    return shown


def _fifo(tmp_path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_save_session_never_replaces_a_fifo_a_device_or_a_link(make_window, tmp_path, warnings):
    window = make_window()
    fifo = _fifo(tmp_path)
    assert not menus.save_session_as(window, str(fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if os.path.exists("/dev/full"):
        assert not menus.save_session_as(window, "/dev/full")
        assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)
    assert menus.save_session_as(window, os.devnull)
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)
    real = tmp_path / "real.json"
    real.write_text("{}")
    (tmp_path / "link.json").symlink_to("real.json")
    assert menus.save_session_as(window, str(tmp_path / "link.json"))
    assert (tmp_path / "link.json").is_symlink() and '"stability_lab_session"' in real.read_text()
    titles = [title for title, _ in warnings]
    assert titles == ["Cannot save session"] * (2 if os.path.exists("/dev/full") else 1)
    assert "no program is reading" in warnings[0][1]
    assert all("\n" not in text and len(text) < 500 for _, text in warnings)


def test_exports_to_a_fifo_or_a_full_device_say_why_and_touch_nothing(
    make_window, qtbot, tmp_path, warnings
):
    window = make_window()
    frame = wait_for_frame(qtbot, window)
    plots = (window.heatmap_plot, window.training_plot)
    data = _fifo_named(tmp_path, "data.csv")
    assert run_export_data(window, frame, *plots, str(data)) is None
    assert (
        warnings[-1][0] == "Cannot export the data" and "no program is reading" in warnings[-1][1]
    )
    if os.path.exists("/dev/full"):
        (tmp_path / "full.csv").symlink_to("/dev/full")
        assert run_export_data(window, frame, *plots, str(tmp_path / "full.csv")) is None
        assert "No space left" in warnings[-1][1]
        assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)
    with pytest.raises(ValueError, match="no program is reading"):
        render_figure(window.gradient_plot, _fifo_named(tmp_path, "f.svg"), 400)
    assert stat.S_ISFIFO(os.lstat(tmp_path / "f.svg").st_mode)
    assert stat.S_ISFIFO(os.lstat(data).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _fifo_named(tmp_path, name) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def test_a_huge_session_is_refused_at_once_in_one_short_message(make_window, tmp_path, warnings):
    window = make_window()
    before = window.config
    for name, content in [
        ("value.json", b'{"depth": "' + b"7" * 900_000 + b'"}'),
        ("big.json", b'{"depth": 5, "pad": "' + b" " * 12_000_000 + b'"}'),
        ("keys.json", b'{"depth": 3, "depth": 4}'),
        ("true.json", b"true"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        started = time.perf_counter()
        assert not menus.open_session(window, str(path))
        assert time.perf_counter() - started < 3.0, name
    assert [title for title, _ in warnings] == ["Cannot open session"] * 4
    assert all(len(text) < 1100 and "\n" not in text for _, text in warnings)
    assert window.config == before


@pytest.mark.parametrize(
    "key,value",
    [
        ("config", "[" * 100_000 + "]" * 100_000),
        ("config", '{"depth": 3, "colour": 1}'),
        ("config", "x" * 2_000_000),
        ("config", 12345),
        ("theme", ["not", "a", "theme"]),
    ],
    ids=["deeply nested", "unknown key", "huge", "a number", "a list theme"],
)
def test_a_corrupted_settings_store_is_reset_said_and_the_window_starts(
    make_window, monkeypatch, key, value
):
    monkeypatch.setattr(settings, "problem", None)
    store = QtCore.QSettings(settings.ORG, settings.APP)
    store.setValue("geometry", QtCore.QByteArray(b"\x00garbage"))
    store.setValue(key, value)
    store.sync()
    window = make_window(config=None, remember=True)
    assert settings.problem and "reset" in settings.problem and len(settings.problem) < 1100
    window.show_error(settings.problem)  # as gui.app.run does after the window shows
    assert "reset" in window.banner.text()
    assert QtCore.QSettings(settings.ORG, settings.APP).value(key) is None
    window.remember = False  # keep this test's store out of the next


# ----- signals and displays, as a user's shell sees them -------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:  # it has just ended
        pass
    return found


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _alive_in_group(group: int) -> list[str]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(entry)
    return alive


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize(
    "sig,whole_group",
    [(signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["Ctrl+C in the terminal", "SIGTERM to the window"],
)
def test_a_signal_closes_the_window_and_its_engine_without_a_traceback(tmp_path, sig, whole_group):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    lab = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--depth", "4", "--width", "16"],
        env=env,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    end = time.monotonic() + 60
    while time.monotonic() < end and len(_descendants(lab.pid)) < 4:  # forkserver, engine…
        time.sleep(0.2)
    time.sleep(2.0)  # the window is up and streaming
    if whole_group:
        os.killpg(lab.pid, sig)
    else:
        lab.send_signal(sig)
    try:
        err = lab.communicate(timeout=30)[1].decode()
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGKILL)
    assert lab.returncode == 128 + sig, err
    assert "Traceback" not in err and "Error" not in err, err
    end = time.monotonic() + 10
    while _alive_in_group(lab.pid) and time.monotonic() < end:
        time.sleep(0.2)
    assert _alive_in_group(lab.pid) == []


def _stale_display() -> str:
    """A display number no X server here has claimed (a fixed one may be someone's Xvfb)."""
    for n in range(97, 400):
        if not any(os.path.exists(p) for p in (f"/tmp/.X11-unix/X{n}", f"/tmp/.X{n}-lock")):
            return f":{n}"
    return ":399"


STALE = _stale_display()


@pytest.mark.skipif(sys.platform != "linux", reason="X11 and Wayland are Linux's")
@pytest.mark.parametrize(
    "env,words",
    [
        ({"QT_QPA_PLATFORM": "xcb"}, "DISPLAY is unset"),
        ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": STALE}, f"no X server answers at DISPLAY={STALE}"),
        ({"DISPLAY": STALE}, "no display answers"),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "nowhere-0"}, "Wayland"),
        ({}, "no display found"),
    ],
    ids=["xcb", "stale DISPLAY", "stale DISPLAY, no platform", "wayland", "nothing"],
)
def test_no_display_is_one_line_never_an_abort(tmp_path, env, words):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py")],
        env={**clean, "XDG_CONFIG_HOME": str(tmp_path), **env},
        capture_output=True,
        timeout=60,
    )
    err = result.stderr.decode().strip().splitlines()
    assert result.returncode == 1 and len(err) == 1, result.stderr.decode()
    assert words in err[0] and err[0].startswith("stability-lab: error: ")
