"""The benchmark suite runs and writes its report (a smoke test: no timing is checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args, timeout=900):  # a guard against a hang only: a loaded machine is slow
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
    depth_10 = next(r for r in measured if r["metric"].endswith("bare fwd+bwd, depth 10"))
    assert depth_10["target"] == "≤ 1.05×"  # the target for the shallow net
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


@pytest.mark.slow
def test_quick_window_run_has_a_number_for_every_latency_pin_and_memory_row(tmp_path):
    """The rows of issue 21's targets: default, two deep and two wide networks' change →
    frame, streaming with the spectrum panel and pins, and the soak with pins made."""
    items = "responsiveness,pinned,memory"
    done = _run("--quick", "--only", items, "--out", str(tmp_path), timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))["rows"]
    assert not [r for r in rows if r["details"].get("error")]

    def targeted(item, start):
        found = [r for r in rows if r["item"] == item and r["metric"].startswith(start)]
        for row in found:
            assert isinstance(row["value"], float), row
            assert row["value"] > 0 or item == "memory", row  # memory may shrink
            assert row["target"] and isinstance(row["passed"], bool), row
        return found

    medians = targeted("responsiveness", "change → frame, median, ")
    where = [r["metric"].removeprefix("change → frame, median, ") for r in medians]
    assert where[0] == "default settings"
    assert [w.startswith("depth ") for w in where[1:]] == [True, True, False, False]
    assert all(w.startswith("width ") and " depth " in w for w in where[3:])
    assert [r["target"] for r in medians][:1] == ["≤ 30 ms"]
    assert len(targeted("responsiveness", "change → frame, p95, default")) == 1
    kept = targeted("pinned", "engine steps/s with the spectrum panel and ")
    fps = targeted("pinned", "frames shown per second with the spectrum panel and ")
    assert len(kept) == len(fps) == 1 and kept[0]["details"]["pins"] >= 2
    assert kept[0]["target"] == "≥ 0.8×" and fps[0]["target"] == "≥ 30 frames/s"
    (soak,) = targeted("memory", "RSS growth")
    assert " pins made" in soak["note"] and " 0 pins made" not in soak["note"]


def test_the_gpu_scripts_headless_change_to_frame_runs_on_the_engine_loop():
    """The cuda item's latency (the GPU machine has no Qt) drives the engine loop over
    its pipes as the window does; here on the CPU, so that it works when a GPU is lent."""
    from benchmarks.cuda_item import change_to_frame_ms

    times = change_to_frame_ms("cpu", changes=3, depth=3)
    assert len(times) == 3 and all(t > 0 for t in times)


def test_a_ratio_just_under_its_target_is_printed_with_the_digit_that_fails_it():
    from benchmarks.measure import Row
    from benchmarks.suite import fmt

    def ratio(value):
        return fmt(Row("throughput", "steps", value, "×", "≥ 0.75×", value >= 0.75))

    assert ratio(0.748) == "0.748×"  # not "0.75×" beside FAIL
    assert ratio(0.7512) == "0.751×"
    assert ratio(0.70) == "0.70×"
    assert fmt(Row("overhead", "step", 1.02, "×")) == "1.02×"  # no target: two decimals
