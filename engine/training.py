"""Training mode: the same network learns a small synthetic task that needs depth.

The probe only measures; here the weights also move. Tasks draw fresh data every step
(no data set to download): `teacher` regresses a fixed random tanh network's output,
`spiral` classifies a three-armed 2-D spiral embedded into the network's width (a fixed
random read-out turns the top layer into three logits).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .config import LabConfig
from .precision import make_rounder

SPIRAL_CLASSES = 3


class Trainer:
    def __init__(self, config: LabConfig, weights: list[torch.Tensor], device, dtype):
        self.config = config
        self.weights = weights
        self.emulate = dtype == torch.float32 and config.precision != "fp32"
        self.rnd = make_rounder(config.precision, self.emulate)
        gen = torch.Generator().manual_seed(config.seed + 7919)
        widths = config.layer_widths()
        n, top = widths[0], widths[-1]  # the input's units and the top layer's
        if config.task == "teacher":
            # A fixed 3-layer tanh teacher, variance-preserving so its output is O(1).
            shapes = [(n, n), (n, n), (top, n)]
            teacher = [torch.randn(s, generator=gen) * (1.5 / math.sqrt(n)) for s in shapes]
            self.teacher = [t.to(device, dtype) for t in teacher]
        else:
            self.embed = (torch.randn(2, n, generator=gen) / math.sqrt(2)).to(device, dtype)
            # A fixed random read-out: the logits see every unit (a few could be dead ReLUs).
            self.readout = (torch.randn(top, SPIRAL_CLASSES, generator=gen) / math.sqrt(top)).to(
                device, dtype
            )
        params = list(weights)
        if config.optimizer == "adam":
            self.optimizer = torch.optim.Adam(params, lr=config.lr)
        else:
            self.optimizer = torch.optim.SGD(params, lr=config.lr)
        self.device, self.dtype = device, dtype

    def batch(self, gen: torch.Generator):
        """(input, loss function of the network's top output) for one fresh batch."""
        cfg = self.config
        if cfg.task == "teacher":
            x = torch.randn(
                cfg.batch,
                cfg.layer_widths()[0],
                generator=gen,
                device=self.device,
                dtype=self.dtype,
            )
            with torch.no_grad():
                y = x
                for w in self.teacher:
                    y = torch.tanh(y @ w.T)

            def loss_fn(top):
                return self.rnd(F.mse_loss(top.float(), y.float()))

            return x, loss_fn
        points, labels = spiral(cfg.batch, gen, self.device)
        x = (points.to(self.dtype) @ self.embed) * 2.0

        def loss_fn(top):
            return self.rnd(F.cross_entropy((top @ self.readout).float(), labels))

        return x, loss_fn

    def update(self, grad_w: list[torch.Tensor]) -> torch.Tensor:
        """Apply one optimiser step; returns log10(std(ΔW^t)/std(W^t)) per layer."""
        with torch.no_grad():
            before = [w.detach().clone() for w in self.weights]
            for w, g in zip(self.weights, grad_w, strict=True):
                w.grad = g.to(w.dtype)
            self.optimizer.step()
            for w in self.weights:
                w.grad = None
            delta = torch._foreach_sub([w.detach() for w in self.weights], before)
            moved = torch.stack([d.double().std() for d in delta])
            scale = torch.stack([b.double().std() for b in before])
            return torch.log10(moved / scale)


def spiral(n: int, gen: torch.Generator, device) -> tuple[torch.Tensor, torch.Tensor]:
    """n points of a noisy three-armed spiral in [-1, 1]², with their arm as label."""
    labels = torch.randint(0, SPIRAL_CLASSES, (n,), generator=gen, device=device)
    r = torch.rand(n, generator=gen, device=device)
    theta = labels * (2 * math.pi / SPIRAL_CLASSES) + r * 4.0
    theta = theta + 0.15 * torch.randn(n, generator=gen, device=device)
    pts = torch.stack([r * torch.cos(theta), r * torch.sin(theta)], dim=1)
    return pts, labels
