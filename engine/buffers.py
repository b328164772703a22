"""One pool of flat buffers, reused from pass to pass and from chunk to chunk.

A fresh multi-megabyte tensor is page-faulted in as it is first written: a new stack
per pass made the first step of a reseeded depth-500 probe take 2–3× as long, and a new
temporary per chunk of statistics cost more than the reduction it held. So a pass's
stack, its ∂ℓ/∂W and the statistics' temporaries are borrowed here and handed back.

The pool keeps what the passes in flight need: up to `Pipeline.QUEUE` passes waiting to
be measured and one running (engine/pipeline.py), each its stack and ∂ℓ/∂W, plus the
temporaries of one measuring. A buffer not taken again within CAPACITY hand-backs (an
earlier config's) is let go. Measuring runs on its own thread while the next pass
runs: taking and giving back hold a lock.
"""

from __future__ import annotations

import math
import threading

import torch

from .pipeline import Pipeline

CHUNK_BYTES = 4 * 2**20  # layers reduced at once: about what stays in a core's cache
PER_PASS = 2  # a pass's stack and its ∂ℓ/∂W (engine/plain_pass.py)
PER_MEASURING = 2  # the statistics' temporaries borrowed at once (engine/gram.py)
CAPACITY = (Pipeline.QUEUE + 1) * PER_PASS + PER_MEASURING

_kept: list[tuple[int, torch.Tensor, int, tuple]] = []  # (hand-back number, flat buffer,
# its length, (dtype, device)), oldest first: the key is read once, when it comes back
_returns = 0  # buffers handed back so far
_lock = threading.Lock()


def take(shape: tuple[int, ...], dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """A `shape` tensor on the smallest kept buffer that holds it and is at most twice
    its size, else on a fresh one. Hand it back with `give_back` once read."""
    numel = math.prod(shape)
    key = (dtype, device)
    with _lock:
        best = None
        for i, (_, _flat, size, kind) in enumerate(_kept):
            if numel <= size <= 2 * numel and kind == key and (best is None or size < best[1]):
                best = (i, size)
        if best is not None:
            flat = _kept.pop(best[0])[1]
            return flat[:numel].view(shape)
    return torch.empty(numel, dtype=dtype, device=device).view(shape)


def give_back(*tensors: torch.Tensor | None) -> None:
    """Keep the buffers under `tensors` (each from `take`, none read any more)."""
    global _returns
    flats = [_whole(t) for t in tensors if t is not None]
    with _lock:
        for flat in flats:
            _returns += 1
            _kept.append((_returns, flat, flat.numel(), (flat.dtype, flat.device)))
        if len(_kept) > CAPACITY or _kept[0][0] <= _returns - CAPACITY:
            _kept[:] = [entry for entry in _kept[-CAPACITY:] if entry[0] > _returns - CAPACITY]


def _whole(tensor: torch.Tensor) -> torch.Tensor:
    """The whole flat buffer under `tensor`."""
    storage = tensor.untyped_storage()
    numel = storage.nbytes() // tensor.element_size()
    return tensor.new_empty(0).set_(storage, 0, (numel,))


def kept() -> list[torch.Tensor]:
    """The buffers kept now (for tests)."""
    with _lock:
        return [entry[1] for entry in _kept]
