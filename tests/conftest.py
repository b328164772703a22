"""Shared test set-up: Qt offscreen, settings in a temporary folder, no leaked threads."""

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_qt_settings(tmp_path_factory, request):
    """Keep QSettings of GUI tests away from the user's real settings."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6 import QtCore

    folder = tmp_path_factory.mktemp("qsettings")
    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(folder)
    )
    yield


@pytest.fixture(autouse=True)
def _no_engine_thread_left():
    """Fail any test that leaves an engine thread running (napari does the same)."""
    yield
    alive = [t for t in threading.enumerate() if t.name == "stability-lab-engine" and t.is_alive()]
    for t in alive:
        t.join(5)
    still = [t for t in alive if t.is_alive()]
    assert not still, f"engine threads still running after the test: {still}"
