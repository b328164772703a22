"""Frames are drawn when they arrive, the newest at most at the display's rate, and a new
config's first frame at once; the runner wakes the window once per pull, not per step."""

from __future__ import annotations

import threading

from PySide6 import QtCore

from engine import Probe
from engine.protocol import FrameMeasured
from gui.engine_runner import EngineRunner
from gui.frame_pacer import MAX_FRAME_HZ, FramePacer, display_hz

from .conftest import SMALL, wait_for_frame

SLOW_HZ = 1e-5  # a display interval of a day: only a test's own trigger ends it


class Slot:
    """The runner's newest-frame slot, as the pacer's window pulls it."""

    def __init__(self):
        self.newest, self.drawn, self.first = None, [], True

    def pull(self) -> bool:
        frame, self.newest = self.newest, None
        if frame is None:
            return False
        self.drawn.append(frame)
        self.first = False
        return True


def _pacer(qtbot, slot: Slot, hz: float = SLOW_HZ) -> FramePacer:
    parent = QtCore.QObject()
    pacer = FramePacer(slot.pull, parent, hz, urgent=lambda: slot.first)
    pacer._parent = parent  # kept alive with the pacer
    return pacer


def _from_another_thread(action) -> None:
    thread = threading.Thread(target=action)
    thread.start()
    thread.join()


def test_a_frame_that_arrives_is_drawn_at_the_next_turn_of_the_event_loop(qtbot):
    slot = Slot()
    pacer = _pacer(qtbot, slot)
    slot.newest = 1
    _from_another_thread(pacer.notify)
    assert slot.drawn == []  # queued to the GUI thread, not run in the notifying one
    QtCore.QCoreApplication.processEvents()
    assert slot.drawn == [1] and not pacer.timer.isActive()  # no tick waited for


def test_frames_faster_than_the_display_are_coalesced_to_the_newest(qtbot):
    slot = Slot()
    pacer = _pacer(qtbot, slot)
    slot.newest = 0
    pacer.notify()
    QtCore.QCoreApplication.processEvents()
    assert slot.drawn == [0]
    for k in range(1, 6):  # within one display interval of the last draw
        slot.newest = k
        _from_another_thread(pacer.notify)
        QtCore.QCoreApplication.processEvents()
    assert slot.drawn == [0] and pacer.timer.isActive()  # one pull due, none yet
    pacer.timer.timeout.emit()  # the interval is up
    assert slot.drawn == [0, 5] and pacer.pulls == 2  # the newest, once


def test_a_new_configs_first_frame_is_drawn_at_once(qtbot):
    slot = Slot()
    pacer = _pacer(qtbot, slot)
    slot.newest = "old config"
    pacer.notify()
    QtCore.QCoreApplication.processEvents()
    slot.newest = "old config, later"
    pacer.notify()
    QtCore.QCoreApplication.processEvents()
    assert pacer.timer.isActive()  # waiting for the display interval
    slot.first, slot.newest = True, "new config"  # a change: its first frame arrives
    pacer.notify()
    QtCore.QCoreApplication.processEvents()
    assert slot.drawn == ["old config", "new config"] and not pacer.timer.isActive()


def test_a_closed_pacer_pulls_nothing(qtbot):
    slot = Slot()
    pacer = _pacer(qtbot, slot)
    pacer.close()
    slot.newest = 1
    pacer.notify()
    QtCore.QCoreApplication.processEvents()
    assert slot.drawn == []


def test_the_display_rate_is_the_screens_at_most_the_cap(qapp):
    assert 1.0 < display_hz() <= MAX_FRAME_HZ


def test_the_runner_wakes_the_window_once_per_pull_and_for_every_first_frame():
    def no_engine(target, args, name):  # the test hands the runner its events itself
        raise OSError("no engine in this test")

    woken = []
    runner = EngineRunner(None, running=False, start=no_engine, notify=lambda: woken.append(1))
    try:
        generation = runner.set_config(SMALL)
        frame = Probe(SMALL).step()
        assert runner.inbox.put(FrameMeasured(generation, frame))  # the run's first frame
        assert not runner.inbox.put(FrameMeasured(generation, frame))  # one wake-up pending
        assert not runner.inbox.put(FrameMeasured(generation, frame))
        runner.rearm()  # the window pulls
        assert runner.inbox.put(FrameMeasured(generation, frame))
        assert not runner.inbox.put(FrameMeasured(generation - 1, frame))  # outdated: no news
        newer = runner.set_config(SMALL.with_(seed=1))
        assert runner.inbox.put(FrameMeasured(newer, frame))  # a first frame, though pending
    finally:
        assert runner.stop()


def test_a_window_whose_engine_is_paused_pulls_nothing_until_a_step_arrives(qtbot, make_window):
    window = make_window(running=False)
    wait_for_frame(qtbot, window)  # a new config always shows one frame
    qtbot.wait(300)
    pulls, shown = window.pacer.pulls, window.frames_shown
    qtbot.wait(300)
    assert window.pacer.pulls == pulls  # no timer polls an idle engine
    window.controls.step_button.click()
    qtbot.waitUntil(lambda: window.frames_shown == shown + 1, timeout=10000)
    assert window.pacer.pulls <= pulls + 2  # woken for it, not polling


def test_a_config_change_is_drawn_by_the_wake_up_it_causes(qtbot, make_window, monkeypatch):
    window = make_window(engine_thread=True)
    wait_for_frame(qtbot, window)
    monkeypatch.setattr(window.pacer, "interval", 1.0 / SLOW_HZ)  # streaming frames wait
    qtbot.waitUntil(window.pacer.timer.isActive, timeout=10000)
    shown = window.frames_shown
    window.set_config(window.config.with_(seed=window.config.seed + 7))
    frame = wait_for_frame(qtbot, window, lambda f: f.config == window.config, timeout=10000)
    assert frame.config.seed == SMALL.seed + 7 and window.frames_shown == shown + 1
    qtbot.wait(200)
    assert window.frames_shown == shown + 1  # streaming goes on waiting for the interval
