"""The data behind the plots as CSV and JSON, with the config embedded.

CSV starts with `# ` comment lines holding the config as JSON (pandas: `comment="#"`),
then a header of the per-layer columns; `read_csv_table` reads it back.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import numpy as np

from .config import LabConfig
from .frame import COLUMN_HELP, COLUMNS, Frame


def _num(x: float) -> float | str | None:
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def frame_csv(frame: Frame, steps: int = 1) -> str:
    out = io.StringIO()
    out.write(f"# stability-lab per-layer table, averaged over {steps} step(s)\n")
    out.write(f"# config: {frame.config.to_json(indent=None)}\n")
    out.write(f"# device: {frame.device}\n")
    names = [c for c in COLUMNS if c in frame.columns]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for i in range(len(frame["layer"])):
        row = []
        for name in names:
            v = float(frame[name][i])
            row.append(int(v) if name == "layer" else repr(v))
        writer.writerow(row)
    return out.getvalue()


def read_csv_table(text: str) -> tuple[LabConfig, dict[str, np.ndarray]]:
    config = None
    lines = []
    for line in text.splitlines():
        if line.startswith("# config: "):
            config = LabConfig.from_json(line[len("# config: ") :])
        elif not line.startswith("#"):
            lines.append(line)
    rows = list(csv.reader(lines))
    header, body = rows[0], rows[1:]
    columns = {name: np.array([float(r[i]) for r in body]) for i, name in enumerate(header)}
    return config, columns


def frame_dict(frame: Frame, steps: int = 1) -> dict[str, Any]:
    names = [c for c in COLUMNS if c in frame.columns]
    return {
        "config": frame.config.to_dict(),
        "device": frame.device,
        "steps": steps,
        "run_id": frame.run_id,
        "loss": _num(frame.loss),
        "grad_norm_before_clip": _num(frame.grad_norm_before),
        "grad_norm_after_clip": _num(frame.grad_norm_after),
        "zero_layers": frame.zero_layers,
        "nonfinite_layers": frame.nonfinite_layers,
        "theory_note": frame.theory_note,
        "columns": {name: COLUMN_HELP[name] for name in names},
        "layers": [{k: _num(v) for k, v in row.items()} for row in frame.rows()],
    }


def frame_json(frame: Frame, steps: int = 1) -> str:
    return json.dumps(frame_dict(frame, steps), indent=2, allow_nan=False) + "\n"


def read_json_table(text: str) -> tuple[LabConfig, dict[str, np.ndarray]]:
    data = json.loads(text)
    config = LabConfig.from_dict(data["config"])

    def back(v):
        return float("nan") if v is None else float(v)

    names = list(data["columns"])
    columns = {n: np.array([back(row[n]) for row in data["layers"]]) for n in names}
    return config, columns
