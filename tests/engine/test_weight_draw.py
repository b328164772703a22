"""A new probe's weight draw: kept for the next probe while it fits, and given up as
soon as its config is outdated (a wide net's draw takes seconds)."""

from __future__ import annotations

import pytest
import torch

import engine.network
import engine.probe
from engine import LabConfig
from engine.inits import INITS
from engine.probe import Probe, StepCancelled, initial_weights

CONFIG = LabConfig(depth=6, width=32, batch=8)


@pytest.fixture(autouse=True)
def _no_kept_draw():
    engine.probe._last_draw = None
    yield
    engine.probe._last_draw = None


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
    assert engine.probe._last_draw is None  # nothing half-drawn is kept


def test_a_draw_that_is_not_cancelled_is_the_seeds_weights():
    asked = initial_weights(CONFIG, cancelled=lambda: False)
    engine.probe._last_draw = None
    plain = initial_weights(CONFIG)
    assert all(torch.equal(a, b) for a, b in zip(asked, plain, strict=True))


def test_the_draw_is_kept_only_while_it_fits_an_eighth_of_the_free_memory(monkeypatch):
    size = sum(w.numel() * 4 for w in initial_weights(CONFIG))
    assert engine.probe._last_draw is not None  # kept: far below both limits
    engine.probe._last_draw = None
    monkeypatch.setattr(engine.probe, "available_ram", lambda: 8 * size - 8)
    initial_weights(CONFIG)
    assert engine.probe._last_draw is None
    assert engine.probe.KEEP_DRAW_BYTES >= 640 * 2**20  # a width-4096, depth-10 draw
