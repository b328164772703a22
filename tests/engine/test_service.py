"""The engine loop the window talks to, driven through its pipes without any Qt."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading

import numpy as np
import pytest
import torch

from engine import LabConfig, Probe
from engine.service import MEASURING_NICENESS, STOP_GENERATION, Pipeline, serve

SMALL = LabConfig(depth=6, width=16, batch=4)


class Loop:
    """`serve` on a thread, as `EngineRunner(isolation="thread")` runs it."""

    def __init__(self, running: bool = True):
        self.commands_out, self.commands = multiprocessing.Pipe(duplex=False)
        self.events, self.events_in = multiprocessing.Pipe(duplex=False)
        self.newest = multiprocessing.Value("q", 0, lock=False)
        self.thread = threading.Thread(
            target=serve, args=(self.commands_out, self.events_in, self.newest, running)
        )
        self.thread.start()
        assert self.next_event()[0] == "ready"

    def config(self, generation: int, config: LabConfig) -> None:
        self.newest.value = generation
        self.commands.send(("config", generation, config))

    def next_event(self, timeout: float = 30.0):
        assert self.events.poll(timeout), "no event from the engine loop"
        return self.events.recv()

    def stop(self) -> None:
        self.newest.value = STOP_GENERATION
        self.commands.send(("stop",))
        self.thread.join(10)
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
    kind, generation, frame = loop.next_event()
    assert (kind, generation, frame.config) == ("frame", 1, SMALL)
    deeper = SMALL.with_(depth=9)
    loop.config(2, deeper)
    for _ in range(50):  # frames of generation 1 still in the pipe come first
        kind, generation, frame = loop.next_event()
        if generation == 2:
            break
    assert frame.config == deeper and len(frame["layer"]) == 9
    loop.stop()


def test_a_paused_loop_runs_one_step_per_request():
    loop = Loop(running=False)
    loop.config(1, SMALL)
    assert loop.next_event()[2].step == 1  # a new config always shows one frame
    assert not loop.events.poll(0.5)
    loop.commands.send(("step",))
    assert loop.next_event()[2].step == 2
    assert not loop.events.poll(0.5)
    loop.stop()


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_a_config_that_fails_reports_one_error_and_waits_for_the_next():
    loop = Loop()
    loop.config(1, SMALL.with_(device="cuda"))
    kind, generation, message = loop.next_event()
    assert (kind, generation) == ("error", 1) and "\n" not in message
    assert not loop.events.poll(0.5)  # no retry of a config that failed
    loop.config(2, SMALL)
    assert loop.next_event()[:2] == ("frame", 2)
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
        kind, _, frame = loop.next_event()
        assert kind == "frame"
        frames.append(frame)
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
    loop.commands.send(("running", False))
    while loop.events.poll(1.0):  # the frame still being measured arrives, then none
        streamed.append(loop.next_event()[2])
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
    kinds = []
    while not kinds or kinds[-1] != "paused":
        kinds.append(loop.next_event()[0])
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
    assert [e[0] for e in events] == ["frame", "frame", "frame", "error"]
    assert events[-1][1:] == (1, "the measuring thread failed")
    assert not loop.events.poll(0.5)  # no retry of a config that failed
    monkeypatch.setattr(Probe, "measure", measure)
    loop.config(2, SMALL.with_(depth=7))
    kind, generation, frame = loop.next_event()
    assert (kind, generation, len(frame["layer"])) == ("frame", 2, 7)
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


def test_a_new_config_drops_the_old_passes_still_waiting_to_be_measured():
    class Blocked:
        def __init__(self):
            self.started, self.go = threading.Event(), threading.Event()

        def measure(self, done):
            self.started.set()
            self.go.wait(5)
            return done

    probe, pipeline = Blocked(), Pipeline()
    try:
        pipeline.push(1, probe, "measuring")
        pipeline.push(1, probe, "waiting")
        assert probe.started.wait(5)
        kept = pipeline.take(drop_waiting=True)
        probe.go.set()
        assert [future.result() for _, future in kept] == ["measuring"]
    finally:
        probe.go.set()
        pipeline.close()
