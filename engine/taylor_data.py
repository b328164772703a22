"""`TaylorData` for the Taylor panel, built from `engine.taylor` (sympy) in a process of
their own (`serve`), so the window draws exact series without loading sympy itself and
the streaming engine never waits for an expansion."""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from .protocol import TAYLOR_RANGE, Stop, TaylorData, TaylorFailed, TaylorRequest, taylor_grid
from .words import Message

# Added to the Taylor process's niceness: on two cores the window's painting and the
# streaming engine go first, and an expansion (~0.2 s) takes what they leave.
TAYLOR_NICENESS = 5


def _frozen(values) -> np.ndarray:
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)  # per activation: one array pair, shared by every order's data
def _curves(activation: str) -> tuple[np.ndarray, np.ndarray]:
    from . import taylor

    x = taylor_grid()
    return _frozen(taylor.true_values(activation, x)), _frozen(
        taylor.true_derivative(activation, x)
    )


def _gain_text(gain) -> str:
    """The variance factor as a short string: exact when short (1/16), else a float."""
    text = str(gain)
    return text if len(text) <= 6 else f"{float(gain):.5g}"


def taylor_data(activation: str, order: int) -> TaylorData:
    """Everything the panel shows of `activation` at `order` (ValueError for an unknown
    activation or an order out of range)."""
    from . import taylor

    series, verdict = taylor.taylor(activation, order), taylor.verdict(activation)
    values, slopes = _curves(activation)
    return TaylorData(
        activation=activation,
        order=order,
        left=tuple(float(c) for c in series.left),
        right=tuple(float(c) for c in series.right),
        piecewise=series.piecewise,
        nonzero_orders=tuple(series.nonzero_orders()),
        text=series.text(),
        side_texts=series.side_texts(),
        kink_text=series.kink_text(),
        latex=series.latex(),
        verdict=verdict.status,
        gain=_gain_text(verdict.gain),
        explanation=verdict.explanation,
        accurate=taylor.accurate_interval(activation, order, limit=TAYLOR_RANGE),
        values=values,
        slopes=slopes,
    )


def failure_text(exc: Exception) -> str:
    """What the panel says of a failed expansion: the error's own marked message where
    it has one (a formula without a Taylor series), so the window can translate it."""
    said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else None
    text = said if said is not None else (str(exc) or type(exc).__name__)
    if not isinstance(exc, ValueError):  # ValueError: an unknown name or order
        return f"{type(exc).__name__}: {text}"  # a bug's message: as Python wrote it
    return text


def _answer(request: TaylorRequest) -> TaylorData | TaylorFailed:
    try:
        return taylor_data(request.activation, request.order)
    except Exception as exc:  # noqa: BLE001 - shown in the panel
        return TaylorFailed(request.activation, request.order, failure_text(exc))


def serve(commands, events, niceness: int = TAYLOR_NICENESS) -> None:
    """The Taylor process's loop: answer each `TaylorRequest` until `Stop` or a closed
    pipe. It reads every request waiting before each expansion and answers the newest
    first: that is the series the panel shows now (a user scrolling through activations
    asks for several in a row).

    A process of its own because sympy holds the GIL for a whole expansion (~0.2 s per
    activation, 1–2 s for the first, with sympy's import): in the engine's loop that
    paused streaming, and in a thread beside it streaming fell to ~4 steps/s."""
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    waiting: list[TaylorRequest] = []
    try:
        while True:
            if not waiting or commands.poll(0):
                command = commands.recv()
                if isinstance(command, Stop):
                    return
                if command not in waiting:
                    waiting.append(command)
                continue
            events.send(_answer(waiting.pop()))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the window has gone
    finally:
        events.close()
        commands.close()
