"""Every live plot takes frames full of inf, NaN and exact zeros — made by hand and made
by the engine in fp16/bf16 — without an exception, keeps a finite view, and shows the
bad layers as markers instead of silently dropping them; a figure of an all-NaN frame
still renders to PNG."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtGui

from engine import COLUMNS, Frame, LabConfig, Probe

from ..strategies import torch_threads

NAN, INF = float("nan"), float("inf")


def synthetic(depth: int, value: float, mode: str = "probe", step: int = 1) -> Frame:
    """A frame whose every number is `value` (fractions consistent with it)."""
    columns = {name: np.full(depth, value) for name in COLUMNS}
    columns["layer"] = np.arange(1, depth + 1)
    bad = not np.isfinite(value)
    for name in ("frac_nonfinite", "act_frac_nonfinite"):
        columns[name] = np.full(depth, 1.0 if bad else 0.0)
    columns["frac_zero"] = np.full(depth, 1.0 if value == 0 else 0.0)
    columns["frac_underflow"] = np.zeros(depth)
    return Frame(
        run_id=9000 + depth,
        step=step,
        config=LabConfig(depth=depth, width=16, batch=4, mode=mode),
        device="cpu",
        columns=columns,
        loss=value,
        grad_norm_before=value,
        grad_norm_after=value,
        grad_sample=np.full(64, value),
        diverged=bad,
    )


# The extremes a frame can hold: its statistics come from float32 tensors (in float64).
TINY, HUGE = 1.4e-45, 3.4e38


def mixed(depth: int = 12, mode: str = "probe") -> Frame:
    """Every awkward value at once, one per layer."""
    values = np.resize([NAN, INF, -INF, 0.0, TINY, HUGE, 1.0, -HUGE], depth)
    frame = synthetic(depth, 1.0, mode)
    columns = {name: values.copy() for name in COLUMNS}
    columns["layer"] = np.arange(1, depth + 1)
    for name in ("frac_zero", "frac_nonfinite", "frac_underflow", "act_frac_nonfinite"):
        columns[name] = np.clip(np.nan_to_num(np.abs(values), posinf=1.0), 0, 1)
    sample = np.resize([0.0, NAN, INF, -INF, TINY, -HUGE, -3.0], 500)
    return Frame(
        run_id=frame.run_id + 1,
        step=2,
        config=frame.config,
        device="cpu",
        columns=columns,
        loss=INF,
        grad_norm_before=NAN,
        grad_norm_after=NAN,
        sample_layer=depth + 5,  # out of range: must be tolerated
        grad_sample=sample,
        diverged=True,
    )


def engine_faults() -> list[Frame]:
    settings = [
        dict(init="std_normal", depth=20, width=64, precision="fp16"),
        dict(init="std_normal", depth=40, width=256, precision="bf16"),
        dict(activation="tanh", init="small_normal", depth=12, width=64, precision="fp16"),
        dict(activation="tanh", init="small_normal", depth=40, width=64, precision="bf16"),
        dict(mode="train", lr=10.0, depth=10, width=64, precision="fp16"),
    ]
    frames = []
    with torch_threads(1):
        for s in settings:
            probe = Probe(LabConfig(batch=16, device="cpu", **s))
            frames += [probe.step() for _ in range(3)]
    return frames


FRAMES = {
    "all NaN": lambda: [synthetic(10, NAN), synthetic(10, NAN, "train", 2)],
    "all +inf": lambda: [synthetic(10, INF), synthetic(10, INF, "train", 2)],
    "all -inf": lambda: [synthetic(10, -INF)],
    "all zero": lambda: [synthetic(10, 0.0), synthetic(10, 0.0, "train", 2)],
    "one layer": lambda: [synthetic(1, NAN), synthetic(1, 0.0), synthetic(1, 1.0)],
    "mixed": lambda: [mixed(), mixed(mode="train"), mixed(3)],
    "engine fp16/bf16 faults": engine_faults,
}


@pytest.fixture
def plots(qtbot):
    from gui.activation_plot import ActivationPlot
    from gui.gradient_plot import GradientPlot
    from gui.heatmap_plot import HeatmapPlot
    from gui.histogram_plot import HistogramPlot
    from gui.status_bar import LabStatusBar
    from gui.training_plot import TrainingPlot

    made = {
        "gradient": GradientPlot(),
        "activation": ActivationPlot(),
        "heatmap": HeatmapPlot(),
        "histogram": HistogramPlot(),
        "training": TrainingPlot(),
        "status": LabStatusBar(),
    }
    for widget in made.values():
        qtbot.addWidget(widget)
        widget.resize(600, 400)
        widget.show()
    return made


def _views(plots):
    return [
        plots["gradient"].plot_item.vb,
        plots["activation"].var_plot.vb,
        plots["activation"].mean_plot.vb,
        plots["heatmap"].plot_item.vb,
        plots["histogram"].plot_item.vb,
        plots["training"].loss_plot.vb,
        plots["training"].ratio_plot.vb,
    ]


@pytest.mark.parametrize("kind", list(FRAMES))
def test_every_plot_takes_faulty_frames(kind, plots, qtbot):
    for frame in FRAMES[kind]():
        for name, widget in plots.items():
            if name == "status":
                widget.show_frame(frame, steps_done=frame.step)
            else:
                widget.show_frame(frame)
        for widget in plots.values():
            widget.grab()  # paint it: pyqtgraph computes bounds while painting
        for view in _views(plots):
            (x0, x1), (y0, y1) = view.viewRange()
            assert all(np.isfinite([x0, x1, y0, y1])), (kind, view, view.viewRange())
        depth = frame.config.depth
        counts = plots["gradient"].fault_counts
        assert sum(counts.values()) <= depth
        with np.errstate(invalid="ignore"):  # a negative variance has no RMS: NaN
            rms = np.sqrt(frame["grad_h_var"])
        assert counts["nan"] == int(np.sum(np.isnan(rms) | np.isnan(frame["grad_w_norm"])))
        faults = plots["status"].fields["faults"].text()
        assert f"zero: {frame.zero_layers}/{depth}" in faults
        assert f"inf/NaN: {frame.nonfinite_layers}/{depth}" in faults


def test_all_nan_layers_are_marked_not_dropped(plots):
    plots["gradient"].show_frame(synthetic(10, NAN))
    assert plots["gradient"].fault_counts == {"zero": 0, "inf": 0, "nan": 10}
    nan_y = plots["gradient"].markers.nan.yData
    assert len(nan_y) == 10 and np.all(np.isfinite(nan_y))
    plots["gradient"].show_frame(synthetic(10, 0.0))
    assert plots["gradient"].fault_counts == {"zero": 10, "inf": 0, "nan": 0}
    plots["histogram"].show_frame(synthetic(10, NAN))
    assert "100% inf/NaN" in plots["histogram"].summary
    plots["histogram"].show_frame(synthetic(10, 0.0))
    assert "100% exactly 0" in plots["histogram"].summary
    plots["training"].show_frame(synthetic(10, NAN, "train"))
    assert "diverged" in plots["training"].note_text()


def test_heatmap_history_of_faults_keeps_its_shape(plots):
    heatmap = plots["heatmap"]
    for step, value in enumerate([NAN, INF, 0.0, 1.0, -INF], start=1):
        heatmap.show_frame(synthetic(7, value, step=step))
    history = heatmap.history()
    assert history.shape == (7, 5)
    assert np.isnan(history[:, 0]).all() and np.isposinf(history[:, 1]).all()
    assert np.isneginf(history[:, 2]).all()  # log10(0): drawn in the bottom colour


def test_a_figure_of_an_all_nan_frame_renders_to_png(qtbot, tmp_path):
    export = pytest.importorskip("gui.export")
    from gui.gradient_plot import GradientPlot
    from gui.heatmap_plot import HeatmapPlot

    frame = synthetic(10, NAN)
    for cls in (GradientPlot, HeatmapPlot):
        widget = cls()
        qtbot.addWidget(widget)
        widget.resize(800, 500)
        widget.show_frame(frame)
        path = export.render_figure(widget, tmp_path / f"{cls.__name__}.png", width_px=800)
        image = QtGui.QImage(str(path))
        assert not image.isNull() and image.width() == 800
    assert sorted(p.name for p in tmp_path.iterdir()) == ["GradientPlot.png", "HeatmapPlot.png"]


def test_heatmap_marks_exact_zeros_and_infinities_apart_from_small_values(plots):
    heatmap = plots["heatmap"]
    assert not heatmap.fault_legend.isVisible()  # no empty legend box over the newest cells
    frame = synthetic(4, 1e-8)
    columns = {name: np.array(values) for name, values in frame.columns.items()}
    columns["grad_h_var"] = np.array([0.0, 1e-16, INF, 1.0])  # exactly 0, tiny, inf, 1
    heatmap.show_frame(
        Frame(run_id=777, step=1, config=frame.config, device="cpu", columns=columns,
              loss=1.0, grad_norm_before=1.0, grad_norm_after=1.0, grad_sample=np.ones(8))
    )  # fmt: skip
    marks = heatmap.marks.image
    newest = marks[:, -1]
    assert tuple(newest[0]) == (140, 140, 140, 255)  # layer 1: exactly 0, grey
    assert newest[1, 3] == 0  # layer 2: 1e-8 RMS, a colour-map cell, not marked
    assert tuple(newest[2]) == (213, 94, 0, 255)  # layer 3: inf
    labels = [label.text for _, label in heatmap.fault_legend.items]
    assert labels == ["exactly 0", "±inf"]
    heatmap.show_frame(synthetic(4, 1.0))  # a new run without faults
    assert heatmap.fault_legend.items == [] and not heatmap.fault_legend.isVisible()


@pytest.mark.parametrize("name", ["gradient", "activation"])
def test_fault_markers_are_in_the_legend_only_while_present(plots, name):
    plot = plots[name]

    def labels():
        return [label.text for _, label in plot.legend.items]

    plot.show_frame(synthetic(6, 1.0))
    assert not any(t in labels() for t in ("exactly 0 (underflow)", "±inf (overflow)", "NaN"))
    plot.show_frame(mixed(12))
    assert {"exactly 0 (underflow)", "±inf (overflow)", "NaN"} <= set(labels())
    shown = labels()
    assert (
        shown.index("exactly 0 (underflow)") < shown.index("±inf (overflow)") < shown.index("NaN")
    )
    plot.show_frame(synthetic(6, 1.0, step=3))
    assert not any(t in labels() for t in ("exactly 0 (underflow)", "±inf (overflow)", "NaN"))


def test_every_fp16_label_lies_inside_the_gradient_plot(qtbot):
    from gui.gradient_plot import GradientPlot

    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.resize(900, 560)
    plot.show()
    frame = synthetic(8, 1e-3)
    plot.show_frame(Frame(**{**_fields(frame), "config": frame.config.with_(precision="fp16")}))
    qtbot.wait(50)
    view = plot.plot_item.vb.sceneBoundingRect()
    for line in (*plot.fp16_lines, plot.subnormal_line):
        assert line.isVisible()
        assert view.contains(line.label.sceneBoundingRect()), line.label.toPlainText()


def _fields(frame):
    import dataclasses

    return {f.name: getattr(frame, f.name) for f in dataclasses.fields(frame) if f.init}
