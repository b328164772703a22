"""The lesson's MLP, h^t = φ(W^t h^(t-1) + b^t), bias-free unless `bias_std` > 0, with
optional stabilisers. Layer t maps n_(t−1) units to n_t (`LabConfig.layer_widths`).

Each layer's weight is its own leaf tensor, so autograd hands back one gradient per
layer and no step copies every weight into one stack (26 MB at depth 100). The
statistics read such lists a cache-sized chunk of layers at a time and take the weight
gradients' norms with one multi-tensor `_foreach_norm` (engine/statistics.py). This
module's autograd pass serves training, norms and residuals: a probe of a plain MLP whose
activation has a backward kernel runs engine/plain_pass.py instead, and a deep fp32
probe never forms ∂ℓ/∂W (engine/gram.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import torch
import torch.nn.functional as F

from .activations import ACTIVATIONS
from .config import LabConfig
from .devices import usable_cores
from .inits import INITS
from .precision import make_rounder


def layer_seed(seed: int, layer: int) -> int:
    """The seed of layer `layer`'s own generator (SplitMix64 of the two): every layer
    draws from its own stream, so layers can be drawn in any order, in parallel, and a
    deeper network only draws the layers it adds. torch's CPU generator keeps 32 bits."""
    z = (seed * 0x9E3779B97F4A7C15 + (layer + 1) * 0xBF58476D1CE4E5B9) % 2**64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % 2**64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % 2**64
    return (z ^ (z >> 31)) % 2**32


_draw_pool: tuple[ThreadPoolExecutor, int] | None = None
_pool_lock = threading.Lock()


def _pool() -> tuple[ThreadPoolExecutor, int]:
    """Threads for drawing weights, and how many: torch's random draws run on one core
    each, and a depth-500 draw (33M numbers, ~185 ms) is what a user waits for after a
    reseed."""
    global _draw_pool
    with _pool_lock:
        if _draw_pool is None:
            threads = min(usable_cores(), 8)
            pool = ThreadPoolExecutor(
                threads,
                thread_name_prefix="stability-lab-draw",
                initializer=torch.set_num_threads,
                initargs=(1,),
            )
            _draw_pool = (pool, threads)
        return _draw_pool


BIAS_STREAM = 2**20  # layer t's bias draws from layer_seed(seed, BIAS_STREAM + t)


class StepCancelled(Exception):
    """A step (or the weight draw of a new probe) stopped because its `cancelled()`
    became true: its config is outdated."""


def init_weights(
    config: LabConfig, first: int = 0, cancelled: Callable[[], bool] | None = None
) -> list[torch.Tensor]:
    """Layers first … depth−1 of the seed's weights (n_t × n_(t−1), times `gain`),
    always drawn on the CPU in fp32 so a seed means the same network on every device
    and precision. `cancelled()`, looked at before each layer, gives the draw up
    (StepCancelled): a wide net's draw takes seconds, and a dragged slider outdates it."""
    n, init, gain = config.layer_widths(), INITS[config.init], config.gain

    def draw(layers: range) -> list[torch.Tensor]:
        out = []
        for t in layers:
            if cancelled is not None and cancelled():
                raise StepCancelled()
            gen = torch.Generator().manual_seed(layer_seed(config.seed, t))
            out.append(init.sample(1, n[t + 1], n[t], gen, gain)[0])
        return out

    layers = range(first, config.depth)
    if sum(config.weight_counts()[first:]) < 2**20:  # small: threads cost more than they save
        return draw(layers)
    pool, parts = _pool()
    chunks = [layers[i::parts] for i in range(parts)]
    drawn = list(pool.map(draw, chunks))
    return [drawn[i % parts][i // parts] for i in range(len(layers))]


def init_biases(config: LabConfig) -> list[torch.Tensor] | None:
    """b^t ~ N(0, bias_std²) per unit, fp32 on the CPU, each layer from its own stream;
    None for the bias-free network."""
    if not config.bias_std:
        return None
    n = config.layer_widths()
    out = []
    for t in range(config.depth):
        gen = torch.Generator().manual_seed(layer_seed(config.seed, BIAS_STREAM + t))
        out.append(torch.randn(n[t + 1], generator=gen).mul_(config.bias_std))
    return out


NORM_EPS = 1e-5  # both norms divide by √(variance + NORM_EPS), as torch's do


def _normalise(a: torch.Tensor, kind: str) -> torch.Tensor:
    if kind == "layer":
        return F.layer_norm(a, a.shape[-1:], eps=NORM_EPS)
    if kind == "batch":
        if a.shape[0] < 2:  # one sample has no spread over the batch: skipped, and said
            return a
        mean = a.mean(dim=0, keepdim=True)
        var = a.var(dim=0, unbiased=False, keepdim=True)
        return (a - mean) * torch.rsqrt(var + NORM_EPS)
    return a


CHECK_EVERY = 8  # layers between two calls of `forward`'s `check` (~1 µs each)


def forward(
    weights: list[torch.Tensor],
    x: torch.Tensor,
    config: LabConfig,
    emulate: bool,
    check: Callable[[], None] | None = None,
    pre: list[torch.Tensor] | None = None,
    weights_rounded: bool = False,
    biases: list[torch.Tensor] | None = None,
) -> list[torch.Tensor]:
    """Run the network; returns every layer's output h^1 … h^d (autograd-connected).
    `check`, if given, is called every CHECK_EVERY layers (it may raise to abandon the
    pass); `pre`, if given, receives each layer's z^t = h^(t−1) W^tᵀ + b^t (before any
    norm). `weights_rounded`: the weights (and biases) already hold values of the
    emulated format."""
    act = ACTIVATIONS[config.activation]
    rnd = make_rounder(config.precision, emulate)
    rnd_w = make_rounder(config.precision, emulate, representable=weights_rounded)
    h = rnd(x)
    outputs = []
    round_pre = config.activation != "identity" or config.norm != "none"
    for i, w in enumerate(weights):
        if check is not None and i % CHECK_EVERY == CHECK_EVERY - 1:
            check()
        a = h @ rnd_w(w).T
        if biases is not None:
            a = a + rnd_w(biases[i])
        if pre is not None:
            pre.append(a)
        a = _normalise(a, config.norm)
        if round_pre:
            a = rnd(a)
        y = act(a)
        h = h + config.residual_scale * y if config.residual else y
        h = rnd(h)
        outputs.append(h)
    return outputs


def probe_loss(top: torch.Tensor, g: torch.Tensor, config: LabConfig, emulate: bool):
    """ℓ = mean over the batch of ⟨g, h^d⟩: the gradient at the top is the known g/B."""
    rnd = make_rounder(config.precision, emulate)
    return rnd((g * top).sum() / top.shape[0])


def estimate_bytes(config: LabConfig) -> int:
    """Memory one step needs: weights, their gradient and optimiser state, plus the
    activations and their gradients kept for statistics (a deliberate over-estimate).

    Counted in float32 copies of all weights and of all layer outputs, from the CPU's
    measured peak: rounding to fp16/bf16 keeps rounded copies of both, a norm and a
    residual keep their intermediates for backward, clipping copies the gradients,
    training keeps the previous weights and the step, Adam two moments and a divisor,
    and a probe streaming beside the window holds the passes waiting to be measured
    (two: their layer outputs and both gradients) while the next one runs
    (engine/service.py).
    """
    n, b = config.layer_widths(), config.batch
    weights = sum(config.weight_counts())
    units = sum(n[1:])  # every layer's output
    emulated = config.precision != "fp32"
    clipped = config.clip > 0
    train = config.mode == "train"
    # a streamed probe off the Gram path also holds ∂ℓ/∂W of the passes it measures
    weight_copies = 2.5 + 2.5 * emulated + clipped + 2.5 * train + 2 * (not train)
    if train and config.optimizer == "adam":
        weight_copies += 2.5
    act_copies = 8.5 + 3 * emulated + clipped + train + 2 * config.residual + 6 * (not train)
    act_copies += {"none": 0.0, "layer": 1.5, "batch": 2.5}[config.norm]
    return int(weights * 4 * weight_copies + units * b * 4 * act_copies)
