"""Random use of the window: hypothesis applies random configs in quick succession,
as a user dragging and toggling everything; the window must keep up without an error
and end up showing a frame of the last config."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import LabConfig

from ..strategies import check_frame, configs, torch_threads
from .conftest import wait_for_frame

START = LabConfig(depth=6, width=16, batch=8)


@pytest.fixture
def window(qtbot, make_window, monkeypatch):
    """One streaming window shared by all examples of a test (so each example is fast);
    every banner message it shows is recorded."""
    with torch_threads(1):
        win = make_window(START, running=True)
        win.messages = []
        original = win.show_error

        def record(message):
            win.messages.append(message)
            original(message)

        monkeypatch.setattr(win, "show_error", record)
        wait_for_frame(qtbot, win)
        yield win


def _only_expected_messages(window):
    # Training with lr up to 10 may diverge: the window pauses and says so. Anything
    # else (an engine exception) is a failure.
    unexpected = [m for m in window.messages if "diverged" not in m]
    assert not unexpected, unexpected
    window.messages.clear()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sequence=st.lists(configs(), min_size=1, max_size=5),
    pauses=st.lists(st.integers(0, 40), min_size=5, max_size=5),
)
def test_random_config_sequences_end_on_a_frame_of_the_last_config(qtbot, window, sequence, pauses):
    for config, pause in zip(sequence, pauses, strict=False):
        window.set_config(config)
        assert window.config == config
        if pause:
            qtbot.wait(pause)  # sometimes let a frame of this config arrive, sometimes not
    last = sequence[-1]
    frame = wait_for_frame(qtbot, window, lambda f: f.config == last, timeout=20000)
    check_frame(frame, last)
    assert window.controls.config == last
    assert window.runner.is_alive()
    _only_expected_messages(window)
    if not window.runner.running:  # paused by a divergence: carry on like a user would
        window.controls.set_running(True)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    actions=st.lists(
        st.sampled_from(["reseed", "next_preset", "run", "step", "dark", "defaults"])
        | st.tuples(st.just("layer"), st.integers(-5, 50))
        | st.tuples(st.just("config"), configs()),
        min_size=1,
        max_size=8,
    )
)
def test_random_menu_actions_and_controls_keep_the_window_consistent(qtbot, window, actions):
    for action in actions:
        if isinstance(action, tuple) and action[0] == "layer":
            window.pick_layer(action[1])
        elif isinstance(action, tuple):
            window.set_config(action[1].with_(depth=min(action[1].depth, 12)))
        else:
            window.actions_by_name[action].trigger()
        qtbot.wait(5)
    window.controls.set_running(True)
    last = window.config
    if last.depth > 40 or last.width > 64:  # a preset or the defaults: full size
        window.set_config(last.with_(depth=min(last.depth, 40), width=min(last.width, 64)))
        last = window.config
    frame = wait_for_frame(qtbot, window, lambda f: f.config == last, timeout=20000)
    check_frame(frame, last)
    assert 1 <= window.gradient_plot.selected.value() <= last.depth
    _only_expected_messages(window)
    window.apply_theme("light")
