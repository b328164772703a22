"""The engine loop the window talks to, driven through its pipes without any Qt."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import time

import numpy as np
import pytest

from engine import LabConfig, Probe
from engine.inits import INITS
from engine.pipeline import MEASURING_NICENESS, Pipeline
from engine.protocol import (
    CancelSweep,
    FrameMeasured,
    Newest,
    Paused,
    Ready,
    RequestStep,
    RunSweep,
    SetConfig,
    SetRunning,
    StepFailed,
    Stop,
    SweepFailed,
    SweepProgress,
)
from engine.service import serve

SMALL = LabConfig(depth=6, width=16, batch=4)


class Loop:
    """`serve` on a thread, as a runner given a starter of threads runs it."""

    def __init__(self, running: bool = True):
        self.commands_out, self.commands = multiprocessing.Pipe(duplex=False)
        self.events, self.events_in = multiprocessing.Pipe(duplex=False)
        self.newest = Newest.shared(multiprocessing, 0)
        self.thread = threading.Thread(
            target=serve, args=(self.commands_out, self.events_in, self.newest, running)
        )
        self.thread.start()
        assert isinstance(self.next_event(), Ready)

    def config(self, generation: int, config: LabConfig) -> None:
        self.newest.announce(generation)
        self.commands.send(SetConfig(generation, config))

    def next_event(self, timeout: float = 30.0):
        assert self.events.poll(timeout), "no event from the engine loop"
        return self.events.recv()

    def stop(self) -> None:
        """Stop the loop, reading its events meanwhile as the window's receiver does
        (a loop blocked on a full events pipe reads no command)."""
        self.newest.stop()
        self.commands.send(Stop())
        deadline = time.perf_counter() + 10
        while self.thread.is_alive() and time.perf_counter() < deadline:
            try:
                if self.events.poll(0.05):
                    self.events.recv()
            except (EOFError, OSError):
                break  # the loop has closed its end
        self.thread.join(max(0.0, deadline - time.perf_counter()))
        assert not self.thread.is_alive()


def test_frames_pickle_whole_and_stay_read_only():
    frame = Probe(SMALL).step()
    copy = pickle.loads(pickle.dumps(frame))
    assert copy.config == frame.config and copy.step == frame.step
    for name in frame.columns:
        np.testing.assert_array_equal(copy[name], frame[name])
        assert not copy[name].flags.writeable
    assert not copy.grad_sample.flags.writeable


def test_the_loop_streams_frames_of_the_newest_config_and_stops_when_asked():
    loop = Loop()
    loop.config(1, SMALL)
    event = loop.next_event()
    assert event == FrameMeasured(1, event.frame) and event.frame.config == SMALL
    deeper = SMALL.with_(depth=9)
    loop.config(2, deeper)
    for _ in range(50):  # frames of generation 1 still in the pipe come first
        event = loop.next_event()
        if event.generation == 2:
            break
    assert event.frame.config == deeper and len(event.frame["layer"]) == 9
    loop.stop()


def test_a_paused_loop_runs_one_step_per_request():
    loop = Loop(running=False)
    loop.config(1, SMALL)
    assert loop.next_event().frame.step == 1  # a new config always shows one frame
    assert not loop.events.poll(0.5)
    loop.commands.send(RequestStep())
    assert loop.next_event().frame.step == 2
    assert not loop.events.poll(0.5)
    loop.stop()


def test_a_config_that_fails_reports_one_error_and_waits_for_the_next(monkeypatch):
    step = Probe.step

    def failing(self):
        if self.config.depth == 5:
            raise RuntimeError("this config fails")
        return step(self)

    monkeypatch.setattr(Probe, "step", failing)
    loop = Loop()
    loop.config(1, SMALL.with_(depth=5))
    assert loop.next_event() == StepFailed(1, "this config fails")
    assert not loop.events.poll(0.5)  # no retry of a config that failed
    loop.config(2, SMALL)
    event = loop.next_event()
    assert isinstance(event, FrameMeasured) and event.generation == 2
    loop.stop()


def test_an_absent_device_runs_on_auto_and_every_frame_says_so(monkeypatch):
    monkeypatch.setattr("engine.devices.available_devices", lambda: ["cpu"])
    loop = Loop()
    asked = SMALL.with_(device="cuda")
    loop.config(1, asked)
    frames = _frames(loop, 2)
    loop.stop()
    for frame in frames:
        assert frame.config == asked and frame.device == "cpu"  # the config as asked
        assert "'cuda' is not available" in frame.device_note and "'auto'" in frame.device_note
    loop = Loop()
    loop.config(1, SMALL)
    assert _frames(loop, 1)[0].device_note is None
    loop.stop()


def test_the_loop_ends_when_the_window_side_of_the_pipe_closes():
    loop = Loop()
    loop.config(1, SMALL)
    loop.next_event()
    loop.commands.close()
    loop.thread.join(10)
    assert not loop.thread.is_alive()


def _frames(loop: Loop, count: int) -> list:
    frames = []
    while len(frames) < count:
        event = loop.next_event()
        assert isinstance(event, FrameMeasured)
        frames.append(event.frame)
    return frames


@pytest.mark.parametrize("overlap", [True, False], ids=["overlapped", "one-by-one"])
def test_streamed_frames_are_every_step_in_order_with_the_numbers_of_a_plain_probe(
    monkeypatch, overlap
):
    monkeypatch.setattr(Pipeline, "suits", staticmethod(lambda probe, threads: overlap))
    config = LabConfig(depth=8, width=64, batch=16)  # on the Gram path
    loop = Loop()
    loop.config(1, config)
    streamed = _frames(loop, 12)
    loop.commands.send(SetRunning(False))
    while loop.events.poll(1.0):  # the frame still being measured arrives, then none
        streamed.append(loop.next_event().frame)
    loop.stop()
    assert [f.step for f in streamed] == list(range(1, len(streamed) + 1))
    plain = Probe(config)
    for frame in streamed:
        expected = plain.step()
        for name in ("act_var", "grad_h_var", "grad_w_norm", "frac_zero"):
            np.testing.assert_allclose(frame[name], expected[name], rtol=1e-5)


def test_only_a_probe_that_does_not_train_on_the_cpu_with_one_run_thread_overlaps(
    monkeypatch,
):
    cores = {"n": 2}
    monkeypatch.setattr("engine.devices.usable_cores", lambda: cores["n"])
    probe = Probe(SMALL)
    assert Pipeline.suits(probe, 1)
    assert not Pipeline.suits(probe, 2)  # the run's threads already use the spare core
    assert not Pipeline.suits(Probe(SMALL.with_(mode="train")), 1)  # updates wait
    cores["n"] = 1
    assert not Pipeline.suits(probe, 1)  # no core to spare


def test_a_probe_with_an_infinite_loss_keeps_streaming_while_training_pauses():
    exploding = LabConfig(depth=8, width=128, batch=64, init="std_normal", precision="fp16")
    loop = Loop()
    loop.config(1, exploding)
    frames = _frames(loop, 3)  # no "paused" in between: a probe changes nothing
    assert all(f.diverged for f in frames)
    loop.stop()
    loop = Loop()
    diverging = LabConfig(depth=8, width=64, batch=64, mode="train", optimizer="sgd", lr=5.0)
    loop.config(2, diverging)
    events = []
    while not events or not isinstance(events[-1], Paused):
        events.append(loop.next_event())
    assert events[-1].generation == 2 and "diverged" in events[-1].message
    assert not loop.events.poll(0.5)  # paused: nothing more
    loop.stop()


def test_a_pass_that_fails_while_measured_alongside_reports_one_error_and_waits(monkeypatch):
    monkeypatch.setattr(Pipeline, "suits", staticmethod(lambda probe, threads: True))
    measure = Probe.measure

    def failing(self, done):
        if self.step_index >= 3:
            raise RuntimeError("the measuring thread failed")
        return measure(self, done)

    monkeypatch.setattr(Probe, "measure", failing)
    loop = Loop()
    loop.config(1, SMALL)
    events = [loop.next_event() for _ in range(4)]
    assert [type(e) for e in events] == [FrameMeasured] * 3 + [StepFailed]
    assert events[-1] == StepFailed(1, "the measuring thread failed")
    assert not loop.events.poll(0.5)  # no retry of a config that failed
    monkeypatch.setattr(Probe, "measure", measure)
    loop.config(2, SMALL.with_(depth=7))
    event = loop.next_event()
    assert event.generation == 2 and len(event.frame["layer"]) == 7
    loop.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness")
def test_the_measuring_thread_yields_to_the_gui(monkeypatch):
    monkeypatch.setattr(Pipeline, "suits", staticmethod(lambda probe, threads: True))
    loop = Loop()
    loop.config(1, SMALL)
    _frames(loop, 3)
    measuring = [t for t in threading.enumerate() if t.name.startswith("stability-lab-measure")]
    assert measuring, "no measuring thread while streaming"
    niceness = os.getpriority(os.PRIO_PROCESS, measuring[0].native_id)
    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + MEASURING_NICENESS)
    loop.stop()


def test_the_pipeline_runs_at_most_its_queue_ahead_and_hands_passes_back_in_order():
    class Recorder:  # measures a pass by returning it, once let go
        def __init__(self):
            self.go = threading.Event()

        def measure(self, done):
            self.go.wait(5)
            return done

    probe, pipeline = Recorder(), Pipeline()
    try:
        handed = [pipeline.push(1, probe, k) for k in range(Pipeline.QUEUE)]
        assert handed == [[]] * Pipeline.QUEUE  # the queue fills: nothing to wait for yet
        (oldest,) = pipeline.push(1, probe, Pipeline.QUEUE)  # one more: the oldest is due
        probe.go.set()
        assert oldest[1].result() == 0
        rest = pipeline.take()
        assert [future.result() for _, future in rest] == list(range(1, Pipeline.QUEUE + 1))
        assert pipeline.take() == []
    finally:
        pipeline.close()


def test_a_new_config_drops_the_old_passes_without_waiting_for_the_one_being_measured():
    class Blocked:
        def __init__(self):
            self.started, self.go = threading.Event(), threading.Event()
            self.measured = []

        def measure(self, done):
            self.started.set()
            self.go.wait(5)
            self.measured.append(done)
            return done

    probe, pipeline = Blocked(), Pipeline()
    try:
        pipeline.push(1, probe, "measuring")
        pipeline.push(1, probe, "waiting")
        assert probe.started.wait(5)
        pipeline.drop()  # returns while "measuring" is still blocked
        assert pipeline.take() == [] and probe.measured == []
        probe.go.set()
        pipeline.push(2, probe, "new")
        ((_, new),) = pipeline.take()
        assert new.result(5) == "new" and probe.measured == ["measuring", "new"]
    finally:
        probe.go.set()
        pipeline.close()


def test_waiting_for_a_measured_pass_ends_when_a_newer_config_is_asked_for(monkeypatch):
    """A step of the old config must not hold up a new config's first frame while the
    loop waits for an old pass's statistics."""
    monkeypatch.setattr(Pipeline, "suits", staticmethod(lambda probe, threads: True))
    holding, release, held_to_the_end = threading.Event(), threading.Event(), []
    measure = Probe.measure

    def slow(self, done):
        on_measuring_thread = threading.current_thread().name.startswith("stability-lab-measure")
        if self.config.depth == 5 and on_measuring_thread:
            holding.set()
            if not release.wait(20):
                held_to_the_end.append(done)  # the loop waited for it all along
        return measure(self, done)

    monkeypatch.setattr(Probe, "measure", slow)
    loop = Loop()
    try:
        loop.config(1, SMALL.with_(depth=5))
        first = loop.next_event()  # its first step is measured in the loop itself
        assert first.generation == 1
        assert holding.wait(10)  # streaming: a pass of generation 1 is being measured
        loop.config(2, SMALL)
        event = loop.next_event()
        assert event.generation == 2 and held_to_the_end == []  # no old pass waited for
    finally:
        release.set()
        loop.stop()


def _sweep_events(loop: Loop) -> list:
    events = []
    while not events or not (
        isinstance(events[-1], SweepFailed)
        or (isinstance(events[-1], SweepProgress) and events[-1].done == events[-1].total)
    ):
        event = loop.next_event()
        if not isinstance(event, FrameMeasured):
            events.append(event)
    return events


def test_a_sweep_runs_cell_by_cell_then_streaming_resumes():
    loop = Loop()
    loop.config(1, SMALL)
    _frames(loop, 2)
    loop.commands.send(RunSweep(7, SMALL, "init", ("he_normal", "small_normal"), (2, 10), "grad_h"))
    events = _sweep_events(loop)
    assert [(e.sweep_id, e.done, e.total) for e in events] == [(7, k, 4) for k in range(1, 5)]
    result = events[-1].result
    assert result.grid.shape == (2, 2) and result.computed().all()
    assert result.healthy[0].all() and not result.healthy[1, 1]
    frame = _frames(loop, 1)[0]  # streaming goes on where it was
    assert frame.config == SMALL and frame.step > 2
    loop.stop()


def test_a_cancelled_sweep_stops_between_cells_and_a_bad_one_fails_with_a_message():
    loop = Loop(running=False)
    depths = tuple(range(2, 40))
    loop.commands.send(RunSweep(1, SMALL, "init", None, depths, "grad_h"))
    first = loop.next_event()
    total = len(depths) * len(INITS)
    assert isinstance(first, SweepProgress) and (first.done, first.total) == (1, total)
    loop.commands.send(CancelSweep(1))
    loop.config(1, SMALL)  # read after the cancel: its first frame marks when it was read
    done = first.done
    while not isinstance(event := loop.next_event(), FrameMeasured):
        done = event.done  # the cells finished before the loop read the cancel
    assert done < total
    while loop.events.poll(0.5):
        assert not isinstance(loop.next_event(), SweepProgress)  # none after the cancel
    loop.commands.send(RunSweep(2, SMALL, "init", None, (2, 5000), "grad_h"))
    event = loop.next_event()
    assert isinstance(event, SweepFailed) and event.sweep_id == 2
    assert "depths" in event.message and "1–1000" in event.message
    loop.stop()


def _wait_until(predicate, timeout: float = 10.0) -> bool:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_after_a_configs_first_frame_the_next_seed_is_drawn_ahead_and_a_reseed_draws_nothing(
    monkeypatch,
):
    from engine import weight_draws
    from engine.settings_table import next_seed

    weight_draws.forget()
    loop = Loop(running=False)
    loop.config(1, SMALL)
    assert loop.next_event().frame.config == SMALL
    reseeded = SMALL.with_(seed=next_seed(SMALL.seed))
    assert _wait_until(lambda: weight_draws.draw_key(reseeded) in weight_draws.kept_keys())
    import engine.network

    seeds_drawn = []
    original = engine.network.init_weights

    def recording(config, *args, **kwargs):
        seeds_drawn.append(config.seed)
        return original(config, *args, **kwargs)

    monkeypatch.setattr(engine.network, "init_weights", recording)
    loop.config(2, reseeded)
    assert loop.next_event().frame.config == reseeded
    assert reseeded.seed not in seeds_drawn  # its weights were ready (the seed after it
    # may be drawn ahead meanwhile)
    loop.stop()
    weight_draws.forget()


def test_a_wide_nets_draw_ahead_waits_until_its_config_has_held(monkeypatch):
    import engine.service
    from engine import weight_draws
    from engine.settings_table import next_seed

    monkeypatch.setattr(engine.service, "BIG_LAYER", 1)  # every net counts as wide
    monkeypatch.setattr(engine.service, "AHEAD_AFTER_S", 0.6)
    weight_draws.forget()
    loop = Loop(running=False)
    loop.config(1, SMALL)
    started = time.perf_counter()
    assert loop.next_event().frame.config == SMALL
    key = weight_draws.draw_key(SMALL.with_(seed=next_seed(SMALL.seed)))
    assert _wait_until(lambda: key in weight_draws.kept_keys())
    assert time.perf_counter() - started >= 0.6
    loop.stop()
    weight_draws.forget()
