"""The engine loop a window talks to: configs in, frames out, over two pipes.

`serve` runs in its own process (the window's default) or thread. A process has its own
GIL: a busy GUI thread made every torch op of an engine *thread* wait for the GIL between
ops (torch gives the GIL back only inside an op), which halved its steps/s while the window drew. The loop only
knows `multiprocessing` connections and one shared integer, so the same code serves both.

Commands (tuples sent to `commands`):
    ("config", generation, LabConfig)  start a new run
    ("running", bool)                  stream steps, or wait
    ("step",)                          one step while paused
    ("sample_layer", int)              the layer whose ∂ℓ/∂W the histogram samples
    ("stop",)                          end the loop (as does a closed pipe)
Events (tuples sent to `events`):
    ("ready", torch_threads, devices)  devices: `available_devices()` (torch knows them)
    ("frame", generation, Frame)
    ("error", generation, message)
    ("paused", generation, message)    training diverged: the loop stopped streaming

`newest` holds the newest generation the window has asked for, written before the
config message is sent: a deep step of an outdated config sees it change and gives up
within 25 layers (`StepCancelled`) instead of finishing first.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

STOP_GENERATION = -1  # `newest` set to this: stop whatever is running
BIG_STEP = 500 * 10**6  # depth·width²·batch of a step worth every core (≈ depth 120)


def leave_a_core_for_the_gui() -> int:
    """Run torch's intra-op work of the calling (engine) thread on one core fewer than
    the machine has.

    With as many OpenMP threads as cores, the GUI's painting preempts one of them and
    every parallel op waits at its barrier for the preempted thread: on 2 cores the
    engine fell from ~100 to 1–5 steps/s while the window drew. OpenMP's thread count is
    per calling thread, so the main thread (and a headless `Probe` there) keeps its own.
    Returns the number of threads now used.
    """
    import torch

    from .devices import usable_cores

    wanted = max(1, min(torch.get_num_threads(), usable_cores() - 1))
    if wanted != torch.get_num_threads():
        torch.set_num_threads(wanted)
    return wanted


@dataclass
class _Wanted:
    """What the window has asked for so far."""

    config: object = None
    generation: int = 0
    running: bool = True
    step_requests: int = 0
    sample_layer: int = 1
    stop: bool = False

    def take(self, message: tuple) -> None:
        kind = message[0]
        if kind == "config":
            self.generation, self.config = message[1], message[2]
        elif kind == "running":
            self.running = bool(message[1])
        elif kind == "step":
            self.step_requests += 1
        elif kind == "sample_layer":
            self.sample_layer = int(message[1])
        elif kind == "stop":
            self.stop = True


def error_message(exc: BaseException) -> str:
    """One line for the banner; out-of-memory errors get the advice that helps."""
    message = str(exc) or type(exc).__name__
    if not isinstance(exc, (ValueError, RuntimeError, MemoryError)):
        message = f"{type(exc).__name__}: {message}"
        traceback.print_exc()
    lowered = message.lower()
    if (
        isinstance(exc, MemoryError)
        or "out of memory" in lowered
        or "can't allocate memory" in lowered  # torch's CPU allocator
    ):
        first = message.splitlines()[0]
        message = f"The device ran out of memory ({first}): reduce depth, width or batch."
    return message


class Pipeline:
    """Measure passes on a second thread while the loop runs the next ones.

    On two cores the streaming engine runs torch on one thread (the other core is the
    GUI's), and the GUI leaves most of that core idle: measuring a pass there (a quarter
    of a depth-30 step) while the next pass runs gave 1.35× the steps/s of one thread.
    Up to QUEUE passes wait to be measured: the measuring thread yields to the GUI's
    painting, and with one the loop waited ~1 ms a step for it (10% of a depth-30 step).
    Only a probe that does not train can overlap (a training step's update waits for its
    statistics), and only on the CPU with a single run thread: where the run has more
    threads, a measuring thread would preempt them at their barriers."""

    QUEUE = 2

    def __init__(self):
        self._pool = None
        self._pending: list[tuple] = []  # (generation, Future[Frame]), oldest first

    @staticmethod
    def suits(probe, streaming_threads: int) -> bool:
        from .devices import usable_cores

        return (
            probe.trainer is None
            and probe.device.type == "cpu"
            and streaming_threads == 1
            and usable_cores() >= 2
        )

    def push(self, generation: int, probe, done) -> list[tuple]:
        """Start measuring `done`; returns the oldest pending pass once more than QUEUE
        wait (as `take` does: a list, oldest first; empty while the queue fills)."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(
                1, thread_name_prefix="stability-lab-measure", initializer=_measuring_thread
            )
        self._pending.append((generation, self._pool.submit(probe.measure, done)))
        if len(self._pending) > self.QUEUE:
            return [self._pending.pop(0)]
        return []

    def take(self, drop_waiting: bool = False) -> list[tuple]:
        """Every pending (generation, Future[Frame]), oldest first, no longer pending;
        `drop_waiting`: less those whose measuring has not started (they are dropped)."""
        pending, self._pending = self._pending, []
        if drop_waiting:
            pending = [(g, future) for g, future in pending if not future.cancel()]
        return pending

    def close(self) -> None:
        self._pending = []
        if self._pool is not None:
            self._pool.shutdown(wait=True)


MEASURING_NICENESS = 10  # added to the measuring thread's: the GUI's painting goes first


def _measuring_thread() -> None:
    """One torch thread, and a lower priority than the GUI's thread on the same core:
    at depth 500 measuring beside the window held a 10 ms GUI timer up to 34 ms (p99)."""
    import os
    import sys
    import threading

    import torch

    torch.set_num_threads(1)
    if sys.platform.startswith("linux"):  # where a thread id names just that thread
        tid = threading.get_native_id()
        try:  # raising one's own niceness needs no privileges
            niceness = os.getpriority(os.PRIO_PROCESS, tid) + MEASURING_NICENESS
            os.setpriority(os.PRIO_PROCESS, tid, niceness)
        except OSError:
            pass  # it keeps the default priority


def serve(commands, events, newest, running: bool = True) -> None:
    """Run probe steps as the window asks, until told to stop or a pipe closes."""
    import torch

    from . import devices
    from .devices import usable_cores
    from .probe import Probe, StepCancelled

    pipeline = Pipeline()

    def send_frame(generation: int, frame) -> None:
        events.send(("frame", generation, frame))
        if frame.diverged and frame.config.mode == "train" and wanted.running:
            wanted.running = False
            notice = (
                f"Training diverged at step {frame.step} (loss is {frame.loss}): "
                "paused. Lower the learning rate or reseed, then run again."
            )
            events.send(("paused", generation, notice))

    def deliver(pending: list[tuple]) -> bool:
        """Send measured passes' frames in order, or the first one's error (then False:
        the passes after it are not sent)."""
        for generation, measured in pending:
            try:
                frame = measured.result()
            except Exception as exc:  # noqa: BLE001 - as for a step, below
                events.send(("error", generation, error_message(exc)))
                return False
            send_frame(generation, frame)
        return True

    try:
        streaming_threads = leave_a_core_for_the_gui()
        events.send(("ready", streaming_threads, devices.available_devices()))
        wanted = _Wanted(running=running)
        probe, built_for, failed = None, -1, False
        while True:
            new_config = wanted.config is not None and wanted.generation != built_for
            has_work = wanted.config is not None and (
                new_config or ((wanted.running or wanted.step_requests) and not failed)
            )
            if not has_work:
                deliver(pipeline.take())  # the frames still being measured, if any
            if not has_work or commands.poll(0):  # block for a message only when idle
                wanted.take(commands.recv())
                if wanted.stop:
                    return
                continue
            generation, config = wanted.generation, wanted.config
            if newest.value != generation:  # a newer config is on its way down the pipe
                commands.poll(0.05)
                continue
            if wanted.step_requests and not new_config:
                wanted.step_requests -= 1
            # The first frame of a new deep config is the one a user waits for, with the
            # GUI idle meanwhile: it gets every core (a depth-500 step: 225 → 165 ms on
            # 2); small steps stay put (switching costs more than it saves there).
            big = config.depth * config.width**2 * config.batch >= BIG_STEP
            threads = usable_cores() if new_config and big else streaming_threads
            if threads != torch.get_num_threads():
                torch.set_num_threads(threads)
            try:
                if new_config:
                    # the old config's frame being measured comes first; the window
                    # would drop those still waiting (an old generation), so they go
                    deliver(pipeline.take(drop_waiting=True))
                    built_for, probe, failed = generation, None, False
                    probe = Probe(config)  # even if this fails: wait for a new config
                probe.sample_layer = wanted.sample_layer
                probe.cancelled = lambda g=generation: newest.value != g
                # Streaming (not a new config's first frame, which a user waits for):
                # measure this pass while the next one runs.
                overlap = wanted.running and not new_config
                if overlap and Pipeline.suits(probe, streaming_threads):
                    if not deliver(pipeline.push(generation, probe, probe.run())):
                        pipeline.take()  # the passes after a failed one: not sent
                        probe, failed = None, True
                    continue
                deliver(pipeline.take())
                frame = probe.step()
            except StepCancelled:
                continue  # a new config (or stop) arrived mid-step: take it up at once
            except Exception as exc:  # noqa: BLE001 - any engine failure goes to the user
                events.send(("error", generation, error_message(exc)))
                probe, failed = None, True
                continue
            send_frame(generation, frame)
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the window has gone: nothing left to serve
    finally:  # the window's receiver sees the end of the pipe (in a thread, too)
        pipeline.close()
        events.close()
        commands.close()
