"""A run that diverges within one GUI tick (lr_too_high: three steps) still draws what its
sentence promises: the first step's loss and update:data ratios, then the divergence."""

from __future__ import annotations

import numpy as np

from engine.presets import load_presets

from .conftest import wait_for_frame


def test_a_run_diverging_within_a_tick_draws_its_first_loss_and_keeps_finite_ratios(
    qtbot, make_window
):
    config = load_presets()["lr_too_high"].config
    window = make_window(config=config)
    window.show()
    wait_for_frame(qtbot, window, lambda f: f.diverged, timeout=20000)
    plot = window.training_plot
    steps, losses = plot.history()
    assert steps[0] == 1 and np.isfinite(losses[0])  # the run's first frame was not dropped
    assert not np.isfinite(losses[-1])
    x, y = plot.ratio.getData()
    assert x is not None and np.isfinite(y).any()  # the last finite ratios stay drawn
    assert "the last finite one" in plot.note_text()
    assert plot.loss.opts["symbol"] == "o"  # two or three losses: each marked, visible
