"""The runner the window drives its engine with: never blocking the GUI thread, ending
even a stopped engine, carrying sweeps, and Taylor data from a process of their own that
never holds up streaming (no Qt needed)."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from engine import LabConfig
from engine.protocol import (
    RequestStep,
    SetConfig,
    SetRunning,
    SetSampleLayer,
    TaylorData,
    TaylorFailed,
)
from gui.engine_link import Outbox
from gui.engine_runner import EngineRunner
from gui.taylor_source import EngineTaylorSource

from .engine_threads import start_thread

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
    runner = EngineRunner(SMALL, running=False, start=start_thread)
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


def test_taylor_data_come_from_their_own_process():
    runner = EngineRunner(None)
    try:
        runner.request_taylor("tanh", 3)
        (data,) = _until(runner.take_taylor, timeout=60)
        assert isinstance(data, TaylorData) and "x³/3" in data.text and data.verdict == "pass"
        assert runner.taylor_pid not in (None, os.getpid(), runner.engine_pid)
    finally:
        assert runner.stop()


def test_frames_keep_streaming_while_taylor_series_are_expanded():
    """Counts, not timings: with the expansions in the engine's loop, streaming waited
    for all of them and at most the ~3 frames already measured arrived meanwhile; in a
    process of their own, frames go on arriving at the engine's rate (hundreds a second
    at this size) for the whole expansion, sympy's import included, however loaded the
    machine (a loaded machine slows the expansion as much as the frames)."""
    runner = EngineRunner(SMALL)
    try:
        _until(runner.take_latest)
        asked = [("tanh", 7), ("gelu", 7), ("silu", 7), ("elu", 7)]
        before = runner.steps_done()
        for activation, order in asked:
            runner.request_taylor(activation, order)
        answers = []
        _until(lambda: answers.extend(runner.take_taylor()) or len(answers) == len(asked), 120)
        during = runner.steps_done() - before
        assert all(isinstance(a, TaylorData) for a in answers)
        assert during >= 20, f"only {during} frames arrived while the series were expanded"
    finally:
        assert runner.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGSTOP, /proc")
def test_a_killed_taylor_process_says_what_it_lost_and_the_next_request_restarts_it():
    runner = EngineRunner(None, running=False)
    try:
        runner.request_taylor("tanh", 3)
        _until(runner.take_taylor, timeout=60)
        pid = runner.taylor_pid
        os.kill(pid, signal.SIGSTOP)
        runner.request_taylor("relu", 3)  # never answered: the process is stopped
        os.kill(pid, signal.SIGKILL)
        (lost,) = _until(runner.take_taylor)
        assert isinstance(lost, TaylorFailed) and lost.lost and lost.activation == "relu"
        assert "stopped unexpectedly" in lost.message and "-9" in lost.message
        assert runner.take_taylor() == []  # said once
        runner.request_taylor("relu", 3)
        (data,) = _until(runner.take_taylor, timeout=60)
        assert isinstance(data, TaylorData) and data.activation == "relu"
        second = runner.taylor_pid
        assert second != pid
        os.kill(second, signal.SIGSTOP)  # stop ends it all the same: killed
    finally:
        assert runner.stop(timeout=1.0)
    assert not os.path.exists(f"/proc/{second}")


class _Runner:
    """Answers every request with what `answer` makes of it, when polled."""

    def __init__(self, answer):
        self.answer, self.asked, self.waiting = answer, [], []

    def request_taylor(self, activation, order):
        self.asked.append((activation, order))
        self.waiting.append(self.answer(activation, order))

    def take_taylor(self):
        arrived, self.waiting = self.waiting, []
        return arrived


def test_a_lost_answer_is_shown_once_then_asked_for_again_and_a_real_failure_is_kept():
    runner = _Runner(lambda a, o: TaylorFailed(a, o, "process died", lost=a == "tanh"))
    source = EngineTaylorSource(lambda: runner)
    for activation in ("tanh", "nonsense"):
        assert source.get(activation, 3) is None
    assert source.poll()
    assert source.get("tanh", 3).lost and source.get("nonsense", 3).message == "process died"
    assert source.get("tanh", 3) is None and source.get("nonsense", 3) is not None
    assert runner.asked == [("tanh", 3), ("nonsense", 3), ("tanh", 3)]
