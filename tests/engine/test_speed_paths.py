"""Paths taken for speed give the same numbers: abandoning a step of an outdated config,
reusing the last weight draw, measuring a small net in one go."""

from __future__ import annotations

import numpy as np
import pytest

from engine import LabConfig, Probe
from engine.network import CHECK_EVERY
from engine.probe import StepCancelled


def test_cancelled_step_raises_and_the_next_step_is_normal():
    config = LabConfig(depth=3 * CHECK_EVERY, width=32, batch=8, device="cpu")
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) >= 2  # give up at the second look

    probe = Probe(config)
    probe.cancelled = cancelled
    with pytest.raises(StepCancelled):
        probe.step()
    assert len(calls) == 2
    probe.cancelled = lambda: False
    frame = probe.step()
    assert frame.step == 1 and np.all(np.isfinite(frame["grad_w_norm"]))


def test_never_cancelled_step_equals_a_plain_step():
    config = LabConfig(depth=2 * CHECK_EVERY, width=32, batch=8, device="cpu")
    plain = Probe(config).step()
    probe = Probe(config)
    probe.cancelled = lambda: False
    looked = probe.step()
    for name in plain.columns:
        np.testing.assert_array_equal(plain[name], looked[name], err_msg=name)


def test_a_deeper_draw_begins_with_every_shallower_one():
    # What lets a probe reuse the last weight draw (engine.weight_draws.initial_weights).
    import torch

    from engine.inits import INITS
    from engine.network import init_weights

    for name in INITS:
        deep = init_weights(LabConfig(depth=7, width=24, init=name, seed=3))
        shallow = init_weights(LabConfig(depth=3, width=24, init=name, seed=3))
        rest = init_weights(LabConfig(depth=7, width=24, init=name, seed=3), first=3)
        assert all(torch.equal(a, b) for a, b in zip(deep, shallow + rest, strict=True)), name
        other_seed = init_weights(LabConfig(depth=7, width=24, init=name, seed=4))
        assert not any(torch.equal(a, b) for a, b in zip(deep, other_seed, strict=True))


def test_a_parallel_draw_gives_each_layer_the_numbers_of_its_own_generator():
    import torch

    from engine.inits import INITS
    from engine.network import init_weights, layer_seed

    config = LabConfig(depth=40, width=256, seed=9)  # big enough to draw on threads
    drawn = init_weights(config)
    for t in (0, 1, 17, 39):
        gen = torch.Generator().manual_seed(layer_seed(9, t))
        assert torch.equal(drawn[t], INITS[config.init].sample(1, 256, 256, gen)[0])
    assert len({layer_seed(s, t) for s in range(50) for t in range(1000)}) == 50_000


def test_reused_weights_equal_fresh_ones_and_training_does_not_change_them():
    import engine.weight_draws

    config = LabConfig(depth=12, width=32, batch=8, device="cpu", seed=11)
    engine.weight_draws.forget()
    first = Probe(config).step()
    reused = Probe(config.with_(depth=8, activation="tanh"))  # from the kept draw
    engine.weight_draws.forget()
    fresh = Probe(config.with_(depth=8, activation="tanh"))
    for a, b in zip(reused.weights, fresh.weights, strict=True):
        assert torch_equal(a, b)
    trainer = Probe(config.with_(mode="train"))
    for _ in range(3):
        trainer.step()
    again = Probe(config).step()
    for name in first.columns:
        np.testing.assert_array_equal(first[name], again[name], err_msg=name)


def torch_equal(a, b) -> bool:
    import torch

    return torch.equal(a.detach(), b.detach())


def test_a_deeper_config_draws_only_the_missing_layers_and_gets_a_fresh_draws_numbers():
    import torch

    import engine.weight_draws
    from engine.inits import INITS

    for name in INITS:
        config = LabConfig(depth=5, width=10, batch=4, init=name, seed=5)
        engine.weight_draws.forget()
        shallow = engine.weight_draws.initial_weights(config)
        extended = engine.weight_draws.initial_weights(config.with_(depth=9))
        assert all(a is b for a, b in zip(shallow, extended, strict=False)), name
        engine.weight_draws.forget()
        fresh = engine.weight_draws.initial_weights(config.with_(depth=9))
        assert len(extended) == 9
        for a, b in zip(extended, fresh, strict=True):
            assert torch.equal(a, b), name


def _same_frames(a, b) -> None:
    assert a.columns.keys() == b.columns.keys()
    for name in a.columns:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    np.testing.assert_array_equal(a.grad_sample, b.grad_sample)
    assert (a.loss, a.grad_norm_before, a.sample_layer) == (
        b.loss,
        b.grad_norm_before,
        b.sample_layer,
    )


@pytest.mark.parametrize(
    "settings",
    [
        dict(depth=10, width=256, batch=64),  # the overhead benchmark's net
        dict(depth=8, width=128, batch=16, activation="tanh", bias_std=0.5),
        dict(depth=12, width=256, batch=32, activation="sigmoid"),
    ],
)
def test_a_small_nets_measure_in_one_go_gives_the_general_paths_frame_bit_for_bit(settings):
    config = LabConfig(device="cpu", **settings)
    small, general = Probe(config), Probe(config)
    assert small.small_measure
    general.small_measure = False
    small.sample_layer = general.sample_layer = 3
    for _ in range(2):
        _same_frames(small.step(), general.step())


def test_a_small_net_needing_the_guard_is_measured_by_the_general_path(monkeypatch):
    from engine import statistics

    config = LabConfig(depth=8, width=128, batch=16, device="cpu")
    probe, general = Probe(config), Probe(config)
    general.small_measure = False
    looked = []
    real = statistics.nothing_to_redo
    monkeypatch.setattr(statistics, "nothing_to_redo", lambda t: looked.append(1) and False)
    frame = probe.step()  # the one-go table is refused, the general path measures
    monkeypatch.setattr(statistics, "nothing_to_redo", real)
    assert len(looked) == 2  # once in one go, once on the general path
    _same_frames(frame, general.step())


def test_only_small_unclipped_plain_fp32_probes_measure_in_one_go():
    small = LabConfig(depth=10, width=256, batch=64, device="cpu")
    assert Probe(small).small_measure
    for other in (
        small.with_(depth=40),  # more than one chunk of the Gram products
        small.with_(clip=1.0),
        small.with_(precision="fp16"),
        small.with_(norm="layer"),
        small.with_(width=64),  # counted in full, not on blocks
    ):
        assert not Probe(other).small_measure, other
