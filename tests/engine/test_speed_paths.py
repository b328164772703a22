"""Paths taken for speed give the same numbers: abandoning a step of an outdated config,
reusing the last weight draw."""

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
