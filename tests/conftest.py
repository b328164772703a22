"""Shared test set-up: Qt offscreen, settings in a temporary folder, no leaked threads."""

import multiprocessing
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _share_the_cores_between_workers() -> None:
    """Each pytest-xdist worker (and every engine or command it starts) gets its share of
    the cores for torch's threads. Two workers each running two OpenMP threads on two
    cores spin at each other's barriers: the engine tests took 324 s instead of 96."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (cores or 1) // workers)))


_share_the_cores_between_workers()  # before anything imports torch

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_qt_settings(tmp_path_factory, request):
    """Keep the remembered settings of GUI tests away from the user's real ones, one
    folder per test (two workers sharing one store lost each other's values)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from gui import settings

    settings.keep_in(tmp_path_factory.mktemp("qsettings"))
    yield


@pytest.fixture(autouse=True)
def _no_engine_thread_left():
    """Fail any test that leaves an engine (or Taylor) thread or process running
    (napari does the same for its threads)."""
    yield
    alive = [
        t
        for t in threading.enumerate()
        if t.name.startswith("stability-lab-engine") and "warm-up" not in t.name
    ]
    for t in alive:
        t.join(5)
    still = [t for t in alive if t.is_alive()]
    assert not still, f"engine threads still running after the test: {still}"
    processes = [
        p for p in multiprocessing.active_children() if p.name.startswith("stability-lab-engine")
    ]
    for p in processes:
        p.join(5)
    still = [p for p in processes if p.is_alive()]
    assert not still, f"engine processes still running after the test: {still}"
