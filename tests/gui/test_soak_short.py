"""A short soak (scripts/soak.py for ~10 s in a fresh process): the real window streams
while settings change at random every 0.5 s; threads and open files must not grow and
resident memory must grow by less than 50 MB after the warm-up."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "soak.py"


def test_short_soak_keeps_threads_files_and_memory_flat():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--minutes", "0.17", "--warmup-s", "4.5", "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    assert "RESULT ok" in out.stdout
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line[:1].isalpha()}
    warm, end = lines["warm-up"], lines["end"]

    def number(line, pattern):
        return float(re.search(pattern, line).group(1))

    assert number(end, r"threads (\d+)") <= number(warm, r"threads (\d+)")
    assert number(end, r"open files (\d+)") <= number(warm, r"open files (\d+)")
    assert number(end, r"trimmed\s+([\d.]+)") - number(warm, r"trimmed\s+([\d.]+)") < 50
    assert number(end, r"frames shown (\d+)") > number(warm, r"frames shown (\d+)")
    actions = int(re.search(r"(\d+) random actions", out.stdout).group(1))
    assert actions >= 5
