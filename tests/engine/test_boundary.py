"""The engine is the numerical core: torch and numpy only, never Qt or the GUI."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "superqt", "qtpy", "gui")


def _imported_roots(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) for every import in a source file, relative ones resolved
    against the engine package (so `from ..gui import x` reads as `gui`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, (node.module or "").split(".")[0]))
            elif node.level >= 2:  # climbs out of engine/: the first name is a top package
                first = (node.module or "").split(".")[0]
                names = [first] if first else [a.name for a in node.names]
                found += [(node.lineno, n) for n in names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "__import__"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value).split(".")[0]))
    return found


def test_scan_finds_a_forbidden_import_when_there_is_one(tmp_path):
    # The static check below is only worth something if it can see these imports.
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nfrom PySide6 import QtCore\nfrom ..gui import theme\n"
        "import pyqtgraph as pg\n__import__('superqt')\n"
    )
    roots = {name for _, name in _imported_roots(bad)}
    assert {"PySide6", "gui", "pyqtgraph", "superqt"} <= roots


def test_no_engine_source_imports_qt_or_the_gui():
    sources = sorted(ENGINE.glob("*.py"))
    assert len(sources) >= 10, sources
    offenders = [
        f"{path.name}:{line}: {name}"
        for path in sources
        for line, name in _imported_roots(path)
        if name in FORBIDDEN
    ]
    assert offenders == []


def test_importing_every_engine_module_loads_no_qt_or_gui():
    code = (
        "import importlib, pkgutil, sys\n"
        "import engine\n"
        "names = [m.name for m in pkgutil.iter_modules(engine.__path__, 'engine.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "for must in ('engine.probe', 'engine.theory', 'engine.tables', 'engine.session'):\n"
        "    assert must in sys.modules, must\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "assert not bad, bad\n"
        "print(len(names))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 10
