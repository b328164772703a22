"""A spectrum of some t only (a streaming panel's) is the every-t spectrum at those t (to
rounding: the layers between carry only the rows the next one reads), and the worker
measures every t whenever a panel could pick any."""

from __future__ import annotations

import time

import numpy as np
import pytest

from engine import LabConfig
from engine.jacobian import measure_spectrum
from engine.probe import Probe
from engine.spectrum import curve_layers
from engine.spectrum_worker import SpectrumWorker


@pytest.mark.parametrize(
    "changes",
    [dict(activation="relu"), dict(activation="tanh", norm="layer"), dict(residual=True)],
    ids=["relu", "tanh-layernorm", "residual"],
)
def test_a_spectrum_of_some_t_equals_the_every_t_one_there(changes):
    config = LabConfig(depth=20, width=24, **changes)
    probe = Probe(config)
    full = measure_spectrum(config, probe.weights, probe.biases, input_index=1)
    some = {0, 7, 19}
    part = measure_spectrum(config, probe.weights, probe.biases, 1, from_layers=some)
    assert part.measured_layers().tolist() == sorted(some)
    for t in range(config.depth):
        if t in some:
            got, every = part.log10(t), full.log10(t)
            np.testing.assert_array_equal(np.isneginf(got), np.isneginf(every))  # zeros exact
            zero = np.isneginf(every)
            np.testing.assert_allclose(got[~zero], every[~zero], rtol=0, atol=1e-12)
        else:
            assert part.log10(t).size == 0
    cols, every = part.log10_columns(), full.log10_columns()
    for name in ("sv_max", "sv_median", "sv_rms"):
        np.testing.assert_allclose(cols[name][sorted(some)], every[name][sorted(some)], atol=1e-12)
        assert np.isnan(np.delete(cols[name], sorted(some))).all()


def test_curve_layers_are_log_spaced_in_the_layers_above_and_keep_both_ends():
    t = curve_layers(30)
    assert t[0] == 0 and t[-1] == 29 and len(t) <= 12
    layers = 30 - t[::-1]  # d − t, ascending
    assert np.all(np.diff(np.log(layers)) < np.log(30) / 3)  # no decade-sized gap
    assert curve_layers(8).tolist() == list(range(8))  # few layers: every t


def _next(worker: SpectrumWorker, deadline: float):
    while worker.busy and time.monotonic() < deadline:
        time.sleep(0.005)
    return worker.take()


def test_streaming_told_the_panels_t_measures_it_and_the_curves_but_pausing_every_t():
    config = LabConfig(depth=20, width=16)
    probe = Probe(config)
    worker = SpectrumWorker()
    deadline = time.monotonic() + 60
    try:
        worker.want(True, from_layer=5)
        worker.offer(1, probe, streaming=True)
        ((_, first),) = _next(worker, deadline)
        assert first.measured_layers().size == config.depth  # a config's first: every t
        time.sleep(0.5)
        worker.offer(1, probe, streaming=True)
        ((_, streamed),) = _next(worker, deadline)
        assert set(streamed.measured_layers()) == set(curve_layers(20)) | {5}
        worker.offer(1, probe, streaming=False)  # paused after a partial one
        ((_, paused),) = _next(worker, deadline)
        assert paused.measured_layers().size == config.depth
        worker.offer(1, probe, streaming=False)
        assert not worker.busy and worker.take() == []  # and then none more
        worker.want(True)  # the panel's t not told: every t
        worker.offer(1, probe, streaming=True)
        _next(worker, deadline)
        time.sleep(0.5)
        worker.offer(1, probe, streaming=True)
        ((_, untold),) = _next(worker, deadline)
        assert untold.measured_layers().size == config.depth
    finally:
        worker.close()
