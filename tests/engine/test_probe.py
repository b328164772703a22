"""The probe: reproducible, immutable frames with every column of the product brief,
honest zero counts, gradient clipping, clear refusals (device, memory), streaming."""

from __future__ import annotations

import dataclasses
import itertools
import time

import numpy as np
import pytest
import torch

import engine.network
from engine import (
    DeviceError,
    Frame,
    LabConfig,
    MemoryBudgetError,
    Probe,
    available_devices,
    stream,
)

SMALL = dict(depth=6, width=64, batch=16, device="cpu")
# The per-layer table the README promises, spelled out rather than taken from the engine.
PRODUCT_COLUMNS = (
    "layer",
    "width_in",
    "width_out",
    "act_mean",
    "act_var",
    "act_var_theory",
    "grad_h_var",
    "grad_h_var_theory",
    "grad_w_norm",
    "frac_zero",
    "frac_nonfinite",
)


def _same_frame(a: Frame, b: Frame) -> None:
    assert set(a.columns) == set(b.columns)
    for name in a.columns:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)  # NaN == NaN here
    assert a.loss == b.loss
    assert a.grad_norm_before == b.grad_norm_before
    np.testing.assert_array_equal(a.grad_sample, b.grad_sample)


def test_fixed_seed_reproduces_a_run_bit_for_bit():
    config = LabConfig(seed=7, activation="tanh", init="xavier_normal", **SMALL)
    first, second = Probe(config), Probe(config)
    for _ in range(3):
        _same_frame(first.step(), second.step())


def test_successive_steps_draw_fresh_inputs():
    probe = Probe(LabConfig(seed=7, **SMALL))
    a, b = probe.step(), probe.step()
    assert (a.step, b.step) == (1, 2)
    assert not np.array_equal(a["act_var"], b["act_var"])


def test_different_seeds_give_different_runs():
    a = Probe(LabConfig(seed=1, **SMALL)).step()
    b = Probe(LabConfig(seed=2, **SMALL)).step()
    assert not np.array_equal(a["act_var"], b["act_var"])
    assert not np.array_equal(a["grad_w_norm"], b["grad_w_norm"])


def test_each_new_probe_has_a_new_run_id():
    config = LabConfig(**SMALL)
    ids = [Probe(config).run_id for _ in range(4)]
    assert len(set(ids)) == 4
    probe = Probe(config)
    assert probe.step().run_id == probe.step().run_id == probe.run_id


def test_frames_are_immutable():
    frame = Probe(LabConfig(**SMALL)).step()
    with pytest.raises(dataclasses.FrozenInstanceError):
        frame.loss = 0.0
    with pytest.raises(ValueError):
        frame["act_var"][0] = 123.0
    with pytest.raises(ValueError):
        frame.grad_sample[0] = 1.0
    with pytest.raises(TypeError):
        frame.columns["act_var"] = np.zeros(6)
    for name, column in frame.columns.items():
        assert not column.flags.writeable, name


def test_frame_copies_its_input_arrays():
    source = np.arange(3.0)
    frame = Frame(run_id=1, step=1, config=LabConfig(), device="cpu", columns={"layer": source})
    source[0] = 99.0
    assert frame["layer"][0] == 0.0
    assert source.flags.writeable  # the caller's array is left alone


def test_every_product_column_is_present_with_one_value_per_layer():
    config = LabConfig(**SMALL)
    frame = Probe(config).step()
    for name in PRODUCT_COLUMNS:
        assert name in frame.columns, name
        assert frame[name].shape == (config.depth,), name
        assert frame[name].dtype == np.float64, name
    np.testing.assert_array_equal(frame["layer"], np.arange(1, config.depth + 1))
    assert len(frame.rows()) == config.depth
    for name in PRODUCT_COLUMNS:
        assert np.all(np.isfinite(frame[name])), name
    assert frame.config == config


@pytest.mark.parametrize(
    "settings",
    [
        # batch 1: ∂ℓ/∂W = δ hᵀ is zero wherever δ or h is (ReLU): ~¾ zeros.
        dict(activation="relu", init="he_normal", depth=8, width=256, batch=1),
        dict(activation="relu", init="he_normal", depth=8, width=256, batch=2),
        # fp16 underflow: whole layers at exactly 1, the top ones at 0, a few between.
        dict(activation="sigmoid", init="xavier_normal", depth=30, width=256, precision="fp16"),
    ],
)
def test_sampled_zero_counts_agree_with_exact_counts(settings):
    config = LabConfig(device="cpu", seed=3, **settings)
    exact = Probe(config, exact_counts=True).step()["frac_zero"]
    sampled = Probe(config, exact_counts=False).step()["frac_zero"]
    ends = (exact == 0.0) | (exact == 1.0)
    np.testing.assert_array_equal(sampled[ends], exact[ends])
    assert np.all(np.abs(sampled - exact) <= 0.02), np.abs(sampled - exact).max()
    # Not vacuous: every case has layers strictly between 0 and 1 (measured 0.002–0.78).
    assert np.any(~ends)


def test_batch_one_relu_has_intermediate_zero_fractions():
    config = LabConfig(activation="relu", init="he_normal", depth=8, width=256, batch=1)
    exact = Probe(config, exact_counts=True).step()["frac_zero"]
    assert np.all((exact > 0.5) & (exact < 0.95)), exact  # ≈ 1 − ¼


def test_clipping_rescales_the_global_gradient_norm_to_the_threshold():
    settings = dict(activation="relu", init="std_normal", depth=10, width=128, device="cpu")
    clipped = Probe(LabConfig(clip=1.0, **settings)).step()
    free = Probe(LabConfig(clip=0.0, **settings)).step()
    assert clipped.grad_norm_before > 1.0
    assert clipped.grad_norm_before == pytest.approx(free.grad_norm_before, rel=1e-12)
    assert clipped.grad_norm_after == 1.0
    assert float(np.sum(clipped["grad_w_norm"] ** 2)) == pytest.approx(1.0, rel=1e-9)
    # Each layer is scaled by the same factor: the shape across layers is kept.
    np.testing.assert_allclose(
        clipped["grad_w_norm"], free["grad_w_norm"] / free.grad_norm_before, rtol=1e-9
    )
    # Without clipping the norms are reported unscaled.
    assert free.grad_norm_after == free.grad_norm_before
    assert float(np.sqrt(np.sum(free["grad_w_norm"] ** 2))) == pytest.approx(
        free.grad_norm_before, rel=1e-9
    )


def test_clipping_leaves_a_gradient_below_the_threshold_alone():
    frame = Probe(LabConfig(clip=1e6, **SMALL)).step()
    assert frame.grad_norm_before < 1e6
    assert frame.grad_norm_after == frame.grad_norm_before


@pytest.mark.parametrize("device", ["cuda", "mps"])
def test_missing_device_is_refused_naming_it_and_the_available_ones(device):
    present = available_devices()
    if device in present:
        pytest.skip(f"{device} is present on this machine")
    with pytest.raises(DeviceError) as info:
        Probe(LabConfig(depth=2, width=8, device=device))
    message = str(info.value)
    assert repr(device) in message
    assert "available" in message
    for name in present:
        assert name in message
    assert "cpu" in present


def test_auto_device_picks_one_that_is_present():
    frame = Probe(LabConfig(depth=2, width=8, device="auto")).step()
    assert frame.device.split(" ")[0] in available_devices()


def test_oversized_network_is_refused_before_anything_is_allocated(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("weights were drawn for a network that cannot fit")

    monkeypatch.setattr(engine.network, "init_weights", must_not_run)
    started = time.perf_counter()
    with pytest.raises(MemoryBudgetError) as info:
        Probe(LabConfig(depth=1000, width=4096))
    assert time.perf_counter() - started < 2.0
    message = str(info.value)
    assert "depth 1000" in message and "width 4096" in message
    assert "reduce depth, width or batch" in message
    assert "GB" in message


def test_explicit_memory_budget_is_respected():
    with pytest.raises(MemoryBudgetError) as info:
        Probe(LabConfig(**SMALL), memory_budget=1024)
    assert "the memory budget" in str(info.value)
    Probe(LabConfig(**SMALL), memory_budget=10**9).step()  # fits: runs


def test_stream_yields_the_requested_number_of_frames_of_one_run():
    frames = list(stream(LabConfig(**SMALL), steps=3))
    assert len(frames) == 3
    assert [f.step for f in frames] == [1, 2, 3]
    assert len({f.run_id for f in frames}) == 1
    assert all(isinstance(f, Frame) for f in frames)


def test_unbounded_stream_stops_when_the_consumer_stops():
    frames = list(itertools.islice(stream(LabConfig(**SMALL)), 2))
    assert [f.step for f in frames] == [1, 2]


def test_weights_are_per_layer_leaves_in_float32_on_cpu():
    probe = Probe(LabConfig(precision="fp16", **SMALL))
    assert len(probe.weights) == SMALL["depth"]
    for w in probe.weights:
        assert w.shape == (64, 64) and w.dtype == torch.float32 and w.is_leaf


def test_a_frame_names_the_layer_it_sampled_even_when_asked_for_one_too_deep():
    probe = Probe(LabConfig(depth=6, width=16, batch=4))
    probe.sample_layer = 12  # asked for by a window still showing a deeper config
    frame = probe.step()
    assert frame.sample_layer == 6
    probe.sample_layer = -3
    assert probe.step().sample_layer == 1


def test_layers_of_different_widths_gain_and_bias_run_and_are_tabled():
    config = LabConfig(depth=5, widths=(32, 96), batch=8, gain=1.5, bias_std=0.3, device="cpu")
    probe = Probe(config)
    assert not probe.plain_pass and not probe.gram_path  # both need one width
    frame = probe.step()
    np.testing.assert_array_equal(frame["width_in"], [32, 96, 32, 96, 32])
    np.testing.assert_array_equal(frame["width_out"], [96, 32, 96, 32, 96])
    assert [tuple(w.shape) for w in probe.weights] == [(96, 32), (32, 96)] * 2 + [(96, 32)]
    assert [tuple(b.shape) for b in probe.biases] == [(96,), (32,)] * 2 + [(96,)]
    assert float(torch.cat(probe.biases).std()) == pytest.approx(0.3, rel=0.2)
    for name in PRODUCT_COLUMNS:
        assert np.all(np.isfinite(frame[name])), name
    # the gain scales the weights the seed draws, nothing else
    plain = Probe(config.with_(gain=1.0))
    for scaled, drawn in zip(probe.weights, plain.weights, strict=True):
        torch.testing.assert_close(scaled, 1.5 * drawn)
