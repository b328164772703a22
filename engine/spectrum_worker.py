"""Measure the spectrum panel's singular values beside streaming, in the engine's process.

A spectrum of the default network (depth 30, width 256, ReLU) takes ~150 ms of one core
for every t, ~0.6× that for a streaming one's t (engine/jacobian.py), a step ~10 ms: in
the serving loop it would stall streaming for many steps at a time. So it runs on a
thread of its own, with one torch thread and the measuring thread's lower priority
(engine/pipeline.py; lower still, it fell well short of two spectra a second on two
cores): it shares with measuring what the window's painting leaves of the cores, at most
`RATE` times a second. A new config's spectrum starts at once; while streaming, the next
one starts `1/RATE` s after the last started, each for the seed's next input (the probe
draws a fresh batch every step, so a nonlinear net's spectrum moves with its input);
while paused, one per config. A training run's weights change in place, so the thread
gets a copy of them.

Told the panel's t (`want`), a streaming spectrum after a config's first measures only
that t and the against-t curves' (spectrum.curve_layers): the QR and SVD of the t left
out are more than half of a layer's cost, and the every-t floor is LAPACK's (measured:
forming the products differently gained nothing). The first of a config, and the one
when streaming pauses, measure every t, so picking a t redraws without asking.
"""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import Future

import numpy as np

from .spectrum import Spectrum, curve_layers
from .words import QT_TRANSLATE_NOOP, message

RATE = 2.5  # spectra per second at most (the panel asks for ≥ 2)
NICENESS = 10  # added to the thread's: after the GUI (0), beside the measuring thread (10)


def _spectrum_thread() -> None:
    import os
    import sys
    import threading

    import torch

    torch.set_num_threads(1)
    if sys.platform.startswith("linux"):  # a thread id names just that thread there
        tid = threading.get_native_id()
        with contextlib.suppress(OSError):  # raising one's own niceness needs no privileges
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + NICENESS)


def _failed(config, input_index: int, exc: BaseException) -> Spectrum:
    d = config.depth
    note = message(
        QT_TRANSLATE_NOOP("SpectrumNotes", "spectrum failed: {error}"),
        error=str(exc) or type(exc).__name__,
    )
    return Spectrum(
        config,
        input_index,
        np.zeros((d, 0)),
        np.zeros(d, np.int64),
        np.full(d, np.nan),
        note=note,
    )


def _measure(config, weights, biases, input_index: int, cancelled, layers=None) -> Spectrum | None:
    """The spectrum, one that says why it failed, or None when it was cancelled."""
    from .jacobian import SpectrumCancelled, measure_spectrum

    try:
        return measure_spectrum(config, weights, biases, input_index, cancelled, layers)
    except SpectrumCancelled:
        return None
    except Exception as exc:  # noqa: BLE001 - shown in the panel; streaming goes on
        return _failed(config, input_index, exc)


class SpectrumWorker:
    """Spectra of the serving loop's probe, one at a time, while the window wants them."""

    def __init__(self):
        self.wanted = False
        self._pool = None
        self._running: tuple[int, Future] | None = None  # (generation, its spectrum)
        self._done: list[tuple[int, Spectrum]] = []
        self._last_start = -float("inf")
        self._generation = None  # of the last spectrum started
        self._next_input = 0
        self._from_layer: int | None = None  # the panel's t, when the window says it
        self._partial = False  # the last one started measured only some t
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        """A spectrum is being measured (one that has finished is kept for `take`)."""
        self._collect()
        return self._running is not None

    def want(self, on: bool, from_layer: int | None = None) -> None:
        """Measure while `on`; `from_layer`: the t the panel's histogram shows. Knowing
        it, a streaming spectrum measures only that t and the curves' (`curve_layers`),
        about half the cost at default settings; without it, every t."""
        if on and (not self.wanted or from_layer != self._from_layer):
            self._generation = None  # the panel shows again, or another t: at once
        self.wanted = bool(on)
        self._from_layer = None if from_layer is None else int(from_layer)

    def offer(self, generation: int, probe, streaming: bool, outdated=None) -> None:
        """Start a spectrum of `probe` (of config `generation`) if one is due;
        `outdated()` true gives it up (a newer config, or stop)."""
        self._collect()
        if not self.wanted or probe is None or self._running is not None:
            return
        now = time.perf_counter()
        first = generation != self._generation
        if not first and streaming and now - self._last_start < 1 / RATE:
            return
        if not first and not streaming and not self._partial:  # paused: one of every t
            return
        if first:
            self._generation, self._next_input = generation, 0
        weights, biases = probe.weights, probe.biases
        if probe.trainer is not None:  # training changes them in place meanwhile
            weights = [w.detach().clone() for w in weights]
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(
                1, thread_name_prefix="stability-lab-spectrum", initializer=_spectrum_thread
            )
        stop = self._stop

        def cancelled() -> bool:
            return stop.is_set() or (outdated is not None and outdated())

        layers = None  # every t: a paused panel picks any t without asking again
        if streaming and self._from_layer is not None and not first:
            depth = probe.config.depth
            layers = {int(t) for t in curve_layers(depth)} | {min(self._from_layer, depth - 1)}
        self._partial = layers is not None
        future = self._pool.submit(
            _measure, probe.config, weights, biases, self._next_input, cancelled, layers
        )
        self._running = (generation, future)
        self._last_start = now
        self._next_input += 1

    def take(self) -> list[tuple[int, Spectrum]]:
        """The spectra finished since the last call, as (generation, spectrum)."""
        self._collect()
        done, self._done = self._done, []
        return done

    def _collect(self) -> None:
        if self._running is not None and self._running[1].done():
            generation, future = self._running
            self._running = None
            if future.result() is not None:
                self._done.append((generation, future.result()))

    def close(self) -> None:
        self._stop.set()  # the running spectrum gives up at its next layer
        self._running, self._done = None, []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
