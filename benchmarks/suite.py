"""Run the benchmark items, print a table and write benchmarks/results/latest.{md,json}."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .measure import Row

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
WINDOW_ITEMS = ("responsiveness", "smoothness", "throughput", "spectrum", "pinned", "memory")

# name → what it measures (in run order)
ITEMS = {
    "overhead": "instrumented probe step vs a bare torch forward + backward",
    "fp16": "emulated half precision vs fp32 on the CPU",
    "formula": "a formula activation's probe step vs the built-in it equals",
    "responsiveness": "settings change → frame with the new settings, real window offscreen",
    "smoothness": "lateness of a 10 ms GUI timer while streaming",
    "throughput": "frames shown per second; engine steps/s with the window vs headless",
    "spectrum": "spectra shown per second; engine steps/s with the spectrum panel vs without",
    "pinned": "streaming with the spectrum panel and six pinned runs vs the plain window",
    "startup": "python main.py → visible window → first plotted frame",
    "memory": "resident memory growth while streaming with settings changing, pins, spectra",
    "baseline": "a notebook cell (torch + matplotlib) re-run per settings change",
    "cuda": "GPU vs CPU steps/s and real half on the GPU (when CUDA is present)",
}


# ----- the machine ------------------------------------------------------------------------
def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            return int(fh.readline().split()[1]) / 1024**2
    except (OSError, ValueError, IndexError):
        return None


def machine() -> dict:
    import torch

    try:
        from PySide6 import QtCore

        qt = QtCore.qVersion()
    except ImportError:
        qt = "not installed"
    cuda = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no CUDA device"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "usable_cores": affinity,
        "memory_gb": _memory_gb(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "numpy": _version("numpy"),
        "PySide6": _version("PySide6"),
        "Qt": qt,
        "pyqtgraph": _version("pyqtgraph"),
        "matplotlib": _version("matplotlib"),
        "cuda": cuda,
        "load_average_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


# ----- running items ----------------------------------------------------------------------
def _run_window_item(name: str, quick: bool, seconds: float | None) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="stability-lab-bench-") as tmp:
        out = Path(tmp) / "rows.json"
        cmd = [sys.executable, "-m", "benchmarks.window_items", name, "--out", str(out)]
        if quick:
            cmd.append("--quick")
        if seconds is not None:
            cmd += ["--seconds", str(seconds)]
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        limit = (900 if name == "responsiveness" and not quick else 300) + (
            seconds or (10 if quick else 600)
        ) * (3 if name == "memory" else 0)
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit)
        if done.returncode != 0 or not out.exists():
            tail = "\n".join(done.stderr.strip().splitlines()[-8:])
            raise RuntimeError(f"window process exited {done.returncode}: {tail}")
        return [Row(**row) for row in json.loads(out.read_text(encoding="utf-8"))]


def run_item(name: str, args, found: dict[str, list[Row]]) -> list[Row]:
    quick = args.quick
    if name in WINDOW_ITEMS:
        seconds = args.soak_seconds if name == "memory" else None
        if name == "smoothness":
            seconds = args.stream_seconds
        return _run_window_item(name, quick, seconds)
    if name == "cuda":
        from .cuda_item import cuda

        return cuda(quick=quick)
    if name in ("overhead", "fp16", "formula"):
        from . import engine_items

        return getattr(engine_items, name)(quick=quick)
    if name == "startup":
        from .startup_item import startup

        return startup(quick=quick)
    if name == "baseline":
        from .baseline import baseline

        latency = _default_latency(found)
        if latency is None and "responsiveness" not in found:
            rows = _run_window_item("default-latency", True, None)
            latency = _default_latency({"responsiveness": rows})
        return baseline(quick=quick, window_latency_ms=latency)
    raise KeyError(name)


def _default_latency(found: dict[str, list[Row]]) -> float | None:
    for row in found.get("responsiveness", []):
        if row.metric.startswith("change → frame, median, default"):
            return row.value
    return None


# ----- the report -------------------------------------------------------------------------
def fmt(row: Row) -> str:
    v = row.value
    if v is None:
        return "—"
    if row.unit == "×":
        return f"{v:.{_ratio_digits(row)}f}×"
    if row.unit in ("ms",):
        return f"{v:.0f} ms"
    if row.unit == "s":
        return f"{v:.2f} s"
    if row.unit == "MB":
        return f"{v:+.1f} MB"
    return f"{v:.1f} {row.unit}".strip()


def _ratio_digits(row: Row) -> int:
    """Two decimals, or three where two would print the target itself (0.748 against
    ≥ 0.75 read as "0.75× FAIL")."""
    bound = re.search(r"\d+(?:\.\d+)?", row.target or "")
    if bound and f"{row.value:.2f}" == f"{float(bound.group()):.2f}":
        return 3
    return 2


def status(row: Row) -> str:
    if row.details.get("error"):
        return "ERROR"
    if row.value is None:
        return "SKIPPED"
    return {True: "PASS", False: "FAIL", None: "info"}[row.passed]


def render_markdown(report: dict, rows: list[Row]) -> str:
    m = report["machine"]
    load_start = ", ".join(f"{x:.2f}" for x in m["load_average_start"] or [])
    load_end = ", ".join(f"{x:.2f}" for x in report.get("load_average_end") or [])
    lines = [
        "# Stability Lab benchmarks",
        "",
        f"Run {report['started']} · mode **{report['mode']}** · {report['duration_s']:.0f} s · "
        f"`{report['command']}`",
        "",
        f"Machine: {m['cpu']}, {m['logical_cores']} logical cores ({m['usable_cores']} usable), "
        f"{m['memory_gb'] or 0:.0f} GB RAM, {m['platform']}; Python {m['python']}, "
        f"torch {m['torch']} ({m['torch_threads']} threads), numpy {m['numpy']}, "
        f"PySide6 {m['PySide6']} (Qt {m['Qt']}), pyqtgraph {m['pyqtgraph']}, "
        f"matplotlib {m['matplotlib']}; CUDA: {m['cuda']}. "
        f"Load average (1, 5, 15 min) {load_start} at the start, {load_end} at the end.",
        "",
        "| Item | Measure | Value | Target | Status |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r.item} | {r.metric} | {fmt(r)} | {r.target or '—'} | {status(r)} |")
    notes = [f"- **{r.item}** · {r.metric}: {r.note}" for r in rows if r.note]
    if notes:
        lines += ["", "Notes:", "", *notes]
    lines += [
        "",
        "Ratios are medians of per-pair ratios with the two variants run alternately; "
        "times are medians. Reproduce with `make bench` (or `python -m benchmarks`).",
        "",
    ]
    return "\n".join(lines)


def write_report(out_dir: Path, report: dict, rows: list[Row]) -> tuple[Path, Path]:
    from engine.files import atomic_write

    out_dir.mkdir(parents=True, exist_ok=True)
    md = atomic_write(out_dir / "latest.md", render_markdown(report, rows))
    js = atomic_write(out_dir / "latest.json", json.dumps(report, indent=2, allow_nan=False) + "\n")
    return md, js


# ----- command line -----------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure Stability Lab against its performance targets and write "
        "benchmarks/results/latest.md and latest.json.",
        epilog="items: " + "; ".join(f"{k} ({v})" for k, v in ITEMS.items()),
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run in seconds: small sizes, few repetitions"
    )
    parser.add_argument(
        "--only", metavar="NAME,...", help=f"run only these items (of: {', '.join(ITEMS)})"
    )
    parser.add_argument(
        "--soak-seconds",
        type=float,
        default=None,
        metavar="S",
        help="memory item's streaming time (default 600; quick: 5)",
    )
    parser.add_argument(
        "--stream-seconds",
        type=float,
        default=None,
        metavar="S",
        help="smoothness item's streaming time per depth (default 20; quick: 3)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS,
        metavar="DIR",
        help="folder for latest.md and latest.json (default benchmarks/results)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    names = list(ITEMS)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in ITEMS]
        if unknown or not names:
            parser.error(
                f"--only: unknown item(s) {', '.join(unknown) or '(none given)'}; "
                f"known: {', '.join(ITEMS)}"
            )
        names = [n for n in ITEMS if n in names]  # always in the suite's order
    for opt in ("soak_seconds", "stream_seconds"):
        value = getattr(args, opt)
        if value is not None and not value > 0:
            parser.error(f"--{opt.replace('_', '-')}: must be a positive number of seconds")
    return args, names


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args, names = parse_args(argv)
    started = time.perf_counter()
    report = {
        "suite": "stability-lab",
        "format": 1,
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "command": " ".join(["python -m benchmarks", *argv]),
        "items": names,
        "machine": machine(),
    }
    found: dict[str, list[Row]] = {}
    rows: list[Row] = []
    crashed = False
    for name in names:
        print(f"[{name}] {ITEMS[name]} …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            got = run_item(name, args, found)
        except Exception as exc:  # noqa: BLE001 - one broken item must not lose the others
            crashed = True
            traceback.print_exc()
            got = [
                Row(
                    name,
                    "(item failed)",
                    None,
                    note=f"{type(exc).__name__}: {exc}",
                    details={"error": True},
                )
            ]
        found[name] = got
        rows += got
        for r in got:
            print(
                f"  {r.metric}: {fmt(r)} (target {r.target or '—'}) {status(r)}",
                file=sys.stderr,
                flush=True,
            )
        print(f"  ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    report["duration_s"] = time.perf_counter() - started
    report["load_average_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    report["rows"] = [r.to_dict() for r in rows]
    report["summary"] = {
        s: sum(1 for r in rows if status(r) == s)
        for s in ("PASS", "FAIL", "info", "SKIPPED", "ERROR")
    }
    md, js = write_report(args.out, report, rows)
    print(render_markdown(report, rows))
    print(f"wrote {md} and {js}", file=sys.stderr)
    if crashed:
        return 1
    if args.strict and report["summary"]["FAIL"]:
        return 1
    return 0
