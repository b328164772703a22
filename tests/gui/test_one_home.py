"""Each fact has one home: the figure vocabulary in `engine.figures`, the healthy band
and the formats' limits in `engine.formats`. Whatever the window and the command line
keep beside them (widgets, classes, choices) is held to those names here."""

from __future__ import annotations

import argparse

import numpy as np

from engine import figures
from engine.formats import HEALTHY, RANGES, band, short


def _choices(parser: argparse.ArgumentParser, command: str) -> dict[str, tuple]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        a.option_strings[0]: tuple(a.choices)
        for a in sub.choices[command]._actions
        if a.option_strings and a.choices
    }


def test_the_command_line_offers_exactly_the_figure_vocabulary():
    from cli import build_parser

    parser = build_parser()
    export, sweep = _choices(parser, "export"), _choices(parser, "sweep")
    assert export["--plot"] == figures.PLOTS
    assert export["--theme"] == sweep["--theme"] == figures.THEMES
    assert export["--format"] == tuple(f[1:] for f in figures.FORMATS)


def test_the_window_draws_every_plot_theme_and_format_of_the_vocabulary():
    from gui import dashboard, export, export_dialog, figure_builder, theme

    assert set(figures.PLOTS) - set(figure_builder.PLOT_CLASSES) == {"taylor", "dashboard"}
    assert set(figure_builder.PLOT_CLASSES) <= set(figures.PLOTS)
    assert {name for name, *_ in dashboard.CELLS} <= set(figures.PLOTS)
    assert set(export_dialog.FIGURES) == {*figures.PLOTS, figures.SWEEP_PLOT}
    assert tuple(theme.THEMES) == figures.WINDOW_THEMES
    assert tuple(export.EXPORT_THEMES) == figures.THEMES
    assert tuple(export.FORMATS) == figures.FORMATS
    assert (export.MIN_WIDTH, export.MAX_WIDTH) == (figures.MIN_WIDTH, figures.MAX_WIDTH)


def test_the_plots_draw_and_name_the_healthy_band_and_fp16_limits_from_the_engine(qtbot):
    from gui.gradient_plot import GradientPlot
    from gui.sweep_plot import SweepPlot

    plot = GradientPlot()
    qtbot.addWidget(plot)
    assert np.allclose(plot.healthy.getRegion(), np.log10(HEALTHY))
    assert band(*HEALTHY) in plot.healthy.toolTip()
    fp16 = RANGES["fp16"]
    assert [line.value() for line in plot.fp16_lines] == [np.log10(fp16.tiny), np.log10(fp16.max)]
    assert [line.label.toPlainText() for line in plot.fp16_lines] == [
        f"fp16 smallest normal {short(fp16.tiny)}",
        f"fp16 max {short(fp16.max)}",
    ]
    assert plot.subnormal_line.value() == np.log10(fp16.subnormal)
    assert short(fp16.subnormal) in plot.subnormal_line.label.toPlainText()
    sweep = SweepPlot()
    qtbot.addWidget(sweep)
    assert band(*HEALTHY) in sweep.toolTip()
