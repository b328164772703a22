"""Random use of the engine: hypothesis turns random controls, one after another, and
every probe step of every config it reaches must succeed with an honest frame — finite,
or with each inf/NaN counted (frac_nonfinite, act_frac_nonfinite, diverged)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from engine import LabConfig, Probe
from engine.tables import frame_csv, frame_json, read_csv_table

from ..strategies import change_sequences, check_frame, configs, torch_threads


@pytest.fixture
def one_thread():
    with torch_threads(1):
        yield


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=change_sequences(max_size=5))
def test_random_sequences_of_settings_changes_never_break_a_probe_step(one_thread, sequence):
    for config in sequence:
        probe = Probe(config)
        for _ in range(2 if config.mode == "train" else 1):
            check_frame(probe.step(), config)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(config=configs(device="cpu"))
def test_every_random_frame_exports_to_parseable_csv_and_strict_json(one_thread, config):
    frame = Probe(config).step()

    def reject(name):
        raise ValueError(f"{name} is not JSON")

    data = json.loads(frame_json(frame), parse_constant=reject)
    assert len(data["layers"]) == config.depth
    assert data["nonfinite_layers"] == frame.nonfinite_layers
    read_config, columns = read_csv_table(frame_csv(frame))
    assert read_config == config
    for name, column in columns.items():
        np.testing.assert_array_equal(column, frame[name], err_msg=name)  # NaN == NaN


EDGES = [
    # BatchNorm of a single sample, the narrowest layer, and both together.
    dict(batch=1, norm="batch"),
    dict(width=2),
    dict(width=2, batch=1, norm="batch", residual=True),
    dict(width=2, batch=1, norm="layer"),
    # Training edge cases: three spiral classes read out of a 2-unit layer, lr at its
    # maximum with Adam, clipping at its smallest threshold.
    dict(width=2, batch=1, mode="train", task="spiral"),
    dict(width=2, mode="train", task="teacher", optimizer="adam", lr=10.0),
    dict(mode="train", clip=1e-6, lr=10.0),
    dict(depth=1, width=2, batch=1),
]


@pytest.mark.parametrize("edge", EDGES, ids=lambda e: ",".join(f"{k}={v}" for k, v in e.items()))
@pytest.mark.parametrize("precision", ["fp32", "fp16", "bf16"])
def test_edge_sizes_run_in_every_precision(one_thread, edge, precision):
    config = LabConfig(depth=5, width=16, batch=8, device="cpu", precision=precision).with_(**edge)
    probe = Probe(config)
    for _ in range(3):
        check_frame(probe.step(), config)


@pytest.mark.parametrize("layer", [0, 2])
def test_check_frame_catches_an_uncounted_nan(layer):
    """The invariant is not vacuous: a NaN norm that no count reports is caught."""
    config = LabConfig(depth=3, width=8, batch=4, device="cpu")
    frame = Probe(config).step()
    check_frame(frame, config)
    norms = np.array(frame["grad_w_norm"])
    norms[layer] = np.nan
    broken = dataclasses.replace(frame, columns={**frame.columns, "grad_w_norm": norms})
    with pytest.raises(AssertionError):
        check_frame(broken, config)
