"""What a plot or panel needs to follow a language switch.

`follow_language(panel, "_retranslate", item)` calls `panel._retranslate()` after every
switch while `item` (a plot's PlotItem, or the panel itself) lives and the panel is not
closed: a closed pyqtgraph plot has cleared its scene (its items are deleted while the
widget lives on), so the callback ends with the item, not with the widget. The panel is
held weakly.

`rename_legend` renames the entries of the items a plot drew itself: pyqtgraph's legend
keeps each entry's text in its label (pinned runs keep the names their users gave them).
"""

from __future__ import annotations

import weakref

import pyqtgraph as pg

from .language import on_change


def follow_language(panel: object, method: str = "retranslate", item: object | None = None) -> None:
    """Call `panel.<method>()` after each language switch while `item` (default: the
    panel) is alive and the panel is not closed (a closed pyqtgraph widget has deleted its
    scene's items), without keeping either alive."""
    ref = weakref.ref(panel)

    def call() -> None:
        obj = ref()
        if obj is not None and not getattr(obj, "closed", False):
            getattr(obj, method)()

    on_change(panel if item is None else item, call)


def rename_legend(legend: pg.LegendItem | None, names: list[tuple[object, str]], colour) -> None:
    """Give each (item, name) of `names` that `legend` lists the name `name`."""
    if legend is None:
        return
    changed = False
    for sample, label in legend.items:
        item = getattr(sample, "item", None)
        name = next((text for owner, text in names if owner is item), None)
        if name is not None and label.text != name:
            label.setText(name, color=colour)
            changed = True
    if changed:
        legend.updateSize()
