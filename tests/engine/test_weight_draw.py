"""A new probe's weight draw: kept for the next probe while it fits, the next seed's
drawn ahead, and given up as soon as its config is outdated (a wide net's draw takes
seconds)."""

from __future__ import annotations

import pytest
import torch

import engine.network
import engine.weight_draws
from engine import LabConfig
from engine.inits import INITS
from engine.probe import Probe, StepCancelled
from engine.weight_draws import draw_ahead, draw_key, initial_weights, kept_keys, next_seed

CONFIG = LabConfig(depth=6, width=32, batch=8)


@pytest.fixture(autouse=True)
def _no_kept_draw():
    engine.weight_draws.forget()
    yield
    engine.weight_draws.forget()


def _count_layers_drawn(monkeypatch) -> list[int]:
    drawn = []
    init = INITS[CONFIG.init]
    original = init.sample

    def counting(*args, **kwargs):
        drawn.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(type(init), "sample", lambda self, *a, **k: counting(*a, **k))
    return drawn


def test_an_outdated_draw_stops_before_its_next_layer(monkeypatch):
    drawn = _count_layers_drawn(monkeypatch)
    looks = []

    def cancelled() -> bool:
        looks.append(1)
        return len(looks) > 2  # outdated once two layers are drawn

    with pytest.raises(StepCancelled):
        engine.network.init_weights(CONFIG, 0, cancelled)
    assert len(drawn) == 2 < CONFIG.depth


def test_a_probe_of_an_outdated_config_draws_nothing(monkeypatch):
    drawn = _count_layers_drawn(monkeypatch)
    with pytest.raises(StepCancelled):
        Probe(CONFIG, cancelled=lambda: True)
    assert drawn == []
    assert kept_keys() == []  # nothing half-drawn is kept


def test_a_draw_that_is_not_cancelled_is_the_seeds_weights():
    asked = initial_weights(CONFIG, cancelled=lambda: False)
    engine.weight_draws.forget()
    plain = initial_weights(CONFIG)
    assert all(torch.equal(a, b) for a, b in zip(asked, plain, strict=True))


def test_the_draw_is_kept_only_while_it_fits_an_eighth_of_the_free_memory(monkeypatch):
    size = sum(w.numel() * 4 for w in initial_weights(CONFIG))
    assert kept_keys() == [draw_key(CONFIG)]  # kept: far below both limits
    engine.weight_draws.forget()
    monkeypatch.setattr(engine.weight_draws, "available_ram", lambda: 8 * size - 8)
    initial_weights(CONFIG)
    assert kept_keys() == []
    assert engine.weight_draws.KEEP_DRAW_BYTES >= 640 * 2**20  # a width-4096, depth-10 draw


def test_the_next_seeds_draw_made_ahead_is_the_one_a_reseed_gets(monkeypatch):
    initial_weights(CONFIG)
    assert draw_ahead(CONFIG)
    reseeded = CONFIG.with_(seed=next_seed(CONFIG.seed))
    assert kept_keys() == [draw_key(CONFIG), draw_key(reseeded)]
    drawn = _count_layers_drawn(monkeypatch)
    ahead = initial_weights(reseeded)
    assert drawn == []  # nothing drawn at the reseed
    engine.weight_draws.forget()
    fresh = initial_weights(reseeded)
    assert all(torch.equal(a, b) for a, b in zip(ahead, fresh, strict=True))


def test_a_reseed_keeps_its_draw_and_lets_the_older_seeds_go():
    initial_weights(CONFIG)
    draw_ahead(CONFIG)
    reseeded = CONFIG.with_(seed=next_seed(CONFIG.seed))
    initial_weights(reseeded)
    assert kept_keys() == [draw_key(reseeded)]  # the seed before it is gone
    draw_ahead(reseeded)
    after = reseeded.with_(seed=next_seed(reseeded.seed))
    assert kept_keys() == [draw_key(reseeded), draw_key(after)]


def test_a_depth_move_keeps_the_draw_ahead():
    initial_weights(CONFIG)
    draw_ahead(CONFIG)
    shallower = CONFIG.with_(depth=CONFIG.depth - 1)
    initial_weights(shallower)
    assert sorted(kept_keys()) == sorted(
        [draw_key(CONFIG), draw_key(CONFIG.with_(seed=next_seed(CONFIG.seed)))]
    )
    assert draw_ahead(shallower)  # already drawn: deep enough


def test_the_draw_ahead_is_not_made_where_the_two_would_not_fit(monkeypatch):
    size = sum(w.numel() * 4 for w in initial_weights(CONFIG))
    monkeypatch.setattr(engine.weight_draws, "available_ram", lambda: 8 * (2 * size - 8))
    drawn = _count_layers_drawn(monkeypatch)
    assert not draw_ahead(CONFIG)
    assert drawn == []
    assert kept_keys() == [draw_key(CONFIG)]  # the current draw stays


def test_the_seed_after_the_last_one_wraps_to_zero():
    from engine.settings_table import BY_NAME

    assert next_seed(4) == 5
    assert next_seed(BY_NAME["seed"].hi) == 0
