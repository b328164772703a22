"""A wheel built from the repository installs into a fresh environment and runs there.

The wheel is built from a copy of the checkout (the build never writes into the working
tree, and no stale `build/` folder can leak old files into it), installed with
`pip install --no-deps` into a new venv, and both entry points run from a folder outside
the repository with PYTHONPATH unset. The heavy dependencies (torch, PySide6, …) come
from this interpreter's site-packages through a `.pth` line: a folder named in a `.pth`
file is appended to sys.path without its own `.pth` files being run, so an editable
install of the lab found there cannot point the fresh environment back at the checkout.
Nothing is downloaded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("engine", "gui", "cli", "resources")  # the packages the wheel must hold
NOT_SHIPPED = ("tests", "benchmarks", "scripts", "docs")
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "out",
)
SCRIPTS = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""


def _shipped_files() -> list[str]:
    """Every file of the shipped packages in the checkout, as a wheel names it."""
    found = []
    for package in SHIPPED:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.append(path.relative_to(ROOT).as_posix())
    return sorted(found)


def _clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTHON") and k not in ("VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INDEX="1",
    )
    return env


class Installed:
    def __init__(self, wheel: Path, venv: Path, purelib: Path, elsewhere: Path, env: dict):
        self.wheel, self.venv, self.purelib = wheel, venv, purelib
        self.elsewhere, self.env = elsewhere, env
        self.python = venv / SCRIPTS / f"python{EXE}"

    def run(self, *cmd: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(c) for c in cmd],
            cwd=self.elsewhere,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def script(self, name: str) -> Path:
        return self.venv / SCRIPTS / f"{name}{EXE}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv, elsewhere = (base / n for n in ("source", "dist", "venv", "elsewhere"))
    elsewhere.mkdir()
    env = _clean_env(elsewhere)
    shutil.copytree(ROOT, source, ignore=IGNORED)

    pip = [sys.executable, "-m", "pip"]
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, source],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("stability_lab-*.whl")

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    python = venv / SCRIPTS / f"python{EXE}"
    purelib = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    deps = [p for p in (*site.getsitepackages(), site.getusersitepackages()) if Path(p).is_dir()]
    (purelib / "_stability_lab_test_deps.pth").write_text("\n".join(deps) + "\n")

    install = subprocess.run(
        [*pip, "--python", python, "install", "--no-deps", "--no-index", wheel],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return Installed(wheel, venv, purelib, elsewhere, env)


def test_the_wheel_holds_every_module_and_resource_and_nothing_else(installed):
    with zipfile.ZipFile(installed.wheel) as zf:
        names = set(zf.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entries = zf.read(entry_points).decode()
    missing = [f for f in _shipped_files() if f not in names]
    assert not missing, f"files of the shipped packages left out of the wheel: {missing}"
    assert "resources/presets.json" in names and "main.py" in names
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {*SHIPPED, "main.py"}, top
    assert not top & set(NOT_SHIPPED)
    assert "[console_scripts]\nstability-lab-cli = cli:main" in entries
    assert "[gui_scripts]\nstability-lab = main:main" in entries


def test_the_fresh_environment_imports_the_installed_copy_never_the_checkout(installed):
    probe = (
        "import importlib, json, pkgutil, sys\n"
        "names = ['main']\n"
        f"for top in {list(SHIPPED)!r}:\n"
        "    pkg = importlib.import_module(top)\n"
        "    names.append(top)\n"
        "    names += [m.name for m in pkgutil.walk_packages(pkg.__path__, top + '.')]\n"
        "files = {n: importlib.import_module(n).__file__ for n in names}\n"
        "print(json.dumps({'files': files, 'path': sys.path}))\n"
    )
    done = installed.run(installed.python, "-c", probe)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    purelib = installed.purelib.resolve()
    outside = {n: f for n, f in report["files"].items() if purelib not in Path(f).resolve().parents}
    assert not outside, f"imported from outside the fresh environment: {outside}"
    assert len(report["files"]) >= len(_shipped_files()) // 2  # every module was walked
    on_path = {(installed.elsewhere / p).resolve() for p in report["path"]}  # '' is the cwd
    assert ROOT.resolve() not in on_path, report["path"]


def test_the_console_script_helps_lists_every_preset_and_probes(installed):
    cli = installed.script("stability-lab-cli")
    helped = installed.run(cli, "--help")
    assert helped.returncode == 0, helped.stderr
    for command in ("probe", "export", "taylor", "sweep", "list"):
        assert command in helped.stdout

    listed = installed.run(cli, "list")
    assert listed.returncode == 0, listed.stderr
    presets = json.loads((ROOT / "resources" / "presets.json").read_text(encoding="utf-8"))
    listed_names = {line.split()[0] for line in listed.stdout.splitlines() if line[:2] == "  "}
    assert set(presets) <= listed_names, set(presets) - listed_names

    probed = installed.run(cli, "probe", "--depth", "3", "--steps", "1", "--csv", "-")
    assert probed.returncode == 0, probed.stderr
    rows = list(csv.DictReader(line for line in io.StringIO(probed.stdout) if line[0] != "#"))
    assert [row["layer"] for row in rows] == ["1", "2", "3"]

    bad = installed.run(cli, "probe", "--depth", "0", "--csv", "-")
    assert bad.returncode == 2 and "--depth" in bad.stderr and not bad.stdout


def test_the_gui_script_helps_and_draws_a_figure_with_the_installed_gui(installed):
    gui = installed.script("stability-lab")
    helped = installed.run(gui, "--help")
    assert helped.returncode == 0, helped.stderr
    assert "probe" in helped.stdout

    out = installed.elsewhere / "vanishing.png"
    drawn = installed.run(
        gui, "export", "--preset", "vanishing", "--depth", "5", "--steps", "1",
        "--plot", "gradient", "--width-px", "400", "--out", out, timeout=180,
    )  # fmt: skip
    assert drawn.returncode == 0, drawn.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
