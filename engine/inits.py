"""The initialisation registry: each init is defined once, with its variance γ.

γ(fan_in, fan_out) is the weight variance the lesson's analysis needs (§4–5): the
forward pass keeps variance when fan_in·γ = 1, the backward pass when fan_out·γ = 1.
The sampler draws a (depth, fan_out, fan_in) stack of weights with exactly that variance,
times gain² (torch's nn.init gain multiplies the standard deviation).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .words import QT_TRANSLATE_NOOP, Text, message

if TYPE_CHECKING:  # torch loads with the first draw: the window's menus need no torch
    import torch


@dataclass(frozen=True)
class Init:
    name: str
    label: str
    formula: str
    gamma: Callable[[int, int], float]  # (fan_in, fan_out) -> Var[w]
    kind: str  # "normal", "uniform" or "orthogonal"
    note: str = ""

    def sample(
        self, depth: int, fan_out: int, fan_in: int, gen: torch.Generator, gain: float = 1.0
    ) -> torch.Tensor:
        """Weights for `depth` layers, float32 on the CPU, drawn from `gen` (scaled in
        place: a second 32M-entry tensor at depth 500 cost ~55 ms per draw)."""
        import torch

        var = self.gamma(fan_in, fan_out) * gain * gain
        shape = (depth, fan_out, fan_in)
        if self.kind == "normal":
            return torch.randn(shape, generator=gen).mul_(math.sqrt(var))
        if self.kind == "uniform":
            bound = math.sqrt(3.0 * var)  # U[−a, a] has variance a²/3
            return torch.rand(shape, generator=gen).mul_(2.0).sub_(1.0).mul_(bound)
        # Orthogonal: QR of a Gaussian matrix, signs fixed so the result is Haar-uniform.
        a = torch.randn((depth, max(fan_out, fan_in), min(fan_out, fan_in)), generator=gen)
        q, r = torch.linalg.qr(a)
        q = q * torch.sign(torch.diagonal(r, dim1=-2, dim2=-1)).unsqueeze(-2)
        if fan_out < fan_in:
            q = q.transpose(-2, -1)
        return q[:, :fan_out, :fan_in].contiguous() * math.sqrt(var * max(fan_out, fan_in))

    def describe(self, fan_in: int, fan_out: int, gain: float = 1.0) -> str:
        """γ and the two products the lesson asks to be 1 (forward, backward); a
        `Message` the window shows in its language."""
        g = self.gamma(fan_in, fan_out) * gain * gain
        var = "γ" if gain == 1 else f"G²γ (G = {gain:g})"
        if fan_in == fan_out:
            return message(  # no words: the template is not marked, its formula is
                Text("Inits", "{dist};  {var} = {g},  n·{var} = {ng} (n = {n})"),
                dist=self.formula,
                var=var,
                g=f"{g:.3g}",
                ng=f"{fan_in * g:.3g}",
                n=fan_in,
            )
        return message(
            QT_TRANSLATE_NOOP(
                "Inits",
                "{dist};  {var} = {g},  n_in·{var} = {forward} (forward), "
                "n_out·{var} = {backward} (backward) for n_in = {n_in}, n_out = {n_out}",
            ),
            dist=self.formula, var=var, g=f"{g:.3g}", forward=f"{fan_in * g:.3g}",
            backward=f"{fan_out * g:.3g}", n_in=fan_in, n_out=fan_out,
        )  # fmt: skip


INITS: dict[str, Init] = {}


def _register(init: Init) -> None:
    INITS[init.name] = init


_register(
    Init(
        "he_normal",
        QT_TRANSLATE_NOOP("Inits", "He normal"),
        "N(0, 2/n_in)",
        lambda n_in, n_out: 2.0 / n_in,
        "normal",
        QT_TRANSLATE_NOOP("Inits", "γ = 2/n cancels ReLU's halving (He et al., 2015)."),
    )
)
_register(
    Init(
        "he_uniform",
        QT_TRANSLATE_NOOP("Inits", "He uniform"),
        "U(±√(6/n_in))",
        lambda n_in, n_out: 2.0 / n_in,
        "uniform",
        QT_TRANSLATE_NOOP("Inits", "Same variance as He normal, uniform shape."),
    )
)
_register(
    Init(
        "he_normal_fan_out",
        QT_TRANSLATE_NOOP("Inits", "He normal (fan-out)"),
        "N(0, 2/n_out)",
        lambda n_in, n_out: 2.0 / n_out,
        "normal",
        QT_TRANSLATE_NOOP(
            "Inits", "torch's mode='fan_out': n_out·γ = 2 keeps ReLU's backward variance instead."
        ),
    )
)
_register(
    Init(
        "xavier_normal",
        QT_TRANSLATE_NOOP("Inits", "Xavier normal"),
        "N(0, 2/(n_in + n_out))",
        lambda n_in, n_out: 2.0 / (n_in + n_out),
        "normal",
        QT_TRANSLATE_NOOP(
            "Inits", "γ(n_in + n_out)/2 = 1: the lesson's compromise between forward and backward."
        ),
    )
)
_register(
    Init(
        "xavier_uniform",
        QT_TRANSLATE_NOOP("Inits", "Xavier uniform"),
        "U(±√(6/(n_in + n_out)))",
        lambda n_in, n_out: 2.0 / (n_in + n_out),
        "uniform",
        QT_TRANSLATE_NOOP("Inits", "U[−a, a] has variance a²/3, so a = √(6/(n_in + n_out))."),
    )
)
_register(
    Init(
        "lecun_normal",
        QT_TRANSLATE_NOOP("Inits", "LeCun normal"),
        "N(0, 1/n_in)",
        lambda n_in, n_out: 1.0 / n_in,
        "normal",
        QT_TRANSLATE_NOOP("Inits", "n_in·γ = 1: keeps the forward variance of a linear layer."),
    )
)
_register(
    Init(
        "lecun_normal_fan_out",
        QT_TRANSLATE_NOOP("Inits", "LeCun normal (fan-out)"),
        "N(0, 1/n_out)",
        lambda n_in, n_out: 1.0 / n_out,
        "normal",
        QT_TRANSLATE_NOOP("Inits", "n_out·γ = 1: keeps the backward variance of a linear layer."),
    )
)
_register(
    Init(
        "orthogonal",
        QT_TRANSLATE_NOOP("Inits", "orthogonal"),
        QT_TRANSLATE_NOOP("Inits", "Q from QR(N(0,1)), scaled to γ = 1/n"),
        lambda n_in, n_out: 1.0 / max(n_in, n_out),
        "orthogonal",
        QT_TRANSLATE_NOOP("Inits", "Preserves every vector's norm exactly in a linear network."),
    )
)
_register(
    Init(
        "torch_default",
        QT_TRANSLATE_NOOP("Inits", "torch default"),
        "U(±1/√n_in)",
        lambda n_in, n_out: 1.0 / (3.0 * n_in),
        "uniform",
        QT_TRANSLATE_NOOP(
            "Inits", "nn.Linear's default: γ = 1/(3n), Glorot & Bengio's 'standard' init."
        ),
    )
)
_register(
    Init(
        "small_normal",
        "N(0, 0.01²)",
        "N(0, 0.01²)",
        lambda n_in, n_out: 1e-4,
        "normal",
        QT_TRANSLATE_NOOP(
            "Inits", "The lesson's N(0, 0.01): fine for a small net, vanishes in a deep one."
        ),
    )
)
_register(
    Init(
        "std_normal",
        "N(0, 1)",
        "N(0, 1)",
        lambda n_in, n_out: 1.0,
        "normal",
        QT_TRANSLATE_NOOP("Inits", "n·γ = n ≫ 1: every layer multiplies the scale by about √n."),
    )
)
