"""The Taylor process's loop, driven through its pipes on a thread: plain data, the
newest request first, and an end on `Stop` or a closed pipe."""

from __future__ import annotations

import multiprocessing
import pickle
import threading

import numpy as np

from engine.protocol import Stop, TaylorData, TaylorFailed, TaylorRequest
from engine.taylor_data import serve


class Loop:
    def __init__(self, *requests: TaylorRequest):
        self.commands_out, self.commands = multiprocessing.Pipe(duplex=False)
        self.answers, self.answers_in = multiprocessing.Pipe(duplex=False)
        for request in requests:  # waiting before the loop starts: read all at once
            self.commands.send(request)
        self.thread = threading.Thread(
            target=serve, args=(self.commands_out, self.answers_in, 0), daemon=True
        )
        self.thread.start()

    def answer(self, timeout: float = 60.0):
        assert self.answers.poll(timeout), "no answer from the Taylor loop"
        return self.answers.recv()

    def stop(self) -> None:
        self.commands.send(Stop())
        self.thread.join(10)
        assert not self.thread.is_alive()


def test_taylor_requests_are_answered_with_plain_data():
    loop = Loop()
    loop.commands.send(TaylorRequest("sigmoid", 3))
    data = loop.answer()
    loop.commands.send(TaylorRequest("nonsense", 3))
    failed = loop.answer()
    loop.stop()
    assert isinstance(data, TaylorData) and (data.activation, data.order) == ("sigmoid", 3)
    assert "x³/48" in data.text and data.verdict == "fail" and data.nonzero_orders == (1, 3)
    assert data.right[:2] == (0.5, 0.25) and not data.piecewise
    assert data.latex.startswith(r"\frac{1}{2} + \frac{x}{4}")
    x = np.linspace(-1, 1, 5)
    np.testing.assert_allclose(data.evaluate(x), 0.5 + x / 4 - x**3 / 48)
    a, b = data.accurate_within(4.0)
    assert -4.0 <= a < 0 < b <= 4.0
    assert isinstance(failed, TaylorFailed) and "unknown activation" in failed.message
    assert not failed.lost  # a property of the request: asking again gives the same
    copy = pickle.loads(pickle.dumps(data))
    np.testing.assert_array_equal(copy.values, data.values)


def test_the_newest_request_is_answered_first_and_a_repeat_only_once():
    asked = [TaylorRequest("tanh", 3), TaylorRequest("relu", 3), TaylorRequest("tanh", 3)]
    asked.append(TaylorRequest("identity", 2))
    loop = Loop(*asked)
    answers = [loop.answer() for _ in range(3)]
    assert [(a.activation, a.order) for a in answers] == [("identity", 2), ("relu", 3), ("tanh", 3)]
    assert not loop.answers.poll(0.2)  # the repeated request was not answered twice
    loop.stop()


def test_the_loop_ends_when_the_window_side_of_the_pipe_closes():
    loop = Loop()
    loop.commands.close()
    loop.thread.join(10)
    assert not loop.thread.is_alive()
