"""A hovered layer's box is a reading aid, not data: a figure exported or copied while the
mouse rests on a layer (Ctrl+Shift+C copies the plot under the mouse) leaves it out."""

from __future__ import annotations

from .conftest import SMALL, wait_for_frame


def test_an_exported_figure_leaves_out_the_hovered_layers_box(qtbot, make_window):
    from gui.export import figure_image
    from gui.hover import PlotHover

    window = make_window(config=SMALL)
    window.show()
    frame = wait_for_frame(qtbot, window)
    hover = window.gradient_plot.findChildren(PlotHover)[0]
    hover.show_layer(frame, 3)
    assert hover.box.isVisible()
    painted = []
    hover.box.paint = lambda *args: painted.append(True)  # a box in the figure paints
    figure_image(window.gradient_plot, 640)
    assert not painted and not hover.box.isVisible() and hover.text == ""
