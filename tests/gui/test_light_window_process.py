"""The window's own process stays light: torch and sympy load in the engine's process
(or on first use), so the main window paints without waiting ~1.5 s for them."""

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


def test_building_the_main_window_and_its_command_line_loads_neither_torch_nor_sympy(tmp_path):
    code = (
        "import cli\n"
        "cli.build_parser()\n"
        "from gui.app import make_app\n"
        "app = make_app()\n"
        "from gui import MainWindow\n"
        "w = MainWindow()\n"
        "w.show()\n"
        "app.processEvents()\n"
        "assert w.shutdown()\n"
    )
    assert _loaded_after(code, tmp_path) == set()
