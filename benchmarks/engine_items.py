"""Engine items: the cost of the instrumentation and of emulated half precision (the
GPU's rows: cuda_item.py).

All run in this process, A and B interleaved (see `measure.interleaved`).
"""

from __future__ import annotations

import torch

from engine import ACTIVATIONS, LabConfig, Probe

from .measure import Row, at_most, interleaved

OVERHEAD_LIMIT = {10: 1.05}  # by depth; deeper ones: OVERHEAD_DEEP_LIMIT
OVERHEAD_DEEP_LIMIT = 1.10
FP16_LIMIT = 1.6


def bare_step(probe: Probe):
    """The same network as `probe` (same per-layer weights and activation) trained the
    plain way: forward, loss (g·h).sum()/B, `.backward()`, nothing measured."""
    return _plain_step(probe, floor=False)


def floor_step(probe: Probe):
    """`bare_step` plus the least any per-layer statistics must do: hand back every
    layer's output and ∂ℓ/∂h as well as ∂ℓ/∂W, and read all three once (one multi-tensor
    norm). Its ratio to bare is the floor under the probe's overhead on this machine."""
    return _plain_step(probe, floor=True)


def _plain_step(probe: Probe, floor: bool):
    cfg = probe.config
    weights = [w.detach().clone().requires_grad_(True) for w in probe.weights]
    act = ACTIVATIONS[cfg.activation]
    gen = torch.Generator(device=probe.device).manual_seed(cfg.seed + 7)
    kw = {"generator": gen, "device": probe.device, "dtype": probe.dtype}

    def step():
        x = torch.randn(cfg.batch, cfg.width, **kw)
        g = torch.randn(cfg.batch, cfg.width, **kw)
        h, outputs = x, []
        for w in weights:
            h = act(h @ w.T)
            if floor:
                outputs.append(h)
        loss = (g * h).sum() / cfg.batch
        if floor:
            grads = torch.autograd.grad(loss, [*weights, *outputs])
            with torch.no_grad():
                torch._foreach_norm([*outputs, *grads])
        else:
            loss.backward()
        float(loss.detach())  # the probe hands back numbers: both wait for the device
        for w in weights:
            w.grad = None

    return step


def _sizes(quick: bool) -> dict:
    if quick:  # a smoke test: tiny networks, a handful of pairs
        return {"width": 32, "batch": 8, "pairs": 6, "budget": 1.0}
    return {"width": 256, "batch": 64, "pairs": 400, "budget": 25.0}


def overhead(quick: bool = False, **_) -> list[Row]:
    s = _sizes(quick)
    rows = []
    for depth in (10, 100, 500):
        cfg = LabConfig(depth=depth, width=s["width"], batch=s["batch"], device="cpu")
        probe = Probe(cfg)
        res = interleaved(probe.step, bare_step(probe), s["pairs"], budget_s=s["budget"])
        rows.append(
            at_most(
                "overhead",
                f"probe step ÷ bare fwd+bwd, depth {depth}",
                res["ratio"],
                OVERHEAD_LIMIT.get(depth, OVERHEAD_DEEP_LIMIT),
                "×",
                note=(
                    f"width {cfg.width}, batch {cfg.batch}: probe {res['a_median_s'] * 1e3:.2f} ms, "
                    f"bare {res['b_median_s'] * 1e3:.2f} ms (medians), {res['pairs']} pairs"
                ),
                details=res,
            )
        )
        direct = Probe(cfg, fast=False)
        plain = interleaved(direct.step, bare_step(direct), s["pairs"], budget_s=s["budget"] / 2)
        rows.append(
            Row(
                "overhead",
                f"… probe forming ∂ℓ/∂W (no Gram path) ÷ bare, depth {depth}",
                plain["ratio"],
                "×",
                note=(
                    "the same statistics read from the weight gradients themselves, as a "
                    f"training step must (probe {plain['a_median_s'] * 1e3:.2f} ms vs bare "
                    f"{plain['b_median_s'] * 1e3:.2f} ms)"
                ),
                details=plain,
            )
        )
        floor = interleaved(
            floor_step(probe), bare_step(probe), s["pairs"], budget_s=s["budget"] / 2
        )
        rows.append(
            Row(
                "overhead",
                f"… floor: one read of h, ∂ℓ/∂h, ∂ℓ/∂W ÷ bare, depth {depth}",
                floor["ratio"],
                "×",
                note=(
                    "what capturing and reading once the data the statistics need costs "
                    f"(floor {floor['a_median_s'] * 1e3:.2f} ms vs bare {floor['b_median_s'] * 1e3:.2f} ms)"
                ),
                details=floor,
            )
        )
    return rows


def fp16(quick: bool = False, **_) -> list[Row]:
    s = _sizes(quick)
    rows = []
    for depth in (30, 100):
        cfg = LabConfig(depth=depth, width=s["width"], batch=s["batch"], device="cpu")
        half, single = Probe(cfg.with_(precision="fp16")), Probe(cfg)
        res = interleaved(half.step, single.step, s["pairs"], budget_s=s["budget"] / 2)
        rows.append(
            at_most(
                "fp16",
                f"emulated fp16 step ÷ fp32 step, depth {depth}",
                res["ratio"],
                FP16_LIMIT,
                "×",
                note=(
                    f"CPU, width {cfg.width}, batch {cfg.batch}: fp16 {res['a_median_s'] * 1e3:.2f} ms, "
                    f"fp32 {res['b_median_s'] * 1e3:.2f} ms, {res['pairs']} pairs"
                ),
                details=res,
            )
        )
    return rows


FORMULA_LIMIT = 1.5  # a formula activation's step ÷ its built-in equivalent's
FORMULA_PAIRS = {
    "x*sigmoid(x)": "silu",
    "x*tanh(softplus(x))": "tanh",
    "where(x > 0, x, 0.01*x)": "leaky_relu",
}


def formula(quick: bool = False, **_) -> list[Row]:
    """A formula's probe step against the built-in it equals (SiLU, leaky ReLU) or, for
    Mish, which has none, against tanh: its extra cost is the ops it spells out."""
    s = _sizes(quick)
    rows = []
    for text, builtin in FORMULA_PAIRS.items():
        cfg = LabConfig(depth=30, width=s["width"], batch=s["batch"], device="cpu")
        typed, native = Probe(cfg.with_(activation=text)), Probe(cfg.with_(activation=builtin))
        res = interleaved(typed.step, native.step, s["pairs"], budget_s=s["budget"] / 3)
        equal = builtin != "tanh"
        row = at_most if equal else Row
        rows.append(
            row(
                "formula",
                f"probe step, formula {text} ÷ {builtin}, depth 30",
                res["ratio"],
                *((FORMULA_LIMIT,) if equal else ()),
                "×",
                note=(
                    f"width {cfg.width}, batch {cfg.batch}: formula {res['a_median_s'] * 1e3:.2f} ms, "
                    f"{builtin} {res['b_median_s'] * 1e3:.2f} ms, {res['pairs']} pairs"
                    + ("" if equal else " (Mish has no built-in twin: for scale)")
                ),
                details=res,
            )
        )
    return rows
