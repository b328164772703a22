"""What a lecturer found missing in presentation mode: the window's banner (a divergence's
pause) said in the room too, and the plot's fitted-factor note in large type."""

from __future__ import annotations

from PySide6 import QtGui

from .conftest import SMALL, wait_for_frame

DIVERGED = "Training diverged at step 3 (loss is inf): paused."


def _entered(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    wait_for_frame(qtbot, window)
    window.actions_by_name["presentation"].trigger()
    view = window.presentation
    qtbot.waitUntil(view.isVisible)
    return view


def test_presentation_mode_says_the_banners_divergence_and_clears_it_on_a_change(
    qtbot, make_window
):
    window = make_window(config=SMALL)
    view = _entered(qtbot, window)
    window.show_error(DIVERGED)
    assert DIVERGED in view.message.text()
    window.state.update(depth=SMALL.depth + 1)  # the banner hides on a change, so does this
    assert view.message.text() == ""


def test_presentation_mode_entered_after_a_divergence_says_it(qtbot, make_window):
    window = make_window(config=SMALL)
    window.show()
    qtbot.waitExposed(window)
    window.show_error(DIVERGED)
    view = _entered(qtbot, window)
    assert DIVERGED in view.message.text()


def test_presentation_mode_draws_the_gradient_note_in_large_type(qtbot, make_window):
    window = make_window(config=SMALL)
    view = _entered(qtbot, window)
    note = view.gradient_plot.note
    assert QtGui.QFontInfo(note.item.font()).pointSizeF() >= 11
    assert window.gradient_plot.note.item.font().pointSizeF() < 10  # the window's stays small


def test_presentation_mode_shows_a_training_configs_loss_instead_of_activations(qtbot, make_window):
    import dataclasses

    window = make_window(config=dataclasses.replace(SMALL, mode="train"))
    view = _entered(qtbot, window)
    view.arrange(1600)  # a projector's width: two plots side by side
    qtbot.waitUntil(lambda: view.training_plot.history()[0].size >= 1, timeout=15000)
    assert view.training_plot.isVisible() and not view.activation_plot.isVisible()
    window.state.update(mode="probe")  # a probe scenario: its activations again
    assert view.activation_plot.isVisible() and not view.training_plot.isVisible()


def test_presentation_mode_follows_a_theme_changed_while_it_shows(qtbot, make_window):
    window = make_window(config=SMALL)
    view = _entered(qtbot, window)
    window.apply_theme("dark")
    assert view.theme is window.theme
    assert view.gradient_plot.theme is window.theme
