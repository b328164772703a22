"""`stability-lab spectrum`: one row per from_layer, or every singular value of one J_t,
and one clear line for every option it cannot use."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from cli import main

FAST = ["--depth", "6", "--width", "16"]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def test_spectrum_writes_one_row_per_from_layer(capsys):
    assert main(["spectrum", *FAST, "--activation", "tanh", "--csv", "-"]) == 0
    out = capsys.readouterr().out
    assert "# config: " in out
    rows = _rows(out)
    assert [int(r["from_layer"]) for r in rows] == list(range(6))
    for r in rows:
        low, mid, high = float(r["sv_min"]), float(r["sv_median"]), float(r["sv_max"])
        assert 0 < low <= mid <= high and low <= float(r["sv_rms"]) <= high


def test_values_writes_every_singular_value_of_the_chosen_product(capsys, tmp_path):
    assert main(["spectrum", *FAST, "--values", "--csv", "-"]) == 0
    values = np.array([float(r["singular_value"]) for r in _rows(capsys.readouterr().out)])
    assert values.size == 16 and np.all(np.diff(values) <= 0)
    path = tmp_path / "j3.csv"
    assert main(["spectrum", *FAST, "--values", "--from-layer", "3", "--csv", str(path)]) == 0
    assert "singular_value" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["spectrum", *FAST], "--csv"),
        (["spectrum", *FAST, "--steps", "3", "--csv", "-"], "--steps"),
        (["spectrum", *FAST, "--from-layer", "2", "--csv", "-"], "--values"),
        (["spectrum", *FAST, "--values", "--from-layer", "6", "--csv", "-"], "0–5"),
        (["spectrum", *FAST, "--norm", "batch", "--csv", "-"], "batch"),
    ],
)
def test_unusable_options_fail_with_one_line_naming_them(argv, words, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err and len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("ext, head", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_the_spectrum_figure_exports_like_the_other_plots(tmp_path, ext, head):
    out = tmp_path / f"spectrum{ext}"
    argv = ["export", *FAST, "--activation", "identity", "--steps", "1", "--plot", "spectrum"]
    assert main([*argv, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(head)
