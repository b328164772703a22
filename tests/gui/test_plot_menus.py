"""A right-click on a live plot offers the view's menu and the lab's export of that
plot, and nothing that would redraw the data as values no layer has."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from gui.export_dialog import ExportDialog

from .conftest import in_modal_dialog, wait_for_frame


def _right_click_menu(qtbot, plot) -> QtWidgets.QMenu:
    view = plot.plot_item.vb
    centre = plot.mapFromScene(view.sceneBoundingRect().center())
    qtbot.mouseClick(plot.viewport(), QtCore.Qt.MouseButton.RightButton, pos=centre)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activePopupWidget() is not None)
    return QtWidgets.QApplication.activePopupWidget()


def _entries(menu: QtWidgets.QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_a_right_click_offers_the_view_and_the_labs_export_of_that_plot(qtbot, make_window):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    wait_for_frame(qtbot, window)
    window.bottom_tabs.setCurrentWidget(window.histogram_plot)
    menu = _right_click_menu(qtbot, window.histogram_plot)
    assert _entries(menu) == ["View all", "Export figure…"]  # no Plot Options, no axes
    chosen = []

    def look(dialog):
        chosen.append(dialog.plot_combo.currentData())
        dialog.reject()

    errors = in_modal_dialog(ExportDialog, look)
    export = next(a for a in menu.actions() if a.text() == "Export figure…")
    menu.close()
    export.trigger()
    assert not errors, errors
    assert chosen == ["histogram"]  # the plot that was clicked, not the dialog's default


def test_every_live_plot_has_lost_pyqtgraphs_transforms_and_exporter(qtbot, make_window):
    import pyqtgraph as pg

    window = make_window(running=False)
    for name, widget in window.plots.items():
        views = [widget] if isinstance(widget, pg.GraphicsView) else []
        for view in views + widget.findChildren(pg.GraphicsView):
            scene = view.scene()
            assert [a.text() for a in scene.contextMenu] == ["Export figure…"], name
            for item in scene.items():
                if isinstance(item, pg.PlotItem):
                    assert item.getContextMenus(None) is None, name  # no "Plot Options"


def test_view_all_hands_a_range_set_by_hand_back_to_the_plot(qtbot, make_window):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    wait_for_frame(qtbot, window)
    plot = window.gradient_plot
    view = plot.plot_item.vb
    view.setYRange(5, 6, padding=0)  # far above the data, as a drag would leave it
    view.sigRangeChangedManually.emit([False, True])
    shown = window.frames_shown
    qtbot.waitUntil(lambda: window.frames_shown > shown + 2)
    assert view.viewRange()[1] == [5, 6]  # the hand-set range holds while frames arrive
    menu = _right_click_menu(qtbot, plot)
    view_all = next(a for a in menu.actions() if a.text() == "View all")
    menu.close()
    view_all.trigger()
    shown = window.frames_shown
    qtbot.waitUntil(lambda: window.frames_shown > shown + 2)
    assert not plot.y_range.manual  # the steady range again, fitted to the data
    assert tuple(view.viewRange()[1]) == plot.y_range.range != (5, 6)


def test_the_menu_speaks_chinese_in_a_chinese_window(qtbot, make_window, zh_cn):
    window = make_window(running=False)
    window.show()
    qtbot.waitExposed(window)
    menu = _right_click_menu(qtbot, window.gradient_plot)
    assert _entries(menu) == ["显示全部", "导出图形…"]
    menu.close()
