"""Half precision that behaves like the real thing, fast on any device.

On CUDA the network runs on real fp16/bf16 tensors. On the CPU real half is 15–23×
slower than fp32 (depth 50, width 256: ~400 ms a step against 18–25 ms), so the network
runs in fp32 and every tensor that real half would store (weights, each layer's output,
each incoming gradient) is rounded to the format on the way through. Rounding is what
creates the lesson's effects: values below the format's normal range lose precision and
flush to 0, values above its maximum become inf.
"""

from __future__ import annotations

import torch

from .formats import RANGES, FormatRange

__all__ = [
    "DTYPES",
    "RANGES",
    "FormatRange",
    "compute_dtype",
    "make_rounder",
    "round_through",
    "round_to_format",
]

DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


class _RoundTrip(torch.autograd.Function):
    """Identity in value, but rounded through `dtype` forward and backward."""

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.dtype = dtype
        return round_through(x, dtype)

    @staticmethod
    def backward(ctx, grad):
        return round_through(grad, ctx.dtype), None


class _RoundGradient(_RoundTrip):
    """Identity forward (for a tensor already holding representable values), rounded
    through `dtype` backward like `_RoundTrip`."""

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.dtype = dtype
        return x.view_as(x)


def make_rounder(precision: str, emulate: bool, representable: bool = False):
    """A function applied to every stored tensor: rounding when emulating, else identity.
    `representable`: the tensors it gets already hold values of the format (a probe's
    fixed weights, rounded once by `round_to_format`), so only their gradients need
    rounding: 2 of the 4 full-size copies per layer of an emulated step."""
    if precision == "fp32" or not emulate:
        return lambda t: t
    dtype = DTYPES[precision]
    if representable:
        return lambda t: _RoundGradient.apply(t, dtype)
    return lambda t: _RoundTrip.apply(t, dtype)


def round_to_format(t: torch.Tensor, precision: str) -> torch.Tensor:
    """A copy of `t` holding the nearest values of the format, in `t`'s dtype."""
    return round_through(t, DTYPES[precision])


def round_through(t: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """`t` rounded to `dtype`'s values and back in its own dtype: what storing it in
    that format keeps."""
    return t.to(dtype).to(t.dtype)


def compute_dtype(precision: str, device: torch.device) -> tuple[torch.dtype, bool]:
    """(dtype the tensors live in, whether rounding is emulated) for a device."""
    if precision == "fp32":
        return torch.float32, False
    if device.type == "cpu":
        return torch.float32, True
    return DTYPES[precision], False
