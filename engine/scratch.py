"""Stack buffers kept from step to step, one set per thread.

Per-layer statistics stack a cache-sized chunk of layers at a time; a fresh
multi-megabyte tensor every step costs page faults that took longer than the reduction
itself, so each use keeps its buffer (by name) until the shape or device changes.
"""

from __future__ import annotations

import threading

import torch

CHUNK_BYTES = 4 * 2**20  # layers stacked at once: about what stays in a core's cache

_local = threading.local()


def scratch(name: str, like: torch.Tensor, shape: tuple[int, ...]) -> torch.Tensor:
    """This thread's buffer `name`, of `shape` and `like`'s dtype and device."""
    kept = getattr(_local, name, None)
    if (
        kept is None
        or kept.shape != shape
        or kept.dtype != like.dtype
        or kept.device != like.device
    ):
        kept = torch.empty(shape, dtype=like.dtype, device=like.device)
        setattr(_local, name, kept)
    return kept


def joined(first, second) -> torch.Tensor | None:
    """`first` and `second` (stacks of equal layers) as one stack, without a copy, where
    `second` follows `first` in memory with the same layout (engine/plain_pass.py lays
    a pass out so); None where they are lists or lie apart."""
    if not (isinstance(first, torch.Tensor) and isinstance(second, torch.Tensor)):
        return None
    if (
        first.shape[1:] != second.shape[1:]
        or first.stride() != second.stride()
        or not in_storage_order(first).is_contiguous()  # layers stored without gaps
        or first.untyped_storage().data_ptr() != second.untyped_storage().data_ptr()
        or second.storage_offset() != first.storage_offset() + first.numel()
    ):
        return None
    shape = (len(first) + len(second), *first.shape[1:])
    return first.as_strided(shape, first.stride(), first.storage_offset())


def in_storage_order(stack: torch.Tensor) -> torch.Tensor:
    """A (layers × rows × columns) stack whose layers are stored transposed, as the
    contiguous view of the same memory: for reductions that do not care about order."""
    if not stack.is_contiguous() and stack.transpose(1, 2).is_contiguous():
        return stack.transpose(1, 2)
    return stack
