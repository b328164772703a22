"""The engine loop a window talks to: configs in, frames out, over two pipes.

`serve` runs in its own process (the window's default) or thread. A process has its own
GIL: a busy GUI thread made every torch op of an engine *thread* wait for the GIL between
ops (shared/PITFALLS.md), which halved its steps/s while the window drew. The loop only
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


def serve(commands, events, newest, running: bool = True) -> None:
    """Run probe steps as the window asks, until told to stop or a pipe closes."""
    import torch

    from . import devices
    from .devices import usable_cores
    from .probe import Probe, StepCancelled

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
                    built_for, probe, failed = generation, None, False
                    probe = Probe(config)  # even if this fails: wait for a new config
                probe.sample_layer = wanted.sample_layer
                probe.cancelled = lambda g=generation: newest.value != g
                frame = probe.step()
            except StepCancelled:
                continue  # a new config (or stop) arrived mid-step: take it up at once
            except Exception as exc:  # noqa: BLE001 - any engine failure goes to the user
                events.send(("error", generation, error_message(exc)))
                probe, failed = None, True
                continue
            events.send(("frame", generation, frame))
            if frame.diverged and wanted.running:
                wanted.running = False
                notice = (
                    f"Training diverged at step {frame.step} (loss is {frame.loss}): "
                    "paused. Lower the learning rate or reseed, then run again."
                )
                events.send(("paused", generation, notice))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the window has gone: nothing left to serve
    finally:  # the window's receiver sees the end of the pipe (in a thread, too)
        events.close()
        commands.close()
