"""The window's own process stays light: torch and sympy load only in the engine's
process, so the main window paints without waiting ~1.5 s for them, and its Taylor panel
and sweeps never bring them in later."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str, tmp_path: Path) -> set[str]:
    script = (
        f"import os, sys\n{code}\n"
        "print(' '.join(m for m in ('torch', 'sympy') if m in sys.modules), flush=True)\n"
        "os._exit(0)\n"  # a script's window left to interpreter teardown can crash PySide6
    )
    path = tmp_path / "light_window.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n{script}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


def test_the_window_used_as_a_user_would_loads_neither_torch_nor_sympy(tmp_path):
    """Build the window and its command line, read a Taylor series, change its order and
    the activation, type a formula activation, run a sweep to the end, show a spectrum
    and sweep the phase plane: torch and sympy stay in the engine's process."""
    code = """
import time
import cli
cli.build_parser()
from PySide6 import QtWidgets
from gui.app import make_app
app = make_app()
from engine import LabConfig
from gui import MainWindow

def wait(predicate, what, timeout=90):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        app.processEvents()
        time.sleep(0.01)

w = MainWindow(LabConfig(activation="sigmoid", depth=4, width=16, batch=8))
w.show()
series = w.taylor_panel.series_label
wait(lambda: "x³/48" in series.text(), "the sigmoid series")
w.taylor_panel.order_spin.setValue(5)
wait(lambda: "x⁵/480" in series.text(), "the order-5 series")
combo = w.findChild(QtWidgets.QComboBox, "activationCombo")
combo.setCurrentIndex(combo.findData("tanh"))
wait(lambda: "2x⁵/15" in series.text(), "the tanh series")
wait(lambda: w.last_frame is not None and w.last_frame.config.activation == "tanh", "a frame")
dialog = w.controls.open_formula_dialog()
dialog.edit.setText("x*tanh(softplus(x))")  # validated and previewed in this process
dialog.accept()
wait(lambda: "3x/5" in series.text(), "the Mish series")
wait(lambda: w.last_frame.config.activation == "x*tanh(softplus(x))", "a Mish frame")
done = []
w.sweep_panel.finished.connect(done.append)
w.sweep_panel.depths_edit.setText("2")
assert w.sweep_panel.start()
wait(lambda: done, "the sweep")
assert done[0].computed().all()
spectra = []
w.spectrumShown.connect(spectra.append)
w.bottom_tabs.setCurrentWidget(w.spectrum_plot)
wait(lambda: spectra, "a spectrum")
panel = w.sweep_panel
panel.over_combo.setCurrentIndex(panel.over_combo.findData("phase"))
panel.weights_edit.setText("0.5, 2")
panel.biases_edit.setText("0")
assert panel.start()
wait(lambda: len(done) > 1, "the phase plane")
assert done[1].done.all()
assert w.shutdown()
"""
    assert _loaded_after(code, tmp_path) == set()
