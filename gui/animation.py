"""Animations for slides: one of the window's plots, painted frame by frame.

The frames' numbers come from the engine in *this* process (a probe or a training run,
as `gui/figure_builder.py` draws a still figure), so this module runs only in the
command line, `export --animate`; the window, which must stay free of torch, runs that
command as a child process (`gui/animation_dialog.py`). Each frame is painted by
`gui/export.py`'s PNG path — the same themes, pen widths and caption as a still figure —
and kept compressed until the encoder (`engine/video.py`) takes them all.

Two passes over the same frames: the first feeds them to the widget and notes the
range every view takes, the second paints with each view fixed to the union of those
ranges. The axes stand still and the data moves inside them: a loss curve grows from
the left, a gradient line reaches deeper, instead of every frame rescaling its axes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine.animation import AnimationPlan
from engine.video import Frames

from .export import CAPTION_BAND, Figure, check_width, resolve_theme
from .export import FORMATS as FIGURE_FORMATS
from .figure_builder import build_widget, ensure_app, settle
from .figure_shape import shaped
from .language import localise
from .spectrum_plot import SpectrumPlot

# (done, total, what was done): English, for the command line's `[k/n] …` lines, which
# the window reads and says in its own language (gui/animation_dialog.py)
Progress = Callable[[int, int, str], None]


@dataclasses.dataclass
class Group:
    """The engine frames that lead up to one animation frame (fed in order: the
    heatmap and the loss curve keep them as history), and its spectrum if drawn."""

    frames: list
    spectrum: object | None = None


def compute_groups(
    config, plan: AnimationPlan, spectra: bool, progress: Progress
) -> tuple[AnimationPlan, list[Group]]:
    """Run the engine for every frame of `plan`. A training run that diverges is run
    again up to that step, its frames spread over the steps that lead there (the plan
    returned says so): the divergence is the animation's end."""
    from engine import Probe  # torch loads for an export, never in the window

    total = 2 * plan.frames
    groups: list[Group] = []
    if plan.over == "steps":
        probe = Probe(config, exact_counts=True)
        for index, mark in enumerate(plan.marks):
            pending: list = []
            while probe.step_index < mark:
                pending.append(probe.step())
                if pending[-1].diverged and probe.step_index < plan.steps:
                    return compute_groups(
                        config, plan.ending_at(probe.step_index), spectra, progress
                    )
            groups.append(Group(pending, _spectrum(config, probe) if spectra else None))
            progress(index + 1, total, f"computed {plan.label(index)}")
        return plan, groups
    for index in range(plan.frames):
        at = plan.config_at(config, index)
        probe = Probe(at, exact_counts=True)
        frames = [probe.step() for _ in range(plan.steps)]
        groups.append(Group(frames, _spectrum(at, probe) if spectra else None))
        progress(index + 1, total, f"computed {plan.label(index)}")
    return plan, groups


def _spectrum(config, probe):
    from engine.jacobian import measure_spectrum

    return measure_spectrum(config, probe.weights, probe.biases)


def render_animation(
    config,
    plot: str,
    plan: AnimationPlan,
    size: tuple[int | None, int | None] = (1920, None),
    theme: str = "light",
    caption: bool = True,
    progress: Progress | None = None,
    guard: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
) -> tuple[AnimationPlan, Frames]:
    """Every frame of `plot` for `plan`, as RGB of `size` (`engine.figures.pixel_size`:
    a missing side follows the plot's shape). `guard()` wraps each frame's painting (the
    command line holds stop signals there: one raised inside a paint event would crash
    Qt instead of unwinding); between frames a stop is taken."""
    progress = progress or (lambda done, total, what: None)
    width, height = size
    if width is not None:
        check_width(width)
    chosen = resolve_theme(theme)
    ensure_app()
    widget, fed = build_widget(plot, config)
    try:
        spectra = any(isinstance(p, SpectrumPlot) for p in fed)
        plan, groups = compute_groups(config, plan, spectra, progress)
        with guard():
            settle(widget)
        band = CAPTION_BAND if caption else 0
        with shaped(widget, width, height, band) as shape:  # one layout for every frame
            with guard():
                ranges = _union_of_ranges(widget, fed, groups)
            frames = None
            for index, group in enumerate(groups):
                with guard():
                    _feed(fed, group, fresh_run=True)
                    _lock(ranges)
                    for _ in range(2):  # the plots lay themselves out for the new data
                        QtWidgets.QApplication.processEvents()
                    text = localise(plan.caption(config, index)) if caption else None
                    figure = Figure(widget, chosen, text, shape)
                    image = _rgb(FIGURE_FORMATS[".png"].image(figure, width, height))
                    if frames is None:
                        frames = Frames(image.width(), image.height())
                    elif (image.width(), image.height()) != (frames.width, frames.height):
                        image = image.scaled(frames.width, frames.height)
                    frames.add(_bytes_of(image))
                progress(
                    plan.frames + index + 1,
                    2 * plan.frames,
                    f"painted frame {index + 1} of {plan.frames}",
                )
        return plan, frames
    finally:
        widget.hide()
        widget.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


def _feed(fed, group: Group, fresh_run: bool = False) -> None:
    for frame in group.frames:
        if fresh_run:  # a new run to the plots: their histories restart for the second pass
            frame = dataclasses.replace(frame, run_id=-1 - frame.run_id)
        for plot in fed:
            plot.show_frame(frame)
    if group.spectrum is not None:
        for plot in fed:
            if isinstance(plot, SpectrumPlot):
                plot.show_spectrum(group.spectrum)


def _views(widget: QtWidgets.QWidget) -> list[pg.ViewBox]:
    """The data views of `widget`, in a fixed order; a colour bar's is its levels'."""
    found = []
    views = [widget] if isinstance(widget, pg.GraphicsView) else []
    views += [w for w in widget.findChildren(pg.GraphicsView) if w.isVisibleTo(widget)]
    for view in views:
        for item in view.scene().items():
            if isinstance(item, pg.ViewBox) and not _in_colour_bar(item):
                found.append(item)
    return found


def _in_colour_bar(item) -> bool:
    while item is not None:
        if isinstance(item, pg.ColorBarItem):
            return True
        item = item.parentItem()
    return False


def _union_of_ranges(widget, fed, groups: list[Group]) -> list[tuple]:
    """Feed every frame (first pass) and return, per view, the range covering all."""
    views = _views(widget)
    union: list[list[float] | None] = [None] * len(views)
    for group in groups:
        _feed(fed, group)
        for i, vb in enumerate(views):
            if any(vb.state["autoRange"]):
                vb.updateAutoRange()
            (x0, x1), (y0, y1) = vb.viewRange()
            old = union[i]
            union[i] = (
                [x0, x1, y0, y1]
                if old is None
                else [min(old[0], x0), max(old[1], x1), min(old[2], y0), max(old[3], y1)]
            )
    return [(vb, u) for vb, u in zip(views, union, strict=True) if u is not None]


def _lock(ranges) -> None:
    for vb, (x0, x1, y0, y1) in ranges:
        vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)


def _rgb(image: QtGui.QImage) -> QtGui.QImage:
    return image.convertToFormat(QtGui.QImage.Format.Format_RGB888)


def _bytes_of(image: QtGui.QImage) -> bytes:
    """Tightly packed RGB rows (a QImage pads each row to 4 bytes)."""
    row, stride = image.width() * 3, image.bytesPerLine()
    data = bytes(image.constBits())[: stride * image.height()]
    if stride == row:
        return data
    return b"".join(data[y * stride : y * stride + row] for y in range(image.height()))
