"""Measure a probe's passes on a second thread while the serving loop runs the next ones."""

from __future__ import annotations


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

    def take(self) -> list[tuple]:
        """Every pending (generation, Future[Frame]), oldest first, no longer pending."""
        pending, self._pending = self._pending, []
        return pending

    def drop(self) -> None:
        """Forget every pending pass without waiting: those whose measuring has not
        started never start, the one being measured finishes unread."""
        for _, future in self.take():
            future.cancel()

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
