"""The one underflow/overflow guard (engine/safe_norm.py), the one buffer pool
(engine/buffers.py) and the route a probe chooses once (engine/route.py)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from engine import LabConfig, Probe, buffers, safe_norm
from engine.pipeline import Pipeline
from engine.route import GRAM_MIN_DEPTH


@pytest.mark.parametrize("scale", [1.0, 1e-30, 1e-42, 1e-20, 1e20, 1e36])
def test_the_guard_gives_the_float64_norm_at_any_scale(scale):
    gen = torch.Generator().manual_seed(1)
    values = torch.randn(3, 64, 256, generator=gen, dtype=torch.float64) * scale
    values[1] = 0.0
    layers = list(values.float())  # float32 at this scale: subnormal, or near its max
    expected = [float(torch.linalg.vector_norm(layer.double())) for layer in layers]
    np.testing.assert_allclose(safe_norm.norms(layers), expected, rtol=1e-5, atol=0)
    plain = torch.linalg.vector_norm(values[0].float()).item()
    if safe_norm.outside(np.array([plain]))[0]:
        assert scale < 1e-10 or plain == float("inf")  # vanishing, or squares overflowed
    else:  # inside the guard's range, plain float32 is right
        assert plain == pytest.approx(expected[0], rel=1e-5)


def test_the_guard_keeps_inf_and_nan_and_never_changes_its_input():
    layers = [torch.tensor([1.0, float("inf")]), torch.tensor([float("nan"), 1.0])]
    norms = safe_norm.norms(layers)
    assert norms[0] == float("inf") and np.isnan(norms[1])
    stack = torch.ones(2, 3) * 1e-30
    safe_norm.scaled(stack)
    assert torch.equal(stack, torch.ones(2, 3) * 1e-30)


def test_the_pool_is_sized_for_the_passes_in_flight_and_reuses_what_it_is_given():
    assert buffers.CAPACITY == (Pipeline.QUEUE + 1) * buffers.PER_PASS + buffers.PER_MEASURING
    a = buffers.take((10, 20), torch.float32, torch.device("cpu"))
    buffers.give_back(a)
    b = buffers.take((15, 10), torch.float32, torch.device("cpu"))  # fits, ≤ twice
    assert b.untyped_storage().data_ptr() == a.untyped_storage().data_ptr()
    assert b.shape == (15, 10)
    buffers.give_back(b)
    c = buffers.take((10, 5), torch.float32, torch.device("cpu"))  # 4× too big: fresh
    assert c.untyped_storage().data_ptr() != a.untyped_storage().data_ptr()
    assert len(buffers.kept()) <= buffers.CAPACITY


def test_the_pool_hands_one_buffer_to_one_thread_at_a_time():
    taken: list[int] = []
    lock = threading.Lock()

    def borrow():
        for _ in range(200):
            t = buffers.take((64, 64), torch.float32, torch.device("cpu"))
            with lock:
                taken.append(t.untyped_storage().data_ptr())
                held = list(taken)
            assert held.count(t.untyped_storage().data_ptr()) == 1  # nobody else has it
            with lock:
                taken.remove(t.untyped_storage().data_ptr())
            buffers.give_back(t)

    threads = [threading.Thread(target=borrow) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not taken


def test_a_probe_chooses_its_route_once_and_says_why():
    deep = LabConfig(depth=GRAM_MIN_DEPTH, width=32, batch=4)
    probe = Probe(deep)
    assert probe.route.plain and probe.route.gram
    assert probe.plain_pass and probe.gram_path  # the names other modules read
    for config, kwargs, word in (
        (deep.with_(precision="fp16"), {}, "half"),
        (deep, {"exact_counts": True}, "counted"),
        (deep, {"fast": False}, "∂ℓ/∂W"),
        (deep.with_(depth=GRAM_MIN_DEPTH - 1), {}, "shallow"),
        (deep.with_(mode="train"), {}, "training"),
    ):
        other = Probe(config, **kwargs).route
        assert not other.gram and word in other.gram_why
    assert not Probe(deep.with_(norm="layer")).route.plain


def _gram_stack(depth: int = 4, width: int = 128, batch: int = 8, seed: int = 3):
    """A plain pass's layout: δ, then h^0 … h^depth, then ∂ℓ/∂h, each (width × batch)."""
    gen = torch.Generator().manual_seed(seed)
    buffer = torch.randn(3 * depth + 1, width, batch, generator=gen).relu_()
    return buffer, buffer[depth + 1 :], buffer[: 2 * depth]


def _statistics(buffer, moments, gram, depth):
    from engine.statistics import layer_statistics

    return layer_statistics(
        moments[:depth], moments[depth:], None, "fp32", False, False, gram, moments
    )


def _full_path(monkeypatch, *args):
    from engine import statistics

    monkeypatch.setattr(statistics, "nothing_to_redo", lambda table: False)
    return _statistics(*args)


def test_the_common_case_shortcut_gives_the_full_paths_columns_bit_for_bit(monkeypatch):
    buffer, moments, gram = _gram_stack()
    short = _statistics(buffer, moments, gram, 4)
    full = _full_path(monkeypatch, buffer, moments, gram, 4)
    assert short.keys() == full.keys()
    for name in full:
        np.testing.assert_array_equal(short[name], full[name], err_msg=name)
        assert not short[name].flags.writeable  # a Frame keeps them as they are


@pytest.mark.parametrize(
    "spoil",
    [
        "nan act",  # a mean and a spread non-finite
        "tiny grad",  # a spread below the guard's range
        "zero delta",  # ‖δ‖ = 0: ‖G‖ = 0, every entry counted zero
        "huge input",  # a trace overflowing float32
    ],
)
def test_any_layer_needing_the_guard_leaves_the_shortcut_for_the_full_path(monkeypatch, spoil):
    from engine import statistics

    depth = 4
    buffer, moments, gram = _gram_stack(depth)
    layer = {"nan act": 2 * depth - 1, "tiny grad": 2 * depth + 2, "zero delta": 1}
    if spoil == "huge input":
        buffer[depth + 1] *= 1e30
    elif spoil == "tiny grad":
        buffer[layer[spoil]] *= 1e-30
    else:
        buffer[layer[spoil]] = {"nan act": float("nan"), "zero delta": 0.0}[spoil]
    taken = []
    real = statistics.nothing_to_redo
    monkeypatch.setattr(statistics, "nothing_to_redo", lambda t: taken.append(real(t)) or taken[-1])
    columns = _statistics(buffer, moments, gram, depth)
    assert taken == [False]
    if spoil == "zero delta":
        assert columns["grad_w_norm"][1] == 0.0 and columns["frac_zero"][1] == 1.0
    if spoil == "tiny grad":
        expected = float(moments[depth + 1].double().var(unbiased=False))  # float64 reference
        assert columns["grad_h_var"][1] == pytest.approx(expected, rel=1e-5)  # not lost
    if spoil == "nan act":
        assert columns["act_frac_nonfinite"][depth - 2] == 1.0


def test_a_frame_keeps_frozen_columns_and_copies_anything_that_could_still_change():
    from engine.frame import freeze

    owned = freeze(np.arange(3.0))
    assert freeze(owned) is owned
    view = owned[1:]
    assert freeze(view) is view  # read-only all the way down to read-only memory
    writable = np.zeros(4)
    window = writable[:2]
    window.setflags(write=False)
    assert freeze(window) is not window  # its memory can still be written through
    shared = torch.zeros(3, dtype=torch.float64).numpy()
    shared.setflags(write=False)
    assert freeze(shared) is not shared  # a tensor's memory: torch may write it
