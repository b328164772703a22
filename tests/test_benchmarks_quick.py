"""The benchmark suite runs and writes its report (a smoke test: no timing is checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args, timeout=300):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_quick_run_writes_a_report_that_parses(tmp_path):
    done = _run("--quick", "--only", "overhead,fp16,cuda", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    markdown = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert report["mode"] == "quick"
    assert report["items"] == ["overhead", "fp16", "cuda"]
    machine = report["machine"]
    for key in ("cpu", "logical_cores", "python", "torch", "PySide6", "pyqtgraph", "cuda"):
        assert machine[key] not in (None, ""), key
    rows = report["rows"]
    measured = [r for r in rows if r["item"] in ("overhead", "fp16") and r["target"]]
    assert len(measured) == 5  # 3 depths of overhead, 2 of fp16
    extra = [r for r in rows if r["item"] == "overhead" and not r["target"]]
    assert len(extra) == 6 and all(r["value"] > 0 and r["passed"] is None for r in extra)
    for row in measured:
        assert isinstance(row["value"], float) and row["value"] > 0
        assert row["target"].startswith("≤") and isinstance(row["passed"], bool)
        assert row["metric"] in markdown
    cuda = [r for r in rows if r["item"] == "cuda"]
    assert cuda and all(r["value"] is None or r["value"] > 0 for r in cuda)
    assert "| Item | Measure | Value | Target | Status |" in markdown
    assert set(report["summary"]) == {"PASS", "FAIL", "info", "SKIPPED", "ERROR"}
    assert report["summary"]["ERROR"] == 0
    assert not list(tmp_path.glob(".latest*"))  # no temporary files left behind


def test_unknown_item_is_refused_with_the_known_names(tmp_path):
    done = _run("--only", "overhead,nonsense", "--out", str(tmp_path), timeout=120)
    assert done.returncode == 2
    assert "nonsense" in done.stderr and "responsiveness" in done.stderr
    assert not (tmp_path / "latest.json").exists()
