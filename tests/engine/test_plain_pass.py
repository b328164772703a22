"""A probe's pass without autograd (engine/plain_pass.py) gives what autograd gives: the
same frames (to float32 rounding in the moments, which it sums in another order), for
every activation that has a backward kernel, in every regime."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from engine import ACTIVATIONS, LabConfig, Probe, buffers
from engine.plain_pass import supports
from engine.probe import StepCancelled

from .test_gram_path import assert_same_moments, assert_same_sample

WITH_BACKWARD = [name for name, act in ACTIVATIONS.items() if act.backward is not None]


class AutogradProbe(Probe):
    """A probe that runs every pass through autograd, to hold the plain pass to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.route = replace(self.route, plain=False, plain_why="held to autograd (a test)")


MOMENTS = ("act_mean", "act_var", "grad_h_var")
SUBNORMAL = 1e-40  # float32 values below 1.2e-38 keep few bits: compared absolutely


def _same_frames(a, b) -> None:
    for name in a.columns:
        if name not in MOMENTS:
            np.testing.assert_allclose(
                a.columns[name],
                b.columns[name],
                rtol=1e-5,
                atol=SUBNORMAL,
                equal_nan=True,
                err_msg=name,
            )
    assert_same_moments(a, b)
    assert_same_sample(a, b)
    # a sum of batch × width products that mostly cancel: compared to their size
    assert a.loss == pytest.approx(b.loss, rel=1e-5, abs=1e-5, nan_ok=True)


def _pair(config: LabConfig) -> tuple[Probe, Probe]:
    plain, graph = Probe(config), AutogradProbe(config)
    assert plain.plain_pass and not graph.plain_pass
    return plain, graph


@pytest.mark.parametrize("activation", WITH_BACKWARD)
def test_every_activations_backward_kernel_gives_autograds_gradient_bit_for_bit(activation):
    act = ACTIVATIONS[activation]
    z = torch.cat([torch.randn(4000) * 6, torch.tensor([0.0, -0.0, 1e-30, -50.0, 50.0])])
    z.requires_grad_(True)
    y = act(z)
    grad = torch.randn_like(z)
    (expected,) = torch.autograd.grad(y, z, grad)
    got = act.backward(grad, z.detach(), y.detach())
    assert torch.equal(got, expected)


@pytest.mark.parametrize("activation", WITH_BACKWARD)
def test_writing_into_a_buffer_gives_the_bits_of_the_activation_and_its_backward(activation):
    act = ACTIVATIONS[activation]
    z = torch.cat([torch.randn(4000) * 6, torch.tensor([0.0, -0.0, 1e-30, float("nan")])])
    y, grad = act(z), torch.randn_like(z)
    out = torch.full_like(z, 7.0)
    act.forward_into(z, out)
    assert torch.equal(out.nan_to_num(3.0), y.nan_to_num(3.0))
    expected = act.backward(grad, z, y)
    over_z = z.clone()  # the plain pass writes δ over z's own storage
    act.backward_into(grad, over_z, y, out=over_z)
    assert torch.equal(over_z.nan_to_num(3.0), expected.nan_to_num(3.0))


@pytest.mark.parametrize("activation", WITH_BACKWARD)
def test_a_plain_pass_gives_the_frames_autograd_gives(activation):
    plain, graph = _pair(LabConfig(depth=30, width=64, batch=16, activation=activation))
    for _ in range(3):
        _same_frames(plain.step(), graph.step())


@pytest.mark.parametrize(
    "config",
    [
        LabConfig(depth=40, width=128, batch=16, activation="sigmoid", init="small_normal"),
        LabConfig(depth=60, width=128, batch=16, activation="relu", init="std_normal"),  # inf
        # several chunks; Xavier, not He: tanh at He's gain is chaotic, and a chaotic net
        # grows float32's rounding differences between two orders of summing to 0.2%
        LabConfig(depth=120, width=256, batch=8, activation="tanh", init="xavier_normal"),
        LabConfig(depth=8, width=48, batch=1, activation="relu"),  # odd width, one sample
        LabConfig(depth=30, width=128, batch=16, clip=0.5),
        LabConfig(depth=30, width=64, batch=16, activation="tanh", bias_std=0.5, gain=1.3),
        LabConfig(depth=20, width=64, batch=16, bias_std=0.3, precision="fp16"),
    ],
    ids=["vanishing", "exploding", "deep", "tiny", "clipped", "biased", "biased-fp16"],
)
def test_a_plain_pass_gives_autograds_frames_when_gradients_vanish_or_explode(config):
    plain, graph = _pair(config)
    _same_frames(plain.step(), graph.step())


def test_passes_run_before_the_last_is_measured_keep_their_own_numbers():
    config = LabConfig(depth=12, width=64, batch=8, activation="tanh")
    plain, graph = _pair(config)
    first, second = plain.run(), plain.run()  # as the streaming engine overlaps them
    assert first.stacked.buffer.data_ptr() != second.stacked.buffer.data_ptr()
    a, b = graph.step(), graph.step()
    assert not np.allclose(a["act_var"], b["act_var"], rtol=1e-3)  # frames worth telling apart
    _same_frames(plain.measure(first), a)
    _same_frames(plain.measure(second), b)
    for _ in range(3):  # buffers handed back are used again, and still right
        _same_frames(plain.step(), graph.step())


@pytest.mark.parametrize("precision", ["fp16", "bf16"])
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "gelu", "identity"])
def test_an_emulated_half_plain_pass_rounds_where_autograds_pass_rounds(precision, activation):
    # sigmoid reads its output backward: rounded first, saturated units would read 0
    for init in ("xavier_normal", "std_normal", "small_normal"):  # ordinary, over, under
        config = LabConfig(
            depth=30, width=128, batch=16, activation=activation, precision=precision, init=init
        )
        plain, graph = _pair(config)
        assert not plain.gram_path  # rounded ∂ℓ/∂W entries are formed and counted
        _same_frames(plain.step(), graph.step())


def test_a_plain_pass_forms_the_weight_gradients_where_their_entries_are_counted():
    config = LabConfig(depth=12, width=64, batch=8)
    plain, graph = Probe(config, exact_counts=True), AutogradProbe(config, exact_counts=True)
    assert plain.plain_pass and not plain.gram_path
    _same_frames(plain.step(), graph.step())


def test_only_a_plain_mlp_probe_on_the_cpu_runs_without_autograd():
    base = LabConfig(depth=30, width=64, batch=8)
    assert supports(base) and Probe(base).plain_pass
    for changed in (
        base.with_(norm="layer"),
        base.with_(residual=True),
        base.with_(activation="softsign"),  # no backward kernel of its own
        base.with_(mode="train"),  # the trainer's step runs through autograd
        base.with_(widths=(64, 128)),  # the buffer's layout holds one width
    ):
        assert not supports(changed) and not Probe(changed).plain_pass


def test_a_plain_pass_gives_up_within_a_few_layers_once_cancelled():
    probe = Probe(LabConfig(depth=100, width=32, batch=4))
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) >= 2  # the second look, still on the way up

    probe.cancelled = cancelled
    with pytest.raises(StepCancelled):
        probe.step()
    assert len(calls) == 2
    probe.cancelled = None
    assert np.isfinite(probe.step()["act_var"]).all()  # the probe still works


def test_a_reseeded_probe_runs_on_the_buffers_the_last_probe_handed_back():
    config = LabConfig(depth=20, width=64, batch=8, seed=3)
    first = Probe(config)
    done = first.run()
    used = done.stacked.buffer.data_ptr()
    first.measure(done)  # hands its buffers back
    plain, graph = _pair(config.with_(seed=4))
    again = plain.run()
    assert again.stacked.buffer.data_ptr() == used  # no fresh, page-faulted buffer
    _same_frames(plain.measure(again), graph.step())


def test_buffers_of_a_much_larger_earlier_config_are_let_go():
    big = Probe(LabConfig(depth=200, width=64, batch=8))
    done = big.run()
    big_buffer = done.stacked.buffer
    big.measure(done)
    small = Probe(LabConfig(depth=10, width=64, batch=8))
    for _ in range(buffers.CAPACITY):  # each step hands back at least one buffer
        small.step()
    kept = buffers.kept()
    assert all(k.untyped_storage().data_ptr() != big_buffer.data_ptr() for k in kept)
    assert len(kept) <= buffers.CAPACITY
