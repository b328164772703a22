"""A figure of several runs overlaid on one plot, each labelled: `export --compare`.

Each run is computed off screen like any exported figure (gui/figure_builder.py: the
window's own plot widget, a probe in this thread), pinned, and drawn as the window draws
pins, so the figure shows what pinning those runs in the window would. No run is "live":
the live curves stay empty and leave the legend, which names each run and, for the
gradient plot, which marker is which quantity.
"""

from __future__ import annotations

import contextlib

from engine import LabConfig
from engine.pinned import MAX_PINS, pin_frame

from .compare_view import drop_selected_line
from .figure_builder import build_widget, ensure_app, settle
from .language import localise, translate
from .pins import PinBoard

COMPARE_PLOTS = ("gradient", "activation")  # the plots that draw pinned runs as lines


@contextlib.contextmanager
def compare_figure(runs: list[tuple[str, LabConfig]], name: str = "gradient", steps: int = 10):
    """Yield the plot widget with every (label, config) in `runs` drawn as a labelled
    line after `steps` probe steps each; the widget is deleted after."""
    if name not in COMPARE_PLOTS:
        raise ValueError(f"cannot compare on plot {name!r} (allowed: {', '.join(COMPARE_PLOTS)})")
    if not 1 <= len(runs) <= MAX_PINS:
        raise ValueError(f"{len(runs)} runs to compare (allowed: 1–{MAX_PINS})")
    ensure_app()
    from engine import Probe  # torch loads with the first export, not the window

    widget, _fed = build_widget(name, runs[0][1])
    board = PinBoard()
    try:
        for label, config in runs:
            probe = Probe(config, exact_counts=True)
            frame = None
            for _ in range(steps):
                frame = probe.step()
            board.add(pin_frame(frame, localise(label)))  # a preset's title, translated
        _dress(widget, board, name)
        settle(widget)
        yield widget
    finally:
        widget.hide()
        widget.deleteLater()
        board.deleteLater()
        from PySide6 import QtCore

        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


def _dress(widget, board: PinBoard, name: str) -> None:
    """Pins in, live entries out of the legend, views fitted to the pins."""
    ghosts = widget.ghosts
    ghosts.prefix = ""  # every line is a compared run: no "pinned:" before its name
    drop_selected_line(widget)
    if name == "gradient":
        live = (widget.grad_h, widget.grad_h_theory, widget.grad_w)
        for item in live:
            widget.legend.removeItem(item)
        ghosts.add_key(
            [
                ("o", translate("CompareFigure", "circles: RMS ∂ℓ/∂h")),
                ("s", translate("CompareFigure", "squares: ‖∂ℓ/∂W‖")),
            ]
        )
        ghosts.follow(board)
        ghosts.fit_view(widget.plot_item, widget.x_range, widget.y_range)
    else:
        for item in (widget.var, widget.mean, widget.var_theory):
            widget.legend.removeItem(item)
        ghosts.follow(board)
        ghosts.fit_view(widget.var_plot, widget.x_range, widget.var_range)
        means = ghosts.span(widget.mean_plot)
        if means:
            widget.mean_range.show(min(means), max(means))
    widget.apply_theme(widget.theme)
