"""A probe's forward and backward pass without autograd, into one buffer.

The Gram path (engine/gram.py) needs each layer's output h^t, its gradient ∂ℓ/∂h^t and
δ^t = ∂ℓ/∂z^t, never ∂ℓ/∂W. For the plain MLP (no norm, no residual) these are two
loops of the ops autograd would run itself: z^t = h^(t−1) W^tᵀ and h^t = φ(z^t) up,
then δ^t = φ'(z^t) ⊙ ∂ℓ/∂h^t (the activation's own backward kernel, `Activation.backward`)
and ∂ℓ/∂h^(t−1) = δ^t W^t down, without building and walking a graph: at depth 10
that bookkeeping was ~15% of the pass.

Every tensor lands in one buffer laid out as the statistics read it, so nothing is
stacked again afterwards: δ and the layer inputs side by side (one Gram product), the
outputs and their gradients side by side (one pass of moments), each layer transposed
(`Stacked`), so the products run on transposed operands (zᵀ = W hᵀ). The frames agree
with autograd's to float32 rounding (a test for every activation): BLAS may sum a
transposed product in another order, and a deep net carries that last bit along.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import torch

from .activations import ACTIVATIONS
from .config import LabConfig
from .network import CHECK_EVERY


def supports(config: LabConfig) -> bool:
    """Whether a pass of `config` can run without autograd: a bias-free stack of
    matrix products and an activation with a backward kernel, nothing else."""
    return (
        config.norm == "none"
        and not config.residual
        and ACTIVATIONS[config.activation].backward is not None
    )


@dataclass(frozen=True)
class Stacked:
    """One pass's tensors in one (3·depth + 1) × width × batch buffer:
    [δ^1 … δ^d | x = h^0, h^1 … h^d | ∂ℓ/∂h^1 … ∂ℓ/∂h^d], each layer's batch × width
    tensor stored transposed (a unit's values for the batch side by side), so that
    the 16 × 16 diagonal blocks of ∂ℓ/∂W the zero count forms are, for every layer at
    once, one batched product of contiguous 16-unit slices (engine/gram.py).

    The properties are (layers × batch × width) views, as the statistics expect."""

    buffer: torch.Tensor
    depth: int

    def _layers(self, start: int, stop: int) -> torch.Tensor:
        return self.buffer[start:stop].transpose(1, 2)

    @property
    def deltas(self) -> torch.Tensor:  # δ^t = ∂ℓ/∂z^t
        return self._layers(0, self.depth)

    @property
    def inputs(self) -> torch.Tensor:  # h^(t−1), each layer's input
        return self._layers(self.depth, 2 * self.depth)

    @property
    def acts(self) -> torch.Tensor:  # h^t
        return self._layers(self.depth + 1, 2 * self.depth + 1)

    @property
    def grad_acts(self) -> torch.Tensor:  # ∂ℓ/∂h^t
        return self._layers(2 * self.depth + 1, 3 * self.depth + 1)


class BufferPool:
    """Pass buffers handed back once measured: a fresh multi-megabyte buffer per step
    costs page faults. At most two are in use (one pass measured on another thread
    while the next runs, engine/service.py); a pass dropped unmeasured is just freed."""

    KEEP = 2

    def __init__(self, shape: tuple[int, ...], dtype: torch.dtype, device: torch.device):
        self.shape, self.dtype, self.device = shape, dtype, device
        self._free: list[torch.Tensor] = []
        self._lock = threading.Lock()

    def take(self) -> torch.Tensor:
        with self._lock:
            if self._free:
                return self._free.pop()
        return torch.empty(self.shape, dtype=self.dtype, device=self.device)

    def give_back(self, buffer: torch.Tensor) -> None:
        with self._lock:
            if len(self._free) < self.KEEP:
                self._free.append(buffer)


def run(
    weights: list[torch.Tensor],
    activation: str,
    draw: Callable[[], torch.Tensor],
    buffer: torch.Tensor,
    check: Callable[[], None] | None = None,
) -> tuple[Stacked, torch.Tensor]:
    """Forward and backward through `weights` into `buffer` (see `Stacked`); returns
    it as `Stacked` and the loss ℓ = mean over the batch of ⟨g, h^d⟩. `draw()` draws
    a batch × width sample: x and then g, as the autograd pass does; `check`, if given,
    is called every CHECK_EVERY layers each way and may raise to give up."""
    act = ACTIVATIONS[activation]
    depth = len(weights)
    # one (width × batch) view per layer, made at once (indexing layer by layer cost more)
    deltas = buffer[:depth].unbind(0)
    outputs = buffer[depth : 2 * depth + 1].unbind(0)
    grads = buffer[2 * depth + 1 :].unbind(0)
    batch = buffer.shape[2]
    with torch.no_grad():
        outputs[0].copy_(draw().t())  # x, drawn batch-major as the autograd pass draws it
        g = draw()
        for t, w in enumerate(weights):
            if check is not None and t % CHECK_EVERY == CHECK_EVERY - 1:
                check()
            z = torch.mm(w, outputs[t], out=deltas[t])  # z^tᵀ = W^t h^(t−1)ᵀ, until δ^t
            outputs[t + 1].copy_(act(z))
        loss = (g.t() * outputs[depth]).sum() / batch
        # ∂ℓ/∂h^d = g/B as autograd forms it: 1/B in the loss's dtype, times g
        torch.mul(g.t(), torch.ones((), dtype=g.dtype, device=g.device) / batch, out=grads[-1])
        for t in reversed(range(depth)):
            if check is not None and t % CHECK_EVERY == CHECK_EVERY - 1:
                check()
            deltas[t].copy_(act.backward(grads[t], deltas[t], outputs[t + 1]))
            if t > 0:  # ∂ℓ/∂h^(t−1)ᵀ = W^tᵀ δ^tᵀ
                torch.mm(weights[t].t(), deltas[t], out=grads[t - 1])
    return Stacked(buffer, depth), loss
