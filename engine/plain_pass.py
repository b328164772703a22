"""A probe's forward and backward pass without autograd, into buffers kept from step to
step.

A probe of a plain MLP (no norm, no residual) is two loops of the ops autograd would run
itself: z^t = h^(t−1) W^tᵀ and h^t = φ(z^t) up, then δ^t = φ'(z^t) ⊙ ∂ℓ/∂h^t (the
activation's own backward kernel, `Activation.backward`), ∂ℓ/∂h^(t−1) = δ^t W^t and,
where the statistics count its entries (off the Gram path: emulated half, exact counts),
∂ℓ/∂W^t = δ^tᵀ h^(t−1) down. Without building and walking a graph: at depth 10 that
bookkeeping was ~15% of the pass, and emulating half ran three Python autograd
Functions per layer (the emulated step took 1.9× the fp32 one; now ~1.4×).

Every tensor lands in one buffer laid out as the statistics read it (`Stacked`, which
names the stacks they read), so nothing is stacked again afterwards; each layer is
stored transposed, so the products run on transposed operands (zᵀ = W hᵀ). The frames agree
with autograd's to float32 rounding (tests for every activation and both half formats):
BLAS may sum a transposed product in another order, and a deep net carries that last
bit along.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from . import buffers
from .activations import ACTIVATIONS
from .config import LabConfig
from .network import CHECK_EVERY
from .precision import round_through


def supports(config: LabConfig) -> bool:
    """Whether a pass of `config` can run without autograd: a probe's stack of square
    matrix products (biases added) and an activation with a backward kernel, nothing
    else (the buffer's layout holds layers of one width)."""
    return (
        config.mode == "probe"
        and config.norm == "none"
        and not config.residual
        and len(set(config.layer_widths())) == 1
        and ACTIVATIONS[config.activation].backward is not None
    )


@dataclass(frozen=True)
class Stacked:
    """One pass's tensors in one (3·depth + 1) × width × batch buffer:
    [δ^1 … δ^d | x = h^0, h^1 … h^d | ∂ℓ/∂h^1 … ∂ℓ/∂h^d], each layer's batch × width
    tensor stored transposed (a unit's values for the batch side by side).

    The statistics read two stacks of it in place: `moments_stack`, the outputs and
    their gradients, and `gram_stack`, δ and the layer inputs, whose 16 × 16 diagonal
    blocks of G = δᵀh are, for every layer at once, one batched product of contiguous
    16-unit slices (engine/gram.py). `deltas` … `grad_acts` are the (layers × batch ×
    width) views autograd's tensors would be. `weight_grads`: ∂ℓ/∂W^t (depth × width ×
    width, as autograd forms them), where the pass forms them. Both come from
    engine/buffers.py and go back there once measured (`give_back`)."""

    buffer: torch.Tensor
    depth: int
    weight_grads: torch.Tensor | None = None

    @classmethod
    def take(cls, depth: int, width: int, batch: int, dtype, device, weight_grads: bool):
        grads = buffers.take((depth, width, width), dtype, device) if weight_grads else None
        return cls(buffers.take((3 * depth + 1, width, batch), dtype, device), depth, grads)

    def give_back(self) -> None:
        buffers.give_back(self.buffer, self.weight_grads)

    @property
    def moments_stack(self) -> torch.Tensor:
        """h^1 … h^d then ∂ℓ/∂h^1 … ∂ℓ/∂h^d, (2·depth × width × batch), contiguous:
        each layer transposed, which reductions over a whole layer do not mind."""
        return self.buffer[self.depth + 1 :]

    @property
    def gram_stack(self) -> torch.Tensor:
        """δ^1ᵀ … δ^dᵀ then h^0ᵀ … h^(d−1)ᵀ, (2·depth × width × batch), contiguous."""
        return self.buffer[: 2 * self.depth]

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


def run(
    weights: list[torch.Tensor],
    activation: str,
    draw: Callable[[torch.Tensor], None],
    into: Stacked,
    check: Callable[[], None] | None = None,
    round_to: torch.dtype | None = None,
    biases: list[torch.Tensor] | None = None,
) -> torch.Tensor:
    """Forward and backward through `weights` into `into`'s buffers; returns the loss
    ℓ = mean over the batch of ⟨g, h^d⟩. `draw(out)` fills a width × batch tensor with
    a sample: x and then g, as the autograd pass draws them (unit-major); `check`, if
    given, is called every CHECK_EVERY layers each way and may raise to give up;
    `biases`, if given, are added to each z^t.

    `round_to` emulates that half format where network.forward does: x, each z^t
    (unless the activation is the identity) and h^t are rounded on the way up, and
    ∂ℓ/∂h^t, δ^t and ∂ℓ/∂W^t on the way down; the ∂ℓ/∂h^t kept are the values before
    rounding, as autograd hands them back, and a backward that reads the activation's
    output reads it before rounding, as autograd saved it."""
    act = ACTIVATIONS[activation]
    depth, buffer, formed = len(weights), into.buffer, into.weight_grads
    # one (width × batch) view per layer, made at once (indexing layer by layer cost more)
    deltas = buffer[:depth].unbind(0)
    outputs = buffer[depth : 2 * depth + 1].unbind(0)
    grads = buffer[2 * depth + 1 :].unbind(0)
    weight_grads = formed.unbind(0) if formed is not None else None
    batch = buffer.shape[2]
    round_pre = round_to is not None and activation != "identity"
    # the unrounded output, kept where z was, for a backward that reads it
    keep_output = round_to is not None and act.backward_reads_output

    def stored(values: torch.Tensor) -> torch.Tensor:  # as the format stores them
        return values if round_to is None else values.to(round_to)

    with torch.no_grad():
        draw(outputs[0])  # x, in place
        if round_to is not None:
            outputs[0].copy_(stored(outputs[0]))
        g = grads[-1]
        draw(g)  # g, where ∂ℓ/∂h^d = g/B goes once the loss has read it
        for t, w in enumerate(weights):
            if check is not None and t % CHECK_EVERY == CHECK_EVERY - 1:
                check()
            z = torch.mm(w, outputs[t], out=deltas[t])  # z^tᵀ = W^t h^(t−1)ᵀ, until δ^t
            if biases is not None:
                z.add_(biases[t].unsqueeze(1))
            if round_pre:
                z.copy_(z.to(round_to))
            if round_to is None:  # straight into the buffer, no temporary
                act.forward_into(z, outputs[t + 1])
            else:
                y = act(z)
                outputs[t + 1].copy_(stored(y))
                if keep_output:
                    z.copy_(y)
        loss = (g * outputs[depth]).sum() / batch
        if round_to is not None:
            loss = round_through(loss, round_to)
        # ∂ℓ/∂h^d = g/B as autograd forms it: 1/B in the loss's dtype, times g
        g.mul_(torch.ones((), dtype=g.dtype, device=g.device) / batch)
        for t in reversed(range(depth)):
            if check is not None and t % CHECK_EVERY == CHECK_EVERY - 1:
                check()
            grad = grads[t] if round_to is None else round_through(grads[t], round_to)
            output = deltas[t] if keep_output else outputs[t + 1]
            if round_pre:
                deltas[t].copy_(act.backward(grad, deltas[t], output).to(round_to))
            else:  # δ^t over z^t, in place
                act.backward_into(grad, deltas[t], output, out=deltas[t])
            if t > 0:  # ∂ℓ/∂h^(t−1)ᵀ = W^tᵀ δ^tᵀ
                torch.mm(weights[t].t(), deltas[t], out=grads[t - 1])
            if weight_grads is not None:  # ∂ℓ/∂W^t = δ^tᵀ h^(t−1)
                w_grad = torch.mm(deltas[t], outputs[t].t(), out=weight_grads[t])
                if round_to is not None:
                    w_grad.copy_(w_grad.to(round_to))
    return loss
