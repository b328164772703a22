"""A command-line figure or animation of one plot has no histogram beside it, so it draws
no "layer k (histogram)" line; the dashboard, which shows the histogram, keeps it."""

from __future__ import annotations

from .conftest import SMALL


def _legend(plot) -> list[str]:
    return [label.text for _, label in plot.legend.items]


def test_a_lone_gradient_or_activation_figure_has_no_histogram_layer_line(qtbot):
    from gui.figure_builder import build_widget

    for name in ("gradient", "activation"):
        widget, _fed = build_widget(name, SMALL)
        qtbot.addWidget(widget)
        assert not widget.selected.isVisible()
        assert not any("(histogram)" in text for text in _legend(widget)), name


def test_the_dashboard_figure_keeps_the_histogram_layer_line(qtbot):
    from gui.figure_builder import build_widget

    widget, _fed = build_widget("dashboard", SMALL)
    qtbot.addWidget(widget)
    assert any("(histogram)" in text for text in _legend(widget.plots["gradient"]))
