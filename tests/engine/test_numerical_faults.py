"""Numerical faults in fp16 and bf16 — overflow to inf, NaN losses, gradients that are
exactly zero everywhere — never break the engine, are counted in the frame, and survive
the data export: CSV that reads back, strict JSON with null for NaN and "inf" strings."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest

from engine import LabConfig, Probe, average_frames
from engine.tables import frame_csv, frame_json, read_csv_table, read_json_table

from ..strategies import check_frame, torch_threads

FAULTS = {
    # ReLU with N(0, 1) weights: activations overflow in the forward pass, loss is NaN.
    "fp16 overflow": dict(init="std_normal", depth=20, width=64, precision="fp16"),
    "bf16 overflow": dict(init="std_normal", depth=40, width=256, precision="bf16"),
    # Training at lr 10 throws the weights to inf within a few steps.
    "fp16 training blows up": dict(mode="train", lr=10.0, depth=10, width=64, precision="fp16"),
    "bf16 training blows up": dict(
        mode="train", lr=10.0, depth=10, width=64, precision="bf16", init="std_normal"
    ),
    # tanh with N(0, 0.01²): the signal flushes to 0, so every gradient is exactly 0.
    "fp16 all-zero gradients": dict(
        activation="tanh", init="small_normal", depth=12, width=64, precision="fp16"
    ),
    "bf16 all-zero gradients": dict(
        activation="tanh", init="small_normal", depth=40, width=64, precision="bf16"
    ),
}


@pytest.fixture(autouse=True)
def _one_thread():
    with torch_threads(1):
        yield


def _frames(settings, steps=3):
    config = LabConfig(batch=16, device="cpu", **settings)
    probe = Probe(config)
    frames = [probe.step() for _ in range(steps)]
    for frame in frames:
        check_frame(frame, config)
    return config, frames


def _strict_json(text: str):
    def reject(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=reject)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_is_counted_and_the_engine_keeps_stepping(fault):
    config, frames = _frames(FAULTS[fault])
    last = frames[-1]
    if "zero" in fault:
        assert last.zero_layers == config.depth
        assert np.all(last["grad_w_norm"] == 0) and np.all(last["frac_zero"] == 1)
        assert last.loss == 0.0 and not last.diverged
    else:
        assert last.nonfinite_layers > 0 and np.all(last["frac_nonfinite"] <= 1)
        assert last.diverged and math.isnan(last.loss)
    assert [f.step for f in frames] == [1, 2, 3]


@pytest.mark.parametrize("fault", list(FAULTS))
def test_faulty_frames_export_to_parseable_csv_and_strict_json(fault):
    config, frames = _frames(FAULTS[fault])
    frame = average_frames(frames)  # what `probe --steps N` writes
    csv_text = frame_csv(frame, steps=3)
    csv_config, csv_columns = read_csv_table(csv_text)
    assert csv_config == config
    json_text = frame_json(frame, steps=3)
    data = _strict_json(json_text)  # no NaN / Infinity tokens anywhere
    json_config, json_columns = read_json_table(json_text)
    assert json_config == config
    for name, column in frame.columns.items():
        np.testing.assert_array_equal(csv_columns[name], column, err_msg=name)
        np.testing.assert_array_equal(json_columns[name], column, err_msg=name)
    assert data["nonfinite_layers"] == frame.nonfinite_layers
    assert data["zero_layers"] == frame.zero_layers
    flat = [v for row in data["layers"] for v in row.values()]
    if "zero" not in fault:  # NaN is null, ±inf the strings "inf"/"-inf"
        assert data["loss"] is None
        assert None in flat
    assert all(v is None or v in ("inf", "-inf") or isinstance(v, (int, float)) for v in flat)


def test_hand_made_inf_and_nan_values_round_trip_through_both_formats():
    config, frames = _frames(FAULTS["fp16 overflow"], steps=1)
    frame = frames[0]
    columns = dict(frame.columns)
    special = np.array([np.nan, np.inf, -np.inf, 0.0, 5e-324, 1.7976931348623157e308])
    columns["act_mean"] = np.resize(special, config.depth)
    made = dataclasses.replace(frame, columns=columns, loss=float("inf"))
    data = _strict_json(frame_json(made))
    assert data["loss"] == "inf"
    assert [row["act_mean"] for row in data["layers"][:6]] == [
        None, "inf", "-inf", 0.0, 5e-324, 1.7976931348623157e308,
    ]  # fmt: skip
    for text, reader in ((frame_csv(made), read_csv_table), (frame_json(made), read_json_table)):
        _, back = reader(text)
        np.testing.assert_array_equal(back["act_mean"], made["act_mean"])
