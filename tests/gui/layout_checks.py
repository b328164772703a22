"""Whether a window shows every plot whole: used in this process (1280×720) and in a
subprocess at 1.5× scaling, so both check the same things."""

from __future__ import annotations

from PySide6 import QtCore


def shown_plots(window) -> dict:
    """The plots on screen: the grid's, and the bottom cell's current tab."""
    plots = {name: window.plots[name] for name in ("gradient", "activation", "heatmap")}
    plots["bottom tab"] = window.bottom_tabs.currentWidget()
    return plots


def problems(window) -> list[str]:
    """Every way a shown plot is cut, misplaced or too small to read; [] when whole."""
    found = []
    frame_rect = window.rect()
    for name, plot in shown_plots(window).items():
        corner = plot.mapTo(window, QtCore.QPoint(0, 0))
        rect = QtCore.QRect(corner, plot.size())
        if not frame_rect.contains(rect):
            found.append(f"{name} at {rect} is not inside the window {frame_rect}")
        if plot.width() < 200 or plot.height() < 150:
            found.append(f"{name} is only {plot.width()}×{plot.height()} px")
        scene = plot.ci.geometry()
        view = plot.viewport().size()
        if scene.width() > view.width() + 1 or scene.height() > view.height() + 1:
            found.append(f"{name}: its scene {scene.size()} is cut by a {view} view")
        for item in plot.ci.items:
            title = getattr(item, "titleLabel", None)
            if title is not None and title.text:
                box = plot.mapFromScene(title.sceneBoundingRect()).boundingRect()
                if not plot.viewport().rect().adjusted(-1, -1, 1, 1).contains(box):
                    found.append(f"{name}: its title {title.text!r} is cut")
    found += layers_problems(window)
    return found


def layers_problems(window) -> list[str]:
    """The gradient plot's view must show layers 1 … depth, inside the visible widget."""
    plot, depth = window.gradient_plot, window.config.depth
    vb = plot.plot_item.vb
    (x0, x1), (y0, y1) = vb.viewRange()
    if x0 > 1 or x1 < depth:
        return [f"the gradient plot's view {x0:.1f}…{x1:.1f} misses layers of 1…{depth}"]
    found = []
    for layer in (1, depth):
        point = plot.mapFromScene(vb.mapViewToScene(QtCore.QPointF(layer, 0.5 * (y0 + y1))))
        if not plot.viewport().rect().contains(point):
            found.append(f"layer {layer} is drawn at {point}, outside the gradient plot")
    return found
