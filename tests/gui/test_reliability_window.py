"""The window under bad input and faults: corrupt session files, a device this machine
lacks, the engine running out of memory, and the deepest network the controls allow."""

from __future__ import annotations

import errno
import json
import os

import pytest
import torch
from PySide6 import QtWidgets

import engine.devices
import engine.probe

from ..bad_files import MARKER, expected_words, make_bad_file
from .conftest import SMALL, wait_for_frame


@pytest.fixture
def warnings_shown(monkeypatch):
    """Record QMessageBox.warning calls instead of opening a modal dialog."""
    calls = []

    def warning(parent, title, text, *args, **kwargs):
        calls.append((title, text))
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", warning)
    return calls


CORRUPT = [
    "malformed",
    "binary garbage",
    "UTF-16",
    "folder",
    "50 MB",
    "deeply nested",
    "NaN literal",
    "huge float",
    "unknown config key",
    "unknown display key",
    "display wrong type",
    "pickle (protocol 4, binary)",
    "__import__ as a value",
]


def test_opening_a_corrupt_session_warns_and_keeps_the_old_config(
    qtbot, make_window, warnings_shown, tmp_path
):
    from gui.menus import open_session

    window = make_window()
    wait_for_frame(qtbot, window)
    before, generation = window.config, window.generation
    for i, case in enumerate(CORRUPT):
        folder = tmp_path / str(i)
        folder.mkdir()
        path = make_bad_file(folder, case)
        assert open_session(window, str(path)) is False
        title, text = warnings_shown[-1]
        assert title == "Cannot open session"
        for word in expected_words(case):
            assert word in text, (case, word, text)
        assert window.config == before and window.generation == generation
        assert not (folder / MARKER).exists()
    assert len(warnings_shown) == len(CORRUPT)
    wait_for_frame(qtbot, window, lambda f: f.step > 3)  # still streaming the old run
    assert window.last_frame.config == before


def test_a_failing_session_save_warns_and_leaves_no_file(
    qtbot, make_window, warnings_shown, tmp_path, monkeypatch
):
    from gui.menus import save_session_as

    window = make_window(running=False)

    def failing_replace(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    assert save_session_as(window, str(tmp_path / "s.json")) is False
    title, text = warnings_shown[-1]
    assert title == "Cannot save session" and "No space left" in text and "s.json" in text
    assert list(tmp_path.iterdir()) == []


def _missing_device(monkeypatch) -> str:
    """Pretend only the CPU is here, so 'cuda' is missing on any machine."""
    monkeypatch.setattr(engine.devices, "available_devices", lambda: ["cpu"])
    return "cuda"


def test_a_session_asking_for_an_absent_device_runs_on_auto_with_a_message(
    qtbot, make_window, tmp_path, monkeypatch
):
    from gui.menus import open_session

    device = _missing_device(monkeypatch)
    window = make_window(engine_thread=True)  # the patch must reach the engine
    wait_for_frame(qtbot, window)
    path = tmp_path / "gpu-session.json"
    saved = SMALL.with_(depth=5, device=device)
    path.write_text(json.dumps({"stability_lab_session": 1, "config": saved.to_dict()}))
    assert open_session(window, str(path)) is True
    frame = wait_for_frame(qtbot, window, lambda f: f.config.depth == 5)
    # The window keeps what the session asked for; the engine ran it on 'auto'.
    assert window.config == saved == frame.config and frame.device == "cpu"
    assert window.controls.device_combo.currentData() == device
    assert not window.banner.isHidden()
    text = window.banner.text()
    assert f"'{device}' is not available" in text and "available: cpu" in text
    assert "'auto'" in text
    window.banner.hide()
    wait_for_frame(qtbot, window, lambda f: f.step > frame.step + 2)
    assert window.banner.isHidden()  # said once, not on every frame


def test_a_window_started_on_an_absent_device_runs_on_auto_and_says_so(
    qtbot, make_window, monkeypatch
):
    device = _missing_device(monkeypatch)
    asked = SMALL.with_(device=device)
    window = make_window(asked, engine_thread=True)
    frame = wait_for_frame(qtbot, window)
    assert frame.config == asked == window.config and frame.device == "cpu"
    assert "'auto'" in frame.device_note
    assert not window.banner.isHidden() and f"'{device}' is not available" in window.banner.text()
    # The devices are known once the engine (where torch loads) reports them.
    combo = window.controls.device_combo
    qtbot.waitUntil(lambda: combo.findData("cpu") >= 0, timeout=10000)
    assert [combo.itemData(i) for i in range(combo.count())] == ["auto", "cpu", device]
    assert combo.currentData() == device


OOM_ERRORS = [
    lambda: torch.OutOfMemoryError(
        "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.1 GiB total capacity)"
    ),
    lambda: RuntimeError("CUDA out of memory. Tried to allocate 512.00 MiB\nmore details"),
    lambda: RuntimeError(
        "[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"
    ),
    MemoryError,
]


def test_out_of_memory_in_a_step_is_reported_and_the_next_config_runs(
    qtbot, make_window, monkeypatch
):
    window = make_window(engine_thread=True)  # the patch below must reach the engine
    wait_for_frame(qtbot, window)
    for depth, make_error in enumerate(OOM_ERRORS, start=3):

        def out_of_memory(self, make_error=make_error):
            raise make_error()

        monkeypatch.setattr(engine.probe.Probe, "step", out_of_memory)
        window.set_config(SMALL.with_(depth=depth))
        qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=5000)
        text = window.banner.text()
        assert "ran out of memory" in text and "reduce depth, width or batch" in text
        assert "\n" not in text
        assert window.runner.is_alive()
        monkeypatch.undo()
        window.set_config(SMALL.with_(depth=depth + 10))
        wait_for_frame(qtbot, window, lambda f, d=depth: f.config.depth == d + 10)
        assert window.banner.isHidden()


def test_the_deepest_network_the_controls_allow_streams_and_plots(qtbot, make_window):
    window = make_window()
    wait_for_frame(qtbot, window)
    slider = window.controls.depth_slider
    slider.setValue(slider.maximum())  # depth 1000
    window.set_config(window.config.with_(width=16, batch=4))
    frame = wait_for_frame(qtbot, window, lambda f: f.config.depth == 1000, timeout=30000)
    assert len(frame["layer"]) == 1000
    assert window.heatmap_plot.history().shape[0] == 1000
    window.pick_layer(999)
    wait_for_frame(qtbot, window, lambda f: f.sample_layer == 999, timeout=30000)
    window.set_config(SMALL)
    wait_for_frame(qtbot, window, lambda f: f.config == SMALL)
    assert window.banner.isHidden()


def test_the_engine_runs_in_its_own_process_and_a_killed_one_restarts_on_the_next_change(
    qtbot, make_window
):
    window = make_window()
    wait_for_frame(qtbot, window)
    engine_process = window.runner._engine
    assert engine_process.pid != os.getpid()
    os.kill(engine_process.pid, 9)
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=10000)
    assert "engine stopped unexpectedly" in window.banner.text()
    assert not window.runner.is_alive()
    window.set_config(SMALL.with_(depth=7))
    frame = wait_for_frame(qtbot, window, lambda f: f.config.depth == 7)
    assert window.runner.is_alive() and window.runner._engine.pid != engine_process.pid
    assert len(frame["layer"]) == 7


def test_settings_changed_while_the_engine_starts_never_block_and_the_newest_one_runs(
    monkeypatch,
):
    import multiprocessing.process
    import threading
    import time

    from gui.engine_runner import EngineRunner

    release = threading.Event()
    original_start = multiprocessing.process.BaseProcess.start

    def slow_start(self):  # a forkserver still importing torch
        release.wait(10)
        original_start(self)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", slow_start)
    runner = EngineRunner(SMALL)
    try:
        started = time.perf_counter()
        for seed in range(1, 601):  # ~300 KB of commands: a pipe holds 64 KB
            generation = runner.set_config(SMALL.with_(seed=seed))
            runner.set_sample_layer(seed % SMALL.depth + 1)
        assert time.perf_counter() - started < 5.0  # nothing blocked on the pipe
        release.set()
        deadline = time.perf_counter() + 30
        latest = None
        while time.perf_counter() < deadline and latest is None:
            latest = runner.take_latest()
            time.sleep(0.01)
        assert latest is not None and latest[0] == generation
        assert latest[1].config.seed == 600 and latest[1].sample_layer == 600 % 12 + 1
    finally:
        release.set()
        assert runner.stop()
