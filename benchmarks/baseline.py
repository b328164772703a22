"""The way people do this today: a notebook cell re-run for every settings change.

The cell builds the torch model for the new settings, runs forward and backward, works out
the per-layer statistics and draws the same per-layer plot with matplotlib (Agg), saved to
a PNG in memory. Its time per change is compared with the window's change → frame latency.
"""

from __future__ import annotations

import io
import math
import time

import torch

from .measure import Row, at_least, median

NOTEBOOK_RATIO = 6.0  # the window answers a change at least this many times sooner

try:  # optional: `pip install -e ".[bench]"`
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the environment
    plt = None

SKIP_MESSAGE = (
    "matplotlib is not installed: baseline skipped "
    '(install it with `pip install matplotlib` or `pip install -e ".[bench]"`)'
)


def notebook_cell(depth: int, width: int, batch: int, seed: int) -> bytes:
    """What a person re-runs after changing a setting; returns the PNG."""
    torch.manual_seed(seed)
    weights = [
        (torch.randn(width, width) * math.sqrt(2.0 / width)).requires_grad_() for _ in range(depth)
    ]
    h = torch.randn(batch, width)
    acts = []
    for w in weights:
        h = torch.relu(h @ w.T)
        h.retain_grad()
        acts.append(h)
    g = torch.randn(batch, width)
    loss = (g * h).sum() / batch
    loss.backward()
    layers = list(range(1, depth + 1))
    grad_h = [a.grad.std().item() for a in acts]
    grad_w = [w.grad.norm().item() for w in weights]
    act_var = [a.detach().var().item() for a in acts]
    act_mean = [a.detach().mean().item() for a in acts]

    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    axes[0].semilogy(layers, grad_h, "o-", label="RMS ∂ℓ/∂h")
    axes[0].semilogy(layers, grad_w, "s-", label="‖∂ℓ/∂W‖")
    axes[0].set(title="Gradients per layer", xlabel="layer")
    axes[0].legend()
    axes[1].semilogy(layers, act_var, "o-")
    axes[1].set(title="Var[h] per layer", xlabel="layer")
    axes[2].plot(layers, act_mean, "o-")
    axes[2].set(title="mean h per layer", xlabel="layer")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def baseline(quick: bool = False, window_latency_ms: float | None = None, **_) -> list[Row]:
    if plt is None:
        return [Row("baseline", "matplotlib notebook cell", None, note=SKIP_MESSAGE)]
    from engine import LabConfig

    cfg = LabConfig()
    changes = 3 if quick else 30
    notebook_cell(cfg.depth, cfg.width, cfg.batch, 0)  # imports, font cache: not counted
    times = []
    for seed in range(1, changes + 1):
        started = time.perf_counter()
        notebook_cell(cfg.depth, cfg.width, cfg.batch, seed)
        times.append((time.perf_counter() - started) * 1e3)
    cell = median(times)
    rows = [
        Row(
            "baseline",
            "notebook cell (torch + matplotlib Agg) per change, default settings",
            cell,
            "ms",
            note=f"median of {changes} re-runs, matplotlib {matplotlib.__version__}",
            details={"ms": times},
        )
    ]
    if window_latency_ms:
        rows.append(
            at_least(
                "baseline",
                "notebook cell ÷ window change → frame (median)",
                cell / window_latency_ms,
                NOTEBOOK_RATIO,
                "×",
                note=f"window {window_latency_ms:.0f} ms vs notebook cell {cell:.0f} ms",
            )
        )
    return rows
