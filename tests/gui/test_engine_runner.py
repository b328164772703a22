"""The runner the window drives its engine with: never blocking the GUI thread, ending
even a stopped engine, and carrying sweeps and Taylor data (no Qt needed)."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from engine import LabConfig
from engine.protocol import RequestStep, SetConfig, SetRunning, SetSampleLayer, TaylorData
from gui.engine_link import Outbox
from gui.engine_runner import EngineRunner

SMALL = LabConfig(depth=6, width=16, batch=4)


def _until(predicate, timeout: float = 30.0):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("timed out")


def test_the_outbox_keeps_only_the_newest_unsent_state_and_every_request():
    outbox = Outbox()
    for seed in range(3):
        outbox.put(SetConfig(seed + 1, SMALL.with_(seed=seed)))
        outbox.put(SetSampleLayer(seed + 1))
        outbox.put(RequestStep())
    outbox.put(SetRunning(False))
    assert outbox.take() == [
        RequestStep(),
        RequestStep(),
        SetConfig(3, SMALL.with_(seed=2)),
        SetSampleLayer(3),
        RequestStep(),
        SetRunning(False),
    ]
    outbox.put(RequestStep())
    outbox.close()
    assert outbox.take() == [RequestStep()]  # what was put before closing still goes
    assert outbox.take() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGSTOP, /proc")
def test_a_stopped_engine_never_blocks_the_gui_and_stop_still_ends_it():
    runner = EngineRunner(SMALL)
    try:
        _until(runner.take_latest)
        pid = runner.engine_pid
        os.kill(pid, signal.SIGSTOP)
        started = time.perf_counter()
        for seed in range(1, 601):  # ~600 KB of configs: a pipe holds 64 KB
            runner.set_config(SMALL.with_(seed=seed))
            runner.set_sample_layer(seed % SMALL.depth + 1)
        assert time.perf_counter() - started < 1.0  # a hang check, not a benchmark
    finally:
        assert runner.stop(timeout=1.0)  # terminate is ignored while stopped: killed
    assert not os.path.exists(f"/proc/{pid}")


def test_a_sweep_runs_in_the_engine_with_progress_and_can_be_cancelled():
    runner = EngineRunner(SMALL, running=False, isolation="thread")
    try:
        sweep = runner.run_sweep(SMALL, axis="init", values=["he_normal"], depths=[2, 4])
        status = _until(lambda: (s := runner.sweep_status(sweep)) and not s.running and s)
        assert status.error is None and (status.done, status.total) == (2, 2)
        assert status.result.grid.shape == (1, 2) and status.result.computed().all()
        longer = runner.run_sweep(SMALL, axis="init", depths=list(range(2, 40)))
        assert runner.sweep_status(sweep) is None  # only the newest is followed
        _until(lambda: runner.sweep_status(longer).done >= 1)
        runner.cancel_sweep(longer)
        assert not runner.sweep_status(longer).running
        done = runner.sweep_status(longer).done
        time.sleep(0.5)
        assert runner.sweep_status(longer).done == done  # no progress taken after cancel
        assert runner.set_config(SMALL.with_(depth=3))  # streaming takes over again
        _until(lambda: (latest := runner.take_latest()) and latest[1].config.depth == 3)
    finally:
        assert runner.stop()


def test_taylor_data_come_from_the_engine():
    runner = EngineRunner(None, isolation="thread")
    try:
        runner.request_taylor("tanh", 3)
        (data,) = _until(runner.take_taylor, timeout=60)
        assert isinstance(data, TaylorData) and "x³/3" in data.text and data.verdict == "pass"
    finally:
        assert runner.stop()
