"""Where the Taylor panel gets its data: plain `TaylorData` values, never sympy objects.

The window asks the Taylor process its runner keeps (`EngineTaylorSource`), so sympy
never loads into the window's process; the answer arrives a moment later and is kept per
(activation, order). A panel on its own (tests, a script) may compute them here instead
(`LocalTaylorSource`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from engine.protocol import TaylorData, TaylorFailed

Answer = TaylorData | TaylorFailed


class LocalTaylorSource:
    """Computes in this process, at once (loads sympy on first use)."""

    def __init__(self):
        self._known: dict[tuple[str, int], Answer] = {}

    def get(self, activation: str, order: int) -> Answer | None:
        key = (activation, order)
        if key not in self._known:
            from engine.taylor_data import failure_text, taylor_data

            try:
                self._known[key] = taylor_data(activation, order)
            except ValueError as exc:  # its marked message, so the panel can translate it
                self._known[key] = TaylorFailed(activation, order, failure_text(exc))
        return self._known[key]

    def poll(self) -> bool:
        return False  # every answer was given at once


class EngineTaylorSource:
    """Asks the Taylor process through the window's `EngineRunner`; `get` returns None
    until the answer has arrived, and `poll` (on a GUI-thread timer) takes answers in.
    A lost answer (its process died) is given once and then asked for again."""

    def __init__(self, runner: Callable):
        self._runner = runner  # returns the window's runner
        self._known: dict[tuple[str, int], Answer] = {}
        self._asked: set[tuple[str, int]] = set()
        self._curves: dict[str, TaylorData] = {}  # one copy of each activation's curves
        self._lost: dict[tuple[str, int], TaylorFailed] = {}

    def get(self, activation: str, order: int) -> Answer | None:
        key = (activation, order)
        if key in self._lost:
            return self._lost.pop(key)  # shown once; the next look asks again
        if key not in self._known and key not in self._asked:
            self._asked.add(key)
            self._runner().request_taylor(activation, order)
        return self._known.get(key)

    def poll(self) -> bool:
        """Take in the answers that have arrived; True when there were any."""
        arrived = self._runner().take_taylor()
        for answer in arrived:
            key = (answer.activation, answer.order)
            self._asked.discard(key)
            if isinstance(answer, TaylorData):
                first = self._curves.setdefault(answer.activation, answer)
                answer = replace(answer, values=first.values, slopes=first.slopes)
            elif answer.lost:
                self._lost[key] = answer
                continue
            self._known[key] = answer
        return bool(arrived)
