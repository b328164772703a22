"""The CUDA path on a real GPU: real half precision against the CPU's emulation, the GPU
memory budget and out-of-memory reporting.

Elsewhere the suite proves these by simulation; here they run only where
`torch.cuda.is_available()` (scripts/gpu_check.sh runs them on a lent GPU machine).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine import LabConfig
from engine.memory import MemoryBudgetError, check_memory
from engine.presets import get_preset
from engine.probe import Probe
from engine.service import error_message

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")


def _frames(name: str):
    """One frame of a preset on the GPU (real half) and on the CPU (emulated half)."""
    config = get_preset(name).config
    gpu = Probe(config.with_(device="cuda")).step()
    cpu = Probe(config.with_(device="cpu")).step()
    return gpu, cpu


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) + 1 if hits.size else None


def test_real_fp16_zeroes_the_same_layers_as_the_cpu_emulation():
    gpu, cpu = _frames("fp16_underflow")
    zero_gpu = gpu.columns["grad_w_norm"] == 0
    zero_cpu = cpu.columns["grad_w_norm"] == 0
    assert zero_cpu.any(), "the preset's premise: some layers' weight gradients are 0"
    assert np.flatnonzero(zero_gpu).tolist() == np.flatnonzero(zero_cpu).tolist()
    assert "cuda" in gpu.device.lower() or "nvidia" in gpu.device.lower()


def test_real_fp16_overflows_at_the_same_first_layer_as_the_cpu_emulation():
    gpu, cpu = _frames("fp16_overflow")
    first_cpu = _first(cpu.columns["act_frac_nonfinite"] > 0)
    assert first_cpu is not None, "the preset's premise: activations overflow"
    assert _first(gpu.columns["act_frac_nonfinite"] > 0) == first_cpu


@pytest.mark.parametrize("precision", ["fp16", "bf16"])
def test_real_half_formats_measure_a_healthy_net_finitely(precision):
    frame = Probe(LabConfig(device="cuda", precision=precision)).step()
    for name in ("act_var", "grad_h_var", "grad_w_norm"):
        assert np.isfinite(frame.columns[name]).all(), name
    assert frame.columns["grad_w_norm"].min() > 0


def test_a_net_beyond_the_free_gpu_memory_is_refused_before_allocating():
    free, _total = torch.cuda.mem_get_info()
    config = LabConfig(device="cuda", depth=1000, width=4096, batch=4096)
    with pytest.raises(MemoryBudgetError) as info:
        check_memory(config, torch.device("cuda"))
    assert "free GPU memory" in str(info.value)
    assert torch.cuda.mem_get_info()[0] >= free * 0.9  # nothing held on to


def test_running_out_of_gpu_memory_is_reported_with_advice():
    free, _total = torch.cuda.mem_get_info()
    try:
        torch.empty(int(free * 2) // 4, dtype=torch.float32, device="cuda")
    except torch.cuda.OutOfMemoryError as exc:
        message = error_message(exc)
    else:  # pragma: no cover - a device that over-commits
        pytest.skip("the device allocated twice its free memory")
    assert message.startswith("The device ran out of memory")
    assert "reduce depth, width or batch" in message
