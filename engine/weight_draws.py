"""The seeds' weight draws a probe starts from, kept for the next probe and drawn ahead.

Layer t's weights depend only on (seed, widths, init, gain, t) (`network.layer_seed`;
the widths repeat cyclically, so a deeper network extends a shallower one). So the last
draw is kept: a config that changes anything else (activation, precision, a stabiliser)
or lowers the depth reuses it, and a deeper one draws only the layers it adds. And the
next seed's draw is made ahead (`draw_ahead`, by the engine once a config's first frame
is out): a reseed, the R key, then starts at once instead of drawing first (a fifth of a
default reseed's change → frame, most of a wide net's).

At most two draws are kept, the current seed's and the next one's, together at most
KEEP_DRAW_BYTES and an eighth of the free RAM. A probe's weights are the kept tensors
themselves (copied only where they change: training, another device or dtype), so
keeping the current draw costs memory only once its probe has gone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import torch

from . import network
from .config import LabConfig
from .memory import available_ram
from .settings_table import next_seed

# A width-4096 net (640 MB at depth 10) would otherwise be drawn again, ~2 s of CPU, at
# every move of the depth slider.
KEEP_DRAW_BYTES = 2**30

_lock = threading.Lock()
_kept: dict[tuple, list[torch.Tensor]] = {}  # key → layers 0 … k−1, the newest last


def draw_key(config: LabConfig) -> tuple:
    """What a draw depends on (besides the depth)."""
    return (config.seed, config.widths or (config.width,), config.init, config.gain)


def initial_weights(
    config: LabConfig, cancelled: Callable[[], bool] | None = None
) -> list[torch.Tensor]:
    """The seed's initial weights, one (n_t × n_(t−1)) tensor per layer, from a kept draw
    where there is one. The tensors are shared: copy before changing them. `cancelled`:
    see `network.init_weights` (nothing half-drawn is kept)."""
    key = draw_key(config)
    with _lock:
        drawn = _kept.get(key, [])
    if len(drawn) >= config.depth:
        _keep(key, drawn, ahead=False)  # it is the current draw now
        return drawn[: config.depth]
    weights = drawn + network.init_weights(config, len(drawn), cancelled)
    _keep(key, weights, ahead=False)
    return weights


def draw_ahead(config: LabConfig, cancelled: Callable[[], bool] | None = None) -> bool:
    """Draw the next seed's weights for `config`'s net and keep them beside the current
    draw, where both fit; True when they are kept (drawn now or before). StepCancelled
    when `cancelled()` turns true meanwhile."""
    ahead = config.with_(seed=next_seed(config.seed))
    key = draw_key(ahead)
    with _lock:
        current = _kept.get(draw_key(config), [])
        drawn = _kept.get(key, [])
    if len(drawn) >= ahead.depth:
        return True
    if _size(current) + 4 * sum(ahead.weight_counts()) > _limit():  # fp32
        return False  # the two would not fit: a reseed draws then, as before
    weights = drawn + network.init_weights(ahead, len(drawn), cancelled)
    return _keep(key, weights, ahead=True)


def kept_keys() -> list[tuple]:
    """The keys of the draws kept now, oldest first (for tests)."""
    with _lock:
        return list(_kept)


def forget() -> None:
    """Let every kept draw go (tests, and a session that wants its memory back)."""
    with _lock:
        _kept.clear()


def _keep(key: tuple, weights: list[torch.Tensor], ahead: bool) -> bool:
    """Keep `weights` as the current draw (dropping every other but the newest one
    ahead, when it still fits), or as the one ahead of the current draw."""
    with _lock:
        kept = dict(_kept)
        kept.pop(key, None)
        if ahead:  # the current draw (the newest kept) stays
            kept = dict(list(kept.items())[-1:])
        else:  # a draw ahead of this one may stay; anything older goes
            kept = {k: w for k, w in kept.items() if k == _ahead_of(key)}
        others = list(kept)
        kept[key] = weights
        # Over the limit, what goes first: a draw ahead (the current one is worth more),
        # else the other draw, then this one (drawn again next time).
        limit = _limit()
        for gone in [key, *others] if ahead else [*others, key]:
            if sum(_size(w) for w in kept.values()) > limit:
                kept.pop(gone)
        _kept.clear()
        _kept.update(kept)
        return key in _kept


def _ahead_of(key: tuple) -> tuple:
    return (next_seed(key[0]), *key[1:])


def _size(weights: list[torch.Tensor]) -> int:
    return sum(w.numel() * w.element_size() for w in weights)


def _limit() -> int:
    return min(KEEP_DRAW_BYTES, available_ram() // 8)
