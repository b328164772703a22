"""Extreme sizes: the largest settings either run or are refused at once with a message
saying what to reduce — never an allocation that kills the process — and the memory
estimate the refusal rests on is really an over-estimate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from engine import LabConfig, MemoryBudgetError, Probe
from engine.network import estimate_bytes

from ..strategies import check_frame, torch_threads

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _one_thread():
    with torch_threads(1):
        yield


def _step_or_polite_refusal(config: LabConfig):
    """One step, or (on a small machine) a refusal that names the sizes and what to do."""
    try:
        probe = Probe(config)
    except MemoryBudgetError as exc:
        message = str(exc)
        assert f"depth {config.depth}" in message and f"width {config.width}" in message
        assert "reduce depth, width or batch" in message
        return None
    frame = probe.step()
    check_frame(frame, config)
    return frame


def test_depth_1000_at_width_256_runs_a_step():
    config = LabConfig(depth=1000, width=256, device="cpu")
    frame = _step_or_polite_refusal(config)
    if frame is not None:
        assert len(frame["layer"]) == 1000
        assert np.all(np.isfinite(frame["grad_h_var"]))  # ReLU + He stays level


def test_depth_1000_sigmoid_underflows_to_exact_zeros_in_fp16_without_failing():
    config = LabConfig(
        depth=1000, width=64, batch=16, activation="sigmoid", init="xavier_normal",
        precision="fp16", device="cpu",
    )  # fmt: skip
    frame = _step_or_polite_refusal(config)
    if frame is not None:
        assert frame.zero_layers > 900


def test_width_4096_at_depth_2_runs_a_step():
    config = LabConfig(depth=2, width=4096, device="cpu")
    frame = _step_or_polite_refusal(config)
    if frame is not None:
        assert frame["grad_w_norm"].shape == (2,)
        assert frame.grad_sample.size <= 4096 + 1  # the histogram sample stays small


@pytest.mark.parametrize(
    "changes",
    [
        {},
        dict(batch=1),
        dict(precision="fp16", mode="train", optimizer="adam"),
        dict(norm="batch", residual=True, clip=1.0),
    ],
    ids=["default", "batch 1", "fp16 adam", "stabilisers"],
)
def test_depth_1000_by_width_4096_is_refused_at_once_in_any_setting(changes):
    config = LabConfig(depth=1000, width=4096, device="cpu").with_(**changes)
    started = time.perf_counter()
    with pytest.raises(MemoryBudgetError) as info:
        Probe(config)
    assert time.perf_counter() - started < 1.0
    message = str(info.value)
    assert "depth 1000" in message and "width 4096" in message
    assert "reduce depth, width or batch" in message


def test_a_budget_one_byte_short_of_the_estimate_refuses_and_the_estimate_itself_runs():
    config = LabConfig(depth=8, width=64, batch=16, device="cpu")
    need = estimate_bytes(config)
    with pytest.raises(MemoryBudgetError) as info:
        Probe(config, memory_budget=need - 1)
    assert "the memory budget" in str(info.value) and "reduce" in str(info.value)
    check_frame(Probe(config, memory_budget=need).step(), config)


MEASURE = r"""
import json, sys, torch
torch.set_num_threads(1)
from engine import LabConfig, Probe
def status(key):  # VmHWM, not ru_maxrss: that one is inherited from the parent via exec
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) * 1024 for l in fh if l.startswith(key + ":"))
config = LabConfig.from_dict(json.loads(sys.argv[1]))
Probe(config.with_(depth=2, width=8, batch=2)).step()  # load every kernel first
base = status("VmRSS")
probe = Probe(config)
for _ in range(3):
    probe.step()
print(status("VmHWM") - base)
"""


def test_memory_estimate_covers_the_measured_peak_of_the_hungriest_settings():
    """Every stabiliser, emulated fp16, Adam training and an activation that keeps its
    input: the settings that hold the most copies (measured per setting when the
    estimate was calibrated; the plain probe uses about 70% of its estimate)."""
    config = LabConfig(
        depth=40, width=384, batch=384, activation="softsign", precision="fp16",
        norm="batch", residual=True, clip=1.0, mode="train", optimizer="adam",
        device="cpu",
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(config.to_dict())],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    used = int(out.stdout.split()[-1])
    need = estimate_bytes(config)
    assert used > 0.3 * need, (used, need)  # the measurement saw the allocation
    assert used <= need, f"peak {used / 1e6:.0f} MB > estimate {need / 1e6:.0f} MB"
