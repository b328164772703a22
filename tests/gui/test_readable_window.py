"""The whole window follows the dark theme and stays readable; notes sit in a strip of
their own; the phase diagram names every row and colours health neutrally."""

from PySide6 import QtCore, QtGui, QtWidgets

from gui.window_theme import contrast, luminance

Role, Group = QtGui.QPalette.ColorRole, QtGui.QPalette.ColorGroup


def _press_ctrl_d(qtbot, window) -> None:
    """Ctrl+D with the keyboard in a settings field, where a user's hands are."""
    window.activateWindow()
    qtbot.waitActive(window)
    field = window.controls.editors["width"]
    field.setFocus()
    qtbot.wait(50)  # the focus change is delivered
    qtbot.keyClick(field, QtCore.Qt.Key.Key_D, QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)  # Qt hands the new palette to the widgets in posted events


def test_ctrl_d_darkens_controls_taylor_text_and_tooltips_and_light_restores(qtbot, make_window):
    window = make_window(running=False)
    window.show()
    qtbot.waitExposed(window)
    widgets = {
        "controls": window.controls,
        "Taylor series": window.taylor_panel.series_label,
        "tabs": window.bottom_tabs,
        "status bar": window.status,
    }
    _press_ctrl_d(qtbot, window)
    assert window.theme.name == "dark"
    for name, widget in widgets.items():
        palette = widget.palette()
        assert luminance(palette.color(Role.Window)) < 0.05, name
        assert luminance(palette.color(Role.WindowText)) > 0.5, name
    field = window.controls.palette()
    assert luminance(field.color(Role.Base)) < 0.05  # spin boxes and combo fields
    disabled = field.color(Group.Disabled, Role.Text)
    assert contrast(disabled, field.color(Role.Window)) >= 4.5  # dimmer, still readable
    assert contrast(disabled, field.color(Role.Text)) > 1.5
    tip = QtWidgets.QToolTip.palette()
    assert contrast(tip.color(Role.ToolTipText), tip.color(Role.ToolTipBase)) >= 7
    assert luminance(tip.color(Role.ToolTipBase)) < 0.1
    window.show_error("a problem")  # the banner: pale text on a deep red
    assert "#4a2113" in window.banner.styleSheet()

    _press_ctrl_d(qtbot, window)
    assert window.theme.name == "light"
    for name, widget in widgets.items():
        palette = widget.palette()
        assert luminance(palette.color(Role.Window)) > 0.7, name
        assert luminance(palette.color(Role.WindowText)) < 0.1, name
    light = window.controls.palette()
    assert contrast(light.color(Group.Disabled, Role.Text), light.color(Role.Window)) >= 4.3
    assert "#fde2d6" in window.banner.styleSheet()


def _note_outside_views(plot, views) -> None:
    note = plot.note.text_rect() if hasattr(plot, "note") else plot.message.text_rect()
    assert not note.isEmpty()
    for view in views:
        assert not note.intersects(view.sceneBoundingRect())
    shown = plot.mapToScene(plot.viewport().rect()).boundingRect()
    assert shown.adjusted(-1, -1, 1, 1).contains(note)  # whole: not cut at the edge


def test_notes_sit_in_their_own_strip_at_1280x720_and_at_a_small_size(qtbot, make_window):
    from engine import LabConfig
    from gui.gradient_plot import GradientPlot

    from .conftest import wait_for_frame

    fp16 = LabConfig(depth=12, width=64, batch=16, precision="fp16", activation="sigmoid")
    window = make_window(fp16)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    frame = wait_for_frame(qtbot, window, lambda f: "fp16" in window.gradient_plot.note_text())
    qtbot.wait(100)
    plot = window.gradient_plot
    _note_outside_views(plot, [plot.plot_item.vb])

    small = GradientPlot()
    qtbot.addWidget(small)
    small.resize(330, 300)
    small.show()
    qtbot.waitExposed(small)
    small.show_frame(frame)
    qtbot.wait(50)
    assert len(small.note_text()) > 100  # a long note, wrapped to the narrow plot
    _note_outside_views(small, [small.plot_item.vb])
    shown = [label.sceneBoundingRect() for label in small.line_labels.shown()]
    assert all(not a.intersects(b) for i, a in enumerate(shown) for b in shown[i + 1 :])


def test_training_note_and_loss_ticks_stay_readable_in_a_small_plot(qtbot):
    from gui.training_plot import TrainingPlot

    plot = TrainingPlot()
    qtbot.addWidget(plot)
    plot.resize(380, 230)
    plot.show()
    qtbot.waitExposed(plot)
    plot.loss_plot.setYRange(-0.45, 0.02, padding=0)  # losses 0.35 … 1: within a decade
    qtbot.waitUntil(lambda: plot.loss_ticks.ticks != [])
    ticks = plot.loss_ticks.ticks
    pixels = [plot.loss_plot.vb.mapViewToScene(QtCore.QPointF(0, y)).y() for y, _ in ticks]
    gaps = [abs(a - b) for a, b in zip(pixels, pixels[1:], strict=False)]
    assert len(ticks) >= 2 and min(gaps) >= 14  # a text line and a half apart, not stacked
    plot._say("diverged at step 60: loss = nan")
    qtbot.wait(50)
    _note_outside_views(plot, [plot.loss_plot.vb, plot.ratio_plot.vb])


def test_log_ticks_choose_decades_or_steps_that_fit():
    from gui.axis_ticks import log_ticks

    decades = ["10⁻³", "10⁻²", "10⁻¹", "1", "10", "10²", "10³"]
    assert [t for _, t in log_ticks(-3, 3, 8)] == decades
    assert [t for _, t in log_ticks(-12, 3, 4)] == ["10⁻¹²", "10⁻⁸", "10⁻⁴", "1"]
    assert [t for _, t in log_ticks(-0.45, 0.02, 3)] == ["0.5", "1"]
    assert len(log_ticks(-0.45, 0.02, 10)) == 7  # 0.4 … 1
    sliver = log_ticks(-0.41, -0.39, 4)  # losses 0.389 … 0.407
    assert 2 <= len(sliver) <= 4


def _drawn_tick_texts(axis) -> list[str]:
    image = QtGui.QImage(10, 10, QtGui.QImage.Format.Format_ARGB32)
    painter = QtGui.QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in texts]


def test_init_and_activation_sweeps_label_every_row_in_a_dock_sized_plot(qtbot):
    import numpy as np

    from engine import LabConfig
    from engine.sweep import AXES, SweepResult
    from gui.sweep_plot import SweepPlot

    plot = SweepPlot()
    qtbot.addWidget(plot)
    plot.resize(330, 520)  # the sweep dock at 1280×720
    plot.show()
    qtbot.waitExposed(plot)
    for axis in ("init", "activation"):
        values = tuple(name for name in AXES[axis] if not name.startswith(("x", "f(")))[:11]
        depths = (5, 10, 20)
        grid = np.logspace(-14, 4, len(values) * len(depths)).reshape(len(values), len(depths))
        result = SweepResult(LabConfig(), axis, values, depths, "grad_h", grid)
        plot.show_result(result)
        qtbot.wait(50)
        drawn = _drawn_tick_texts(plot.plot_item.getAxis("left"))
        assert drawn == result.labels(), axis  # every row, none dropped as too wide
        whole = plot.mapToScene(plot.viewport().rect()).boundingRect()
        assert whole.contains(plot.colorbar.sceneBoundingRect())  # the panel fits its width
        axis_label = plot.colorbar.axis.label
        bar_axes = [a["item"] for a in plot.colorbar.axes.values()]
        bar_labels = [a.labelText for a in bar_axes if a.labelText]
        assert bar_labels == [axis_label.toPlainText().strip()] == ["log₁₀ RMS ∂ℓ/∂h at layer 1"]


def test_health_colours_are_neutral_in_the_band_and_two_hues_outside():
    import numpy as np

    from gui.health_colours import NEUTRAL, health_map

    lo, hi = -12.0, 6.0
    cmap = health_map(lo, -6.0, 3.0, hi)

    def colour(value: float) -> QtGui.QColor:
        return cmap.map(np.array([(value - lo) / (hi - lo)]), mode="qcolor")[0]

    for healthy in (-6.0, -3.0, 0.0, 3.0):
        assert colour(healthy).name() == NEUTRAL
    vanishing, exploding = colour(lo), colour(hi)
    assert vanishing.blue() > vanishing.red() + 60  # a blue
    assert exploding.red() > exploding.blue() + 60  # an orange-brown
    assert abs(vanishing.hueF() - exploding.hueF()) > 0.3  # two hues, not two shades
    assert colour(-6.5).name() != NEUTRAL and colour(3.5).name() != NEUTRAL
